"""One message catalogue, one translator per language, never a process-wide language.

The interface's English strings are the message ids. `locales/messages.pot` is extracted from the code
(`scripts/translations.sh`, with `babel.cfg`), and `locales/<lang>/LC_MESSAGES/messages.po` holds each
language's translations, edited by people and kept in git. The compiled `.mo` files are build output: they are
written to `build/locales/` (ignored by git) the first time a language is asked for after a start, whenever
the `.mo` is missing or older than its `.po`, by an atomic rename, so two processes compiling at once cannot
leave half a file. A read-only install (the container) compiles at build time or, failing that, in memory.

Why no `gettext.install()`: it puts `_` in builtins for the whole process, so in a server one visitor's
language would become every visitor's. A `Translator` is an immutable value chosen per call from the
session's language (`translator("ru")`); the pages get it from their run's Context.

Messages are `str.format` templates with named fields (`"Showing {period}"`), so a translation can move a
field; the values put in them are formatted for the language by `desertion.i18n.formats`. Russian has three
plural forms (1 запрос, 2 запроса, 5 запросов): counted phrases go through `ngettext`, never `if n == 1`.
"""

from __future__ import annotations

import functools
import gettext
import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desertion.files import write_atomic

LANGUAGES = ("ru", "en")  # the order of the sidebar's switch
DEFAULT_LANGUAGE = "en"  # the message ids' language, shown when nothing asks for another
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}  # each in its own language, as language switches show them
DOMAIN = "messages"
REPO = Path(__file__).resolve().parent.parent.parent
LOCALES_DIR = REPO / "locales"
BUILD_DIR = REPO / "build" / "locales"
LOG = logging.getLogger(__name__)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here (a label declared in a table of constants and
    translated where it is shown, with `Translator.gettext`)."""
    return message


class Message(str):
    """A sentence made in pure code that does not know the reader's language (a period notice): the English text
    itself (a `str`, so logs, tests and English pages read it as before), keeping its message id and fields so the
    page can say it in the reader's language (`in_language`)."""

    template: str
    fields: Mapping[str, object]

    def __new__(cls, template: str, **fields: object) -> Message:
        message = super().__new__(cls, template.format(**fields))
        message.template, message.fields = template, fields
        return message

    def in_language(self, language: str) -> str:
        return translator(language).gettext(self.template).format(**self.fields)


def say(text: str, language: str) -> str:
    """Text for the page: a Message in the language, any other text as it is (data, or not converted yet)."""
    return text.in_language(language) if isinstance(text, Message) else text


def po_path(language: str, locales: Path = LOCALES_DIR) -> Path:
    """Where a language's translations are kept (in git)."""
    return locales / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str, build: Path = BUILD_DIR) -> Path:
    """Where a language's compiled catalogue goes (build output, ignored by git)."""
    return build / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def read_catalogue(language: str, locales: Path = LOCALES_DIR) -> Catalog:
    """A language's `.po` file as a Babel catalogue. Raises OSError when it cannot be read."""
    with po_path(language, locales).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def compile_catalogue(catalogue: Catalog) -> bytes:
    """The `.mo` bytes of a catalogue. Fuzzy entries are left out (gettext then shows the English), as msgfmt does."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def compiled(language: str, locales: Path = LOCALES_DIR, build: Path = BUILD_DIR) -> bytes:
    """The compiled catalogue of a language, compiled again only when its `.mo` is missing or older than the `.po`.

    The new `.mo` replaces the old one atomically. When the build folder cannot be written (a read-only install
    that did not compile at build time) the catalogue is compiled in memory for this process, and a warning says so.
    """
    source, target = po_path(language, locales), mo_path(language, build)
    try:
        if target.stat().st_mtime >= source.stat().st_mtime:
            return target.read_bytes()
    except OSError:  # no .mo yet, or a build folder that cannot be read: compile (a missing .po raises below)
        pass
    data = compile_catalogue(read_catalogue(language, locales))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except OSError as error:
        LOG.warning("could not write %s (%s): the %s catalogue is compiled in memory", target, error, language)
    return data


def compile_all(locales: Path = LOCALES_DIR, build: Path = BUILD_DIR) -> list[Path]:
    """Compile every language's catalogue that needs it (for an install step); the `.mo` paths."""
    for language in LANGUAGES:
        compiled(language, locales, build)
    return [mo_path(language, build) for language in LANGUAGES]


@dataclass(frozen=True)
class Translator:
    """The interface's strings in one language. Immutable and shared: any number of sessions and threads may use
    the same Translator at once, and choosing one for a session changes nothing for another."""

    language: str
    catalogue: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        """The translation of a message, or the message itself when the catalogue has none."""
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a counted phrase for n, by the language's plural rule (Russian has three forms)."""
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """A message whose translation depends on where it is used (the same English word, two Russian ones)."""
        return self.catalogue.pgettext(context, message)

    @property
    def locale(self) -> Locale:
        """The Babel locale of the language, for numbers and dates."""
        return Locale.parse(self.language)


def supported(language: str) -> str:
    """A language the catalogue has; ValueError for any other (a programming error: callers validate input)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}: expected one of {', '.join(LANGUAGES)}")
    return language


@functools.lru_cache(maxsize=len(LANGUAGES))
def translator(language: str) -> Translator:
    """The Translator of a language (compiled on first use after a start, then shared). English, the language
    of the message ids, also reads its catalogue, so an English wording can be changed without changing code."""
    catalogue = gettext.GNUTranslations(io.BytesIO(compiled(supported(language))))
    return Translator(language, catalogue)
