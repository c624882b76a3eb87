"""Quote search and facets."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import quotes
from desertion.periods import Period
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
def quote_rows(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """Quotes (id, date, topics, verification) on the fixture's columns."""
    base = tables.quotes().iloc[[0] * len(rows)].reset_index(drop=True)
    for column, values in zip(("quote_id", "date", "topics", "verification"), zip(*rows)):
        base[column] = pd.Series(values, dtype=base[column].dtype) if column != "date" else pd.to_datetime(list(values))
    return base


def test_chart_quotes_keep_only_the_charts_subject_verified_first():
    frame = quote_rows(("unv", "2023-10-01", "requests", "unverified"), ("off", "2023-10-02", "morale", "verified"),
                       ("sec", "2023-10-03", "requests", "second_hand"), ("ver", "2023-05-26", "requests;law", "verified"),
                       ("ngo", "2023-10-04", "ngo", "verified"))
    chosen = quotes.chart_quotes(frame, "requests", limit=5)
    # verified before second-hand before unverified; within verified the more relevant topic first
    assert list(chosen["quote_id"]) == ["ver", "ngo", "sec", "unv"]
    assert "off" not in set(chosen["quote_id"])  # not about requests


def test_an_unverified_quote_never_leads():
    frame = quote_rows(("unv", "2023-10-01", "requests", "unverified"), ("off", "2023-10-02", "morale", "verified"))
    assert quotes.chart_quotes(frame, "requests").empty
    assert quotes.chart_quotes(frame.iloc[0:0], "requests").empty


def test_chart_quotes_prefer_the_period_within_a_grade():
    frame = quote_rows(("old", "2023-05-26", "requests", "verified"), ("new", "2025-01-17", "requests", "verified"),
                       ("son", "2023-10-01", "requests", "verified"))
    chosen = quotes.chart_quotes(frame, "requests", period=Period.of_months("2023-09", "2023-11"), limit=3)
    assert list(chosen["quote_id"]) == ["son", "new", "old"]  # inside first, then newest first
    assert list(quotes.chart_quotes(frame, "requests", limit=1)["quote_id"]) == ["new"]


def test_every_chart_subject_names_known_topics():
    from desertion.schema import QUOTE_TOPICS
    for subject, topics in quotes.CHART_TOPICS.items():
        assert topics and set(topics) <= set(QUOTE_TOPICS), subject
