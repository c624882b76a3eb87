"""Quote search and facets. Returns plain-text rows; rendering (always as text, never markup) is ui's job."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from desertion.formatting import format_date
from desertion.labels import KIND_LABELS, VERIFICATION_LABELS  # noqa: F401  (re-exported)
from desertion.provenance import split_refs

SEARCHED_COLUMNS = ("text", "original_text", "speaker", "role", "organisation")
BYLINE_COLUMNS = ("speaker", "role", "organisation")


@dataclass(frozen=True)
class QuoteFilter:
    """What the reader asked for; empty facets mean 'any'."""

    query: str = ""
    speakers: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    verification: tuple[str, ...] = ()


def byline(quote: pd.Series, *, role: bool = True, separator: str = " · ") -> str:
    """Who said a quote and when, as plain text: "speaker, role, organisation · date" (empty fields left out).
    A slide leaves the role out for room and separates the date with a comma. The caller escapes it."""
    columns = BYLINE_COLUMNS if role else tuple(c for c in BYLINE_COLUMNS if c != "role")
    who = ", ".join(str(quote[c]) for c in columns if isinstance(quote.get(c), str))
    return f"{who}{separator}{format_date(quote['date'], quote['date_precision'])}"


def normalise(text: str) -> str:
    """Case-insensitive and ё-insensitive form for matching (Russian writers often print е for ё)."""
    return text.casefold().replace("ё", "е")


def search_text(quotes: pd.DataFrame) -> pd.Series:
    """One normalised haystack per quote: the English text, the original, and who said it."""
    parts = [quotes[c].fillna("").astype(str) for c in SEARCHED_COLUMNS if c in quotes]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\n" + part
    return joined.map(normalise)


def topics_of(cell: object) -> list[str]:
    return split_refs(cell) if isinstance(cell, str) else []


def filter_quotes(quotes: pd.DataFrame, wanted: QuoteFilter) -> pd.DataFrame:
    """Quotes matching every word of the query (anywhere in text, original or speaker) and every facet."""
    mask = pd.Series(True, index=quotes.index)
    words = normalise(wanted.query).split()
    if words:
        haystack = search_text(quotes)
        for word in words:
            mask &= haystack.str.contains(word, regex=False)
    for column, values in (("speaker", wanted.speakers), ("organisation", wanted.organisations),
                           ("verification", wanted.verification)):
        if values:
            mask &= quotes[column].isin(values).fillna(False)
    if wanted.topics:
        mask &= quotes["topics"].map(lambda cell: bool(set(topics_of(cell)) & set(wanted.topics))).astype(bool)
    return quotes[mask.to_numpy(dtype=bool)]


def facet_options(quotes: pd.DataFrame) -> dict[str, list[str]]:
    """The values each facet can take, sorted, for the multiselects."""
    topics = sorted({t for cell in quotes["topics"] for t in topics_of(cell)})
    return {
        "speaker": sorted(quotes["speaker"].dropna().unique().tolist()),
        "organisation": sorted(quotes["organisation"].dropna().unique().tolist()),
        "topic": topics,
        "verification": [v for v in VERIFICATION_LABELS if v in set(quotes["verification"])],
    }
