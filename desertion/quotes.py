"""Quote search and facets. Returns plain-text rows; rendering (always as text, never markup) is ui's job."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from desertion.data_text import shown_text
from desertion.i18n.active import current
from desertion.i18n.formats import format_date
from desertion.labels import KIND_LABELS, VERIFICATION_LABELS  # noqa: F401  (re-exported)
from desertion.periods import Period
from desertion.provenance import split_refs

# Both languages' columns: "Свердлин" and "Sverdlin" find the same quotes on either page, and "дезертир" finds
# the quotes whose Russian says «дезертир…».
SEARCHED_COLUMNS = ("text", "text_ru", "original_text", "speaker", "speaker_ru", "role", "role_ru", "organisation",
                    "organisation_ru")
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
    """Who said a quote and when, as plain text: "speaker, role, organisation · date" (empty fields left out),
    in the language of the code running now (names in Cyrillic on a Russian page). A slide leaves the role out
    for room and separates the date with a comma. The caller escapes it."""
    language = current()
    columns = BYLINE_COLUMNS if role else tuple(c for c in BYLINE_COLUMNS if c != "role")
    who = ", ".join(text for c in columns if (text := shown_text(quote, c, language)))
    return f"{who}{separator}{format_date(quote['date'], quote['date_precision'], language=language)}"


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


def facet_labels(quotes: pd.DataFrame, language: str) -> dict[str, dict[str, str]]:
    """How each speaker and organisation facet value reads in `language` (its Russian column on a Russian
    page), for a multiselect's format_func: the values stay the English cells, so a filter is the same in
    both languages."""
    labels: dict[str, dict[str, str]] = {}
    for column in ("speaker", "organisation"):
        rows = quotes.dropna(subset=[column]).drop_duplicates(column)
        labels[column] = {str(row[column]): shown_text(row, column, language) for _, row in rows.iterrows()}
    return labels


def facet_options(quotes: pd.DataFrame) -> dict[str, list[str]]:
    """The values each facet can take, sorted, for the multiselects."""
    topics = sorted({t for cell in quotes["topics"] for t in topics_of(cell)})
    return {
        "speaker": sorted(quotes["speaker"].dropna().unique().tolist()),
        "organisation": sorted(quotes["organisation"].dropna().unique().tolist()),
        "topic": topics,
        "verification": [v for v in VERIFICATION_LABELS if v in set(quotes["verification"])],
    }


# What each chart is about, as quote topics, most relevant first. A quote beside a chart must share one of
# them; the requests chart's key quote is one about requests, then about the group that counts them.
CHART_TOPICS: dict[str, tuple[str, ...]] = {
    "requests": ("requests", "ngo"),
    "helped": ("ngo", "abroad", "estimates"),
    "court": ("courts", "sentencing", "law"),
    "timeline": ("mobilisation", "law", "kidnapping", "foreign_agent"),
}
VERIFICATION_ORDER = {"verified": 0, "second_hand": 1, "unverified": 2}


def chart_quotes(quotes: pd.DataFrame, subject: str, *, period: Period | None = None, limit: int = 3
                 ) -> pd.DataFrame:
    """The quotes to show beside a chart on `subject` (a CHART_TOPICS key), best first.

    Only quotes sharing one of the subject's topics; verified ones first, then second-hand, then unverified;
    within a grade the more relevant topic, then quotes said inside `period`, then the newest. An unverified
    quote never leads: when no verified or second-hand quote is on the subject, none is shown at all (the
    reader gets the empty frame, and the page says so). A KeyError for an unknown subject is a programming
    error."""
    wanted = CHART_TOPICS[subject]
    if quotes.empty:
        return quotes
    relevance = quotes["topics"].map(
        lambda cell: min((wanted.index(t) for t in topics_of(cell) if t in wanted), default=len(wanted)))
    grade = quotes["verification"].map(VERIFICATION_ORDER).fillna(len(VERIFICATION_ORDER))
    outside = (quotes["date"].lt(period.start) | quotes["date"].gt(period.end)) if period is not None else False
    ranked = quotes.assign(_relevance=relevance, _grade=grade, _outside=outside)
    ranked = ranked[ranked["_relevance"] < len(wanted)]
    ranked = ranked.sort_values(["_grade", "_relevance", "_outside", "date"], ascending=[True, True, True, False],
                                kind="stable")
    if ranked.empty or ranked["verification"].iloc[0] == "unverified":
        return quotes.iloc[0:0]
    return ranked.head(limit).drop(columns=["_relevance", "_grade", "_outside"])
