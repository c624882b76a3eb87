"""Every reader-facing label and badge for the schema's vocabularies, in one place.

Tables, charts, headlines, slides and pages show a code from the data ("337", "cases_received",
"second_hand") through these mappings, never by typing the words again, so a wording changes once here
and every label is marked for translation (`N_`) and said in the reader's language where it is shown, by
`label`, `labels_for` or `badge` (never `_()` at import time: that would freeze the importing thread's
language). Badges are (label, colour) pairs for
Streamlit's `:colour-badge[label]`; they are our own words, never data text.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from desertion.i18n.active import _
from desertion.i18n.catalogue import N_

ARTICLE_LABELS = {
    "337": N_("Art. 337 AWOL"),
    "338": N_("Art. 338 desertion"),
    "332": N_("Art. 332 disobeying orders"),
    "334": N_("Art. 334 violence against a superior"),
    "352.1": N_("Art. 352.1 voluntary surrender"),
    "all": N_("All refusal articles"),
}
MEASURE_LABELS = {
    "cases_received": N_("cases received by courts"),
    "verdicts": N_("verdicts"),
    "people_charged": N_("people charged"),
    "people_sentenced": N_("people sentenced"),
}
SCOPE_LABELS = {
    "since_mobilisation": N_("since mobilisation (21 Sep 2022)"),
    "since_invasion": N_("since the full-scale invasion (24 Feb 2022)"),
}
METRIC_LABELS = {
    "desertion_requests": N_("requests for help to desert"),
    "all_requests": N_("requests of all kinds"),
    "desertion_requests_share": N_("desertion requests, % of all requests"),
    "servicemen_counselled": N_("servicemen counselled"),
    "deserters_helped": N_("deserters helped"),
    "deserters_helped_cumulative": N_("deserters helped, running total"),
    "people_helped_cumulative": N_("people helped in any way, running total"),
    "draft_avoidance_helped_cumulative": N_("people helped to avoid the draft, running total"),
}
GRADE_LABELS = {
    "A": N_("A: originating outlet"),
    "B": N_("B: reputable re-report"),
    "C": N_("C: mirror or aggregator, treat with caution"),
    "U": N_("U: unverified"),
}
KIND_LABELS = {"verbatim": N_("verbatim"), "translation": N_("translation"), "paraphrase": N_("paraphrase, not a direct quote")}
VERIFICATION_LABELS = {
    "verified": N_("verified at the publishing outlet"),
    "second_hand": N_("second-hand: relayed by a mirror or aggregator"),
    "unverified": N_("unverified: no source confirms it"),
}
VERIFICATION_BADGES = {"verified": (N_("verified"), "green"), "second_hand": (N_("second-hand"), "orange"),
                       "unverified": (N_("unverified"), "red")}
STATUS_BADGES = {"confirmed": (N_("confirmed"), "green"), "expert_opinion": (N_("supported by expert opinion"), "blue"),
                 "misattributed": (N_("misattributed"), "orange"), "date_corrected": (N_("date corrected"), "orange"),
                 "unsupported": (N_("unsupported"), "red"), "unverified": (N_("unverified: origin unknown"), "red"),
                 "speculation": (N_("the article's own speculation"), "violet")}
UNKNOWN_STATUS_COLOUR = "gray"
EVENT_CATEGORY_LABELS = {"mobilisation": N_("mobilisation"), "law": N_("law (passed or signed)"),
                         "proposal": N_("proposal (not yet law)"), "offensive": N_("offensive"), "ngo": N_("Idite Lesom and NGOs"),
                         "court": N_("courts"), "other": N_("other")}
OFFICIAL_BODY_LABELS = {"judicial_department": N_("Judicial Department (Supreme Court)"),
                        "prosecutor_general": N_("Prosecutor General (legal-statistics portal)"),
                        "court": N_("one court's own figures")}
OFFENCE_LABELS = {"all_crimes": N_("all crimes by servicemen"), "chapter_33": N_("Chapter 33: crimes against military service"),
                  "337": N_("Art. 337 AWOL"), "337_part_5": N_("Art. 337 part 5: AWOL over a month in wartime")}
OFFICIAL_MEASURE_LABELS = {"servicemen_convicted": N_("servicemen convicted"), "servicemen_custodial":
                           N_("servicemen given custodial sentences"), "crimes_registered": N_("crimes registered"),
                           "cases": N_("cases (received or decided: not said)"), "cases_received": N_("cases received by the court")}

ESTIMATOR_TYPE_LABELS = {"osint": N_("OSINT group"), "intelligence": N_("intelligence service"), "leak": N_("leaked list"),
                         "investigation": N_("media investigation")}
# estimates.metric is free text (the schema allows any snake_case name): each name shipped has its words here,
# and a test fails when a new one is added without them.
ESTIMATE_METRIC_LABELS = {
    "wanted_list": N_("servicemen on a wanted list"),
    "names_verified": N_("servicemen named as deserters or AWOL on leaked lists"),
    "deserters_listed": N_("deserters listed in leaked documents"),
    "deserters_projected": N_("deserters projected for the year"),
    "deserters_estimated": N_("deserters, estimated"),
    "awol_estimated": N_("servicemen absent without leave, estimated"),
    "awol_cases_possibly_opened": N_("AWOL criminal cases that may have been opened"),
    "deserters_on_one_list": N_("deserters on one leaked list"),
    "desertion_cases_in_one_document": N_("desertion cases in one leaked document"),
}
# Each table by what it holds, for a reader (the change log and the sources list name tables this way).
TABLE_LABELS = {
    "sources": N_("Sources"), "idite_lesom": N_("Idite Lesom's figures"), "court_cumulative": N_("Mediazona's running totals"),
    "court_counts": N_("Mediazona's counts by reporting window"), "sentences": N_("Notable sentences"), "events": N_("Events"),
    "quotes": N_("Quotes"), "claims": N_("The fact-check's claims"), "estimates": N_("Estimates (not court counts)"),
    "official_counts": N_("Official statistics"), "court_regions": N_("Mediazona's counts by region"),
    "sentence_patterns": N_("Sentencing patterns"), "court_records": N_("Row-level court records"),
}


def label(labels: Mapping[str, str], code: object, default: str | None = None) -> str:
    """The label of a code in the current language (`i18n.active`); `default` (shown as it is, data or already
    translated) for a code the vocabulary does not know, else KeyError: a code without words is a bug to see."""
    text = labels.get(str(code))
    if text is None:
        if default is None:
            raise KeyError(f"no label for {code!r}")
        return default
    return _(text)


Code = TypeVar("Code", bound=Hashable)


def labels_for(labels: Mapping[Code, str]) -> dict[Code, str]:
    """A vocabulary in the current language, for `Series.map` over a column of codes."""
    return {code: _(text) for code, text in labels.items()}


def badge(badges: Mapping[str, tuple[str, str]], code: str) -> tuple[str, str]:
    """A (label, colour) badge with its label in the current language."""
    text, colour = badges[code]
    return _(text), colour


def status_badge(status: str) -> tuple[str, str]:
    """The (label, colour) badge of a claim status; a status this file does not know shows as itself, in grey,
    instead of failing the page (escape the label before it reaches Markdown)."""
    if status in STATUS_BADGES:
        return badge(STATUS_BADGES, status)
    return str(status).replace("_", " "), UNKNOWN_STATUS_COLOUR


def vocabularies() -> Iterable[tuple[str, Mapping[str, str]]]:
    """Every vocabulary of reader-facing labels by name, badges as their labels (for the test that each has a
    Russian translation)."""
    named = {name: value for name, value in globals().items() if name.endswith("_LABELS") and isinstance(value, dict)}
    named |= {name: {code: text for code, (text, _colour) in value.items()}
              for name, value in globals().items() if name.endswith("_BADGES") and isinstance(value, dict)}
    return sorted(named.items())

