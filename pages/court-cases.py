"""Court cases: Mediazona's counts of AWOL, desertion and refusal cases in military courts, and sentences."""

import streamlit as st

from desertion import charts, headlines, tables, ui
from desertion.formatting import ARTICLE_LABELS, MEASURE_LABELS, SCOPE_LABELS
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

cumulative = ui.require_table(ctx, "court_cumulative")
if cumulative is not None:
    snapshots = ctx.filter("court_cumulative")
    chosen = snapshots[(snapshots["scope"] == scope) & (snapshots["measure"] == measure)]
    fig = charts.build_snapshot_figure(
        chosen, ctx.sources, series=chosen["article"].map(ARTICLE_LABELS),
        title=f"Running total of {MEASURE_LABELS[measure]}, {SCOPE_LABELS[scope]}", period=ctx.period,
        unit=MEASURE_LABELS[measure], step=True)
    ui.render_figure(fig, ctx, chosen, key="court_cumulative_chart")
    with st.expander("The snapshots as a table"):
        st.dataframe(tables.court_cumulative_table(chosen), hide_index=True, width="stretch")

counts = ui.require_table(ctx, "court_counts")
if counts is not None:
    revised = headlines.latest_revisions(ctx.filter("court_counts"), ctx.sources, headlines.SERIES_KEYS)
    chosen = revised[revised["measure"] == measure]
    long_windows, monthly = tables.split_by_window(chosen)
    for part, title, key in ((long_windows, f"{MEASURE_LABELS[measure].capitalize()} by year and other long "
                              "reporting windows", "court_annual_chart"),
                             (monthly, f"{MEASURE_LABELS[measure].capitalize()} by month", "court_monthly_chart")):
        fig = charts.build_interval_figure(part, ctx.sources, series=part["article"].map(ARTICLE_LABELS),
                                           title=title, period=ctx.period, unit=MEASURE_LABELS[measure])
        ui.render_figure(fig, ctx, part, key=key)
    st.caption("Bars span their reporting windows (a year, a half-year, a month). Where Mediazona revised a "
               "figure, the latest one is drawn and the earlier one is listed below.")
    with st.expander("The counts as a table"):
        st.dataframe(tables.court_counts_table(chosen), hide_index=True, width="stretch")

st.subheader("Notable sentences")
sentences = ui.require_table(ctx, "sentences")
if sentences is not None:
    in_period = ctx.filter("sentences")
    f1, f2, f3 = st.columns([2, 1, 2])
    articles = f1.multiselect("Article", ["337", "338", "332", "334", "unclear"], key="court_sentence_articles",
                              format_func=lambda a: ARTICLE_LABELS.get(a, "article unclear"))
    suspended = f2.selectbox("Suspended", ["any", "yes", "no"], key="court_sentence_suspended")
    search = f3.text_input("Search person, court or charge", key="court_sentence_search")
    shown = tables.filter_sentences(in_period, articles, suspended, search)
    fig = charts.build_sentences_figure(shown, ctx.sources, title="Known sentence lengths", period=ctx.period)
    ui.render_figure(fig, ctx, shown, key="court_sentences_chart")
    st.dataframe(tables.sentences_table(shown), hide_index=True, width="stretch")
    undated = sentences[sentences["verdict_date"].isna()]
    if ctx.period == ctx.bounds and not undated.empty:
        st.caption("Sentences whose verdict date is not known (shown only for All time):")
        st.dataframe(tables.sentences_table(tables.filter_sentences(undated, articles, suspended, search)),
                     hide_index=True, width="stretch")

st.subheader("Estimates that are not court counts")
estimates = ui.require_table(ctx, "estimates")
if estimates is not None:
    st.warning("Estimates, leaked lists and intelligence claims, some by a party to the war. They count different "
               "things from the court figures above and are never added to them.", icon=":material/warning:")
    chosen = ctx.filter("estimates")
    st.dataframe(tables.estimates_table(chosen), hide_index=True, width="stretch")
    ui.render_sources(ctx, chosen, key="court_estimates_sources")
