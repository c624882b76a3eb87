"""What a table declaration is made of: the kinds of cell, the vocabularies (allowed values) of the enumerated
columns, the cross-column rules, and the Column, Timing and TableSchema types.

`schema.py` declares every table with these; the loader checks cells by kind and rule, the data dictionary
explains them, and `labels.py` gives each vocabulary's values their reader-facing words.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Kind = Literal["id", "text", "enum", "int", "number", "bool", "date", "url", "source_ref", "source_refs", "tags"]

PRECISIONS = ("day", "month", "quarter", "year")
GRADES = ("A", "B", "C", "U")
ARTICLES = ("337", "338", "332", "334", "all")
COURT_MEASURES = ("cases_received", "verdicts", "people_charged", "people_sentenced")
SCOPES = ("since_mobilisation", "since_invasion")
# "proposal": a bill or a government proposal that is not (yet) law; a "law" event is a vote or a signature.
EVENT_CATEGORIES = ("mobilisation", "law", "proposal", "offensive", "ngo", "court", "other")
# Art. 352.1 (voluntary surrender, added in 2022) is not a refusal-to-serve article: it appears only on sentences.
SENTENCE_ARTICLES = ("337", "338", "332", "334", "352.1")
# Who made a figure. Figures of different kinds are never summed, stacked or drawn as one series:
# official  state statistics (the Supreme Court's Judicial Department, the Prosecutor General, a court itself);
# media_count  counts of cases on military-court websites by independent media (chiefly Mediazona);
# estimate  estimates, leaks and intelligence claims that are not court counts;
# ngo  figures an NGO reports about its own work (Idite Lesom).
SERIES_KINDS = ("official", "media_count", "estimate", "ngo")
SENTENCE_OUTCOMES = ("suspended", "custodial", "probation", "service_restriction", "fine")
SENTENCED_GROUPS = ("all", "mobilised", "contract")
OFFICIAL_BODIES = ("judicial_department", "prosecutor_general", "court")
OFFICIAL_OFFENCES = ("all_crimes", "chapter_33", "337", "337_part_5")
OFFICIAL_MEASURES = ("servicemen_convicted", "servicemen_custodial", "crimes_registered", "cases", "cases_received")
QUOTE_KINDS = ("verbatim", "translation", "paraphrase")
VERIFICATION = ("verified", "second_hand", "unverified")
CLAIM_STATUSES = ("confirmed", "expert_opinion", "misattributed", "date_corrected", "unsupported", "unverified",
                  "speculation")
QUOTE_TOPICS = (
    "mobilisation", "rotation", "wounded", "requests", "ngo", "courts", "sentencing", "foreign_agent",
    "abroad", "kidnapping", "morale", "recruitment", "secrecy", "law", "estimates",
)
IDITE_LESOM_METRICS = (
    "desertion_requests", "all_requests", "desertion_requests_share", "servicemen_counselled",
    "deserters_helped", "deserters_helped_cumulative", "people_helped_cumulative",
    "draft_avoidance_helped_cumulative",
)
ESTIMATOR_TYPES = ("osint", "intelligence", "leak", "investigation")
# Who translated a quote's wording into the language of its column; an empty cell means the wording is the one
# the source printed in that language (the original, as far as our sources show). A quote's text in a language
# other than the one it was printed in is always a translation, and names its translator:
# source   a translation the source itself published;
# project  a translation by this project (the reader is told so; never shown as the speaker's own words).
TRANSLATORS = ("source", "project")
# The languages a quote's own wording may be kept in: English and Russian in text/text_ru, anything else in
# original_text (a Ukrainian or Norwegian original behind an English quote).
QUOTE_LANGUAGES = ("en", "ru")
OTHER_ORIGINAL_LANGUAGES = ("uk", "de", "fr", "hy", "no")

# Free text longer than this is almost certainly a broken file (a runaway quote), not a note.
MAX_TEXT_LENGTH = 4000
# A cell of kind "url": an http(s) address without spaces, quotes or angle brackets. Links are only ever built
# from addresses that match it in full (loading checks cells; markup checks again before linking).
URL_PATTERN = r"https?://[^\s<>\"'`]+"
MAX_URL_LENGTH = 2000


@dataclass(frozen=True)
class Column:
    """One CSV column: its name, kind, whether it may be empty, and what it means."""

    name: str
    kind: Kind
    doc: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    max_length: int = MAX_TEXT_LENGTH
    # For a Russian column (`title_ru`): the English column it gives in Russian. The rule russian_where_english
    # makes it required wherever that column is filled; `data_text` shows it on a Russian page.
    translation_of: str | None = None
    # A name the outlet gives itself in Russian (`outlet_ru`): empty when it has none, so russian_where_english
    # does not require it (the outlet's own name is then shown); a translation would invent a name.
    own_name: bool = False

    def expected(self) -> str:
        """Say in words what a valid cell looks like; used in error messages and the data dictionary."""
        if self.kind == "enum":
            return "one of " + ", ".join(self.allowed)
        if self.kind == "tags":
            return "';'-separated values from " + ", ".join(self.allowed)
        if self.kind == "text":  # each text column's own limit, not the general default
            return f"text of at most {self.max_length} characters without control characters"
        if self.kind == "url":
            return f"an http:// or https:// address of at most {MAX_URL_LENGTH} characters"
        return KIND_EXPECTED[self.kind]


KIND_EXPECTED: dict[str, str] = {
    "id": "an id of lowercase letters, digits and '-' (e.g. mt-2023-12-05)",
    "int": "a whole number ≥ 0 written with digits only (no spaces, commas or other separators)",
    "number": "a number ≥ 0 written with digits and an optional '.' decimal point",
    "bool": "true or false",
    "date": "an ISO date YYYY-MM-DD",
    "source_ref": "a source_id listed in sources.csv",
    "source_refs": "';'-separated source_ids listed in sources.csv",
}


@dataclass(frozen=True)
class Timing:
    """How a table's rows sit in time, so the period filter treats every table the same way.

    `start`/`end` name an interval's columns; `as_of` names a running total's date column. `precision` names
    the column saying how exact a row's own date is (its as-of date, or a start without an end): "as of Q4
    2023" stands for the whole quarter, so it lies in a period only when the quarter does. A table's schema
    fills it in from its `date_precision`, where it is declared once.

    `sets_bounds` is False for a table whose rows reach back to reference years long before the dashboard's
    subject (official statistics from a 2010 baseline): they do not stretch 'All time', which would start every
    time axis a decade before the first figure about the war. Its chart shows those years as a reference.
    """

    start: str | None = None
    end: str | None = None
    as_of: str | None = None
    precision: str | None = None
    sets_bounds: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for c in (self.start, self.end, self.as_of) if c)


@dataclass(frozen=True)
class TableSchema:
    """A table: its file, the column that identifies a row, its columns and its cross-column rules."""

    name: str
    doc: str
    id_column: str
    columns: tuple[Column, ...]
    rules: tuple[str, ...] = ()
    # Date columns and the column that states their precision.
    date_precision: dict[str, str] = field(default_factory=dict)
    timing: Timing | None = None
    # An optional table may be absent from a data folder; when present it is validated like the others.
    optional: bool = False
    # Whose figures the table holds (one of SERIES_KINDS), for tables of figures; see `desertion.series`.
    series_kind: str | None = None
    # The columns that, with the dates, name one series and window: rows sharing them are publications of the
    # same figure (a revision), never parts to add up.
    series_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Give the timing the precision column its dates are declared with (one column for all of them)."""
        if self.series_kind is not None and self.series_kind not in SERIES_KINDS:
            raise ValueError(f"{self.name}: unknown series kind {self.series_kind!r}")
        if self.timing is None:
            return
        precisions = {self.date_precision[c] for c in self.timing.columns if c in self.date_precision}
        if len(precisions) > 1:
            raise ValueError(f"{self.name}: the timed columns state their precision in different columns")
        object.__setattr__(self, "timing", replace(self.timing, precision=next(iter(precisions), None)))

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


# Cross-column rules, named here so the docs and the loader share one vocabulary.
RULES: dict[str, str] = {
    "interval_or_as_of": "either an interval (period_start and period_end) or a snapshot date (as_of), not both or neither",
    "end_after_start": "an end date on or after the start date (period_end ≥ period_start, date_end ≥ date_start)",
    "precision_matches_date": "the first day of the month, quarter or year when the precision is month, quarter or year",
    "unknown_precision_has_no_date": "an empty date exactly when the precision is 'unknown'",
    "url_unless_unverified": "a url for every source not graded U (only an unverified source may lack an address)",
    "original_pair": "original_text and original_language both given or both empty",
    "russian_where_english": "a Russian text (a column ending in _ru) wherever its English column is filled "
                             "(an outlet's own Russian name only where it has one)",
    "translation_names_translator": "a translator (source or project) for the text in the language the quote "
                                    "was not printed in (text when language is ru, text_ru when it is en), and "
                                    "none for an empty text",
    "percent_at_most_100": "a value of at most 100 when the unit is percent",
}
