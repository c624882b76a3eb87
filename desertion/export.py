"""Exports that are safe to open: CSV cells a spreadsheet would run as formulas are neutralised."""

from __future__ import annotations

import pandas as pd

# A spreadsheet treats a cell starting with these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a formula-like text cell with an apostrophe, which spreadsheets show but do not evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads Cyrillic correctly), ISO dates, formula cells neutralised."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].astype(object).map(neutralise_cell)
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
