"""Series of figures: which kind each is, what a reader saw on a given day, and when each last had a new figure.

Three rules of the data live here as pure functions, so pages, slides and exports share them:

- **Kinds never mix.** Official statistics, independent media counts, estimates and an NGO's own figures are
  different things; each table declares its `series_kind` in `schema.py`. `combine_tables` is the one way to
  put rows of several tables in one frame, and it refuses tables of different kinds.
- **Every published value is kept.** A count that was revised (5,024 AWOL cases in 2023, later 5,096) stays
  with its publication date; `mark_revisions` says which rows a later publication replaced, and
  `as_published_on` gives the series as a reader saw it on a date.
- **A series says when it stopped.** `SERIES` declares, once, each series the dashboard follows, how often its
  originator publishes and after how long without a newer figure it is stale; `series_status` gives the newest
  figure and the sentence to show ("No newer count found since May 2025"). Nothing is ever extrapolated.

Words are in the language of the code running now (`i18n.active`); a `SeriesStatus.label` stays the series'
message id (English), for the page to say in its language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from desertion.formatting import describe_window, format_count, format_date
from desertion.i18n.active import _
from desertion.i18n.catalogue import N_
from desertion.periods import precision_end
from desertion.schema import SERIES_KINDS, TABLES, TableSchema

KIND_COLUMN = "series_kind"
TABLE_COLUMN = "table"


class MixedSeriesKinds(ValueError):
    """Rows of different series kinds (official, media_count, estimate, ngo) were about to be put together."""


def series_kind(table: str) -> str:
    """The declared kind of a table's figures. Raises KeyError for a table without figures (sources, quotes)."""
    kind = TABLES[table].series_kind if table in TABLES else None
    if kind is None:
        raise KeyError(f"{table}: not a table of figures (no series kind declared in schema.py)")
    return kind


def check_one_kind(frame: pd.DataFrame) -> str:
    """The one series kind of a combined frame; raises MixedSeriesKinds when it holds more than one.

    Call it before any sum, stack or single trace built from a frame that `combine_tables` made.
    """
    kinds = sorted(set(frame[KIND_COLUMN].dropna())) if KIND_COLUMN in frame else []
    if len(kinds) != 1:
        raise MixedSeriesKinds(f"expected figures of one series kind, found {kinds or 'none'}: official counts, "
                               "media counts, estimates and NGO figures are never added, stacked or drawn as one series")
    return kinds[0]


def combine_tables(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows of several tables of the same series kind in one frame, each tagged with its table and kind.

    Raises MixedSeriesKinds when the tables are of different kinds (e.g. official_counts with court_counts),
    and KeyError for a table that holds no figures.
    """
    kinds = {name: series_kind(name) for name in frames}
    if len(set(kinds.values())) > 1:
        listed = ", ".join(f"{name} ({kind})" for name, kind in kinds.items())
        raise MixedSeriesKinds(f"cannot combine {listed}: official counts, media counts, estimates and NGO figures "
                               "are never added, stacked or drawn as one series")
    parts = [frame.assign(**{TABLE_COLUMN: name, KIND_COLUMN: kinds[name]}) for name, frame in frames.items()]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[TABLE_COLUMN, KIND_COLUMN])


# ---------------------------------------------------------------------------------------------- revisions

def schema_of(frame: pd.DataFrame) -> TableSchema:
    """The declared table a frame of figures comes from, recognised by its columns. Raises KeyError if none."""
    columns = set(frame.columns)
    for schema in TABLES.values():
        if schema.series_kind is not None and set(schema.column_names) <= columns:
            return schema
    raise KeyError("a frame whose columns match no table of figures in schema.py")


def revision_keys(schema: TableSchema) -> list[str]:
    """The columns naming one figure: its series keys and its dates. Rows sharing them are versions of it."""
    dates = list(schema.timing.columns) if schema.timing is not None else []
    return [*schema.series_keys, *dates]


def with_publication(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The frame with `published`: the last day its source can have appeared, given the date's precision.

    A source dated only to a month (Feb 2024) counts as published by the end of that month: a reader on
    10 Feb 2024 is not assumed to have seen it.
    """
    indexed = sources.set_index("source_id")
    published = precision_end(frame["source_id"].map(indexed["published"]),
                              frame["source_id"].map(indexed["published_precision"]))
    return frame.assign(published=published)


def _group(frame: pd.DataFrame, keys: list[str]) -> pd.core.groupby.DataFrameGroupBy:
    return frame.groupby(keys, sort=False, dropna=False)


def mark_revisions(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every row with its publication date and whether a later publication revised it.

    Adds `published`, `revised` (True when a later source gives another figure for the same series and
    window: this value was superseded) and `revises` (for the latest value, the earlier values it replaces,
    as '5,024 (published 29 Dec 2023)'). Rows are never dropped: both values stay visible.
    """
    keys = revision_keys(schema_of(frame))
    dated = with_publication(frame, sources)
    order = dated.sort_values("published", kind="stable")
    latest = _group(order, keys).tail(1).index
    revised = pd.Series(~dated.index.isin(latest), index=dated.index)
    revises = pd.Series(pd.NA, index=dated.index, dtype="string")
    published = _("{value} (published {date})")
    for _key, group in _group(order, keys):
        if len(group) > 1:
            earlier = group.iloc[:-1]
            revises[group.index[-1]] = "; ".join(published.format(value=format_count(v), date=format_date(p))
                                                 for v, p in zip(earlier["value"], earlier["published"]))
    return dated.assign(revised=revised, revises=revises)


def as_published_on(frame: pd.DataFrame, sources: pd.DataFrame, date: pd.Timestamp | str) -> pd.DataFrame:
    """The series as a reader saw it on `date`: for each series and window, the latest value published by then.

    Values published after the date are left out; of two values for the same window, the later publication
    wins (on the same day, the later row of the file). The result keeps the table's row order and has the
    `published` column. Raises KeyError for a frame that matches no table of figures.
    """
    keys = revision_keys(schema_of(frame))
    dated = with_publication(frame, sources)
    seen = dated[dated["published"] <= pd.Timestamp(date)]
    latest = _group(seen.sort_values("published", kind="stable"), keys).tail(1).index
    return seen.loc[seen.index.isin(latest)]


# ---------------------------------------------------------------------------------------------- staleness

@dataclass(frozen=True)
class Series:
    """A series the dashboard follows: where its rows are, who publishes it, and how often.

    `originator` (matched in the source's outlet or originator) keeps another counter's figures out of the
    series; `where` narrows the rows by column values. `stale_after_days` is how long after the date of its
    newest figure the series is said to have stopped: the originator's rhythm plus its usual delay. `label` and
    `rhythm` are message ids; `noun` ('count' or 'figure') picks the staleness sentence (STALE_SENTENCES).
    """

    name: str
    label: str
    tables: tuple[str, ...]
    noun: str
    rhythm: str
    stale_after_days: int
    rhythm_source: str | None = None
    originator: str | None = None
    where: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


SERIES: tuple[Series, ...] = (
    Series("mediazona_court_counts", N_("Mediazona's court counts"), ("court_cumulative", "court_counts", "court_regions"),
           noun="count", rhythm=N_("about twice a year"), stale_after_days=183, rhythm_source="svtv-2025-05-20",
           originator="Mediazona"),
    Series("idite_lesom_requests", N_("Idite Lesom's requests for help to desert"), ("idite_lesom",),
           noun="count", rhythm=N_("irregularly, through interviews"), stale_after_days=365,
           where={"metric": ("desertion_requests",)}),
    Series("idite_lesom_helped", N_("Deserters Idite Lesom says it helped"), ("idite_lesom",),
           noun="figure", rhythm=N_("irregularly, through interviews"), stale_after_days=365,
           where={"metric": ("deserters_helped", "deserters_helped_cumulative")}),
    Series("official_convictions", N_("Servicemen convicted (Judicial Department)"), ("official_counts",),
           noun="figure", rhythm=N_("once a year, about four months after the year ends (2024's on 15 Apr 2025)"),
           stale_after_days=365 + 120, rhythm_source="kyivindependent-2025-04-16",
           where={"body": ("judicial_department",), "measure": ("servicemen_convicted", "servicemen_custodial")}),
)
# What a stale series says, by its noun: the date of its newest figure, never a figure.
STALE_SENTENCES = {"count": N_("No newer count found since {date}."),
                   "figure": N_("No newer figure found since {date}.")}
assert all(t in TABLES for s in SERIES for t in s.tables), "every series reads declared tables"
assert {s.noun for s in SERIES} <= set(STALE_SENTENCES), "every series' noun has its staleness sentence"
assert all(len({TABLES[t].series_kind for t in s.tables}) == 1 and TABLES[s.tables[0]].series_kind in SERIES_KINDS
           for s in SERIES), "a series reads tables of one declared kind"


@dataclass(frozen=True)
class SeriesStatus:
    """The newest figure of a series and, against a reference date, whether the series has stopped."""

    series: str
    label: str
    newest: str  # the newest figure's date as exactly as it is known: 'May 2025', '17 Jan 2025', '2024'
    newest_end: pd.Timestamp  # the last day that date can stand for
    record_id: str
    table: str
    source_id: str
    days_since: int
    stale: bool
    rhythm: str
    sentence: str | None  # what to show when stale: 'No newer count found since May 2025.'
    newest_start: pd.Timestamp | None = None  # the first day of the newest figure's date (see SERIES_ROW_COLUMNS)
    newest_precision: str = "day"  # that date's precision: day, month, quarter, year, or 'window'

    @property
    def data_as_of(self) -> str:
        """The sidebar's line: 'Mediazona's court counts: May 2025' (in the current language)."""
        return _("{series}: {date}").format(series=_(self.label), date=self.newest)


# A figure's date as a reader is told it: 'May 2025' (figure_label), and what it is made of, for other languages
# (i18n.formats.format_when): its first and last day and its precision ('window' for a reporting window).
SERIES_ROW_COLUMNS = ["record_id", "source_id", "figure_start", "figure_end", "figure_precision", "figure_label",
                      TABLE_COLUMN]


def series_rows(spec: Series, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows of a series, each with its table, the date it stands for (`figure_end`) and how to say it."""
    parts = []
    for table in spec.tables:
        frame = frames.get(table)
        if frame is None or frame.empty:
            continue
        rows = frame
        for column, values in spec.where.items():
            rows = rows[rows[column].isin(values)]
        if spec.originator is not None and "sources" in frames:
            sources = frames["sources"].set_index("source_id")
            who = (rows["source_id"].map(sources["outlet"]).fillna("") + " "
                   + rows["source_id"].map(sources["originator"]).fillna(""))
            rows = rows[who.str.contains(spec.originator, case=False, regex=False)]
        parts.append(_figure_dates(rows, TABLES[table]).assign(**{TABLE_COLUMN: table}))
    if not parts:
        return pd.DataFrame(columns=SERIES_ROW_COLUMNS)
    return pd.concat(parts, ignore_index=True)[SERIES_ROW_COLUMNS]


def _figure_dates(rows: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """When each figure stands: the end of its window, or its as-of date to the end of its precision."""
    timing = schema.timing
    assert timing is not None, schema.name
    starts = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[us]")
    ends = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[us]")
    precisions = pd.Series("day", index=rows.index, dtype=object)
    labels = pd.Series("", index=rows.index, dtype=object)
    if timing.as_of:
        snap = rows[timing.as_of].notna()
        precision = rows[timing.precision] if timing.precision else pd.Series("day", index=rows.index)
        starts[snap] = rows.loc[snap, timing.as_of]
        ends[snap] = precision_end(rows.loc[snap, timing.as_of], precision[snap])
        precisions[snap] = precision[snap]
        labels[snap] = [format_date(d, p) for d, p in zip(rows.loc[snap, timing.as_of], precision[snap])]
    if timing.start and timing.end:
        window = rows[timing.start].notna() & rows[timing.end].notna()
        starts[window] = rows.loc[window, timing.start]
        ends[window] = rows.loc[window, timing.end]
        precisions[window] = "window"
        labels[window] = [describe_window(s, e) for s, e in zip(rows.loc[window, timing.start],
                                                                 rows.loc[window, timing.end])]
    return rows.assign(figure_start=starts, figure_end=ends, figure_precision=precisions,
                       figure_label=labels).rename(columns={schema.id_column: "record_id"})


def series_status(spec: Series, frames: Mapping[str, pd.DataFrame], reference: pd.Timestamp | str
                  ) -> SeriesStatus | None:
    """The newest figure of a series and whether, on the reference date, it is older than the series' rhythm.

    The reference date is today, or the end of the period on screen: a period that ends before the newest
    figure is never stale. None when the series has no rows (a table missing or broken).
    """
    rows = series_rows(spec, frames).dropna(subset=["figure_end"])
    if rows.empty:
        return None
    newest = rows.sort_values("figure_end", kind="stable").iloc[-1]
    days = int((pd.Timestamp(reference) - newest["figure_end"]).days)
    stale = days > spec.stale_after_days
    sentence = _(STALE_SENTENCES[spec.noun]).format(date=newest["figure_label"]) if stale else None
    return SeriesStatus(spec.name, spec.label, newest["figure_label"], newest["figure_end"], newest["record_id"],
                        newest[TABLE_COLUMN], newest["source_id"], days, stale, spec.rhythm, sentence,
                        newest["figure_start"], newest["figure_precision"])


def newest_figures(frames: Mapping[str, pd.DataFrame], reference: pd.Timestamp | str) -> list[SeriesStatus]:
    """Every declared series' newest figure and staleness, for the sidebar's 'data as of' and the notes."""
    return [status for spec in SERIES if (status := series_status(spec, frames, reference)) is not None]


def status_for(name: str, frames: Mapping[str, pd.DataFrame], reference: pd.Timestamp | str) -> SeriesStatus | None:
    """The status of one declared series by name (KeyError for an unknown name)."""
    specs = {spec.name: spec for spec in SERIES}
    return series_status(specs[name], frames, reference)


# What each chart, slide and card draws, by its key (views' ChartView.key, deck's Slide.key): the series whose
# staleness is said under it. A key not listed has no series that can stop (events, sentences, estimates).
VIEW_SERIES: dict[str, tuple[str, ...]] = {
    "requests": ("idite_lesom_requests",),
    "helped": ("idite_lesom_helped",),
    "court_cumulative": ("mediazona_court_counts",),
    "court_annual": ("mediazona_court_counts",),
    "court_monthly": ("mediazona_court_counts",),
    "court_regions": ("mediazona_court_counts",),
    "official_counts": ("official_convictions", "mediazona_court_counts"),
    "court": ("mediazona_court_counts",),
    "headlines": ("idite_lesom_requests", "mediazona_court_counts"),
    # Headline cards, by the label they carry when empty (headlines.overview_headlines)
    "Requests to Idite Lesom for help to desert": ("idite_lesom_requests",),
    "AWOL cases (Art. 337) received by courts": ("mediazona_court_counts",),
    "Court cases received, running total": ("mediazona_court_counts",),
}
assert {n for names in VIEW_SERIES.values() for n in names} <= {s.name for s in SERIES}, "VIEW_SERIES names SERIES"


def stale_notes(key: str, frames: Mapping[str, pd.DataFrame], reference: pd.Timestamp | str,
                period_end: pd.Timestamp | None = None) -> list[str]:
    """The staleness sentences to show under the chart, slide or card `key`, one per stale series it draws:
    "Mediazona's court counts: no newer count found since May 2025; published about twice a year." (in the
    current language)

    `reference` is today. A period that ends before a series' newest figure misses nothing of it, so that
    series says nothing there. Never a figure: only the date of the newest one. Empty for an unknown key.
    """
    wanted = {name: status_for(name, frames, reference) for name in VIEW_SERIES.get(key, ())}
    return stale_notes_from(key, {name: status for name, status in wanted.items() if status is not None}, period_end)


def stale_notes_from(key: str, statuses: Mapping[str, SeriesStatus], period_end: pd.Timestamp | None = None
                     ) -> list[str]:
    """`stale_notes` from statuses already computed (by series name): a page computes `newest_figures` once per
    version of the data and day, not once per chart and run (it cost two thirds of a period change)."""
    notes = []
    for name in VIEW_SERIES.get(key, ()):
        status = statuses.get(name)
        if status is None or not status.stale or (period_end is not None and period_end < status.newest_end):
            continue
        sentence = (status.sentence or "").rstrip(".")
        notes.append(_("{series}: {sentence}; published {rhythm}.").format(
            series=_(status.label), sentence=sentence[:1].lower() + sentence[1:], rhythm=_(status.rhythm)))
    return notes


PUBLISHED_PARAM = "published"
FIRST_PUBLICATION = pd.Timestamp("2022-01-01")


def parse_published_on(values: list[str], today: pd.Timestamp) -> pd.Timestamp | None:
    """The 'as published on' date of a link (?published=2024-01-15), or None for today, a missing, malformed or
    out-of-range value (before 2022 or not before today): a bad link shows the counts as published now."""
    if len(values) != 1 or len(values[0]) != 10:
        return None
    try:
        date = pd.Timestamp(values[0])
    except (ValueError, OverflowError):
        return None
    return date if FIRST_PUBLICATION <= date < today.normalize() else None
