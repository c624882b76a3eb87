"""The dashboard's charts for a period: which rows each chart takes, and the builder it uses.

Pages, the presentation and the exports all draw the same chart through these functions, so a slide or
a PNG can never disagree with the page. Each view takes a `Selection` and options by keyword, and returns
the figure, the rows behind it and the sources those rows cite, looked up once. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from desertion import charts, headlines, tables
from desertion.labels import ARTICLE_LABELS, MEASURE_LABELS, METRIC_LABELS, SCOPE_LABELS
from desertion.records import MONTHLY
from desertion.selection import Selection

EMPTY = pd.DataFrame(columns=["source_id"])


@dataclass(frozen=True)
class ChartView:
    """A chart, the rows it draws, and the sources those rows cite (listed under the chart)."""

    key: str
    figure: go.Figure
    rows: pd.DataFrame
    sources: pd.DataFrame



def requests_view(sel: Selection, *, per_month: bool = False) -> ChartView | None:
    """Idite Lesom's desertion-help requests as bars spanning their windows, with events above."""
    idite = sel.rows("idite_lesom")
    if idite is None or "sources" not in sel.tables:
        return None
    rows = idite[idite["metric"] == "desertion_requests"]
    used = sel.sources_for(rows)
    fig = charts.build_interval_figure(
        rows, sel.sources, series=rows["metric"].map(METRIC_LABELS).str.capitalize(),
        title="Requests to Idite Lesom for help to desert", period=sel.period, unit="requests",
        per_month=per_month, events=sel.rows("events"), used=used)
    return ChartView("requests", fig, rows, used)


def helped_view(sel: Selection) -> ChartView | None:
    """Deserters Idite Lesom says it helped: points only, since the statements do not form one series."""
    idite = sel.rows("idite_lesom")
    if idite is None or "sources" not in sel.tables:
        return None
    rows = idite[idite["metric"] == "deserters_helped_cumulative"]
    used = sel.sources_for(rows)
    fig = charts.build_snapshot_figure(
        rows, sel.sources, series=rows["metric"].map(METRIC_LABELS).str.capitalize(),
        title="Deserters Idite Lesom says it helped, running total", period=sel.period, unit="people", step=False,
        used=used)
    return ChartView("helped", fig, rows, used)


def court_cumulative_view(sel: Selection, *, scope: str = "since_mobilisation",
                          measure: str = "cases_received") -> ChartView | None:
    """Mediazona's running totals by article, one scope and one measure at a time."""
    snapshots = sel.rows("court_cumulative")
    if snapshots is None or "sources" not in sel.tables:
        return None
    rows = snapshots[(snapshots["scope"] == scope) & (snapshots["measure"] == measure)]
    used = sel.sources_for(rows)
    fig = charts.build_snapshot_figure(
        rows, sel.sources, series=rows["article"].map(ARTICLE_LABELS),
        title=f"Running total of {MEASURE_LABELS[measure]}, {SCOPE_LABELS[scope]}", period=sel.period,
        unit=MEASURE_LABELS[measure], step=True, used=used)
    return ChartView("court_cumulative", fig, rows, used)


def court_counts_views(sel: Selection, *, measure: str = "cases_received"
                       ) -> list[ChartView]:
    """Counts by year (and other long windows) and by month, latest revision of each, one measure."""
    counts = sel.rows("court_counts")
    if counts is None or "sources" not in sel.tables:
        return []
    revised = headlines.latest_revisions(counts, sel.sources, headlines.SERIES_KEYS)
    chosen = revised[revised["measure"] == measure]
    long_windows, monthly = tables.split_by_window(chosen)
    label = MEASURE_LABELS[measure].capitalize()
    views = []
    for key, rows, title in (("court_annual", long_windows, f"{label} by year and other long reporting windows"),
                             ("court_monthly", monthly, f"{label} by month")):
        used = sel.sources_for(rows)
        fig = charts.build_interval_figure(rows, sel.sources, series=rows["article"].map(ARTICLE_LABELS),
                                           title=title, period=sel.period, unit=MEASURE_LABELS[measure], used=used)
        views.append(ChartView(key, fig, rows, used))
    return views


def sentences_view(sel: Selection, *, rows: pd.DataFrame | None = None
                   ) -> ChartView | None:
    """Known sentence lengths by verdict date (optionally for rows a page has filtered further)."""
    if rows is None:
        rows = sel.rows("sentences")
    if rows is None or "sources" not in sel.tables:
        return None
    dated = charts.dated_sentences(rows)
    used = sel.sources_for(dated)
    fig = charts.build_sentences_figure(rows, sel.sources, title="Known sentence lengths", period=sel.period, used=used)
    return ChartView("sentences", fig, rows, sel.sources_for(rows))


def timeline_view(sel: Selection, *, categories: tuple[str, ...] | list[str] | None = None
                  ) -> ChartView | None:
    """Events by category."""
    events = sel.rows("events")
    if events is None or "sources" not in sel.tables:
        return None
    if categories is not None:
        events = events[events["category"].isin(categories)]
    used = sel.sources_for(events)
    fig = charts.build_timeline_figure(events, sel.sources, title="Events by category", period=sel.period, used=used)
    return ChartView("timeline", fig, events, used)


def court_records_view(sel: Selection) -> ChartView | None:
    """Cases received per month by article, counted from the optional row-level court records."""
    rows = sel.rows(MONTHLY)
    if rows is None or "sources" not in sel.tables:
        return None
    used = sel.sources_for(rows)
    fig = charts.build_interval_figure(rows, sel.sources, series=rows["article"].map(ARTICLE_LABELS),
                                       title="Cases received per month, counted from row-level court records",
                                       period=sel.period, unit="cases received by courts", used=used)
    return ChartView("court_records", fig, rows, used)


def all_chart_views(sel: Selection) -> list[ChartView]:
    """Every chart of the dashboard at its default settings, for exports."""
    views = [requests_view(sel), helped_view(sel), court_cumulative_view(sel), *court_counts_views(sel),
             court_records_view(sel), sentences_view(sel), timeline_view(sel)]
    return [v for v in views if v is not None]


View = Callable[..., Any]
# The views pages draw through the dashboard's figure cache, by function (not by name, so search, rename and
# type checks follow every caller). The name is only the cache's key.
VIEWS: dict[str, View] = {view.__name__: view for view in (
    requests_view, helped_view, court_cumulative_view, court_counts_views, sentences_view, timeline_view,
    court_records_view)}


def registered_name(view: View) -> str:
    """The registry key of a view function; a function that is not registered is a programming error."""
    name = getattr(view, "__name__", "")
    if VIEWS.get(name) is not view:
        raise KeyError(f"{view!r} is not a registered view (add it to views.VIEWS)")
    return name


# ----------------------------------------------------------------- official statistics, regions, as published on

from desertion import official_charts, series  # noqa: E402  (appended section: keeps the module's head as it was)

def official_counts_view(sel: Selection) -> ChartView | None:
    """Official convictions of servicemen (Judicial Department) beside Mediazona's yearly counts: two panels."""
    official, counts = sel.rows("official_counts"), sel.rows("court_counts")
    if official is None or "sources" not in sel.tables:
        return None
    media = EMPTY_COUNTS if counts is None else official_charts.media_series(
        headlines.latest_revisions(counts, sel.sources, headlines.SERIES_KEYS))
    shown = official_charts.official_series(official)
    used = sel.sources_for(shown, media)
    fig = official_charts.build_official_figure(
        shown, media, sel.sources, title="Official convictions and Mediazona's counts measure different things",
        period=sel.period, used=used)
    return ChartView("official_counts", fig, shown, used)


def court_regions_view(sel: Selection) -> ChartView | None:
    """Mediazona's counts by region, ranked within groups of like counts."""
    rows = sel.rows("court_regions")
    if rows is None or "sources" not in sel.tables:
        return None
    used = sel.sources_for(rows)
    fig = official_charts.build_region_figure(rows, sel.sources, title="Regions with the most cases in military courts",
                                              period=sel.period, used=used)
    return ChartView("court_regions", fig, rows, used)


def court_counts_published_views(sel: Selection, *, measure: str = "cases_received",
                                 published_on: str | None = None) -> list[ChartView]:
    """The counts by year and month as they were published on a date (ISO), or as now when it is None:
    values published later are left out, and an earlier value stands where it was later revised."""
    counts = sel.table("court_counts")
    if published_on is None or counts is None or "sources" not in sel.tables:
        return court_counts_views(sel, measure=measure)
    seen = series.as_published_on(counts, sel.sources, published_on).drop(columns="published")
    return court_counts_views(Selection({**sel.tables, "court_counts": seen}, sel.period), measure=measure)


EMPTY_COUNTS = pd.DataFrame({"period_start": pd.Series(dtype="datetime64[us]"),
                             "period_end": pd.Series(dtype="datetime64[us]"), "article": pd.Series(dtype=str),
                             "measure": pd.Series(dtype=str), "source_id": pd.Series(dtype=str)})
VIEWS.update({view.__name__: view for view in (official_counts_view, court_regions_view, court_counts_published_views)})
