"""Court cases: Mediazona's counts of AWOL, desertion and refusal cases in military courts, and sentences."""

import pandas as pd
import streamlit as st

from desertion import tables, ui, views
from desertion.labels import ARTICLE_LABELS, MEASURE_LABELS, SCOPE_LABELS
from desertion.schema import COURT_MEASURES, SCOPES

ui.leave_legacy_page_discovery()
ctx = ui.context()

st.title("Cases in military courts")
st.info("These are Mediazona's counts of cases listed on the websites of Russia's garrison military courts. They "
        "are **lower bounds**: courts publish late and incompletely, and Mediazona revises earlier counts upward. "
        "Cases received by courts are not criminal cases opened, and not people who deserted.",
        icon=":material/info:")

left, right = st.columns(2)
scope = left.radio("Scope of the running totals", SCOPES, format_func=SCOPE_LABELS.get, key="court_scope",
                   horizontal=True, help="Mediazona counts some totals from mobilisation and others from the "
                                         "full-scale invasion; the two are never joined in one line.")
measure = right.selectbox("Measure", COURT_MEASURES, format_func=lambda m: MEASURE_LABELS[m].capitalize(),
                          key="court_measure")

records = ctx.dataset.results.get("court_records")
# Only the open tab is built and drawn (on_change="rerun" + .open): a page of one chart at a time loads and
# follows a period change faster than one drawing five (bench/).
labels = ["Running totals", "Counts by year and month", "Notable sentences", "Estimates (not court counts)"]
if records is not None:
    labels.append("Row-level court records")
tabs = dict(zip(labels, st.tabs(labels, key="court_tab", on_change="rerun")))

with tabs["Running totals"]:
    if tabs["Running totals"].open:
        cumulative = ui.require_table(ctx, "court_cumulative")
        if cumulative is not None:
            view = ui.chart_view(ctx, views.court_cumulative_view, scope=scope, measure=measure)
            ui.render_figure(view, ctx, key="court_cumulative_chart")
            with ui.lazy_expander("The snapshots as a table", key="court_cumulative_table") as is_open:
                if is_open and view is not None:  # None: sources.csv failed (render_figure said so)
                    st.dataframe(tables.court_cumulative_table(view.rows), hide_index=True, width="stretch")

with tabs["Counts by year and month"]:
    if tabs["Counts by year and month"].open:
        counts = ui.require_table(ctx, "court_counts")
        if counts is not None:
            count_views = ui.chart_view(ctx, views.court_counts_views, measure=measure)
            for view in count_views:
                ui.render_figure(view, ctx, key=f"{view.key}_chart")
            st.caption("Bars span their reporting windows (a year, a half-year, a month). Where Mediazona revised a "
                       "figure, the latest one is drawn and the earlier one is listed below.")
            with ui.lazy_expander("The counts as a table", key="court_counts_table") as is_open:
                if is_open:
                    st.dataframe(tables.court_counts_table(pd.concat([v.rows for v in count_views])),
                                 hide_index=True, width="stretch")

with tabs["Notable sentences"]:
    if tabs["Notable sentences"].open:
        sentences = ui.require_table(ctx, "sentences")
        if sentences is not None:
            in_period = ctx.filter("sentences")
            f1, f2, f3 = st.columns([2, 1, 2])
            articles = f1.multiselect("Article", ["337", "338", "332", "334", "unclear"], key="court_sentence_articles",
                                      format_func=lambda a: ARTICLE_LABELS.get(a, "article unclear"))
            suspended = f2.selectbox("Suspended", ["any", "yes", "no"], key="court_sentence_suspended")
            search = f3.text_input("Search person, court or charge", key="court_sentence_search")
            shown = tables.filter_sentences(in_period, articles, suspended, search)
            view = views.sentences_view(ctx.selection, rows=shown)
            ui.render_figure(view, ctx, key="court_sentences_chart")
            st.dataframe(tables.sentences_table(shown), hide_index=True, width="stretch")
            undated = sentences[sentences["verdict_date"].isna()]
            if ctx.period == ctx.bounds and not undated.empty:
                st.caption("Sentences whose verdict date is not known (shown only for All time):")
                st.dataframe(tables.sentences_table(tables.filter_sentences(undated, articles, suspended, search)),
                             hide_index=True, width="stretch")

with tabs["Estimates (not court counts)"]:
    if tabs["Estimates (not court counts)"].open:
        estimates = ui.require_table(ctx, "estimates")
        if estimates is not None:
            st.warning("Estimates, leaked lists and intelligence claims, some by a party to the war. They count different "
                       "things from the court figures above and are never added to them.", icon=":material/warning:")
            chosen = ctx.filter("estimates")
            st.dataframe(tables.estimates_table(chosen), hide_index=True, width="stretch")
            ui.render_sources(ctx, chosen, key="court_estimates")

if records is not None:
    with tabs["Row-level court records"]:
        if tabs["Row-level court records"].open:
            if ui.require_table(ctx, "court_records") is not None:
                view = ui.chart_view(ctx, views.court_records_view)
                ui.render_figure(view, ctx, key="court_records_chart")
                st.caption(f"Counted from {int(records.rows_read):,} case records in court_records.csv, grouped by the month the "
                           "court received each case. Check the source under the chart before quoting these counts.")
