"""Quote search and facets."""

from __future__ import annotations

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
