"""Court cases: Mediazona's counts of AWOL, desertion and refusal cases in military courts, and sentences."""

import pandas as pd
import streamlit as st

from desertion import series, tables, ui, views
from desertion.i18n import formats
from desertion.labels import ARTICLE_LABELS, MEASURE_LABELS, SCOPE_LABELS
from desertion.schema import COURT_MEASURES, SCOPES, SENTENCE_ARTICLES

ui.leave_legacy_page_discovery()
ctx = ui.context()
t = ctx.t
choose = t.gettext("Choose options")  # Streamlit's own placeholder is English

st.title(t.gettext("Cases in military courts"))
st.info(t.gettext("These are Mediazona's counts of cases listed on the websites of Russia's garrison military "
                  "courts. They are **lower bounds**: courts publish late and incompletely, and Mediazona revises "
                  "earlier counts upward. Cases received by courts are not criminal cases opened, and not people "
                  "who deserted."), icon=":material/info:")

left, right = st.columns(2)
# Options are the schema's codes in every language; only what the reader sees goes through the catalogue.
scope = left.radio(t.gettext("Scope of the running totals"), SCOPES, format_func=lambda s: t.gettext(SCOPE_LABELS[s]),
                   key="court_scope", horizontal=True,
                   help=t.gettext("Mediazona counts some totals from mobilisation and others from the full-scale "
                                  "invasion; the two are never joined in one line."))
measure = right.selectbox(t.gettext("Measure"), COURT_MEASURES,
                          format_func=lambda m: t.gettext(MEASURE_LABELS[m]).capitalize(), key="court_measure")

records = ctx.dataset.results.get("court_records")
# Only the open tab is built and drawn (on_change="rerun" + .open): a page of one chart at a time loads and
# follows a period change faster than one drawing five (bench/).
# Tabs by a fixed name in the code, titled in the run's language (names and titles in the same order).
names = ["totals", "counts", "official", "regions", "sentences", "estimates"] + (["records"] if records is not None else [])
titles = [t.gettext("Running totals"), t.gettext("Counts by year and month"), t.gettext("Official statistics"),
          t.gettext("By region"), t.gettext("Notable sentences"), t.gettext("Estimates (not court counts)")] + (
    [t.gettext("Row-level court records")] if records is not None else [])
# The filter's values stay the codes tables.filter_sentences reads; the reader sees them in the language.
SUSPENDED = {"any": t.gettext("any"), "yes": t.gettext("yes"), "no": t.gettext("no")}
tabs = dict(zip(names, st.tabs(titles, key="court_tab", on_change="rerun")))

with tabs["totals"]:
    if tabs["totals"].open:
        cumulative = ui.require_table(ctx, "court_cumulative")
        if cumulative is not None:
            view = ui.chart_view(ctx, views.court_cumulative_view, scope=scope, measure=measure)
            ui.render_figure(view, ctx, key="court_cumulative_chart")
            with ui.lazy_expander(t.gettext("The snapshots as a table"), key="court_cumulative_table") as is_open:
                if is_open and view is not None:  # None: sources.csv failed (render_figure said so)
                    st.dataframe(tables.snapshots_table(view.rows, ctx.sources), hide_index=True, width="stretch")

with tabs["counts"]:
    if tabs["counts"].open:
        counts = ui.require_table(ctx, "court_counts")
        if counts is not None:
            today = ui.reference_date()
            if "court_published_on" not in st.session_state:  # first run: the link's date, else today
                linked = series.parse_published_on(st.query_params.get_all(series.PUBLISHED_PARAM), pd.Timestamp(today))
                st.session_state["court_published_on"] = linked.date() if linked is not None else today
            published_on = st.date_input(
                t.gettext("As published on"), max_value=today, min_value=series.FIRST_PUBLICATION.date(),
                key="court_published_on", format="YYYY-MM-DD", on_change=ui.sync_published_param, args=(today,),
                help=t.gettext("The counts as a reader saw them on this date: figures published later are left out, "
                               "and a count revised later shows its earlier value."))
            earlier = published_on is not None and published_on < today
            count_views = ui.chart_view(ctx, views.court_counts_published_views, measure=measure,
                                        published_on=published_on.isoformat() if earlier else None)
            if earlier:
                st.caption(ui.escape_markdown(t.gettext(
                    "As published on {date}: later figures and later revisions are left out.").format(
                    date=formats.format_date(pd.Timestamp(published_on), language=ctx.language))))
            for view in count_views:
                ui.render_figure(view, ctx, key=f"{view.key}_chart")
            st.caption(t.gettext("Bars span their reporting windows (a year, a half-year, a month). Where Mediazona "
                                 "revised a figure, the latest one is drawn and the table below marks it: revised, the "
                                 "earlier value with its publication date, then the value drawn."))
            with ui.lazy_expander(t.gettext("The counts as a table"), key="court_counts_table") as is_open:
                if is_open:
                    st.dataframe(tables.court_counts_table(pd.concat([v.rows for v in count_views]), ctx.sources),
                                 hide_index=True, width="stretch")

with tabs["official"]:
    if tabs["official"].open:
        official = ui.require_table(ctx, "official_counts")
        if official is not None:
            st.markdown(t.gettext(
                "**Two different counts, never added.** The Supreme Court's **Judicial Department** counts "
                "servicemen *convicted* by garrison military courts of **any crime** in a year (and those given "
                "custodial sentences). **Mediazona** counts *cases received* by military courts under the AWOL and "
                "refusal-to-serve articles, from court websites: lower bounds, revised upward. A year's official "
                "figure is not a total of Mediazona's, and the two are drawn on their own axes."))
            view = ui.chart_view(ctx, views.official_counts_view)
            ui.render_figure(view, ctx, key="court_official_chart")
            in_period = ctx.filter("official_counts")
            with ui.lazy_expander(t.gettext("Every official figure, as a table"), key="court_official_table") as is_open:
                if is_open:
                    st.caption(t.gettext("Other bodies and measures (registered crimes, cases under Art. 337, one "
                                         "court's count) count other things again; they are listed, not charted."))
                    st.dataframe(tables.official_counts_table(in_period, ctx.sources), hide_index=True, width="stretch")

with tabs["regions"]:
    if tabs["regions"].open:
        regions = ui.require_table(ctx, "court_regions")
        if regions is not None:
            st.caption(t.gettext("Mediazona's running counts for single regions. Regions are ranked only against "
                                 "counts of the same article, measure and date; a region's count is never added into "
                                 "a national total."))
            view = ui.chart_view(ctx, views.court_regions_view)
            ui.render_figure(view, ctx, key="court_regions_chart")
            with ui.lazy_expander(t.gettext("The counts by region as a table"), key="court_regions_table") as is_open:
                if is_open:
                    st.dataframe(tables.snapshots_table(view.rows, ctx.sources), hide_index=True, width="stretch")

with tabs["sentences"]:
    if tabs["sentences"].open:
        sentences = ui.require_table(ctx, "sentences")
        if sentences is not None:
            in_period = ctx.filter("sentences")
            f1, f2, f3 = st.columns([2, 1, 2])
            articles = f1.multiselect(t.gettext("Article"), [*SENTENCE_ARTICLES, "unclear"],
                                      key="court_sentence_articles", placeholder=choose,
                                      format_func=lambda a: t.gettext(ARTICLE_LABELS.get(a, "article unclear")))
            suspended = f2.selectbox(t.gettext("Suspended"), ["any", "yes", "no"], key="court_sentence_suspended",
                                     format_func=SUSPENDED.get)
            search = f3.text_input(t.gettext("Search person, court or charge"), key="court_sentence_search")
            shown = tables.filter_sentences(in_period, articles, suspended, search)
            view = views.sentences_view(ctx.selection, rows=shown)
            ui.render_figure(view, ctx, key="court_sentences_chart")
            st.dataframe(tables.sentences_table(shown, ctx.sources), hide_index=True, width="stretch")
            undated = sentences[sentences["verdict_date"].isna()]
            if ctx.period == ctx.bounds and not undated.empty:
                st.caption(t.gettext("Sentences whose verdict date is not known (shown only for All time):"))
                st.dataframe(tables.sentences_table(tables.filter_sentences(undated, articles, suspended, search),
                                                    ctx.sources), hide_index=True, width="stretch")

with tabs["estimates"]:
    if tabs["estimates"].open:
        estimates = ui.require_table(ctx, "estimates")
        if estimates is not None:
            st.warning(t.gettext("Estimates, leaked lists and intelligence claims, some by a party to the war. They "
                                 "count different things from the court figures above and are never added to them."),
                       icon=":material/warning:")
            chosen = ctx.filter("estimates")
            st.dataframe(tables.estimates_table(chosen, ctx.sources), hide_index=True, width="stretch")
            ui.render_sources(ctx, chosen, key="court_estimates")

if records is not None:
    with tabs["records"]:
        if tabs["records"].open:
            if ui.require_table(ctx, "court_records") is not None:
                view = ui.chart_view(ctx, views.court_records_view)
                ui.render_figure(view, ctx, key="court_records_chart")
                st.caption(t.ngettext(
                    "Counted from {count} case record in court_records.csv, grouped by the month the court received "
                    "each case. Check the source under the chart before quoting these counts.",
                    "Counted from {count} case records in court_records.csv, grouped by the month the court received "
                    "each case. Check the source under the chart before quoting these counts.",
                    int(records.rows_read)).format(count=formats.format_count(int(records.rows_read),
                                                                              language=ctx.language)))
