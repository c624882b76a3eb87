"""Reader-facing tables: the validated frames relabelled for people (windows in words, flagged figures).

Pure functions, so pages only hand their output to `st.dataframe` (which shows every cell as text). Headers,
words and the data's own text (notes, names, charges: its Russian columns through `data_text`) are in the
language of the code running now (`i18n.active`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from desertion.data_text import RUSSIAN_SUFFIX, in_reader_language
from desertion.formatting import describe_window, format_date, format_figure
from desertion.i18n.active import _, current, pgettext
from desertion.i18n.catalogue import N_
from desertion.i18n.formats import format_quantity
from desertion.labels import (
    ARTICLE_LABELS,
    ESTIMATE_METRIC_LABELS,
    ESTIMATOR_TYPE_LABELS,
    GRADE_LABELS,
    MEASURE_LABELS,
    METRIC_LABELS,
    OFFENCE_LABELS,
    OFFICIAL_BODY_LABELS,
    OFFICIAL_MEASURE_LABELS,
    SCOPE_LABELS,
    TABLE_LABELS,
    label,
    labels_for,
)
from desertion.headlines import Comparison
from desertion.provenance import outlet_labels, split_refs
from desertion.periods import INSIDE, PARTLY, Period, window_months
from desertion.schema import ARTICLES, TABLES

MONTH_TOLERANCE = 1.01  # a 28- to 31-day month counts as one month
YES_NO = {True: N_("yes"), False: N_("no")}
IN_PERIOD_WORDS = {INSIDE: N_("inside"), PARTLY: N_("partly outside")}
# A sentence's own words a reader sees in the table, each with its Russian column.
SENTENCE_TEXT = ("person", "court", "charge", "sentence")
# A region's name (court_regions): Russian on a Russian page; grouping, ranking and colours keep the English.
REGION_TEXT = ("region",)


def yes_no(values: pd.Series, unknown: str | None = None) -> list[object]:
    """True/False as 'yes'/'no' in the current language; a missing value as `unknown` (when given)."""
    words = values.map(labels_for(YES_NO))
    return (words.fillna(unknown) if unknown is not None else words).to_list()


def in_period_words(frame: pd.DataFrame) -> list[str] | str:
    """Each row's place in the period ('inside', 'partly outside') in the current language."""
    if "in_period" not in frame:
        return _("inside")
    return frame["in_period"].map(labels_for(IN_PERIOD_WORDS)).fillna(frame["in_period"]).to_list()


def when(frame: pd.DataFrame) -> list[str]:
    """Each row's window in words ('Jun–Aug 2023') or its as-of date ('as of 29 Feb 2024')."""
    starts = frame["period_start"] if "period_start" in frame else pd.Series(pd.NaT, index=frame.index)
    ends = frame["period_end"] if "period_end" in frame else starts
    as_of = frame["as_of"] if "as_of" in frame else pd.Series(pd.NaT, index=frame.index)
    precision = frame["date_precision"] if "date_precision" in frame else frame.get("as_of_precision")
    precision = precision if precision is not None else pd.Series("day", index=frame.index)
    as_of_text = _("as of {date}")
    return [describe_window(s, e) if pd.notna(s) else as_of_text.format(date=format_date(a, p))
            for s, e, a, p in zip(starts, ends, as_of, precision)]


def figures(frame: pd.DataFrame) -> list[str]:
    """Each row's value with its qualifier: '>1,000', '≈1,500', '4.3%'."""
    units = frame["unit"] if "unit" in frame else pd.Series("count", index=frame.index)
    return [format_figure(v, bool(a), bool(lb), u)
            for v, a, lb, u in zip(frame["value"], frame["approximate"], frame["lower_bound"], units)]


def reported_windows(series: pd.DataFrame) -> dict[str, Period]:
    """The distinct windows a series was reported for, in time order, keyed by their label."""
    pairs = sorted(set(zip(series["period_start"], series["period_end"])))
    return {describe_window(s, e): Period(s, e) for s, e in pairs}


UNKNOWN_SOURCE = N_("unknown source")
SourcePart = tuple[str, str, str]  # outlet (with whose reporting it relays), publication date, grade letter


def _source_parts(refs: pd.Series, sources: pd.DataFrame) -> list[list[SourcePart]]:
    """Each cell's sources, looked up once: a cell citing several (';') names each in order, an id that
    sources.csv does not list (a broken sources.csv) is an 'unknown source', an empty cell cites none."""
    known = {ref: (outlet, format_date(date, precision), grade) for ref, outlet, date, precision, grade in zip(
        sources["source_id"], outlet_labels(sources), sources["published"], sources["published_precision"],
        sources["grade"])}
    unknown = (_(UNKNOWN_SOURCE), "", "")
    return [[known.get(ref, unknown) for ref in split_refs(str(cell))] if pd.notna(cell) else []
            for cell in refs]


def source_details(refs: pd.Series, sources: pd.DataFrame) -> pd.DataFrame:
    """Each cell's sources as a chart's table shows them: outlet, date and grade in words, one column each.

    `source_names` joins the same three into one column for a page's table; both read `_source_parts`, so
    no reader table shows an internal source id. The column names are keys (English) for the caller to head
    in the reader's language; the grades are in words in the current language."""
    parts = _source_parts(refs, sources)
    outlets, dates, grades = (["; ".join(part[i] for part in cell) for cell in parts] for i in range(3))
    return pd.DataFrame({"Source outlet": outlets, "Source date": dates,
                         "Grade": [label(GRADE_LABELS, g, default=g) for g in grades]}, index=refs.index)


def source_names(frame: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """Each row's source for a reader ('The Moscow Times, 5 Dec 2023 (grade A)'), not its internal id."""
    graded = _("{outlet}, {date} (grade {grade})")
    return ["; ".join(graded.format(outlet=outlet, date=date, grade=grade) if grade else outlet
                      for outlet, date, grade in cell)
            for cell in _source_parts(frame["source_id"], sources)]


def _sourced(frame: pd.DataFrame, sources: pd.DataFrame) -> dict[str, list]:
    """The last two columns of every page table: each row's source in words and its note, in the reader's
    language (`note_ru` on a Russian page: a caveat a reader cannot read does not qualify the figure)."""
    notes = in_reader_language(frame, ("note",))["note"]
    return {_("Source"): source_names(frame, sources), _("Note"): notes.to_list()}


def idite_lesom_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        _("Figure"): frame["metric"].map(labels_for(METRIC_LABELS)).to_list(),
        _("When"): when(frame),
        _("Value"): figures(frame),
        _("In period"): in_period_words(frame),
        **_sourced(frame, sources),
    })


def comparison_table(comparison: Comparison, unit: str) -> pd.DataFrame:
    (label_a, figure_a), (label_b, figure_b) = comparison.figures()
    absolute, relative = comparison.change()
    return pd.DataFrame({_("Window A"): [label_a], f"{unit} A": [figure_a], _("Window B"): [label_b],
                         f"{unit} B": [figure_b], _("Change"): [absolute], _("Change, %"): [relative]})


def court_counts_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    revised = frame["revised_from"] if "revised_from" in frame else pd.Series(pd.NA, index=frame.index)
    return pd.DataFrame({
        _("When"): when(frame),
        _("Article"): frame["article"].map(labels_for(ARTICLE_LABELS)).to_list(),
        _("Measure"): frame["measure"].map(labels_for(MEASURE_LABELS)).to_list(),
        _("Value"): figures(frame),
        _("Revision"): revision_marks(revised, figures(frame)),
        _("In period"): in_period_words(frame),
        **_sourced(frame, sources),
    })


def snapshots_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Mediazona's running counts as of a date, with scope, article and measure in words: the national
    totals (Running totals tab) or, with their region first, a region's (By region tab)."""
    region = {_("Region"): in_reader_language(frame, REGION_TEXT)["region"].to_list()} if "region" in frame else {}
    return pd.DataFrame({
        **region,
        _("As of"): [format_date(d, p) for d, p in zip(frame["as_of"], frame["as_of_precision"])],
        _("Scope"): frame["scope"].map(labels_for(SCOPE_LABELS)).to_list(),
        _("Article"): frame["article"].map(labels_for(ARTICLE_LABELS)).to_list(),
        _("Measure"): frame["measure"].map(labels_for(MEASURE_LABELS)).to_list(),
        _("Value"): figures(frame),
        **_sourced(frame, sources),
    })


def sentences_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    frame = in_reader_language(frame, SENTENCE_TEXT)
    return pd.DataFrame({
        _("Person"): frame["person"].to_list(),
        _("Verdict"): [format_date(d, p) for d, p in zip(frame["verdict_date"], frame["date_precision"])],
        _("Court"): frame["court"].to_list(),
        _("Article"): frame["article"].map(labels_for(ARTICLE_LABELS)).fillna(_("article unclear")).to_list(),
        _("Charge"): frame["charge"].to_list(),
        _("Sentence"): frame["sentence"].to_list(),
        _("Years"): frame["sentence_years"].to_list(),
        _("Suspended"): yes_no(frame["suspended"], unknown=_("unknown")),
        **_sourced(frame, sources),
    })


def estimates_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    frame = in_reader_language(frame, ("estimator",))
    return pd.DataFrame({
        _("Estimate by"): frame["estimator"].to_list(),
        _("Type"): frame["estimator_type"].map(labels_for(ESTIMATOR_TYPE_LABELS)).to_list(),
        _("Party to the war"): yes_no(frame["party_to_war"]),
        pgettext("what an estimate counts", "What"): estimate_metric_names(frame["metric"]),
        _("When"): when(frame),
        _("Value"): figures(frame),
        **_sourced(frame, sources),
    })


def estimate_metric_names(metrics: pd.Series) -> list[str]:
    """What an estimate counts, in words: its label, or (a metric added without one, which a test catches)
    the snake_case name with spaces, never the code itself."""
    return [label(ESTIMATE_METRIC_LABELS, m, default=str(m).replace("_", " ")) for m in metrics]


def filter_sentences(frame: pd.DataFrame, articles: list[str], suspended: str, text: str) -> pd.DataFrame:
    """Sentences by article ('unclear' for none), suspension ('any', 'yes', 'no') and a name/court/charge search
    in either language (a Russian table shows 'Максим Малышев', an English one 'Maxim Malyshev')."""
    rows = frame
    if articles:
        rows = rows[rows["article"].fillna("unclear").isin(articles)]
    if suspended in ("yes", "no"):
        rows = rows[rows["suspended"].fillna(pd.NA).eq(suspended == "yes").fillna(False).astype(bool)]
    if text.strip() and len(rows):
        needle = text.strip().casefold()
        searched = [c + suffix for c in ("person", "court", "charge") for suffix in ("", RUSSIAN_SUFFIX)
                    if c + suffix in rows]
        haystack = rows[searched].fillna("").astype(str).agg(" ".join, axis=1)
        rows = rows[haystack.str.casefold().str.contains(needle, regex=False)]
    return rows


def source_usage(frames: Mapping[str, pd.DataFrame], max_rows: int = 6) -> pd.Series:
    """For each source id, the rows that cite it in words ('Mediazona's counts by reporting window: Art. 337
    AWOL, 2023: 5,096'), each table's rows named up to max_rows, counted beyond."""
    uses: dict[str, list[str]] = {}
    for name, frame in frames.items():
        if name == "sources" or name not in TABLES:
            continue
        for column in ("source_id", "source_ids"):
            if column not in frame:
                continue
            cited = frame[column].dropna().astype(str)
            if column == "source_ids":  # several ids per cell: small tables only
                cited = cited.map(split_refs).explode().dropna()
            groups = cited.groupby(cited, sort=False).groups
            small = [i for rows in groups.values() if len(rows) <= max_rows for i in rows]
            words = describe_rows(name, frame.loc[list(dict.fromkeys(small))])
            for ref, rows in groups.items():
                shown = ("; ".join(words[list(dict.fromkeys(rows))]) if len(rows) <= max_rows
                         else format_quantity(len(rows), "row", language=current()))
                uses.setdefault(str(ref), []).append(f"{label(TABLE_LABELS, name, default=name)}: {shown}")
    return pd.Series({ref: " · ".join(parts) for ref, parts in uses.items()}, dtype="string")


# The columns that name a row for a reader, in order, with the labels of their codes (None: the text as it is).
ROW_NAMES: dict[str, tuple[tuple[str, Mapping[str, str] | None], ...]] = {
    "idite_lesom": (("metric", METRIC_LABELS),), "court_cumulative": (("article", ARTICLE_LABELS),),
    "court_counts": (("article", ARTICLE_LABELS),), "court_regions": (("region", None), ("article", ARTICLE_LABELS)),
    "estimates": (("estimator", None),), "official_counts": (("offences", OFFENCE_LABELS),
                                                              ("measure", OFFICIAL_MEASURE_LABELS)),
    "sentence_patterns": (("article", ARTICLE_LABELS),), "sentences": (("person", None), ("court", None)),
    "events": (("title", None),), "quotes": (("speaker", None),), "claims": (("claim", None),),
    "court_records": (("court", None),),
}


def describe_rows(name: str, frame: pd.DataFrame) -> pd.Series:
    """Each row of a table in the words a reader knows it by, indexed like the frame: what it counts and its
    window and value for a figure ('Art. 337 AWOL, 2023: 5,096'), an event's title, a source's outlet and date.
    What the change log and the sources list name instead of internal row ids."""
    if name == "sources":
        words = [", ".join(part[:2]) for cell in _source_parts(frame["source_id"], frame) for part in cell]
        return pd.Series(words, index=frame.index, dtype=object)
    # The data's own words (a region, an event's title) in the reader's language; coded columns through labels.
    frame = in_reader_language(frame, tuple(column for column, labels in ROW_NAMES.get(name, ()) if labels is None))
    names = [frame[column].map(labels_for(labels)).fillna(frame[column]) if labels else frame[column]
             for column, labels in ROW_NAMES.get(name, ()) if column in frame]
    words = [", ".join(str(part) for part in parts if pd.notna(part) and str(part))
             for parts in zip(*names)] if names else [_("a row")] * len(frame)
    if "value" in frame:
        words = [f"{w}, {window}: {value}" for w, window, value in zip(words, when(frame), figures(frame))]
    return pd.Series(words, index=frame.index, dtype=object)


def split_by_window(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(windows longer than a month, single months), each in article order, for the two count charts."""
    order = {a: i for i, a in enumerate(ARTICLES)}
    rows = frame.sort_values("article", key=lambda s: s.map(order), kind="stable")
    monthly = window_months(rows["period_start"], rows["period_end"]) <= MONTH_TOLERANCE
    return rows[~monthly], rows[monthly]


def revision_marks(revised_from: pd.Series, values: list[str]) -> list[str]:
    """'revised: 5,024 (published 29 Dec 2023) → 5,096' for a value that replaced earlier ones, else ''."""
    revised = _("revised: {earlier} → {value}")
    return [revised.format(earlier=earlier, value=value) if isinstance(earlier, str) and earlier else ""
            for earlier, value in zip(revised_from.astype(object).where(revised_from.notna(), None), values)]


def official_counts_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Official figures with what they count (body, offences, measure) in words, for the Official statistics tab."""
    return pd.DataFrame({
        _("When"): when(frame),
        _("Whose statistics"): frame["body"].map(labels_for(OFFICIAL_BODY_LABELS)).fillna(frame["body"]).to_list(),
        _("Court"): frame["court"].fillna("").to_list(),
        _("Offences"): frame["offences"].map(labels_for(OFFENCE_LABELS)).fillna(frame["offences"]).to_list(),
        _("Measure"): frame["measure"].map(labels_for(OFFICIAL_MEASURE_LABELS)).fillna(frame["measure"]).to_list(),
        _("Value"): figures(frame),
        **_sourced(frame, sources),
    })


def changes_table(changes: pd.DataFrame, sources: pd.DataFrame, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The latest data update's lines (updates.latest_update) for readers: the table and the row in words
    (`describe_rows`; a removed row is no longer there to describe), what happened, the source, the note."""
    described = {name: describe_rows(name, frame).set_axis(frame[TABLES[name].id_column].astype(str))
                 for name, frame in frames.items() if name in TABLES and name in set(changes["table"])}
    whole, gone = _("the whole table"), _("a row no longer in the table")
    rows = [(whole if not row_id else described.get(table, pd.Series(dtype=object)).get(row_id, gone))
            for table, row_id in zip(changes["table"].astype(str), changes["row_id"].fillna("").astype(str))]
    return pd.DataFrame({
        _("Table"): [label(TABLE_LABELS, t, default=t) for t in changes["table"].astype(str)],
        pgettext("a change to the data", "What"): changes["change"].map(labels_for(CHANGE_WORDS))
        .fillna(changes["change"]).astype(object).to_list(),
        _("Row"): rows,
        _("Source"): source_names(changes, sources),
        _("Note"): changes["note"].astype(object).to_list(),
    })


# The kinds of change of the change log (changelog.CHANGE_KINDS), in words.
CHANGE_WORDS = {"added": N_("added"), "changed": N_("changed"), "removed": N_("removed")}
