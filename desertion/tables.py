"""Reader-facing tables: the validated frames relabelled for people (windows in words, flagged figures).

Pure functions, so pages only hand their output to `st.dataframe` (which shows every cell as text).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from desertion.formatting import format_date, format_figure
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
)
from desertion.headlines import Comparison
from desertion.provenance import outlet_labels, split_refs
from desertion.periods import Period, describe_window, window_months
from desertion.schema import ARTICLES, TABLES

MONTH_TOLERANCE = 1.01  # a 28- to 31-day month counts as one month


def when(frame: pd.DataFrame) -> list[str]:
    """Each row's window in words ('Jun–Aug 2023') or its as-of date ('as of 29 Feb 2024')."""
    starts = frame["period_start"] if "period_start" in frame else pd.Series(pd.NaT, index=frame.index)
    ends = frame["period_end"] if "period_end" in frame else starts
    as_of = frame["as_of"] if "as_of" in frame else pd.Series(pd.NaT, index=frame.index)
    precision = frame["date_precision"] if "date_precision" in frame else frame.get("as_of_precision")
    precision = precision if precision is not None else pd.Series("day", index=frame.index)
    return [describe_window(s, e) if pd.notna(s) else f"as of {format_date(a, p)}"
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


UNKNOWN_SOURCE = "unknown source"
SourcePart = tuple[str, str, str]  # outlet (with whose reporting it relays), publication date, grade letter


def _source_parts(refs: pd.Series, sources: pd.DataFrame) -> list[list[SourcePart]]:
    """Each cell's sources, looked up once: a cell citing several (';') names each in order, an id that
    sources.csv does not list (a broken sources.csv) is an 'unknown source', an empty cell cites none."""
    known = {ref: (outlet, format_date(date, precision), grade) for ref, outlet, date, precision, grade in zip(
        sources["source_id"], outlet_labels(sources), sources["published"], sources["published_precision"],
        sources["grade"])}
    return [[known.get(ref, (UNKNOWN_SOURCE, "", "")) for ref in split_refs(str(cell))] if pd.notna(cell) else []
            for cell in refs]


def source_details(refs: pd.Series, sources: pd.DataFrame) -> pd.DataFrame:
    """Each cell's sources as a chart's table shows them: outlet, date and grade in words, one column each.

    `source_names` joins the same three into one column for a page's table; both read `_source_parts`, so
    no reader table shows an internal source id."""
    parts = _source_parts(refs, sources)
    outlets, dates, grades = (["; ".join(part[i] for part in cell) for cell in parts] for i in range(3))
    return pd.DataFrame({"Source outlet": outlets, "Source date": dates,
                         "Grade": [GRADE_LABELS.get(g, g) for g in grades]}, index=refs.index)


def source_names(frame: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """Each row's source for a reader ('The Moscow Times, 5 Dec 2023 (grade A)'), not its internal id."""
    return ["; ".join(f"{outlet}, {date} (grade {grade})" if grade else outlet for outlet, date, grade in cell)
            for cell in _source_parts(frame["source_id"], sources)]


def _sourced(frame: pd.DataFrame, sources: pd.DataFrame) -> dict[str, list]:
    """The last two columns of every page table: each row's source in words and its note."""
    return {"Source": source_names(frame, sources), "Note": frame["note"].to_list()}


def idite_lesom_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Figure": frame["metric"].map(METRIC_LABELS).to_list(),
        "When": when(frame),
        "Value": figures(frame),
        "In period": frame["in_period"].to_list() if "in_period" in frame else "inside",
        **_sourced(frame, sources),
    })


def comparison_table(comparison: Comparison, unit: str) -> pd.DataFrame:
    (label_a, figure_a), (label_b, figure_b) = comparison.figures()
    absolute, relative = comparison.change()
    return pd.DataFrame({"Window A": [label_a], f"{unit} A": [figure_a], "Window B": [label_b], f"{unit} B": [figure_b],
                         "Change": [absolute], "Change, %": [relative]})


def court_counts_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    revised = frame["revised_from"] if "revised_from" in frame else pd.Series(pd.NA, index=frame.index)
    return pd.DataFrame({
        "When": when(frame),
        "Article": frame["article"].map(ARTICLE_LABELS).to_list(),
        "Measure": frame["measure"].map(MEASURE_LABELS).to_list(),
        "Value": figures(frame),
        "Revision": revision_marks(revised, figures(frame)),
        "In period": frame["in_period"].to_list() if "in_period" in frame else "inside",
        **_sourced(frame, sources),
    })


def snapshots_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Mediazona's running counts as of a date, with scope, article and measure in words: the national
    totals (Running totals tab) or, with their region first, a region's (By region tab)."""
    region = {"Region": frame["region"].to_list()} if "region" in frame else {}
    return pd.DataFrame({
        **region,
        "As of": [format_date(d, p) for d, p in zip(frame["as_of"], frame["as_of_precision"])],
        "Scope": frame["scope"].map(SCOPE_LABELS).to_list(),
        "Article": frame["article"].map(ARTICLE_LABELS).to_list(),
        "Measure": frame["measure"].map(MEASURE_LABELS).to_list(),
        "Value": figures(frame),
        **_sourced(frame, sources),
    })


def sentences_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    suspended = frame["suspended"].map({True: "yes", False: "no"}).fillna("unknown")
    return pd.DataFrame({
        "Person": frame["person"].to_list(),
        "Verdict": [format_date(d, p) for d, p in zip(frame["verdict_date"], frame["date_precision"])],
        "Court": frame["court"].to_list(),
        "Article": frame["article"].map(ARTICLE_LABELS).fillna("article unclear").to_list(),
        "Charge": frame["charge"].to_list(),
        "Sentence": frame["sentence"].to_list(),
        "Years": frame["sentence_years"].to_list(),
        "Suspended": suspended.to_list(),
        **_sourced(frame, sources),
    })


def estimates_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Estimate by": frame["estimator"].to_list(),
        "Type": frame["estimator_type"].map(ESTIMATOR_TYPE_LABELS).to_list(),
        "Party to the war": frame["party_to_war"].map({True: "yes", False: "no"}).to_list(),
        "What": estimate_metric_names(frame["metric"]),
        "When": when(frame),
        "Value": figures(frame),
        **_sourced(frame, sources),
    })


def estimate_metric_names(metrics: pd.Series) -> list[str]:
    """What an estimate counts, in words: its label, or (a metric added without one, which a test catches)
    the snake_case name with spaces, never the code itself."""
    return [ESTIMATE_METRIC_LABELS.get(m, str(m).replace("_", " ")) for m in metrics]


def filter_sentences(frame: pd.DataFrame, articles: list[str], suspended: str, text: str) -> pd.DataFrame:
    """Sentences by article ('unclear' for none), suspension ('any', 'yes', 'no') and a name/court search."""
    rows = frame
    if articles:
        rows = rows[rows["article"].fillna("unclear").isin(articles)]
    if suspended in ("yes", "no"):
        rows = rows[rows["suspended"].fillna(pd.NA).eq(suspended == "yes").fillna(False).astype(bool)]
    if text.strip():
        needle = text.strip().casefold()
        haystack = (rows["person"].fillna("") + " " + rows["court"].fillna("") + " " + rows["charge"].fillna(""))
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
                shown = "; ".join(words[list(dict.fromkeys(rows))]) if len(rows) <= max_rows else f"{len(rows):,} rows"
                uses.setdefault(str(ref), []).append(f"{TABLE_LABELS.get(name, name)}: {shown}")
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
    names = [frame[column].map(labels).fillna(frame[column]) if labels else frame[column]
             for column, labels in ROW_NAMES.get(name, ()) if column in frame]
    words = [", ".join(str(part) for part in parts if pd.notna(part) and str(part))
             for parts in zip(*names)] if names else ["a row"] * len(frame)
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
    return [f"revised: {earlier} → {value}" if isinstance(earlier, str) and earlier else ""
            for earlier, value in zip(revised_from.astype(object).where(revised_from.notna(), None), values)]


def official_counts_table(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Official figures with what they count (body, offences, measure) in words, for the Official statistics tab."""
    return pd.DataFrame({
        "When": when(frame),
        "Whose statistics": frame["body"].map(OFFICIAL_BODY_LABELS).fillna(frame["body"]).to_list(),
        "Court": frame["court"].fillna("").to_list(),
        "Offences": frame["offences"].map(OFFENCE_LABELS).fillna(frame["offences"]).to_list(),
        "Measure": frame["measure"].map(OFFICIAL_MEASURE_LABELS).fillna(frame["measure"]).to_list(),
        "Value": figures(frame),
        **_sourced(frame, sources),
    })


def changes_table(changes: pd.DataFrame, sources: pd.DataFrame, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The latest data update's lines (updates.latest_update) for readers: the table and the row in words
    (`describe_rows`; a removed row is no longer there to describe), what happened, the source, the note."""
    described = {name: describe_rows(name, frame).set_axis(frame[TABLES[name].id_column].astype(str))
                 for name, frame in frames.items() if name in TABLES and name in set(changes["table"])}
    rows = [("the whole table" if not row_id else
             described.get(table, pd.Series(dtype=object)).get(row_id, "a row no longer in the table"))
            for table, row_id in zip(changes["table"].astype(str), changes["row_id"].fillna("").astype(str))]
    return pd.DataFrame({
        "Table": [TABLE_LABELS.get(t, t) for t in changes["table"].astype(str)],
        "What": changes["change"].astype(object).to_list(),
        "Row": rows,
        "Source": source_names(changes, sources),
        "Note": changes["note"].astype(object).to_list(),
    })
