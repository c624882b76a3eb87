"""Data exports that are safe to open and carry their period and sources; atomic file writes.

Text cells a spreadsheet would run as formulas are neutralised: in CSV with a leading apostrophe (the only
defence a CSV has), in XLSX by storing them as text cells, so Excel shows them exactly as written.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from desertion.periods import Period, filter_table
from desertion.provenance import DASHBOARD_NAME, ids_in, sources_line, view_citation
from desertion.schema import TABLES

# A spreadsheet treats a cell starting with these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a formula-like text cell with an apostrophe, which spreadsheets show but do not evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private; give it the old file's mode, or what a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def period_tables(frames: dict[str, pd.DataFrame], period: Period) -> dict[str, pd.DataFrame]:
    """Every table narrowed to the period (with its in_period mark), and the sources those rows cite."""
    chosen = {name: filter_table(TABLES[name].timing, frame, period)
              for name, frame in frames.items() if name != "sources" and name in TABLES}
    if "sources" in frames:
        ids = set(ids_in(chosen.values()))
        chosen = {"sources": frames["sources"][frames["sources"]["source_id"].isin(ids)], **chosen}
    return chosen


CSV_SAFETY = "text cells starting with =, +, -, @, tab or carriage return are prefixed with '"
XLSX_SAFETY = "every text cell is stored as text, so a spreadsheet never runs it as a formula"


def metadata(period: Period, period_label: str, version: str, sources: pd.DataFrame,
             safety: str = CSV_SAFETY) -> dict[str, str]:
    """What travels with exported data: the period, when and from what it was made, how to cite it."""
    now = pd.Timestamp.now()
    return {
        "dataset": DASHBOARD_NAME,
        "version": version,
        "period": f"{period_label} ({period.from_month} to {period.to_month}, months inclusive)",
        "period_rule": "rows wholly inside the period have in_period=inside; rows only overlapping it are "
                       "included with in_period='partly outside' and are not pro-rated",
        "generated": now.strftime("%Y-%m-%d %H:%M"),
        "citation": view_citation(period_label, sources, version, now),
        "sources": sources_line(sources),
        "spreadsheet_safety": safety,
    }


def data_zip(frames: dict[str, pd.DataFrame], period: Period, period_label: str, version: str) -> bytes:
    """A ZIP of spreadsheet-safe CSVs (one per table, sources included) and a metadata.json sidecar."""
    chosen = period_tables(frames, period)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in chosen.items():
            archive.writestr(f"{name}.csv", to_safe_csv(frame))
        meta = metadata(period, period_label, version, chosen.get("sources", pd.DataFrame()))
        archive.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def data_xlsx(frames: dict[str, pd.DataFrame], period: Period, period_label: str, version: str) -> bytes:
    """An Excel workbook: an 'About' sheet with period, sources and citation, then one sheet per table."""
    chosen = period_tables(frames, period)
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
