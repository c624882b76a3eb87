"""Spreadsheet-safe CSV exports (the deck, images and the CLI are in test_exports.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import export
from tests.fixtures import tables


@pytest.mark.parametrize("cell", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_formula_cells_are_neutralised(cell):
    csv = export.to_safe_csv(pd.DataFrame({"text": [cell], "n": [-5]})).decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("'")
    assert csv.strip().endswith(",-5")  # numbers stay numbers


def test_safe_csv_keeps_iso_dates_and_cyrillic():
    csv = export.to_safe_csv(tables.quotes()).decode("utf-8-sig")
    assert "2023-12-05" in csv and "Мы лишили" in csv
