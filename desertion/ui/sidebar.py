"""The shared sidebar: the language switch, the period filter (presets, and two month menus for a custom
period), the data's as-of date, the tables that failed validation, and links; in the run's language.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from desertion import __version__
from desertion.i18n import say, translator
from desertion.i18n.formats import describe_period, month_label, preset_label
from desertion.loading import Dataset
from desertion.markup import escape_markdown
from desertion.periods import Period, Preset, preset_for
from desertion.ui.language import mark_page_language, render_language_switch
from desertion.ui.staleness import render_data_as_of
from desertion.ui.state import (
    CUSTOM_LABEL,
    CUSTOM_MODE_KEY,
    FROM_KEY,
    PRESET_KEY,
    TO_KEY,
    Context,
    _set_period_params,
)


def _on_preset_change(presets: dict[str, Period], default: Period) -> None:
    label = st.session_state[PRESET_KEY]
    st.session_state[CUSTOM_MODE_KEY] = label == CUSTOM_LABEL
    if label != CUSTOM_LABEL:
        _set_period_params(presets[label], default)


def _on_month_change(default: Period) -> None:
    """Either month menu changed: the period is the two months in order (a 'from' after the 'to' is swapped,
    and both menus then show the swapped months)."""
    first, last = sorted((st.session_state[FROM_KEY], st.session_state[TO_KEY]))
    st.session_state[FROM_KEY], st.session_state[TO_KEY] = first, last
    _set_period_params(Period.of_months(first, last), default)


def _month_options(bounds: Period, period: Period) -> list[str]:
    first, last = min(bounds.start, period.start), max(bounds.end, period.end)
    return [m.strftime("%Y-%m") for m in pd.date_range(first, last, freq="MS")]


def _month_namer(language: str) -> Callable[[str], str]:
    """How a month menu names its options ('2023-09' -> 'Sep 2023' / 'сентябрь 2023')."""
    return lambda month: month_label(pd.Timestamp(f"{month}-01"), language=language)


def _preset_namer(presets: tuple[Preset, ...], language: str) -> Callable[[str], str]:
    """How the Period menu names its options. The options are the presets' English names, which stay the widget's
    values in every language (tests and the session's state use them); only what the reader sees is translated."""
    names = {p.label: preset_label(p, language=language) for p in presets}
    custom = translator(language).gettext("Custom…")
    return lambda label: custom if label == CUSTOM_LABEL else names.get(label, label)


def period_sidebar(ctx: Context) -> None:
    """Draw the shared sidebar: the language switch, the period filter, the data's as-of date, links to sources
    and the deck.

    The entrypoint draws it after the page: on a period change the page's charts then reach the browser
    before the sidebar's elements, instead of waiting behind them (bench/)."""
    period, bounds, t = ctx.period, ctx.bounds, ctx.t
    preset = preset_for(period, ctx.presets)
    custom = preset is None or st.session_state.get(CUSTOM_MODE_KEY, False)
    by_label = {p.label: p.period for p in ctx.presets}
    st.session_state[PRESET_KEY] = CUSTOM_LABEL if custom or preset is None else preset.label
    with st.sidebar:
        render_language_switch(ctx.language)
        st.selectbox(t.gettext("Period"), [*by_label, CUSTOM_LABEL], key=PRESET_KEY, on_change=_on_preset_change,
                     args=(by_label, bounds), format_func=_preset_namer(ctx.presets, ctx.language),
                     help=t.gettext("Rows wholly inside the period are shown; rows that only overlap it are marked "
                                    "as partly outside. See Sources & method."))
        if custom:
            # Two menus with fixed keys and options, rather than a slider: a keyboard user picks a month with the
            # arrows and Enter, and the menu keeps its identity (and the focus) across the rerun that follows.
            # Their values follow the period shown (from the URL, a preset or the other menu) before they are drawn.
            options = _month_options(bounds, period)
            st.session_state[FROM_KEY], st.session_state[TO_KEY] = period.from_month, period.to_month
            start, end = st.columns(2)
            start.selectbox(t.gettext("From"), options, key=FROM_KEY, on_change=_on_month_change, args=(bounds,),
                            format_func=_month_namer(ctx.language))
            end.selectbox(t.gettext("To"), options, key=TO_KEY, on_change=_on_month_change, args=(bounds,),
                          format_func=_month_namer(ctx.language))
        if ctx.notice:
            st.warning(escape_markdown(say(ctx.notice, ctx.language)), icon=":material/link_off:")
        st.caption(t.gettext("Showing {period}").format(period=describe_period(period, language=ctx.language)))
        _render_data_status(ctx.dataset, ctx.language)
        st.page_link("pages/sources.py", label=t.gettext("Sources & method"), icon=":material/menu_book:")
        st.page_link("pages/present.py", label=t.gettext("Present this period"), icon=":material/co_present:")
        mark_page_language(ctx.language)


def _render_data_status(dataset: Dataset, language: str) -> None:
    render_data_as_of(dataset, language)
    st.caption(translator(language).gettext("Data version {version}").format(version=__version__))
    _render_broken_tables(dataset, language)


def _render_broken_tables(dataset: Dataset, language: str) -> None:
    """Each table that failed validation with its first problem (file, line, column, found, expected) as
    literal text (a code block: nothing in it is Markdown)."""
    t = translator(language)
    broken = {name: result for name, result in dataset.results.items() if not result.usable}
    if broken:
        st.error(t.ngettext("{count} table failed validation and is not shown. See Sources & method for every "
                            "problem.",
                            "{count} tables failed validation and are not shown. See Sources & method for every "
                            "problem.", len(broken)).format(count=len(broken)), icon=":material/error:")
        not_loaded = t.gettext("not loaded")
        st.code("\n".join(f"{name}: {result.issues[0] if result.issues else not_loaded}"
                          for name, result in broken.items()), language=None, wrap_lines=True)


def unchecked_sources_banner(ctx: Context) -> None:
    """Above the page, when sources.csv failed but other tables' rows are valid: those tables are shown (a
    page of valid figures is worth more than an error page), and this says plainly that their sources could not
    be checked, so no figure is taken as sourced while it is not."""
    unchecked = [name for name, result in ctx.dataset.results.items() if result.usable and not result.ok]
    if unchecked:
        st.warning(ctx.t.ngettext(
            "Sources could not be checked: sources.csv failed validation, so the {count} other table is shown "
            "without its source links. Check each figure against its outlet before quoting it; the errors are "
            "listed in the sidebar and on Sources & method.",
            "Sources could not be checked: sources.csv failed validation, so the {count} other tables are shown "
            "without their source links. Check each figure against its outlet before quoting it; the errors are "
            "listed in the sidebar and on Sources & method.", len(unchecked)).format(count=len(unchecked)),
            icon=":material/link_off:")
