"""Data exports that are safe to open and carry their period and sources (atomic writes: `files`).

Text cells a spreadsheet would run as formulas are neutralised: in CSV with a leading apostrophe (the only
defence a CSV has), in XLSX by storing them as text cells, so Excel shows them exactly as written.
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

from desertion.files import FORMULA_STARTS, neutralise_cell, write_atomic  # noqa: F401  (re-exported)
from desertion.periods import Period
from desertion.provenance import DASHBOARD_NAME, sources_line, view_citation
from desertion.selection import Selection

def iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with dates written as ISO strings (the form the CSV tables use)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with ISO date strings and every formula-like text cell neutralised (for CSV)."""
    out = iso_dates(frame)
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].astype(object).map(neutralise_cell)
    return out


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads Cyrillic correctly), ISO dates, formula cells neutralised."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


CSV_SAFETY = "text cells starting with =, +, -, @, tab or carriage return are prefixed with '"
XLSX_SAFETY = "every text cell is stored as text, so a spreadsheet never runs it as a formula"


UNVERIFIED_GRADE = "U"
CITATION_RULE = ("the citation and sources line name the outlets behind the figures; an unverified source "
                 "(grade U, such as the December 2023 article) is listed in sources.csv but never cited")


def cited_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """The sources a citation may name: every one but the unverified (grade U). A U source relays figures
    that other, graded rows carry from the outlets that published them."""
    return sources[sources["grade"] != UNVERIFIED_GRADE] if "grade" in sources else sources


def metadata(period: Period, period_label: str, version: str, sources: pd.DataFrame,
             safety: str = CSV_SAFETY) -> dict[str, str]:
    """What travels with exported data: the period, when and from what it was made, how to cite it (never
    citing an unverified source: `cited_sources`)."""
    now = pd.Timestamp.now()
    sources = cited_sources(sources)
    return {
        "dataset": DASHBOARD_NAME,
        "version": version,
        "period": f"{period_label} ({period.from_month} to {period.to_month}, months inclusive)",
        "period_rule": "rows wholly inside the period have in_period=inside; rows only overlapping it are "
                       "included with in_period='partly outside' and are not pro-rated",
        "generated": now.strftime("%Y-%m-%d %H:%M"),
        "citation": view_citation(period_label, sources, version, now),
        "sources": sources_line(sources),
        "citation_rule": CITATION_RULE,
        "spreadsheet_safety": safety,
    }


def data_zip(sel: Selection, period_label: str = "", version: str = "") -> bytes:
    """A ZIP of spreadsheet-safe CSVs (one per table, sources included) and a metadata.json sidecar."""
    period, chosen = sel.period, sel.in_period()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in chosen.items():
            archive.writestr(f"{name}.csv", to_safe_csv(frame))
        meta = metadata(period, period_label, version, chosen.get("sources", pd.DataFrame()))
        archive.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def data_xlsx(sel: Selection, period_label: str = "", version: str = "") -> bytes:
    """An Excel workbook: an 'About' sheet with period, sources and citation, then one sheet per table."""
    period, chosen = sel.period, sel.in_period()
    meta = metadata(period, period_label, version, chosen.get("sources", pd.DataFrame()), XLSX_SAFETY)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"field": list(meta), "value": list(meta.values())}).to_excel(writer, sheet_name="About", index=False)
        for name, frame in chosen.items():
            iso_dates(frame).to_excel(writer, sheet_name=name[:31], index=False)
        for sheet in writer.book.worksheets:
            store_text_as_text(sheet)
    return buffer.getvalue()


def store_text_as_text(sheet) -> None:
    """Mark every text cell as a string: openpyxl stores a str starting with '=' as a formula otherwise. (The
    CSV apostrophe would be visible text in Excel, so XLSX needs no prefix.)"""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
