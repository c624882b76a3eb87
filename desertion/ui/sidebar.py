"""The shared sidebar: the period filter (presets and a month slider), the data's as-of date, and links.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from desertion import __version__
from desertion.loading import Dataset
from desertion.periods import Period, month_label, preset_for
from desertion.ui.staleness import render_data_as_of
from desertion.ui.state import (
    CUSTOM_KEY,
    CUSTOM_LABEL,
    CUSTOM_MODE_KEY,
    PRESET_KEY,
    Context,
    _set_period_params,
)


def _on_preset_change(presets: dict[str, Period], default: Period) -> None:
    label = st.session_state[PRESET_KEY]
    st.session_state[CUSTOM_MODE_KEY] = label == CUSTOM_LABEL
    if label != CUSTOM_LABEL:
        _set_period_params(presets[label], default)


def _on_custom_change(key: str, default: Period) -> None:
    first, last = st.session_state[key]
    _set_period_params(Period.of_months(first, last), default)


def _month_options(bounds: Period, period: Period) -> list[str]:
    first, last = min(bounds.start, period.start), max(bounds.end, period.end)
    return [m.strftime("%Y-%m") for m in pd.date_range(first, last, freq="MS")]


def period_sidebar(ctx: Context) -> None:
    """Draw the shared sidebar: the period filter, the data's as-of date, links to sources and the deck.

    The entrypoint draws it after the page: on a period change the page's charts then reach the browser
    before the sidebar's elements, instead of waiting behind them (bench/)."""
    period, bounds = ctx.period, ctx.bounds
    preset = preset_for(period, ctx.presets)
    custom = preset is None or st.session_state.get(CUSTOM_MODE_KEY, False)
    by_label = {p.label: p.period for p in ctx.presets}
    st.session_state[PRESET_KEY] = CUSTOM_LABEL if custom or preset is None else preset.label
    with st.sidebar:
        st.selectbox("Period", [*by_label, CUSTOM_LABEL], key=PRESET_KEY, on_change=_on_preset_change,
                     args=(by_label, bounds), help="Rows wholly inside the period are shown; rows that only overlap "
                                                   "it are marked as partly outside. See Sources & method.")
        if custom:
            # One key per period: a new period (from the URL or a preset) gets a fresh slider at its value,
            # instead of a widget whose stored state must be overwritten on every run.
            key = f"{CUSTOM_KEY}_{period.from_month}_{period.to_month}"
            st.select_slider("Months (from, to)", options=_month_options(bounds, period), key=key,
                             value=(period.from_month, period.to_month), on_change=_on_custom_change,
                             args=(key, bounds), format_func=lambda m: month_label(pd.Timestamp(f"{m}-01")))
        if ctx.notice:
            st.warning(ctx.notice, icon=":material/link_off:")
        st.caption(f"Showing {period.describe()}")
        _render_data_status(ctx.dataset)
        st.page_link("pages/sources.py", label="Sources & method", icon=":material/menu_book:")
        st.page_link("pages/present.py", label="Present this period", icon=":material/co_present:")


def _render_data_status(dataset: Dataset) -> None:
    render_data_as_of(dataset)
    st.caption(f"Data version {__version__}")
    broken = [name for name, result in dataset.results.items() if not result.ok]
    if broken:
        st.error(f"{len(broken)} table(s) failed validation and are not shown: {', '.join(broken)}. "
                 "See Sources & method for the errors.", icon=":material/error:")
