"""Quote search and facets."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import quotes
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


def test_the_byline_names_who_and_when_leaving_out_empty_fields():
    quote = pd.Series({"speaker": "Speaker One", "role": None, "organisation": "Organisation One",
                       "date": pd.Timestamp("2023-12-01"), "date_precision": "month"})
    assert quotes.byline(quote) == "Speaker One, Organisation One · Dec 2023"
    with_role = quote.copy()
    with_role["role"] = "spokeswoman"
    assert quotes.byline(with_role) == "Speaker One, spokeswoman, Organisation One · Dec 2023"
    assert quotes.byline(with_role, role=False, separator=", ") == "Speaker One, Organisation One, Dec 2023"
