"""The dashboard's charts for a period: which rows each chart takes, and the builder it uses.

Pages, the presentation and the exports all draw the same chart through these functions, so a slide or
a PNG can never disagree with the page. Each view returns the figure and the rows behind it (whose
source ids become the chart's sources list). Pure: no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from desertion import charts, headlines, tables
from desertion.formatting import ARTICLE_LABELS, MEASURE_LABELS, METRIC_LABELS, SCOPE_LABELS
from desertion.periods import Period, filter_table, select_rows
from desertion.provenance import sources_for
from desertion.records import MONTHLY
from desertion.schema import TABLES

Frames = dict[str, pd.DataFrame]
EMPTY = pd.DataFrame(columns=["source_id"])


@dataclass(frozen=True)
class ChartView:
    """A chart, the rows it draws, and the sources those rows cite (listed under the chart)."""

    key: str
    figure: go.Figure
    rows: pd.DataFrame
    sources: pd.DataFrame

    @classmethod
    def of(cls, key: str, figure: go.Figure, rows: pd.DataFrame, frames: Frames) -> ChartView:
        """Looks the sources up once, with the figure: the dashboard caches views per period, so a rerun
        that redraws a chart does not search sources.csv again (6 ms a chart under pyinstrument)."""
        return cls(key, figure, rows, sources_for(rows, frames["sources"]))


def in_period(frames: Frames, name: str, period: Period) -> pd.DataFrame | None:
    """A table narrowed to the period, or None when it did not load."""
    frame = frames.get(name)
    return None if frame is None else filter_table(TABLES[name].timing, frame, period)


def requests_view(frames: Frames, period: Period, per_month: bool = False) -> ChartView | None:
    """Idite Lesom's desertion-help requests as bars spanning their windows, with events above."""
    idite = in_period(frames, "idite_lesom", period)
    if idite is None or "sources" not in frames:
        return None
    rows = idite[idite["metric"] == "desertion_requests"]
    events = in_period(frames, "events", period)
    fig = charts.build_interval_figure(
        rows, frames["sources"], series=rows["metric"].map(METRIC_LABELS).str.capitalize(),
        title="Requests to Idite Lesom for help to desert", period=period, unit="requests",
        per_month=per_month, events=events)
    return ChartView.of("requests", fig, rows, frames)


def helped_view(frames: Frames, period: Period) -> ChartView | None:
    """Deserters Idite Lesom says it helped: points only, since the statements do not form one series."""
    idite = in_period(frames, "idite_lesom", period)
    if idite is None or "sources" not in frames:
        return None
    rows = idite[idite["metric"] == "deserters_helped_cumulative"]
    fig = charts.build_snapshot_figure(
        rows, frames["sources"], series=rows["metric"].map(METRIC_LABELS).str.capitalize(),
        title="Deserters Idite Lesom says it helped, running total", period=period, unit="people", step=False)
    return ChartView.of("helped", fig, rows, frames)


def court_cumulative_view(frames: Frames, period: Period, scope: str = "since_mobilisation",
                          measure: str = "cases_received") -> ChartView | None:
    """Mediazona's running totals by article, one scope and one measure at a time."""
    snapshots = in_period(frames, "court_cumulative", period)
    if snapshots is None or "sources" not in frames:
        return None
    rows = snapshots[(snapshots["scope"] == scope) & (snapshots["measure"] == measure)]
    fig = charts.build_snapshot_figure(
        rows, frames["sources"], series=rows["article"].map(ARTICLE_LABELS),
        title=f"Running total of {MEASURE_LABELS[measure]}, {SCOPE_LABELS[scope]}", period=period,
        unit=MEASURE_LABELS[measure], step=True)
    return ChartView.of("court_cumulative", fig, rows, frames)


def court_counts_views(frames: Frames, period: Period, measure: str = "cases_received") -> list[ChartView]:
    """Counts by year (and other long windows) and by month, latest revision of each, one measure."""
    counts = in_period(frames, "court_counts", period)
    if counts is None or "sources" not in frames:
        return []
    revised = headlines.latest_revisions(counts, frames["sources"], headlines.SERIES_KEYS)
    chosen = revised[revised["measure"] == measure]
    long_windows, monthly = tables.split_by_window(chosen)
    label = MEASURE_LABELS[measure].capitalize()
    views = []
    for key, rows, title in (("court_annual", long_windows, f"{label} by year and other long reporting windows"),
                             ("court_monthly", monthly, f"{label} by month")):
        fig = charts.build_interval_figure(rows, frames["sources"], series=rows["article"].map(ARTICLE_LABELS),
                                           title=title, period=period, unit=MEASURE_LABELS[measure])
        views.append(ChartView.of(key, fig, rows, frames))
    return views


def sentences_view(frames: Frames, period: Period, rows: pd.DataFrame | None = None) -> ChartView | None:
    """Known sentence lengths by verdict date (optionally for rows a page has filtered further)."""
    if rows is None:
        rows = in_period(frames, "sentences", period)
    if rows is None or "sources" not in frames:
        return None
    fig = charts.build_sentences_figure(rows, frames["sources"], title="Known sentence lengths", period=period)
    return ChartView.of("sentences", fig, rows, frames)


def timeline_view(frames: Frames, period: Period, categories: list[str] | None = None) -> ChartView | None:
    """Events by category."""
    events = in_period(frames, "events", period)
    if events is None or "sources" not in frames:
        return None
    if categories is not None:
        events = events[events["category"].isin(categories)]
    fig = charts.build_timeline_figure(events, frames["sources"], title="Events by category", period=period)
    return ChartView.of("timeline", fig, events, frames)


def court_records_view(frames: Frames, period: Period) -> ChartView | None:
    """Cases received per month by article, counted from the optional row-level court records."""
    monthly = frames.get(MONTHLY)
    if monthly is None or "sources" not in frames:
        return None
    rows = select_rows(monthly, period, "period_start", "period_end")
    fig = charts.build_interval_figure(rows, frames["sources"], series=rows["article"].map(ARTICLE_LABELS),
                                       title="Cases received per month, counted from row-level court records",
                                       period=period, unit="cases received by courts")
    return ChartView.of("court_records", fig, rows, frames)


def all_chart_views(frames: Frames, period: Period) -> list[ChartView]:
    """Every chart of the dashboard at its default settings, for exports."""
    views = [requests_view(frames, period), helped_view(frames, period), court_cumulative_view(frames, period),
             *court_counts_views(frames, period), court_records_view(frames, period), sentences_view(frames, period),
             timeline_view(frames, period)]
    return [v for v in views if v is not None]
