"""Every table's columns, types, allowed values and meaning, declared once.

This module is the single description of the data: the loader validates against it, the data
dictionary in docs/data-dictionary.md is generated from it (`python -m desertion docs`), and the tests read it
to build their fixtures. Change a table here and all three follow. The parts a declaration is made of (the
kinds of cell, the vocabularies, the rules, and the Column, Timing and TableSchema types) live in
`column_types.py` and are importable from here as well.
"""

from __future__ import annotations

from desertion.column_types import (  # noqa: F401  (the declarations' parts are re-exported: import either module)
    ARTICLES, CLAIM_STATUSES, COURT_MEASURES, ESTIMATOR_TYPES, EVENT_CATEGORIES, GRADES, IDITE_LESOM_METRICS,
    KIND_EXPECTED, MAX_TEXT_LENGTH, MAX_URL_LENGTH, OFFICIAL_BODIES, OFFICIAL_MEASURES, OFFICIAL_OFFENCES,
    PRECISIONS, QUOTE_KINDS, QUOTE_TOPICS, RULES, SCOPES, SENTENCE_ARTICLES, SENTENCE_OUTCOMES, SENTENCED_GROUPS,
    SERIES_KINDS, URL_PATTERN, VERIFICATION, Column, Kind, TableSchema, Timing, TRANSLATORS, QUOTE_LANGUAGES,
    OTHER_ORIGINAL_LANGUAGES,
)


def _id(name: str, doc: str) -> Column:
    return Column(name, "id", doc)


def _source() -> Column:
    return Column("source_id", "source_ref", "Where the figure was read: a row of sources.csv.")


def _note() -> Column:
    return Column("note", "text", "Caveats: revisions, contradictions, inferred dates, scope doubts.", required=False)


def _notes() -> tuple[Column, ...]:
    """A row's note and its Russian (`note_ru`), which russian_where_english requires wherever the note is
    filled: tables, point cards and source lists show the note, and a Russian page must not fall back to it."""
    return _with_ru(_note())


COURT_COUNT_DOC = "The count (a lower bound: courts publish late)."


def _ru(english: Column, doc: str = "") -> Column:
    """The Russian text of an English column, declared beside it: `title` -> `title_ru`, as long as the English
    may be. Required wherever the English is filled (the rule russian_where_english), so a Russian page never
    falls back to English for a row; names and courts are written in Cyrillic as Russian media write them."""
    return Column(f"{english.name}_ru", "text", doc or f"`{english.name}` in Russian (by this project).",
                  required=english.required, max_length=english.max_length, translation_of=english.name)


def _with_ru(*columns: Column) -> tuple[Column, ...]:
    """Each column followed by its Russian column."""
    return tuple(c for col in columns for c in (col, _ru(col)))


def _figure(kind: Kind, doc: str, *qualifiers: Column) -> tuple[Column, ...]:
    """A reported figure's columns, in the order every table of figures has them: the value, what qualifies
    the value itself (a unit, a sample size), whether the source says 'about' or 'at least', where it was
    read, and a note. Declared once, so a table of figures cannot lose its flags or its source."""
    return (
        Column("value", kind, doc),
        *qualifiers,
        Column("approximate", "bool", "The source gives the figure as 'about', '~' or 'nearly'."),
        Column("lower_bound", "bool", "The source gives the figure as 'more than' or 'at least'."),
        _source(),
        *_notes(),
    )


def _as_of(doc: str) -> tuple[Column, ...]:
    """A running count's date and how exact it is."""
    return (Column("as_of", "date", doc), Column("as_of_precision", "enum", "How exact `as_of` is.", allowed=PRECISIONS))


def _scope() -> Column:
    return Column("scope", "enum", "Where the count starts: mobilisation (21 Sep 2022) or the full-scale invasion "
                                   "(24 Feb 2022).", allowed=SCOPES)


def _interval_columns(required: bool) -> tuple[Column, ...]:
    return (
        Column("period_start", "date", "First day of the reporting window (inclusive).", required=required),
        Column("period_end", "date", "Last day of the reporting window (inclusive).", required=required),
    )


SOURCES = TableSchema(
    name="sources",
    doc="Every page a figure, event, quote or claim was read from, with its reliability grade.",
    id_column="source_id",
    columns=(
        _id("source_id", "Stable id that other tables cite."),
        Column("outlet", "text", "Who published the page (a mirror is named as a mirror)."),
        Column("outlet_ru", "text", "The outlet's name as it writes itself in Russian («Медиазона», «Вёрстка»); "
                                    "empty when it has none (The Moscow Times, Reuters): the outlet is then shown.",
               required=False, translation_of="outlet", own_name=True),
        Column("originator", "text", "Whose reporting the page relays, when not the outlet itself.", required=False),
        Column("originator_ru", "text", "`originator` as it writes itself in Russian (Русская служба Би-би-си); empty "
                                        "when it has no Russian name.", required=False, translation_of="originator",
               own_name=True),
        Column("title", "text", "Title of the page."),
        Column("published", "date", "Publication date of the page."),
        Column("published_precision", "enum", "How exact `published` is.", allowed=PRECISIONS),
        Column("url", "url", "Address of the page; the originating outlet's where known.", required=False),
        Column("language", "enum", "Language of the page (ISO 639-1).",
               allowed=("en", "ru", "uk", "de", "fr", "it", "pl", "ro", "bg", "is", "sv", "et", "lv", "es", "pt")),
        Column("grade", "enum", "Reliability: A originating outlet, B reputable re-report, C mirror or aggregator, U unverified.",
               allowed=GRADES),
        *_notes(),
    ),
    rules=("precision_matches_date", "url_unless_unverified", "russian_where_english"),
    date_precision={"published": "published_precision"},
)

IDITE_LESOM = TableSchema(
    name="idite_lesom",
    doc="Idite Lesom's self-reported figures: requests for help by reporting window, and people helped as of a date.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the figure."),
        *_interval_columns(required=False),
        Column("as_of", "date", "Date of a cumulative figure (instead of an interval).", required=False),
        Column("date_precision", "enum", "How exact the row's dates are.", allowed=PRECISIONS),
        Column("metric", "enum", "What is counted.", allowed=IDITE_LESOM_METRICS),
        *_figure("number", "The figure as reported.",
                 Column("unit", "enum", "count, or percent of all requests.", allowed=("count", "percent"))),
    ),
    rules=("interval_or_as_of", "end_after_start", "precision_matches_date", "percent_at_most_100",
           "russian_where_english"),
    date_precision={"period_start": "date_precision", "as_of": "date_precision"},
    timing=Timing(start="period_start", end="period_end", as_of="as_of"),
    series_kind="ngo",
    series_keys=("metric", "unit"),
)

COURT_CUMULATIVE = TableSchema(
    name="court_cumulative",
    doc="Mediazona's cumulative counts of cases in military courts, as of a date, by scope, article and measure.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the figure."),
        *_as_of("Date the running count refers to."),
        _scope(),
        Column("article", "enum", "Criminal Code article (337 AWOL, 338 desertion, 332 disobeying orders, 334 violence "
                                  "against a superior) or all of those the snapshot counts.", allowed=ARTICLES),
        Column("measure", "enum", "What is counted: cases received by courts, verdicts, people charged, people sentenced.",
               allowed=COURT_MEASURES),
        *_figure("int", COURT_COUNT_DOC),
    ),
    rules=("precision_matches_date", "russian_where_english"),
    date_precision={"as_of": "as_of_precision"},
    timing=Timing(as_of="as_of"),
    series_kind="media_count",
    series_keys=("scope", "article", "measure"),
)

COURT_COUNTS = TableSchema(
    name="court_counts",
    doc="Counts of military-court cases within a period (year, half-year, month), by article and measure.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the figure."),
        *_interval_columns(required=True),
        Column("article", "enum", "Criminal Code article, or all refusal-to-serve articles.", allowed=ARTICLES),
        Column("measure", "enum", "What is counted.", allowed=COURT_MEASURES),
        *_figure("int", COURT_COUNT_DOC),
    ),
    rules=("end_after_start", "russian_where_english"),
    timing=Timing(start="period_start", end="period_end"),
    series_kind="media_count",
    series_keys=("article", "measure"),
)

SENTENCES = TableSchema(
    name="sentences",
    doc="Notable individual sentences for AWOL, desertion and refusing to fight, and for voluntary surrender.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the sentence."),
        *_with_ru(Column("person", "text", "Name as reported, or 'unnamed'."),
                  Column("court", "text", "Court as the source names it.")),
        Column("article", "enum", "Criminal Code article, when the source makes it clear (352.1: voluntary "
                                  "surrender).", required=False, allowed=SENTENCE_ARTICLES),
        *_with_ru(Column("charge", "text", "The charge in words.")),
        Column("verdict_date", "date", "Date of the verdict; empty when unknown.", required=False),
        Column("date_precision", "enum", "How exact `verdict_date` is.", allowed=(*PRECISIONS, "unknown")),
        *_with_ru(Column("sentence", "text", "The sentence as reported.")),
        Column("sentence_years", "number", "Length in years, for sorting and comparison; empty when unknown.", required=False),
        Column("suspended", "bool", "Whether the sentence is suspended; empty when unknown.", required=False),
        _source(),
        *_notes(),
    ),
    rules=("precision_matches_date", "unknown_precision_has_no_date", "russian_where_english"),
    date_precision={"verdict_date": "date_precision"},
    timing=Timing(start="verdict_date"),
)

EVENTS = TableSchema(
    name="events",
    doc="Laws, mobilisation, court milestones and NGO events that give the figures context.",
    id_column="event_id",
    columns=(
        _id("event_id", "Stable id of the event."),
        Column("date_start", "date", "When it happened (or began)."),
        Column("date_end", "date", "When it ended, for events that span days.", required=False),
        Column("date_precision", "enum", "How exact the dates are.", allowed=PRECISIONS),
        *_with_ru(Column("title", "text", "Short title.", max_length=200)),
        Column("category", "enum", "Kind of event.", allowed=EVENT_CATEGORIES),
        *_with_ru(Column("description", "text", "What happened, in a sentence or two.")),
        _source(),
    ),
    rules=("end_after_start", "precision_matches_date", "russian_where_english"),
    date_precision={"date_start": "date_precision", "date_end": "date_precision"},
    timing=Timing(start="date_start", end="date_end"),
)

QUOTES = TableSchema(
    name="quotes",
    doc="What the people involved said, with who, when, where, and how far it is verified.",
    id_column="quote_id",
    columns=(
        _id("quote_id", "Stable id; also the permalink key (?quote=<id>)."),
        Column("date", "date", "When it was said or published."),
        Column("date_precision", "enum", "How exact `date` is.", allowed=PRECISIONS),
        *_with_ru(Column("speaker", "text", "Who said it.", max_length=200),
                  Column("role", "text", "The speaker's role.", required=False, max_length=300),
                  Column("organisation", "text", "The speaker's organisation.", required=False, max_length=300)),
        Column("language", "enum", "The language the source printed the quote in: its original as far as our "
                                   "sources show. The text in the other language is a translation.",
               allowed=QUOTE_LANGUAGES),
        Column("text", "text", "The quote in English: as printed when `language` is en, else a translation."),
        Column("text_translated_by", "enum", "Who translated `text`: the source, or this project; empty when it is "
                                             "the wording the source printed.", required=False, allowed=TRANSLATORS),
        Column("text_ru", "text", "The quote in Russian: as printed when `language` is ru, else a translation.",
               translation_of="text"),
        Column("text_ru_translated_by", "enum", "Who translated `text_ru`: the source, or this project (from the "
                                                "English); empty when it is the wording the source printed.",
               required=False, allowed=TRANSLATORS),
        Column("original_text", "text", "The original wording when it is in neither English nor Russian.",
               required=False),
        Column("original_language", "enum", "Language of `original_text`.", required=False,
               allowed=OTHER_ORIGINAL_LANGUAGES),
        Column("kind", "enum", "Verbatim, a translation, or a paraphrase.", allowed=QUOTE_KINDS),
        Column("topics", "tags", "What it is about.", allowed=QUOTE_TOPICS),
        Column("verification", "enum", "verified at an A/B source, second_hand through a mirror, or unverified.",
               allowed=VERIFICATION),
        _source(),
        _note(),
        _ru(_note(), "`note` in Russian (by this project): shown under the quote on a Russian page."),
    ),
    rules=("precision_matches_date", "original_pair", "russian_where_english", "translation_names_translator"),
    date_precision={"date": "date_precision"},
    timing=Timing(start="date"),
)

CLAIMS = TableSchema(
    name="claims",
    doc="The fact-check of the December 2023 article: each claim, what the sources say, and the verdict.",
    id_column="claim_id",
    columns=(
        _id("claim_id", "Stable id of the claim."),
        *_with_ru(Column("claim", "text", "The claim as the article makes it.")),
        Column("status", "enum", "The verdict.", allowed=CLAIM_STATUSES),
        *_with_ru(Column("finding", "text", "What the sources say."),
                  Column("correction", "text", "How the dashboard states it instead.", required=False)),
        Column("source_ids", "source_refs", "The sources checked."),
        *_notes(),
    ),
    rules=("russian_where_english",),
)

ESTIMATES = TableSchema(
    name="estimates",
    doc="Estimates, leaks and intelligence claims that are not court counts; always shown as estimates, with who made them.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the estimate."),
        *_interval_columns(required=False),
        Column("as_of", "date", "Date of a running total (instead of an interval).", required=False),
        Column("date_precision", "enum", "How exact the row's dates are.", allowed=PRECISIONS),
        *_with_ru(Column("estimator", "text", "Who made the estimate.", max_length=300)),
        Column("estimator_type", "enum", "OSINT group, intelligence service, leaked list, or media investigation.",
               allowed=ESTIMATOR_TYPES),
        Column("party_to_war", "bool", "The estimator belongs to a party to the war."),
        Column("metric", "text", "What is estimated (snake_case).", max_length=100),
        *_figure("int", "The estimate."),
    ),
    rules=("interval_or_as_of", "end_after_start", "precision_matches_date", "russian_where_english"),
    date_precision={"period_start": "date_precision", "as_of": "date_precision"},
    timing=Timing(start="period_start", end="period_end", as_of="as_of"),
    series_kind="estimate",
    series_keys=("estimator", "metric"),
)

OFFICIAL_COUNTS = TableSchema(
    name="official_counts",
    doc="Official statistics on servicemen and crimes against military service (the Supreme Court's Judicial "
        "Department, the Prosecutor General, a court's own figures), by year; never added to media counts.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the figure."),
        *_interval_columns(required=True),
        Column("body", "enum", "Whose statistics: the Judicial Department, the Prosecutor General's portal, or one "
                               "court's own figures.", allowed=OFFICIAL_BODIES),
        Column("court", "text", "The court, when the figure is one court's.", required=False, max_length=200),
        Column("region", "text", "The region the figure covers, when it is not all of Russia.", required=False,
               max_length=200),
        Column("offences", "enum", "Which offences: all crimes, Chapter 33 (crimes against military service), "
                                   "Art. 337 (AWOL), or Art. 337 part 5 (AWOL over a month in wartime).",
               allowed=OFFICIAL_OFFENCES),
        Column("measure", "enum", "What is counted: servicemen convicted, servicemen given custodial sentences, "
                                  "crimes registered, cases (the source does not say received or decided), cases "
                                  "received by a court.", allowed=OFFICIAL_MEASURES),
        *_figure("int", "The figure as reported."),
    ),
    rules=("end_after_start", "russian_where_english"),
    timing=Timing(start="period_start", end="period_end", sets_bounds=False),
    series_kind="official",
    series_keys=("body", "court", "offences", "measure"),
)

COURT_REGIONS = TableSchema(
    name="court_regions",
    doc="Media counts of military-court cases in one region, as of a date: for ranking regions, never summed "
        "into a national total.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the figure."),
        *_as_of("Date the running count refers to."),
        _scope(),
        # Russian beside the English, as Russian media name the region («Свердловская область»): the chart and table
        # of a Russian page show it; grouping and ranking keep to the English `region`.
        *_with_ru(Column("region", "text", "The region as the source names it.", max_length=200)),
        Column("article", "enum", "Criminal Code article, or all refusal-to-serve articles.", allowed=ARTICLES),
        Column("measure", "enum", "What is counted.", allowed=COURT_MEASURES),
        *_figure("int", COURT_COUNT_DOC),
    ),
    rules=("precision_matches_date", "russian_where_english"),
    date_precision={"as_of": "as_of_precision"},
    timing=Timing(as_of="as_of"),
    series_kind="media_count",
    series_keys=("scope", "region", "article", "measure"),
)

SENTENCE_PATTERNS = TableSchema(
    name="sentence_patterns",
    doc="How military courts sentenced AWOL and refusal cases, from the verdicts a counter could read: shares and "
        "counts of suspended, custodial and other sentences, as of a date.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the figure."),
        *_as_of("Date of the sample of verdicts (or of the report that gives it)."),
        Column("article", "enum", "Criminal Code article of the sentences, or all refusal-to-serve articles.",
               allowed=ARTICLES),
        Column("sentenced_group", "enum", "Whose sentences: all, mobilised soldiers, or contract soldiers.",
               allowed=SENTENCED_GROUPS),
        Column("outcome", "enum", "The kind of sentence counted.", allowed=SENTENCE_OUTCOMES),
        *_figure("number", "The figure as reported.",
                 Column("unit", "enum", "count of sentences, or percent of the sentences read.",
                        allowed=("count", "percent")),
                 Column("sentences_read", "int", "How many sentences the figure is based on, when the source says.",
                        required=False)),
    ),
    rules=("precision_matches_date", "percent_at_most_100", "russian_where_english"),
    date_precision={"as_of": "as_of_precision"},
    timing=Timing(as_of="as_of"),
    series_kind="media_count",
    series_keys=("article", "sentenced_group", "outcome", "unit"),
)

COURT_RECORDS = TableSchema(
    name="court_records",
    doc="Optional row-level court records, one row per case; aggregated by month and article for the charts.",
    id_column="record_id",
    columns=(
        _id("record_id", "Stable id of the case record."),
        Column("date_received", "date", "Date the court received the case."),
        Column("court", "text", "The court.", max_length=200),
        Column("region", "text", "Region of the court.", required=False, max_length=200),
        Column("article", "enum", "Criminal Code article.", allowed=("337", "338", "332", "334")),
        Column("outcome", "enum", "Where the case stands.",
               allowed=("pending", "convicted", "acquitted", "returned", "dismissed", "unknown")),
        Column("sentence_years", "number", "Sentence in years, when convicted.", required=False),
        Column("suspended", "bool", "Whether the sentence is suspended.", required=False),
        _source(),
    ),
    timing=Timing(start="date_received"),
    optional=True,
    series_kind="media_count",
    series_keys=("article",),
)

# Load order matters: sources first, so the others can resolve their source ids.
TABLES: dict[str, TableSchema] = {
    t.name: t
    for t in (SOURCES, IDITE_LESOM, COURT_CUMULATIVE, COURT_COUNTS, SENTENCES, EVENTS, QUOTES, CLAIMS, ESTIMATES,
              OFFICIAL_COUNTS, COURT_REGIONS, SENTENCE_PATTERNS, COURT_RECORDS)
}
