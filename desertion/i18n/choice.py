"""Which language a run shows, and whether the address names it. Pure: the Streamlit layer passes in what the
URL, the session and the browser say (`desertion/ui/language.py`).

The rule, in order:
1. `?lang=ru` or `?lang=en` in the address wins (any case, spaces around it ignored), and stays in it.
2. Otherwise the language this session last showed (a page switch drops the query string), as it was.
3. Otherwise, on a first visit, the browser's wish: `navigator.language` (Streamlit's `st.context.locale`), then
   the Accept-Language header by its weights. The first of them that is Russian or English wins; English when
   none is. A detected Russian is written into the address (`?lang=ru`), so a copied link opens the page the
   sender saw; a detected English leaves the plain address, which is the English page for every other browser.
An unknown value (`?lang=de`) is dropped from the address and the language is chosen as if it were not there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from desertion.i18n.catalogue import DEFAULT_LANGUAGE, LANGUAGES

LANG_PARAM = "lang"
# One entry of Accept-Language: a tag and an optional weight ('ru-RU', 'en;q=0.8', '*;q=0.1').
ACCEPT_ENTRY = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9](?:\.[0-9]{0,3})?))?\s*$")


@dataclass(frozen=True)
class LanguageChoice:
    """The language of a run, and whether the address carries it (`?lang=`)."""

    language: str
    in_url: bool

    @property
    def params(self) -> dict[str, str]:
        """The query parameter for this choice: `{'lang': 'ru'}`, or nothing for a detected English."""
        return {LANG_PARAM: self.language} if self.in_url else {}


def parse_language(value: str | list[str] | tuple[str, ...] | None) -> str | None:
    """The language a query value names ('ru', ' EN ', the last of a repeated key), or None for anything else."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    return value if value in LANGUAGES else None


def primary_language(tag: str | None) -> str | None:
    """The supported language of a language tag: 'ru-RU' -> 'ru', 'en_GB' -> 'en', 'de-DE' or None -> None."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return primary if primary in LANGUAGES else None


def accept_language_tags(header: str | None) -> list[str]:
    """The tags of an Accept-Language header, most wanted first (stable for equal weights); a malformed entry
    or a weight of 0 ('not this one') is left out. Never raises."""
    weighted: list[tuple[float, int, str]] = []
    for position, entry in enumerate((header or "").split(",")[:50]):  # a browser sends a handful; cap the rest
        match = ACCEPT_ENTRY.match(entry)
        if not match:
            continue
        weight = float(match.group(2)) if match.group(2) is not None else 1.0
        if 0 < weight <= 1:
            weighted.append((-weight, position, match.group(1)))
    return [tag for _, _, tag in sorted(weighted)]


def browser_language(locale: str | None, accept_language: str | None) -> str:
    """The language a browser asks for: its `navigator.language` first, then its Accept-Language list in order
    of weight; the default (English) when none of them is a language the dashboard has."""
    for tag in _candidates(locale, accept_language):
        language = primary_language(tag)
        if language is not None:
            return language
    return DEFAULT_LANGUAGE


def _candidates(locale: str | None, accept_language: str | None) -> Iterable[str]:
    if locale:
        yield locale
    yield from accept_language_tags(accept_language)


def choose_language(param: str | list[str] | None, remembered: LanguageChoice | None, locale: str | None,
                    accept_language: str | None) -> LanguageChoice:
    """This run's language by the module's rule: the address, then the session's, then the browser's."""
    asked = parse_language(param)
    if asked is not None:
        return LanguageChoice(asked, in_url=True)
    if remembered is not None and remembered.language in LANGUAGES:
        return remembered
    detected = browser_language(locale, accept_language)
    return LanguageChoice(detected, in_url=detected != DEFAULT_LANGUAGE)
