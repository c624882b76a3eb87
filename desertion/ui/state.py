"""The state of one run: the period and the language read from the URL (and remembered across pages), the
session keys, and the Context every page reads. Reading never writes: `read_context` is pure; `sync_period` is
the one step that writes the URL and session state.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import FrameType

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from desertion.i18n import DEFAULT_LANGUAGE, LANG_PARAM, LanguageChoice, Translator, translator
from desertion.i18n.formats import describe_period, preset_label
from desertion.loading import Dataset
from desertion.periods import (
    Period,
    Preset,
    build_presets,
    format_period_params,
    parse_period,
    preset_for,
)
from desertion.selection import Selection
from desertion.ui.cache import _cached_selection, cached_bounds, load_data
from desertion.i18n.active import activate
from desertion.ui.language import read_language, remember_language

PRESET_KEY = "period_preset"
FROM_KEY = "period_from"
TO_KEY = "period_to"
CUSTOM_MODE_KEY = "period_custom_mode"
CURRENT_KEY = "period_current"
CONTEXT_KEY = "_shared_context"
NOTICE_KEY = "_period_notice"
CUSTOM_LABEL = "Custom…"


@dataclass(frozen=True)
class Context:
    """What every page needs for one run: the data, the period, and the presets it was chosen from (and,
    for the sidebar, why a period in the link was not used); the language, and whether the address names it."""

    dataset: Dataset
    period: Period
    bounds: Period
    presets: tuple[Preset, ...]
    notice: str | None = None
    language: str = DEFAULT_LANGUAGE
    language_in_url: bool = False

    @property
    def t(self) -> Translator:
        """The interface's strings in this run's language (`ctx.t.gettext("Overview")`): this session's only."""
        return translator(self.language)

    @property
    def selection(self) -> Selection:
        """The tables and this run's period, filtered once and shared by every session showing this period."""
        return _cached_selection(self.dataset.key, self.period.start.isoformat(), self.period.end.isoformat(),
                                 self.dataset)

    def frame(self, name: str) -> pd.DataFrame | None:
        """A usable table: valid rows, even when sources.csv failed and their sources could not be checked (the
        entrypoint then shows a banner saying so), or None when the table itself is broken."""
        return self.dataset.usable_frames.get(name)

    @property
    def sources(self) -> pd.DataFrame:
        return self.selection.sources

    @property
    def sources_by_id(self) -> pd.DataFrame:
        return self.selection.sources_by_id

    def filter(self, name: str) -> pd.DataFrame | None:
        """A table narrowed to the period (with its `in_period` marks), or None if the table did not load."""
        return self.selection.rows(name)

    def period_sources(self) -> pd.DataFrame:
        """The sources behind everything the period shows, for the citation of the current view."""
        return self.selection.period_sources

    @property
    def period_name(self) -> str:
        """The period's name in the run's language: a preset's name, else its months ('сентябрь 2023 – ноябрь 2023')."""
        preset = preset_for(self.period, self.presets)
        if preset is not None:
            return preset_label(preset, language=self.language)
        return describe_period(self.period, language=self.language)

    @property
    def language_choice(self) -> LanguageChoice:
        return LanguageChoice(self.language, self.language_in_url)


def leave_legacy_page_discovery() -> None:
    """Work around Streamlit's v1 page discovery (see shared README: the `pages/` trap).

    With a `pages/` folder beside the entrypoint, the first script runs after a server start go through
    Streamlit's legacy `_mpa_v1`, which may execute a page file directly, without `dashboard.py`, under a
    navigation of file names. Switching the flag off and rerunning sends that request through
    `st.navigation`; page url paths equal their file names, so the rerun lands on the page asked for.

    The test is "is this very run inside `_mpa_v1`", not the class flag alone: when several sessions start
    at once, another session may already have switched the flag off while this one is still running
    under the legacy navigation (seen in the load test with 5 sessions).
    """
    if PagesManager.uses_pages_directory or _inside_legacy_discovery():
        PagesManager.uses_pages_directory = False
        st.rerun()


def _inside_legacy_discovery() -> bool:
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_mpa_v1":
            return True
        frame = frame.f_back
    return False


def _set_period_params(period: Period, default: Period, language: LanguageChoice | None = None) -> None:
    """Put the period (and, from the sync step, the language) in the URL in one update (each change to
    st.query_params is a message the browser handles), keeping any other parameters (such as ?slide=)."""
    st.session_state[CURRENT_KEY] = period
    st.session_state.pop(NOTICE_KEY, None)  # the reader chose a period: the link's notice is answered
    replaced = ("from", "to") if language is None else ("from", "to", LANG_PARAM)
    others: dict[str, str | list[str]] = {key: st.query_params.get_all(key) for key in st.query_params if key not in replaced}
    st.query_params.from_dict({**others, **format_period_params(period, default),
                               **(language.params if language is not None else {})})


def read_context(dataset: Dataset) -> Context:
    """The period of this run and the context every page reads. Reads the URL and session state, writes nothing.

    The URL is the source of truth (`?from=YYYY-MM&to=YYYY-MM`), so a copied link restores the view. Within a
    session the chosen period also survives page switches, which drop the query string: a URL without a
    period reads as the period this session last showed (`sync_period` then puts it back in the URL). The
    language is read the same way (`?lang=`, else the session's, else the browser's: `ui.language.read_language`).
    """
    bounds = cached_bounds(dataset)
    params = st.query_params.to_dict()
    remembered = st.session_state.get(CURRENT_KEY)
    if "from" not in params and "to" not in params and isinstance(remembered, Period) and remembered != bounds:
        params = params | format_period_params(remembered, bounds)
    parsed = parse_period(params, bounds)
    notice = parsed.notice
    if notice is None:
        # The link's notice stays with the period it explained for this session's later runs (a page switch),
        # though the address no longer carries the bad value (sync_period rewrote it).
        kept = st.session_state.get(NOTICE_KEY)
        notice = kept[0] if kept and kept[1] == parsed.period else None
    language = read_language()
    return Context(dataset, parsed.period, bounds, tuple(build_presets(bounds)), notice, language.language,
                   language.in_url)


def _state_in_url() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in ("from", "to", LANG_PARAM) if key in st.query_params}


def sync_period(ctx: Context) -> None:
    """The one step that writes: the URL's period rewritten to the period shown, and the session's record of
    this run's period and context (which `context()` hands to the pages).

    The address always names what is on screen (`periods.canonical_params`' rule for the period): a remembered
    period goes back into a URL that lost it, an unusable value is dropped (the default is shown with a
    notice, kept for this session's page switches until the reader picks a period, while a copied link opens
    quietly), a reversed range is swapped, and a period equal to All time leaves the plain URL. The language
    goes in the same update: `?lang=` when the reader chose it (a link, the switch) or the browser asked for
    Russian, nothing for a detected English (`i18n.choice`); the session keeps it for its next page."""
    shown = {key: [value] for key, value in (format_period_params(ctx.period, ctx.bounds)
                                              | ctx.language_choice.params).items()}
    if _state_in_url() != shown:
        _set_period_params(ctx.period, ctx.bounds, ctx.language_choice)
    remember_language(ctx.language_choice)
    if ctx.notice:
        st.session_state[NOTICE_KEY] = (ctx.notice, ctx.period)
    st.session_state[CURRENT_KEY] = ctx.period
    st.session_state[CONTEXT_KEY] = ctx


def period_context(dataset: Dataset) -> Context:
    """Read this run's context, then sync the URL and session state to it (the entrypoint's one call)."""
    ctx = read_context(dataset)
    sync_period(ctx)
    activate(ctx.language)  # pure code below this run (headlines, findings) speaks the run's language
    return ctx


def context() -> Context:
    """The context the entrypoint computed for this run (pages call this instead of re-reading the URL)."""
    ctx = st.session_state.get(CONTEXT_KEY)
    if ctx is None:  # a page run without the entrypoint
        from desertion.ui.sidebar import (
            period_sidebar,  # the sidebar reads this module's keys
        )

        ctx = period_context(load_data())
        period_sidebar(ctx)
    activate(ctx.language)  # a fragment's rerun comes here without the entrypoint
    return ctx
