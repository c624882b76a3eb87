"""The language of a session: what the browser asks for, the sidebar's switch, and the `?lang=` it writes.

Reading is `state.read_context` (through `read_language`, which writes nothing); writing the address is the same
one sync step as the period's (`state.sync_period`). The rule itself is `i18n.choice`. The choice lives in this
session's state only: the Translator a run uses is picked from it, never installed for the process.
"""

from __future__ import annotations

import streamlit as st

from desertion.i18n import LANG_PARAM, LANGUAGE_NAMES, LANGUAGES, LanguageChoice, choose_language
from desertion.i18n.catalogue import translator

LANGUAGE_KEY = "_language_current"  # the session's LanguageChoice, kept across page switches
SWITCH_KEY = "language_switch"


def browser_wish() -> tuple[str | None, str | None]:
    """What the browser says it reads: `navigator.language` (st.context.locale) and the Accept-Language header
    of the session's first request. Either may be missing (a script client, a test: Streamlit then gives None and
    no headers)."""
    return st.context.locale, st.context.headers.get("Accept-Language")


def read_language() -> LanguageChoice:
    """This run's language: the address, else the session's, else the browser's (see `i18n.choice`)."""
    remembered = st.session_state.get(LANGUAGE_KEY)
    locale, accept = browser_wish()
    return choose_language(st.query_params.get_all(LANG_PARAM), remembered if isinstance(remembered, LanguageChoice)
                           else None, locale, accept)


def remember_language(choice: LanguageChoice) -> None:
    """Keep the run's language for this session's next runs (a page switch drops the query string)."""
    st.session_state[LANGUAGE_KEY] = choice


def _on_switch() -> None:
    """The reader picked a language: it is theirs from now on, and the address says so (`?lang=`), other
    parameters (the period, ?slide=) kept."""
    choice = LanguageChoice(st.session_state[SWITCH_KEY], in_url=True)
    remember_language(choice)
    st.query_params[LANG_PARAM] = choice.language


def render_language_switch(language: str) -> None:
    """The switch 'Русский / English': a horizontal radio group, reached with Tab and changed with the arrow
    keys, labelled 'Language' in the language shown (its accessible name). Each option names its language in that
    language, as readers look for it."""
    st.session_state[SWITCH_KEY] = language
    st.radio(translator(language).gettext("Language"), LANGUAGES, key=SWITCH_KEY, horizontal=True,
             format_func=LANGUAGE_NAMES.__getitem__, on_change=_on_switch)


# Streamlit 1.67 writes `<html lang="en">` into its page and has no option to change it (st.set_page_config takes
# no language; streamlit/streamlit#15726). st.html may run a script of ours (never data): one fixed script per
# language sets the document's language, so a screen reader reads a Russian page with Russian pronunciation.
PAGE_LANGUAGE_SCRIPTS = {language: f"<script>document.documentElement.lang = {language!r};</script>"
                         for language in LANGUAGES}


def mark_page_language(language: str) -> None:
    """Set `<html lang>` to the run's language (see PAGE_LANGUAGE_SCRIPTS); drawn in the sidebar, where its empty
    element takes no room from the page. KeyError for a language the catalogue does not have."""
    st.html(PAGE_LANGUAGE_SCRIPTS[language], unsafe_allow_javascript=True)
