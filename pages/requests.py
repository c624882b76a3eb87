"""Requests: Idite Lesom's desertion-help requests by reporting window, a period comparison, people helped."""

import streamlit as st

from desertion import headlines, tables, ui, views
from desertion.i18n import formats
from desertion.periods import ARTICLE_WINDOWS, describe_window


def default_index(labels: list[str], window_number: int, fallback: int, language: str) -> int:
    """The menu's position of one of the article's two windows (its name in the run's language, or in English
    while the window names are English), else `fallback`."""
    window = ARTICLE_WINDOWS[window_number]
    names = (formats.describe_window(window.start, window.end, language=language),
             describe_window(window.start, window.end))
    return next((labels.index(name) for name in names if name in labels), fallback)


ui.leave_legacy_page_discovery()
ctx = ui.context()
t = ctx.t

st.title(t.gettext("Requests for help to desert"))
st.caption(t.gettext("Idite Lesom (\"Иди лесом\"), a group that helps Russian soldiers leave the army, reports how "
                     "many servicemen asked it for help to desert. These are requests for help, not desertions, and "
                     "the group's own figures cannot be checked independently."))

idite = ui.require_table(ctx, "idite_lesom")
if idite is not None:
    in_period = ctx.filter("idite_lesom")
    # Only the open tab is built and drawn (on_change="rerun" + .open), so the page stays one chart at a time.
    main_tab, helped_tab, all_tab = st.tabs(
        [t.gettext("Requests and comparison"), t.gettext("People helped"), t.gettext("All figures")],
        key="requests_tab", on_change="rerun")
    with main_tab:
        if main_tab.open:
            per_month = st.toggle(t.gettext("Per month"), key="requests_per_month",
                                  help=t.gettext("Divide each count by the length of its reporting window in months, "
                                                 "so a three-month count and a one-month count can be compared."))
            # Full width: the key chart of the dashboard gets its room (plot ≥ 560×280 px at 1440×900).
            view = ui.chart_view(ctx, views.requests_view, per_month=per_month)
            ui.render_figure(view, ctx, key="requests_chart")  # the builder sizes its panels (300 px for the key one)
            st.caption(t.gettext("Each bar spans the window its count was reported for: a three-month count is one "
                                 "wide, pale bar and a monthly count a narrow one inside it. Hatched bars lie partly "
                                 "outside the period. Triangles above the bars mark events: named in words where "
                                 "there is room, else lettered, with the letters' key under the chart."))
            st.subheader(t.gettext("What people said about requests"))
            ui.render_chart_quotes(ctx, "requests", period=ctx.period, limit=3, side_by_side=True)

            st.subheader(t.gettext("Compare two reporting windows"))
            all_requests = idite[idite["metric"] == "desertion_requests"]
            windows = tables.reported_windows(all_requests)
            labels = list(windows)
            left, right = st.columns(2)
            label_a = left.selectbox(t.gettext("Window A"), labels, key="requests_compare_a",
                                     index=default_index(labels, 0, 0, ctx.language))
            label_b = right.selectbox(t.gettext("Window B"), labels, key="requests_compare_b",
                                      index=default_index(labels, 1, len(labels) - 1, ctx.language))
            comparison = headlines.compare_windows(all_requests, windows[label_a], windows[label_b])
            # Three numbers, not a one-row table: bigger in a meeting, and the page loads without the data grid.
            with st.container(horizontal=True):
                for name, (window, figure) in zip((t.gettext("Window A"), t.gettext("Window B")), comparison.figures()):
                    st.metric(ui.escape_markdown(t.gettext("{window_name}: {window}").format(window_name=name,
                                                                                            window=window)), figure)
                absolute, relative = comparison.change()
                st.metric(t.gettext("Change, B against A"), absolute, delta=ui.delta_text(relative), delta_color="off")
            if not comparison.same_length:
                st.warning(t.gettext("The two windows differ in length: compare them with the per-month view."),
                           icon=":material/straighten:")
            ui.render_sources(ctx, all_requests[all_requests["source_id"].isin(comparison.source_ids)],
                              key="requests_compare")

    with helped_tab:
        if helped_tab.open:
            view = ui.chart_view(ctx, views.helped_view)
            ui.render_figure(view, ctx, key="requests_helped_chart")
            st.caption(t.gettext("Points, not a line: the totals come from different statements, and some contradict "
                                 "the group's own sequence (see the notes under All figures). A hollow point is dated "
                                 "only to a quarter or year that reaches outside the period; it is drawn at that "
                                 "interval's end."))

    with all_tab:
        if all_tab.open:
            st.dataframe(tables.idite_lesom_table(in_period, ctx.sources), hide_index=True, width="stretch")
            ui.render_sources(ctx, in_period, key="requests_all")
