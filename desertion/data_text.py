"""The data's own text in the reader's language: which cell to show, its language (for a `lang` attribute), and
whether it is a translation and by whom.

Data text is never put through gettext: each table keeps its Russian beside its English in its own columns
(`title` and `title_ru`, declared in `schema.py` with `translation_of`). A quote says which of its texts is the
wording its source printed (`language`) and who translated the other (`text_translated_by`,
`text_ru_translated_by`: the source, or this project), so a translation by this project is never shown as the
speaker's own words. Pure: no Streamlit; the caller escapes the text (`markup.py`) and words the marks
(`translation_label`, `original_label`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

import pandas as pd

from desertion.i18n.active import _, current
from desertion.i18n.catalogue import DEFAULT_LANGUAGE

RUSSIAN_SUFFIX = "_ru"
TRANSLATOR_SUFFIX = "_translated_by"
# Russian columns holding a name the outlet itself uses in Russian (Медиазона), not a translation by anyone.
OWN_NAMES = frozenset({"outlet", "originator"})
# The languages the data keeps text in, and the column suffix of each.
SUFFIXES = {"en": "", "ru": RUSSIAN_SUFFIX}


Row: TypeAlias = Mapping[str, object] | pd.Series
"""A table row: a pandas row (`frame.iterrows()`) or a plain mapping of column to cell."""


@dataclass(frozen=True)
class DataText:
    """Words from the data as they are to be shown: the text (plain, to be escaped), its language code, and who
    translated it (None when it is the wording the source printed, or the project's own text in English)."""

    text: str
    lang: str
    translated_by: str | None = None
    translated_from: str | None = None

    @property
    def is_translation(self) -> bool:
        return self.translated_by is not None


def _cell(row: Row, column: str) -> str:
    """A cell as text, '' when the column is absent or the cell empty (NaN, None, pd.NA)."""
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def _translator(row: Row, column: str, lang: str) -> str | None:
    """Who made `column`'s text: its own `<column>_translated_by` cell where the table has one (quotes; an empty
    cell means as printed), else this project for a Russian column (our English is the original of our own
    text), except the names outlets give themselves."""
    if column + TRANSLATOR_SUFFIX in row:
        return _cell(row, column + TRANSLATOR_SUFFIX) or None
    if lang == "ru" and column.removesuffix(RUSSIAN_SUFFIX) not in OWN_NAMES:
        return "project"
    return None


def _in(row: Row, column: str, lang: str) -> DataText | None:
    """The text of `column` in `lang`, or None when that cell is empty."""
    name = column + SUFFIXES[lang]
    text = _cell(row, name)
    if not text:
        return None
    by = _translator(row, name, lang)
    printed = _cell(row, "language")
    source_lang = (printed if printed and printed != lang else "en" if lang == "ru" else None) if by else None
    return DataText(text, lang, by, source_lang)


def data_text(row: Row, column: str, language: str) -> DataText:
    """The text of an English `column` (title, text, speaker…) to show a reader of `language`: its Russian
    column on a Russian page where filled, else the English (an outlet without a Russian name, or a table
    without Russian columns); a row with only one of the two shows that one. An empty DataText when both
    cells are empty. An unknown language reads as English."""
    preferred = "ru" if language == "ru" else "en"
    other = "en" if preferred == "ru" else "ru"
    return _in(row, column, preferred) or _in(row, column, other) or DataText("", preferred)


def shown_text(row: Row, column: str, language: str) -> str:
    """Only the words of `data_text`, for a call site that needs nothing else (a title, a court's name)."""
    return data_text(row, column, language).text


def in_reader_language(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """`frame` with each of the data's own `columns` (an event's title, a sentence's court, a row's note) in the
    language of the code running now: the Russian column where it is filled (`data_text`'s rule), else the
    English. English: `frame` itself, untouched, so English tables and charts stay exactly as they were."""
    language = current()
    if language == DEFAULT_LANGUAGE:
        return frame
    shown = {column: [shown_text(row, column, language) for _, row in frame.iterrows()]
             for column in columns if column in frame}
    return frame.assign(**shown) if len(frame) else frame


def original_of(row: Row, column: str, language: str) -> DataText | None:
    """The wording the source printed, to show beside a translation: None when what `data_text` shows is
    itself that wording, or when no printed wording is recorded (a quote whose source printed Russian we do
    not have: both our texts are then translations, and neither may pass for the original)."""
    shown = data_text(row, column, language)
    if not shown.is_translation:
        return None
    third = _cell(row, "original_text")
    if third:
        return DataText(third, _cell(row, "original_language") or "und")
    for lang in SUFFIXES:
        candidate = _in(row, column, lang)
        if lang != shown.lang and candidate is not None and not candidate.is_translation:
            return candidate
    return None


def translation_label(text: DataText) -> str:
    """The mark under a translation, in the language of the code running now: who translated it, from what.
    Empty for the printed wording. Whole sentences per language, so Russian can decline the language name."""
    if text.translated_by == "source":
        return _("Translation published by the source")
    if text.translated_by != "project":
        return ""
    if text.translated_from == "en":
        return _("Translated by this project from English")
    if text.translated_from == "ru":
        return _("Translated by this project from Russian")
    return _("Translated by this project")


def original_label(text: DataText) -> str:
    """The lead-in of the printed wording shown beside a translation, e.g. 'Original (ru)'."""
    return _("Original ({language})").format(language=text.lang)
