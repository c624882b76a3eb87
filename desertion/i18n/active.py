"""The language of the code running now, for pure code deep under a view, a deck or an export that was not handed
a Translator: `_("Requests")`, `ngettext(...)`, `pgettext(...)` and `current()`.

Why a context variable and not a parameter on every function: a chart's title, its subtitle, its notes, its
hover text, its tick labels and its reader table are made by a dozen small functions (findings, labels, tables,
event strips), each called from several views. Passing a language through all of them would touch every
signature for a value that is the same for the whole build. A `ContextVar` is set at the boundaries instead:

- a page run: `ui.state.period_context` / `ui.context()` set it from the session's language (each Streamlit run
  is its own thread, and a new thread starts with the default, so one session's choice never reaches another's);
- a chart view: `ui.cache.chart_view` puts the language in its cache key and builds inside `active(language)`,
  so a cached Russian figure is never served to an English reader;
- the CLI and the deck: `with active(args.lang):`.

Outside any boundary the language is English, the language of the message ids, as before this module.
This is not `gettext.install()`: nothing process-wide changes, and a thread that did not set a language sees
English, never a neighbour's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from desertion.i18n.catalogue import DEFAULT_LANGUAGE, Translator, supported, translator

_ACTIVE: ContextVar[str] = ContextVar("desertion_language", default=DEFAULT_LANGUAGE)


def current() -> str:
    """The language of the code running now ('en' when no boundary set one)."""
    return _ACTIVE.get()


def current_translator() -> Translator:
    return translator(_ACTIVE.get())


def activate(language: str) -> None:
    """Make `language` the language of this thread's code from now on (a page run's first step; a Streamlit run
    is a thread of its own). Prefer `active()` where the code has an end."""
    _ACTIVE.set(supported(language))


@contextlib.contextmanager
def active(language: str) -> Iterator[str]:
    """Run a block in `language`, and restore the language before it afterwards (also on an error)."""
    token = _ACTIVE.set(supported(language))
    try:
        yield language
    finally:
        _ACTIVE.reset(token)


def _(message: str) -> str:  # noqa: N802 - gettext's conventional name, which Babel's extractor looks for
    """The message in the current language."""
    return translator(_ACTIVE.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A counted phrase in the current language, by its plural rule (Russian has three forms)."""
    return translator(_ACTIVE.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it is used, in the current language."""
    return translator(_ACTIVE.get()).pgettext(context, message)
