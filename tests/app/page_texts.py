"""Every piece of text a page shows, through AppTest, and the English of the interface found in it.

`page_texts` opens a page, then every tab, every lazy expander and every download menu on it (each is built only
when opened), and collects what a reader sees: titles, headings, captions, Markdown, alerts, plain text, code,
widget labels, options and placeholders, tab, expander and menu labels, button and link labels, metric labels and
the column headers of tables. Charts are left out (their words are checked with the charts).

`english_leaks` finds the catalogue's English in those texts: the message ids of locales/messages.pot, cut at their
`{fields}`, as whole words, after taking out what may stay as it is in any language (`ALLOWED`, and the data's
text cells, which the data's own Russian columns translate, not the catalogue; an English note whose row has its
Russian is not among them, so a Russian page showing it fails). Table cells are read as well as their headers.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from desertion.i18n.catalogue import LOCALES_DIR
from desertion.schema import TABLES
from tests.conftest import REPO

# Text that is the same in both languages, listed: proper names, titles as published, formats and units. Each
# entry is removed from a text before it is searched for the catalogue's English.
ALLOWED = (
    "English",  # the switch names each language in itself
    "Frictionless Data Package",  # a standard's name
    "Russia is facing a growing desertion problem",  # the checked article's title, as published
    "The Moscow Times", "Reuters",  # outlets that write their names in Latin letters
    "Idite Lesom",  # the group's own transliteration, kept beside «Идите лесом» where the data uses it
    "python -m desertion import FILE --table NAME", "python -m desertion import",  # commands
)
# Elements whose text is English on purpose, by their label: the method and the data dictionary exist in English only
# and are shown under a label that says so.
ENGLISH_ONLY_LABELS = ("Только на английском",)
MARKDOWN_ESCAPE = re.compile(r"\\(?=[^\w\s])")
FIELD = re.compile(r"\{[a-z_]*\}")
LINK_TARGET = re.compile(r"\]\(<[^>]*>\)")
ADDRESS = re.compile(r"https?://\S+")  # a link column's cell: an address, in no language
KEYED_ID = re.compile(r"^\$\$ID-[0-9a-f]+-(.+)$")


def _node_texts(node) -> Iterator[str]:
    """The reader-visible text of one element (not of its children)."""
    kind = getattr(node, "type", "")
    proto = getattr(node, "proto", None)
    if kind in ("title", "header", "subheader", "caption", "markdown", "text", "info", "warning", "error",
                "success", "exception"):
        yield str(node.value)
    elif kind == "code" and getattr(proto, "language", "") != "python":
        yield str(proto.code_text)
    elif kind in ("tab", "expander"):
        yield node.label
    elif kind == "popover":
        yield proto.popover.label
    elif kind in ("selectbox", "multiselect", "radio"):
        yield node.label
        yield getattr(node, "placeholder", "") or ""
        yield from (str(option) for option in node.options)
    elif kind in ("text_input", "text_area"):
        yield node.label
        yield node.placeholder or ""
    elif kind in ("toggle", "checkbox", "date_input", "button", "number_input", "file_uploader", "download_button",
                  "page_link", "metric"):
        yield getattr(node, "label", None) or getattr(proto, "label", "")
    elif kind in ("arrow_data_frame", "dataframe", "table"):
        yield from (str(column) for column in node.value.columns)
        yield from (str(cell) for column in node.value.columns for cell in node.value[column] if isinstance(cell, str))
    help_text = getattr(proto, "help", "") if proto is not None else ""
    if isinstance(help_text, str) and help_text:
        yield help_text


def _walk(node, inside_english: bool = False) -> Iterator[tuple[str, bool]]:
    """(text, shown under an 'in English only' label) for a node and everything under it."""
    for text in _node_texts(node):
        yield text, inside_english
    label = getattr(node, "label", None) if getattr(node, "type", "") == "expander" else None
    inside_english = inside_english or label in ENGLISH_ONLY_LABELS
    for child in getattr(node, "children", {}).values():
        yield from _walk(child, inside_english)


def visible_texts(at: AppTest) -> list[str]:
    """Every text of the page as a reader reads it (Markdown escapes and word joiners removed), the English-only
    expanders' contents left out."""
    texts = [text for text, english in _walk(at._tree) if not english and text]
    return [MARKDOWN_ESCAPE.sub("", text).replace("\u2060", "") for text in texts]


def _keys(at: AppTest, kind: str) -> list[str]:
    """The widget keys of the expanders or download menus on the page (from their element ids)."""
    found = []
    for node in at.get(kind):
        element_id = node.proto.popover.id if kind == "popover" else node.proto.id
        match = KEYED_ID.match(element_id or "")
        if match:
            found.append(match.group(1))
    return found


def open_everything(at: AppTest, tab_keys: Iterable[str] = ()) -> list[str]:
    """The texts of the page with every tab (`tab_keys`: the tab groups' widget keys), lazy expander and download
    menu opened in turn."""
    texts = visible_texts(at)
    for tab_key in [None, *tab_keys]:
        labels = [None] if tab_key is None else [tab.label for tab in at.tabs]
        for label in labels:
            if tab_key is not None:
                at.session_state[tab_key] = label
            for kind in ("expander", "popover"):
                for key in _keys(at, kind):
                    at.session_state[key] = True
            at.run()
            assert not at.exception, [e.message for e in at.exception]
            texts += visible_texts(at)
    return texts


# Columns whose English a Russian page never shows where the row has their Russian: a note is a caveat in the
# reader's language (note_ru). Other English cells may appear beside their Russian (a quote's printed wording).
TRANSLATED_ONLY = ("note",)


def _shown_cells(path: Path) -> Iterator[str]:
    """The cells of one data file a Russian page may show as they are: all but a TRANSLATED_ONLY cell whose
    Russian column is filled in its row."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for column, cell in row.items():
                translated = column in TRANSLATED_ONLY and path.name != "changelog.csv" and row.get(f"{column}_ru")
                if cell and not translated:
                    yield cell.strip()


@functools.cache
def data_texts() -> tuple[str, ...]:
    """The text cells of the shipped data a Russian page may show as they are (titles, names, quotes as printed;
    not the English notes: `_shown_cells`), longest first."""
    cells = set()
    for path in (REPO / "data").glob("*.csv"):
        # Words and names, not the codes of the schema's vocabularies ('cases_received', 'verified'), which the
        # interface shows through its own labels.
        cells.update(cell for cell in _shown_cells(path) if len(cell) >= 4 and (" " in cell or cell[:1].isupper()))
    return tuple(sorted(cells | changelog_ids(), key=len, reverse=True))


def changelog_ids() -> set[str]:
    """The row and source ids of the change log, which the Data page lists as the log holds them (a maintainer's
    table): 'claim-krivenko-quotes' is an id, not the word 'quotes'."""
    with (REPO / "data" / "changelog.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = {row[column] for row in rows for column in ("row_id", "source_id") if row[column]}
    return cells | {part for cell in cells for part in cell.split(";")}


@functools.cache
def english_fragments() -> tuple[str, ...]:
    """The catalogue's English, cut at its fields ('Showing {period}' gives 'Showing'), each at least four letters
    long (shorter ones, like 'To', match inside other words)."""
    with (LOCALES_DIR / "messages.pot").open("rb") as handle:
        catalogue = read_po(handle)
    fragments = set()
    for message in catalogue:
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            for part in FIELD.split(text or ""):
                part = part.strip(" ,.:;·()«»\u201c\u201d*_`-–—")
                if sum(ch.isalpha() for ch in part) >= 4 and re.search("[A-Za-z]", part):
                    fragments.add(part)
    return tuple(sorted(fragments - set(ALLOWED), key=len, reverse=True))


@functools.cache
def allowances() -> tuple[str, ...]:
    """ALLOWED, the data's text cells and the tables' file names, longest first (a title before a name in it)."""
    return tuple(sorted({*ALLOWED, *data_texts(), *(schema.file_name for schema in TABLES.values())}, key=len,
                        reverse=True))


def our_words(text: str) -> str:
    """A text without what may stay as it is (allowances, link addresses such as './quotes?quote=…' or a link
    column's 'https://…')."""
    rest = ADDRESS.sub(" ", LINK_TARGET.sub(" ", text))
    for allowed in allowances():
        if allowed in rest:
            rest = rest.replace(allowed, " ")
    return rest


def english_leaks(texts: Iterable[str]) -> dict[str, str]:
    """{English fragment: the text it shows in} for every fragment of the catalogue found as whole words."""
    leaks: dict[str, str] = {}
    for text in set(texts):
        rest = our_words(text)
        for fragment in english_fragments():
            if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", rest):
                leaks.setdefault(fragment, text)
    return leaks


GROUPED_WITH_COMMAS = re.compile(r"\d,\d{3}(?!\d)")


def comma_grouped(texts: Iterable[str]) -> list[str]:
    """Texts holding a number grouped with commas ('20,538') outside data text: a Russian page writes '20 538'."""
    return sorted({text for text in texts if GROUPED_WITH_COMMAS.search(our_words(text))})
