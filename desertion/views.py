"""The dashboard's charts for a period: which rows each chart takes, and the builder it uses.

Pages, the presentation and the exports all draw the same chart through these functions, so a slide or
a PNG can never disagree with the page. Each view takes a `Selection` and options by keyword, and returns
the figure, the rows behind it and the sources those rows cite, looked up once. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from desertion import charts, findings, headlines, palette, periods, tables, theme
from desertion.chart_labels import Room
from desertion.chart_text import article_names, capital, headed, metric_names
from desertion.data_text import in_reader_language
from desertion.formatting import describe_window, format_date, format_figure, format_span
from desertion.i18n.active import _
from desertion.i18n.catalogue import N_
from desertion.labels import ARTICLE_LABELS, EVENT_CATEGORY_LABELS, MEASURE_LABELS, SCOPE_LABELS
from desertion.periods import INSIDE, PARTLY, precision_end
from desertion.records import MONTHLY
from desertion.selection import Selection

EMPTY = pd.DataFrame(columns=["source_id"])
# Reader tables' headers: built under these names, shown translated (`_view`).
EVENT_COLUMNS = [N_("On the chart"), N_("Date"), N_("Event"), N_("Kind"), N_("Source outlet"), N_("Source date"),
                 N_("Grade")]
NAMED = N_("named in words")


@dataclass(frozen=True)
class ChartView:
    """A chart, the rows it draws, the sources those rows cite (listed under the chart), its alt text (the
    finding in words, what the marks mean, the numbers shown), the numbers behind it as a reader's table, and
    the events on its time axis with the letter the chart gives each (empty without an event strip)."""

    key: str
    figure: go.Figure
    rows: pd.DataFrame
    sources: pd.DataFrame
    alt: str
    table: pd.DataFrame
    events: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EVENT_COLUMNS))


TABLE_COLUMNS = [N_("Series"), N_("Window"), N_("Value"), N_("Partly outside the period"), N_("Source outlet"),
                 N_("Source date"), N_("Grade")]


def reader_table(rows: pd.DataFrame, series: pd.Series, sources: pd.DataFrame, *, windows: pd.Series,
                 values: pd.Series) -> pd.DataFrame:
    """The numbers behind a chart, one row per mark, in reader-facing words (no ids, no codes): the sources
    by outlet, date and grade through `tables.source_details`, the one lookup every reader table uses."""
    in_period = rows["in_period"] if "in_period" in rows else pd.Series("", index=rows.index)
    named = tables.source_details(rows["source_id"], sources)
    return pd.DataFrame({
        "Series": series.to_numpy(), "Window": windows.to_numpy(), "Value": values.to_numpy(),
        "Partly outside the period": (in_period == PARTLY).map({True: _("yes"), False: _("no")}).to_numpy(),
        **{column: named[column].to_numpy() for column in TABLE_COLUMNS[-3:]},
    }, columns=TABLE_COLUMNS)


def interval_table(rows: pd.DataFrame, series: pd.Series, sources: pd.DataFrame) -> pd.DataFrame:
    return reader_table(rows, series, sources,
                        windows=pd.Series([describe_window(s, e) for s, e in zip(rows["period_start"], rows["period_end"])],
                                          index=rows.index, dtype=object),
                        values=_figures(rows))


def snapshot_table(rows: pd.DataFrame, series: pd.Series, sources: pd.DataFrame) -> pd.DataFrame:
    precision = rows["as_of_precision"] if "as_of_precision" in rows else rows["date_precision"]
    return reader_table(rows, series, sources,
                        windows=pd.Series([_("as of {date}").format(date=format_date(d, p))
                                           for d, p in zip(rows["as_of"], precision)],
                                          index=rows.index, dtype=object),
                        values=_figures(rows))


def _figures(rows: pd.DataFrame) -> pd.Series:
    return pd.Series([format_figure(v, bool(a), bool(lb)) for v, a, lb in
                      zip(rows["value"], rows["approximate"], rows["lower_bound"])], index=rows.index, dtype=object)


def _colours(vocabulary: str, codes: pd.Series, names: pd.Series, dark: bool) -> dict[str, str]:
    """Each series name's one colour, from its code (article, metric), by palette.series_colour."""
    mode = palette.DARK if dark else palette.LIGHT
    return {n: palette.series_colour(vocabulary, str(c), mode) for c, n in zip(codes, names)}


def event_table(events: pd.DataFrame | None, fig: go.Figure, sources: pd.DataFrame) -> pd.DataFrame:
    """The events a chart's strip shows, in time order, with the letter it gives each ('letter C', as in the key
    under the chart, with every name whole) or 'named in words': what a reader looks up instead of hovering."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    letters = meta.get("event_letters") or {}
    if events is None or not letters:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    shown = events.set_index(events["event_id"].astype(str)).loc[list(letters)]
    on_chart = pd.Series([_("letter {letter}").format(letter=letters[i]) if letters[i] else _(NAMED)
                          for i in shown.index], index=shown.index)
    table = reader_table(shown, on_chart, sources,
                         windows=pd.Series([format_span(s, e, p) for s, e, p in zip(
                             shown["date_start"], shown["date_end"], shown["date_precision"])], index=shown.index),
                         values=shown["title"].astype(str))
    table = table.rename(columns={"Series": "On the chart", "Window": "Date", "Value": "Event"})
    table["Kind"] = shown["category"].map(lambda c: _(str(EVENT_CATEGORY_LABELS.get(c, c)))).to_numpy()
    return table[EVENT_COLUMNS]


EVENT_TEXT = ("title", "description")


def events_of(sel: Selection) -> pd.DataFrame | None:
    """The period's events with their names in the reader's language, for a chart's strip and its table."""
    events = sel.rows("events")
    return in_reader_language(events, EVENT_TEXT) if events is not None else None


def _view(key: str, fig: go.Figure, rows: pd.DataFrame, used: pd.DataFrame, table: pd.DataFrame,
          sel: Selection | None = None) -> ChartView:
    """A ChartView; with `sel`, the events table of the chart's event strip (from its events and sources)."""
    events = event_table(events_of(sel), fig, sel.sources) if sel is not None else pd.DataFrame(columns=EVENT_COLUMNS)
    return ChartView(key, fig, rows, used, str((fig.layout.meta or {}).get("alt", "")), headed(table), headed(events))


def interval_heading(rows: pd.DataFrame, *, subject: str, neutral: str,
                     keys: tuple[str, ...]) -> tuple[findings.Heading, int | None]:
    """The finding of an interval chart and the window length (months) it is about: each like-length panel
    is tried, longest windows first (more counted, less noise); the neutral title when none supports one."""
    if rows.empty:
        return findings.Heading(neutral, None, findings.REFUSE_ONE_WINDOW), None
    for months, part in findings.split_by_window_length(rows).items():
        heading = findings.state_interval_finding(part, subject=subject, neutral=neutral, keys=keys)
        if heading.is_finding:
            return heading, months
    return findings.Heading(neutral, None, findings.REFUSE_LENGTHS), None


REQUESTS_COUNTED = N_("Requests to Idite Lesom for help to desert, by reporting window")


def requests_view(sel: Selection, *, per_month: bool = False, compact: bool = False, room: Room | None = None,
                  dark: bool = False) -> ChartView | None:
    """Idite Lesom's desertion-help requests as bars spanning their windows, with events named above; `compact`
    (the Overview's lead, a slide) draws only the panel of the finding, and its table holds only that panel's
    rows; `room` sizes it for a slide."""
    idite = sel.rows("idite_lesom")
    if idite is None or "sources" not in sel.tables:
        return None
    rows = idite[idite["metric"] == "desertion_requests"]
    used = sel.sources_for(rows)
    heading, months = interval_heading(rows, subject=_("Requests for help to desert"),
                                       neutral=_("Requests to Idite Lesom for help to desert"), keys=("metric",))
    names = metric_names(rows)
    fig = charts.build_interval_figure(
        rows, sel.sources, series=names, title=heading.title, counted=_(REQUESTS_COUNTED), period=sel.period,
        unit=_("requests"), per_month=per_month, events=events_of(sel), used=used,
        colours=_colours(palette.METRIC, rows["metric"], names, dark), primary_months=months, compact=compact,
        room=room, template=theme.template_name(dark))
    if compact and months is not None:
        rows = findings.split_by_window_length(rows).get(months, rows)
    return _view("requests", fig, rows, used, interval_table(rows, names.loc[rows.index], sel.sources), sel)


def helped_view(sel: Selection, *, dark: bool = False) -> ChartView | None:
    """Deserters Idite Lesom says it helped: points only, since the statements do not form one series."""
    idite = sel.rows("idite_lesom")
    if idite is None or "sources" not in sel.tables:
        return None
    rows = idite[idite["metric"] == "deserters_helped_cumulative"]
    used = sel.sources_for(rows)
    names = metric_names(rows)
    fig = charts.build_snapshot_figure(
        rows, sel.sources, series=names, title=_("Deserters Idite Lesom says it helped, running total"),
        counted=_("People Idite Lesom says it helped to desert, as it stated the total on each date"),
        period=sel.period, unit=_("people"), step=False, used=used, events=events_of(sel),
        colours=_colours(palette.METRIC, rows["metric"], names, dark), template=theme.template_name(dark))
    return _view("helped", fig, rows, used, snapshot_table(rows, names, sel.sources), sel)


def court_cumulative_view(sel: Selection, *, scope: str = "since_mobilisation", measure: str = "cases_received",
                          room: Room | None = None, dark: bool = False) -> ChartView | None:
    """Mediazona's running totals by article, one scope and one measure at a time (`room`: sized for a slide)."""
    snapshots = sel.rows("court_cumulative")
    if snapshots is None or "sources" not in sel.tables:
        return None
    rows = snapshots[(snapshots["scope"] == scope) & (snapshots["measure"] == measure)]
    used = sel.sources_for(rows)
    names = article_names(rows)
    what = dict(measure=_(MEASURE_LABELS[measure]), scope=_(SCOPE_LABELS[scope]))
    neutral = _("Running total of {measure}, {scope}").format(**what)
    heading = snapshot_heading(rows, names, measure=measure, scope=scope, neutral=neutral)
    fig = charts.build_snapshot_figure(
        rows, sel.sources, series=names, title=heading.title,
        counted=_("Mediazona's running totals of {measure} {scope}, by article").format(**what),
        period=sel.period, unit=what["measure"], step=True, used=used, events=events_of(sel),
        colours=_colours(palette.ARTICLE, rows["article"], names, dark), room=room,
        template=theme.template_name(dark))
    return _view("court_cumulative", fig, rows, used, snapshot_table(rows, names, sel.sources), sel)


SCOPE_SHORT = {"since_mobilisation": N_("since mobilisation"), "since_invasion": N_("since the invasion")}


def snapshot_heading(rows: pd.DataFrame, names: pd.Series, *, measure: str, scope: str,
                     neutral: str) -> findings.Heading:
    """The running-total finding for the series with the newest snapshot in the period (all articles when it
    has one there), else the neutral title."""
    if rows.empty:
        return findings.Heading(neutral, None, findings.REFUSE_ONE_WINDOW)
    ends = precision_end(rows["as_of"], rows["as_of_precision"])
    newest = rows.assign(_end=ends.to_numpy()).sort_values("_end", kind="stable")
    order = ["all", *[a for a in newest["article"].iloc[::-1].unique() if a != "all"]]
    for article in order:
        part = rows[rows["article"] == article]
        if len(part) < 2:
            continue
        name = names[part.index[0]]
        subject = _("{measure} {scope}").format(measure=capital(_(MEASURE_LABELS[measure])),
                                                 scope=_(SCOPE_SHORT.get(scope, SCOPE_LABELS[scope])))
        if article != "all":
            subject = _("{subject} under {article}").format(subject=subject, article=name)
        heading = findings.state_snapshot_finding(part, subject=subject, neutral=neutral)
        if heading.is_finding:
            return heading
    return findings.Heading(neutral, None, findings.REFUSE_MIXED)


def court_counts_views(sel: Selection, *, measure: str = "cases_received",
                       dark: bool = False) -> list[ChartView]:
    """Counts by year (and other long windows) and by month, latest revision of each, one measure."""
    counts = sel.rows("court_counts")
    if counts is None or "sources" not in sel.tables:
        return []
    revised = headlines.latest_revisions(counts, sel.sources, headlines.SERIES_KEYS)
    chosen = revised[revised["measure"] == measure]
    long_windows, monthly = tables.split_by_window(chosen)
    label = capital(_(MEASURE_LABELS[measure]))
    views = []
    for key, rows, title in (
            ("court_annual", long_windows, _("{measure} by year and other long reporting windows").format(measure=label)),
            ("court_monthly", monthly, _("{measure} by month").format(measure=label))):
        used = sel.sources_for(rows)
        names = article_names(rows)
        heading, months = interval_heading(rows, subject=label, neutral=title, keys=("article", "measure"))
        fig = charts.build_interval_figure(
            rows, sel.sources, series=names, title=heading.title, period=sel.period, unit=_(MEASURE_LABELS[measure]),
            counted=_("Mediazona's counts from Russia's military courts, by article and reporting window"),
            used=used, events=events_of(sel), colours=_colours(palette.ARTICLE, rows["article"], names, dark),
            primary_months=months, template=theme.template_name(dark))
        views.append(_view(key, fig, rows, used, interval_table(rows, names, sel.sources), sel))
    return views


def sentences_view(sel: Selection, *, rows: pd.DataFrame | None = None,
                   dark: bool = False) -> ChartView | None:
    """Known sentence lengths by verdict date (optionally for rows a page has filtered further)."""
    if rows is None:
        rows = sel.rows("sentences")
    rows = in_reader_language(rows, tables.SENTENCE_TEXT) if rows is not None else None
    if rows is None or "sources" not in sel.tables:
        return None
    dated = charts.dated_sentences(rows)
    used = sel.sources_for(dated)
    articles = dated["article"].fillna("unclear")
    names = articles.map(charts.article_name)
    known = articles != "unclear"
    fig = charts.build_sentences_figure(rows, sel.sources, title=_("Known sentence lengths"), period=sel.period, used=used,
                                        colours=_colours(palette.ARTICLE, articles[known], names[known], dark),
                                        template=theme.template_name(dark))
    table = reader_table(dated, dated["person"].astype(str) + ", " + names, sel.sources,
                         windows=pd.Series([_("verdict {date}").format(date=format_date(d, p)) for d, p in
                                            zip(dated["verdict_date"], dated["date_precision"])], index=dated.index,
                                           dtype=object),
                         values=dated["sentence"].astype(str))
    return _view("sentences", fig, rows, sel.sources_for(rows), table)


def timeline_view(sel: Selection, *, categories: tuple[str, ...] | list[str] | None = None,
                  room: Room | None = None, dark: bool = False) -> ChartView | None:
    """Events by category (`room`: sized for a slide)."""
    events = events_of(sel)
    if events is None or "sources" not in sel.tables:
        return None
    if categories is not None:
        events = events[events["category"].isin(categories)]
    used = sel.sources_for(events)
    fig = charts.build_timeline_figure(events, sel.sources, title=_("Events by category"), period=sel.period, used=used,
                                       room=room, template=theme.template_name(dark))
    kinds = events["category"].map(lambda c: _(str(EVENT_CATEGORY_LABELS.get(c, c)))).astype(str)
    table = reader_table(events, kinds.str[:1].str.upper() + kinds.str[1:] + ": " + events["title"].astype(str),
                         sel.sources, windows=pd.Series(
                             [format_date(s, p) + (f" – {format_date(e, p)}" if pd.notna(e) else "")
                              for s, e, p in zip(events["date_start"], events["date_end"], events["date_precision"])],
                             index=events.index, dtype=object),
                         values=events["description"].astype(str))
    return _view("timeline", fig, events, used, table)


def court_records_view(sel: Selection, *, dark: bool = False) -> ChartView | None:
    """Cases received per month by article, counted from the optional row-level court records."""
    rows = sel.rows(MONTHLY)
    if rows is None or "sources" not in sel.tables:
        return None
    used = sel.sources_for(rows)
    names = article_names(rows)
    fig = charts.build_interval_figure(rows, sel.sources, series=names,
                                       title=_("Cases received per month, counted from row-level court records"),
                                       period=sel.period, unit=_(MEASURE_LABELS["cases_received"]), used=used,
                                       events=events_of(sel), template=theme.template_name(dark),
                                       colours=_colours(palette.ARTICLE, rows["article"], names, dark))
    return _view("court_records", fig, rows, used, interval_table(rows, names, sel.sources), sel)


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
    # Years before the dashboard's span (the 2010 record) are the baseline the sources compare with: shown
    # whatever the period, and said to be a reference.
    whole = sel.tables["official_counts"]
    reference = official_charts.official_series(whole[whole["period_end"] < periods.table_bounds(sel.tables).start])
    shown = official_charts.official_series(pd.concat([reference.assign(in_period=INSIDE), official]))
    used = sel.sources_for(shown, media)
    fig = official_charts.build_official_figure(
        shown, media, sel.sources, title=_("Official convictions and Mediazona's counts measure different things"),
        period=sel.period, used=used, reference_years=sorted(set(reference["period_start"].dt.year)))
    official_names = shown["measure"].map({"servicemen_convicted": _("Servicemen convicted, all crimes (official)"),
                                           "servicemen_custodial": _("Custodial sentences (official)")})
    official_names = official_names.where(~shown.index.isin(reference.index),
                                          official_names + ", " + _("reference year"))
    media_names = media["article"].map(lambda a: _("Mediazona: {article}").format(
        article=_(ARTICLE_LABELS[a]) if a in ARTICLE_LABELS else ""))
    table = pd.concat([interval_table(shown, official_names, sel.sources),  # two tables side by side, not summed
                       interval_table(media, media_names, sel.sources)], ignore_index=True)
    return _view("official_counts", fig, shown, used, table)


def court_regions_view(sel: Selection) -> ChartView | None:
    """Counts by region ranked within like groups, each named in the reader's language; rows keep the English."""
    rows = sel.rows("court_regions")
    if rows is None or "sources" not in sel.tables:
        return None
    used, shown = sel.sources_for(rows), in_reader_language(rows, tables.REGION_TEXT)
    fig = official_charts.build_region_figure(shown, sel.sources, title=_("Regions with the most cases in military courts"),
                                              period=sel.period, used=used)
    names = shown["region"].astype(str) + ", " + article_names(rows).fillna("")
    return _view("court_regions", fig, rows, used, snapshot_table(rows, names, sel.sources))


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
