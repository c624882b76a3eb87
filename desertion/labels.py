"""Every reader-facing label and badge for the schema's vocabularies, in one place.

Tables, charts, headlines, slides and pages show a code from the data ("337", "cases_received",
"second_hand") through these mappings, never by typing the words again, so a wording changes once here
(and a translation will hook in here, keyed by the same codes). Badges are (label, colour) pairs for
Streamlit's `:colour-badge[label]`; they are our own words, never data text.
"""

from __future__ import annotations

ARTICLE_LABELS = {
    "337": "Art. 337 AWOL",
    "338": "Art. 338 desertion",
    "332": "Art. 332 disobeying orders",
    "334": "Art. 334 violence against a superior",
    "352.1": "Art. 352.1 voluntary surrender",
    "all": "All refusal articles",
}
MEASURE_LABELS = {
    "cases_received": "cases received by courts",
    "verdicts": "verdicts",
    "people_charged": "people charged",
    "people_sentenced": "people sentenced",
}
SCOPE_LABELS = {
    "since_mobilisation": "since mobilisation (21 Sep 2022)",
    "since_invasion": "since the full-scale invasion (24 Feb 2022)",
}
METRIC_LABELS = {
    "desertion_requests": "requests for help to desert",
    "all_requests": "requests of all kinds",
    "desertion_requests_share": "desertion requests, % of all requests",
    "servicemen_counselled": "servicemen counselled",
    "deserters_helped": "deserters helped",
    "deserters_helped_cumulative": "deserters helped, running total",
    "people_helped_cumulative": "people helped in any way, running total",
    "draft_avoidance_helped_cumulative": "people helped to avoid the draft, running total",
}
GRADE_LABELS = {
    "A": "A: originating outlet",
    "B": "B: reputable re-report",
    "C": "C: mirror or aggregator, treat with caution",
    "U": "U: unverified",
}
KIND_LABELS = {"verbatim": "verbatim", "translation": "translation", "paraphrase": "paraphrase, not a direct quote"}
VERIFICATION_LABELS = {
    "verified": "verified at the publishing outlet",
    "second_hand": "second-hand: relayed by a mirror or aggregator",
    "unverified": "unverified: no source confirms it",
}
VERIFICATION_BADGES = {"verified": ("verified", "green"), "second_hand": ("second-hand", "orange"),
                       "unverified": ("unverified", "red")}
STATUS_BADGES = {"confirmed": ("confirmed", "green"), "expert_opinion": ("supported by expert opinion", "blue"),
                 "misattributed": ("misattributed", "orange"), "date_corrected": ("date corrected", "orange"),
                 "unsupported": ("unsupported", "red"), "unverified": ("unverified: origin unknown", "red"),
                 "speculation": ("the article's own speculation", "violet")}
UNKNOWN_STATUS_COLOUR = "gray"
EVENT_CATEGORY_LABELS = {"mobilisation": "mobilisation", "law": "law (passed or signed)",
                         "proposal": "proposal (not yet law)", "offensive": "offensive", "ngo": "Idite Lesom and NGOs",
                         "court": "courts", "other": "other"}
OFFICIAL_BODY_LABELS = {"judicial_department": "Judicial Department (Supreme Court)",
                        "prosecutor_general": "Prosecutor General (legal-statistics portal)",
                        "court": "one court's own figures"}
OFFENCE_LABELS = {"all_crimes": "all crimes by servicemen", "chapter_33": "Chapter 33: crimes against military service",
                  "337": "Art. 337 AWOL", "337_part_5": "Art. 337 part 5: AWOL over a month in wartime"}
OFFICIAL_MEASURE_LABELS = {"servicemen_convicted": "servicemen convicted", "servicemen_custodial":
                           "servicemen given custodial sentences", "crimes_registered": "crimes registered",
                           "cases": "cases (received or decided: not said)", "cases_received": "cases received by the court"}

ESTIMATOR_TYPE_LABELS = {"osint": "OSINT group", "intelligence": "intelligence service", "leak": "leaked list",
                         "investigation": "media investigation"}
# estimates.metric is free text (the schema allows any snake_case name): each name shipped has its words here,
# and a test fails when a new one is added without them.
ESTIMATE_METRIC_LABELS = {
    "wanted_list": "servicemen on a wanted list",
    "names_verified": "servicemen named as deserters or AWOL on leaked lists",
    "deserters_listed": "deserters listed in leaked documents",
    "deserters_projected": "deserters projected for the year",
    "deserters_estimated": "deserters, estimated",
    "awol_estimated": "servicemen absent without leave, estimated",
    "awol_cases_possibly_opened": "AWOL criminal cases that may have been opened",
    "deserters_on_one_list": "deserters on one leaked list",
    "desertion_cases_in_one_document": "desertion cases in one leaked document",
}
# Each table by what it holds, for a reader (the change log and the sources list name tables this way).
TABLE_LABELS = {
    "sources": "Sources", "idite_lesom": "Idite Lesom's figures", "court_cumulative": "Mediazona's running totals",
    "court_counts": "Mediazona's counts by reporting window", "sentences": "Notable sentences", "events": "Events",
    "quotes": "Quotes", "claims": "The fact-check's claims", "estimates": "Estimates (not court counts)",
    "official_counts": "Official statistics", "court_regions": "Mediazona's counts by region",
    "sentence_patterns": "Sentencing patterns", "court_records": "Row-level court records",
}


def status_badge(status: str) -> tuple[str, str]:
    """The (label, colour) badge of a claim status; a status this file does not know shows as itself, in grey,
    instead of failing the page (escape the label before it reaches Markdown)."""
    return STATUS_BADGES.get(status, (str(status).replace("_", " "), UNKNOWN_STATUS_COLOUR))

