"""Timeline: laws, mobilisation, court milestones and NGO events, by category."""

import streamlit as st

from desertion import ui, views
from desertion.labels import EVENT_CATEGORY_LABELS
from desertion.schema import EVENT_CATEGORIES

ui.leave_legacy_page_discovery()
ctx = ui.context()
t = ctx.t
choose = t.gettext("Choose options")  # Streamlit's own placeholder is English

st.title(t.gettext("Timeline"))
st.caption(t.gettext("The events around the figures: laws, mobilisation, court milestones and what happened to Idite "
                     "Lesom."))

events = ui.require_table(ctx, "events")
if events is not None:
    categories = st.multiselect(t.gettext("Categories"), EVENT_CATEGORIES, default=list(EVENT_CATEGORIES),
                                key="timeline_categories", placeholder=choose,
                                format_func=lambda c: t.gettext(EVENT_CATEGORY_LABELS.get(c, c)))
    view = ui.chart_view(ctx, views.timeline_view, categories=tuple(categories))
    ui.render_figure(view, ctx, key="timeline_chart")
    # Without sources.csv there is no chart (it must carry its sources), but the list of events still shows.
    rows = view.rows if view is not None else ctx.filter("events")
    ui.render_event_list(ctx, rows[rows["category"].isin(categories)])
