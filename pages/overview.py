"""Overview: the 305 → 577 requests chart beside its key quote, headline figures for the period, what
happened in it, and the December 2023 article's key figures."""

from dataclasses import replace

import streamlit as st

from desertion import headlines, tables, ui, updates, views
from desertion.i18n import formats

ui.leave_legacy_page_discovery()
ctx = ui.context()
t = ctx.t

st.title(t.gettext("Desertion Monitor"))
st.caption(t.gettext("Russian military desertion since 2022: requests for help to leave the army, prosecutions in "
                     "military courts, sentences and events. Every figure links to where it was published."))

for table in ("idite_lesom", "court_counts", "court_cumulative", "sentences"):
    ui.require_table(ctx, table)

# The lead: the rise in requests the design card asks for, above the fold at 1280×720, beside its key quote.
lead = replace(ctx, period=headlines.lead_period(ctx.period))
if ctx.frame("idite_lesom") is not None:
    chart_col, quote_col = st.columns([2, 1], gap="medium")
    with chart_col:
        ui.render_figure(ui.chart_view(lead, views.requests_view, compact=True), lead, key="overview_requests_chart")
    with quote_col:
        ui.render_chart_quotes(ctx, "requests", period=lead.period, limit=1)
        if lead.period != ctx.period:
            st.caption(t.gettext("The chart shows {window}, the two windows of the rise, inside {period}.").format(
                window=formats.describe_window(lead.period.start, lead.period.end, language=ctx.language),
                period=ctx.period_name))
        st.page_link("pages/requests.py", label=t.gettext("Requests in detail"), icon=":material/bar_chart:")

st.subheader(t.gettext("Headline figures · {period}").format(period=ctx.period_name))
for column, (empty_label, headline) in zip(st.columns(4), headlines.overview_headlines(ctx.selection)):
    with column:
        ui.render_headline(ctx, headline, empty_label=empty_label)

st.subheader(t.gettext("What happened in this period"))
events = ui.require_table(ctx, "events")
if events is not None:
    ui.render_event_list(ctx, ctx.filter("events"), limit=8)

st.subheader(t.gettext("The December 2023 article's figures, checked"))
st.caption(t.gettext("The dashboard began with a syndicated article of December 2023. Its two headline figures, "
                     "recomputed from the sources (independent of the period above):"))
left, right = st.columns(2)
frames = ctx.dataset.frames
with left:
    ui.render_headline(ctx, headlines.article_requests_headline(frames),
                       empty_label=t.gettext("Requests, Jun–Aug vs Sep–Nov 2023"))
with right:
    ui.render_headline(ctx, headlines.article_awol_headline(frames), empty_label=t.gettext("AWOL cases, H1 2023"))
st.page_link("pages/fact-check.py", label=t.gettext("Every claim of the article, checked"), icon=":material/fact_check:")

st.subheader(t.gettext("What changed in the latest data update"))
# Each kind of change is its own counted phrase: in Russian the participle agrees with the count
# ('1 строка добавлена', '3 строки добавлены', '5 строк добавлено').
CHANGED_ROWS = {
    "added": lambda n: t.ngettext("{count} row added", "{count} rows added", n),
    "changed": lambda n: t.ngettext("{count} row changed", "{count} rows changed", n),
    "removed": lambda n: t.ngettext("{count} row removed", "{count} rows removed", n),
}
try:
    changes = updates.latest_update(updates.read_changelog(ui.data_dir() / updates.CHANGELOG))
except (OSError, ValueError) as error:
    st.error(t.gettext("The change log could not be read: {error}").format(error=ui.escape_markdown(str(error))),
             icon=":material/error:")
else:
    if changes.empty:
        st.caption(t.gettext("The change log records no update yet."))
    else:
        counts = changes["change"].value_counts()
        when = str(changes["time"].iloc[0])[:10]  # the log's own ISO date, as the table below shows it
        counted = ", ".join(CHANGED_ROWS[k](int(counts.get(k, 0))).format(
            count=formats.format_count(int(counts.get(k, 0)), language=ctx.language)) for k in updates.CHANGE_KINDS)
        st.caption(ui.escape_markdown(
            t.gettext("Update of {date}: {counts}. Each line names the table, the row and the source it cites.").format(
                date=when, counts=counted)))
        st.dataframe(tables.changes_table(changes, ctx.sources, ctx.dataset.frames), hide_index=True, width="stretch",
                     key="overview_changes")
