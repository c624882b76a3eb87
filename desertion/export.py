"""Data exports that are safe to open and carry their period and sources (atomic writes: `files`).

Text cells a spreadsheet would run as formulas are neutralised: in CSV with a leading apostrophe (the only
defence a CSV has), in XLSX by storing them as text cells, so Excel shows them exactly as written.

The words for a reader (the About sheet's labels, the period, the citation, the rules) are in the language
asked for, or the one active (`desertion.i18n.active`); the metadata's keys and the tables' columns and cells
are the data's own, the same in every language, so a script reads either download alike.
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

from desertion.export_html import dashboard_name
from desertion.files import FORMULA_STARTS, neutralise_cell, write_atomic  # noqa: F401  (re-exported)
from desertion.i18n import N_
from desertion.i18n.active import _, active, current
from desertion.periods import Period
from desertion.provenance import sources_line, view_citation
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


CSV_SAFETY = N_("text cells starting with =, +, -, @, tab or carriage return are prefixed with '")
XLSX_SAFETY = N_("every text cell is stored as text, so a spreadsheet never runs it as a formula")


UNVERIFIED_GRADE = "U"
CITATION_RULE = N_("the citation and sources line name the outlets behind the figures; an unverified source "
                   "(grade U, such as the December 2023 article) is listed in sources.csv but never cited")
PERIOD_RULE = N_("rows wholly inside the period have in_period=inside; rows only overlapping it are "
                 "included with in_period='partly outside' and are not pro-rated")
# The About sheet's name for each metadata key (English: the key itself, as before).
ABOUT_LABELS = {"dataset": N_("dataset"), "version": N_("version"), "period": N_("period"),
                "period_rule": N_("period_rule"), "generated": N_("generated"), "citation": N_("citation"),
                "sources": N_("sources"), "citation_rule": N_("citation_rule"),
                "spreadsheet_safety": N_("spreadsheet_safety")}


def cited_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """The sources a citation may name: every one but the unverified (grade U). A U source relays figures
    that other, graded rows carry from the outlets that published them."""
    return sources[sources["grade"] != UNVERIFIED_GRADE] if "grade" in sources else sources


def metadata(period: Period, period_label: str, version: str, sources: pd.DataFrame,
             safety: str = CSV_SAFETY) -> dict[str, str]:
    """What travels with exported data: the period, when and from what it was made, how to cite it (never
    citing an unverified source: `cited_sources`). Keys for scripts, values in the current language."""
    now = pd.Timestamp.now()
    sources = cited_sources(sources)
    return {
        "dataset": dashboard_name(),
        "version": version,
        "period": _("{period} ({first} to {last}, months inclusive)").format(
            period=period_label, first=period.from_month, last=period.to_month),
        "period_rule": _(PERIOD_RULE),
        "generated": now.strftime("%Y-%m-%d %H:%M"),
        "citation": view_citation(period_label, sources, version, now),
        "sources": sources_line(sources),
        "citation_rule": _(CITATION_RULE),
        "spreadsheet_safety": _(safety),
    }


def data_zip(sel: Selection, period_label: str = "", version: str = "", language: str | None = None) -> bytes:
    """A ZIP of spreadsheet-safe CSVs (one per table, sources included) and a metadata.json sidecar whose
    values are in `language` (default: the active one; a download's callable should pass its page's)."""
    period, chosen = sel.period, sel.in_period()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in chosen.items():
            archive.writestr(f"{name}.csv", to_safe_csv(frame))
        with active(language or current()):
            meta = metadata(period, period_label, version, chosen.get("sources", pd.DataFrame()))
        archive.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def data_xlsx(sel: Selection, period_label: str = "", version: str = "", language: str | None = None) -> bytes:
    """An Excel workbook: an 'About' sheet with period, sources and citation, then one sheet per table. The
    About sheet is in `language` (default: the active one); the tables' sheets keep the data's own names."""
    period, chosen = sel.period, sel.in_period()
    with active(language or current()):
        about = about_sheet(metadata(period, period_label, version, chosen.get("sources", pd.DataFrame()),
                                     XLSX_SAFETY))
        about_name = _("About")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        about.to_excel(writer, sheet_name=about_name[:31], index=False)
        for name, frame in chosen.items():
            iso_dates(frame).to_excel(writer, sheet_name=name[:31], index=False)
        for sheet in writer.book.worksheets:
            store_text_as_text(sheet)
    return buffer.getvalue()


def about_sheet(meta: dict[str, str]) -> pd.DataFrame:
    """The About sheet: each metadata entry by its name for a reader ('period' / 'период'), and its value."""
    return pd.DataFrame({_("field"): [_(ABOUT_LABELS.get(key, key)) for key in meta], _("value"): list(meta.values())})


def store_text_as_text(sheet) -> None:
    """Mark every text cell as a string: openpyxl stores a str starting with '=' as a formula otherwise. (The
    CSV apostrophe would be visible text in Excel, so XLSX needs no prefix.)"""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
