"""Quote search, safe rendering helpers, spreadsheet-safe CSV, sources lines and citations."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import export, quotes
from desertion.formatting import format_change, format_date, format_figure
from tests.fixtures import tables


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"q1", "q2", "q3"}), ("ROTATION", {"q1"}), ("полка", {"q2"}), ("ПОЛКА", {"q2"}),
    ("regiment army", {"q2"}), ("speaker two", {"q2"}), ("nothing-like-this", set()),
])
def test_search_is_case_insensitive_in_english_and_russian(query, expected):
    found = quotes.filter_quotes(tables.quotes(), quotes.QuoteFilter(query=query))
    assert set(found["quote_id"]) == expected


def test_facets_combine():
    frame = tables.quotes()
    assert set(quotes.filter_quotes(frame, quotes.QuoteFilter(topics=("mobilisation",)))["quote_id"]) == {"q1"}
    assert set(quotes.filter_quotes(frame, quotes.QuoteFilter(verification=("unverified", "second_hand")))["quote_id"]) == {"q2", "q3"}
    assert quotes.filter_quotes(frame, quotes.QuoteFilter(speakers=("Speaker One",), topics=("ngo",))).empty
    assert quotes.facet_options(frame)["topic"] == ["estimates", "mobilisation", "ngo", "rotation"]


@pytest.mark.parametrize("cell", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_formula_cells_are_neutralised(cell):
    csv = export.to_safe_csv(pd.DataFrame({"text": [cell], "n": [-5]})).decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("'")
    assert csv.strip().endswith(",-5")  # numbers stay numbers


def test_safe_csv_keeps_iso_dates_and_cyrillic():
    csv = export.to_safe_csv(tables.quotes()).decode("utf-8-sig")
    assert "2023-12-05" in csv and "Мы лишили" in csv


def test_formats():
    assert format_figure(1000, lower_bound=True) == ">1,000"
    assert format_figure(1500, approximate=True) == "≈1,500"
    assert format_figure(4.3, unit="percent") == "4.3%"
    assert format_date(pd.Timestamp("2023-10-01"), "quarter") == "Q4 2023"
    assert format_date(pd.NaT) == "date unknown"
    assert format_change(305, 577) == ("+272", "+89.2%")
    assert format_change(10, 5) == ("−5", "−50.0%")
