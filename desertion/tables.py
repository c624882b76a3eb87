"""Reader-facing tables: the validated frames relabelled for people (windows in words, flagged figures).

Pure functions, so pages only hand their output to `st.dataframe` (which shows every cell as text).
"""

from __future__ import annotations

import pandas as pd

from desertion.formatting import format_date, format_figure
from desertion.labels import (
    ARTICLE_LABELS,
    MEASURE_LABELS,
    METRIC_LABELS,
    OFFENCE_LABELS,
    OFFICIAL_BODY_LABELS,
    OFFICIAL_MEASURE_LABELS,
    SCOPE_LABELS,
)
from desertion.headlines import Comparison
from desertion.provenance import outlet_label, outlet_labels, source_date, split_refs
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


def source_names(frame: pd.DataFrame, sources: pd.DataFrame | None) -> list[str]:
    """Each row's source for a reader ('The Moscow Times, 5 Dec 2023 (grade A)'), not its internal id; the id
    only when no sources table is given (older callers)."""
    if sources is None:
        return frame["source_id"].to_list()
    by_id = sources.set_index("source_id", drop=False)
    names = {ref: f"{outlet_label(s)}, {source_date(s)} (grade {s['grade']})" for ref, s in by_id.iterrows()}
    return [names.get(ref, "unknown source") for ref in frame["source_id"]]


def idite_lesom_table(frame: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    return pd.DataFrame({
        "Figure": frame["metric"].map(METRIC_LABELS).to_list(),
        "When": when(frame),
        "Value": figures(frame),
        "In period": frame["in_period"].to_list() if "in_period" in frame else "inside",
        "Source": source_names(frame, sources),
        "Note": frame["note"].to_list(),
    })


def comparison_table(comparison: Comparison, unit: str) -> pd.DataFrame:
    (label_a, figure_a), (label_b, figure_b) = comparison.figures()
    absolute, relative = comparison.change()
    return pd.DataFrame({"Window A": [label_a], f"{unit} A": [figure_a], "Window B": [label_b], f"{unit} B": [figure_b],
                         "Change": [absolute], "Change, %": [relative]})


def court_counts_table(frame: pd.DataFrame) -> pd.DataFrame:
    revised = frame["revised_from"] if "revised_from" in frame else pd.Series(pd.NA, index=frame.index)
    return pd.DataFrame({
        "When": when(frame),
        "Article": frame["article"].map(ARTICLE_LABELS).to_list(),
        "Measure": frame["measure"].map(MEASURE_LABELS).to_list(),
        "Value": figures(frame),
        "Revision": revision_marks(revised, figures(frame)),
        "In period": frame["in_period"].to_list() if "in_period" in frame else "inside",
        "Source": frame["source_id"].to_list(),
        "Note": frame["note"].to_list(),
    })


def court_cumulative_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "As of": [format_date(d, p) for d, p in zip(frame["as_of"], frame["as_of_precision"])],
        "Scope": frame["scope"].map(SCOPE_LABELS).to_list(),
        "Article": frame["article"].map(ARTICLE_LABELS).to_list(),
        "Measure": frame["measure"].map(MEASURE_LABELS).to_list(),
        "Value": figures(frame),
        "Source": frame["source_id"].to_list(),
        "Note": frame["note"].to_list(),
    })


def sentences_table(frame: pd.DataFrame) -> pd.DataFrame:
    suspended = frame["suspended"].map({True: "yes", False: "no"}).fillna("unknown")
    return pd.DataFrame({
        "Person": frame["person"].to_list(),
        "Verdict": [format_date(d, p) for d, p in zip(frame["verdict_date"], frame["date_precision"])],
        "Court": frame["court"].to_list(),
        "Article": frame["article"].fillna("unclear").to_list(),
        "Charge": frame["charge"].to_list(),
        "Sentence": frame["sentence"].to_list(),
        "Years": frame["sentence_years"].to_list(),
        "Suspended": suspended.to_list(),
        "Source": frame["source_id"].to_list(),
        "Note": frame["note"].to_list(),
    })


def estimates_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Estimate by": frame["estimator"].to_list(),
        "Type": frame["estimator_type"].to_list(),
        "Party to the war": frame["party_to_war"].map({True: "yes", False: "no"}).to_list(),
        "What": frame["metric"].str.replace("_", " ").to_list(),
        "When": when(frame),
        "Value": figures(frame),
        "Source": frame["source_id"].to_list(),
        "Note": frame["note"].to_list(),
    })


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


def source_usage(frames: dict[str, pd.DataFrame], max_ids: int = 12) -> pd.Series:
    """For each source id, the rows that cite it ('court_counts: y2021, y2022'; a count beyond max_ids)."""
    uses: dict[str, list[str]] = {}
    for name, frame in frames.items():
        if name == "sources" or name not in TABLES:
            continue
        id_col = TABLES[name].id_column
        for column in ("source_id", "source_ids"):
            if column not in frame:
                continue
            cited = frame[[id_col, column]].dropna()
            if column == "source_ids":  # several ids per cell: small tables only
                cited = cited.assign(**{column: cited[column].map(split_refs)}).explode(column)
            for ref, ids in cited.groupby(column, sort=False)[id_col]:
                shown = ", ".join(ids.astype(str)) if len(ids) <= max_ids else f"{len(ids):,} rows"
                uses.setdefault(str(ref), []).append(f"{name}: {shown}")
    return pd.Series({ref: "; ".join(parts) for ref, parts in uses.items()}, dtype="string")


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


def official_counts_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Official figures with what they count (body, offences, measure) in words, for the Official statistics tab."""
    return pd.DataFrame({
        "When": when(frame),
        "Whose statistics": frame["body"].map(OFFICIAL_BODY_LABELS).fillna(frame["body"]).to_list(),
        "Court": frame["court"].fillna("").to_list(),
        "Offences": frame["offences"].map(OFFENCE_LABELS).fillna(frame["offences"]).to_list(),
        "Measure": frame["measure"].map(OFFICIAL_MEASURE_LABELS).fillna(frame["measure"]).to_list(),
        "Value": figures(frame),
        "Source": frame["source_id"].to_list(),
        "Note": frame["note"].to_list(),
    })


def court_regions_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts by region, with their date, scope, article and measure, for the By region tab."""
    return pd.DataFrame({
        "Region": frame["region"].to_list(),
        "As of": [format_date(d, p) for d, p in zip(frame["as_of"], frame["as_of_precision"])],
        "Scope": frame["scope"].map(SCOPE_LABELS).to_list(),
        "Article": frame["article"].map(ARTICLE_LABELS).to_list(),
        "Measure": frame["measure"].map(MEASURE_LABELS).to_list(),
        "Value": figures(frame),
        "Source": frame["source_id"].to_list(),
        "Note": frame["note"].to_list(),
    })


def changes_table(changes: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The latest data update's lines (updates.latest_update) for readers: table, what, row, source outlet, note."""
    outlets = dict(zip(sources["source_id"], outlet_labels(sources))) if not sources.empty else {}
    return pd.DataFrame({
        "Table": changes["table"].astype(object).to_list(),
        "What": changes["change"].astype(object).to_list(),
        "Row": changes["row_id"].astype(object).to_list(),
        "Source": [outlets.get(s, s) for s in changes["source_id"].astype(object)],
        "Note": changes["note"].astype(object).to_list(),
    })
