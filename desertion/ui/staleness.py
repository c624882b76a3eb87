"""Series that say when they stopped: the caption under a chart, slide or card, the sidebar's "data as of", and
the Court cases page's "as published on" date in the URL.

The reference date is today (`reference_date`), or the ISO date in DESERTION_TODAY, so tests and screenshots
can fix it. The sentences come from `series` (pure); here they are only drawn, escaped as plain text.
"""

from __future__ import annotations

import datetime
import os

import pandas as pd
import streamlit as st

from desertion import series
from desertion.i18n import DEFAULT_LANGUAGE, translator
from desertion.i18n.active import active, current
from desertion.i18n.formats import format_when
from desertion.loading import Dataset
from desertion.markup import escape_markdown
from desertion.ui.state import Context

TODAY_ENV = "DESERTION_TODAY"


def reference_date() -> datetime.date:
    """Today, or the date DESERTION_TODAY names (for tests); an unreadable value is ignored."""
    fixed = os.environ.get(TODAY_ENV, "")
    try:
        return datetime.date.fromisoformat(fixed) if fixed else datetime.date.today()
    except ValueError:
        return datetime.date.today()


@st.cache_resource(max_entries=8, show_spinner=False)
def _newest_figures(data_key: str, reference: str, language: str, _dataset: Dataset) -> dict[str, series.SeriesStatus]:
    """Every series' newest figure, computed once per version of the data, day and language (its dates are said
    in the language) and shared by all sessions: recomputed for every chart of every run, it took two thirds of
    a period change's script time."""
    with active(language):
        return {status.series: status for status in series.newest_figures(_dataset.frames, pd.Timestamp(reference))}


def newest_figures(dataset: Dataset, language: str | None = None) -> dict[str, series.SeriesStatus]:
    """The newest figure of every series, by name, as of today, in `language` (by default this run's)."""
    return _newest_figures(dataset.key, reference_date().isoformat(), language or current(), dataset)


def render_staleness(ctx: Context, key: str) -> None:
    """One caption line per stale series the chart, slide or card `key` draws (nothing when none is stale)."""
    notes = series.stale_notes_from(key, newest_figures(ctx.dataset), ctx.period.end)
    for note in notes:
        st.caption(":material/history: " + escape_markdown(note))


def render_data_as_of(dataset: Dataset, language: str = DEFAULT_LANGUAGE) -> None:
    """The newest figure of each series the dashboard follows, not the newest source, in the run's language."""
    statuses = list(newest_figures(dataset, language).values())
    if statuses:
        t = translator(language)
        lines = [t.gettext("{series}: {date}").format(
                     series=t.gettext(s.label),
                     date=format_when(s.newest_start, s.newest_end, s.newest_precision, language=language))
                 + (t.gettext(" (no newer figure found)") if s.stale else "") for s in statuses]
        # Each line escaped on its own: the escaper also escapes the line breaks between them.
        st.caption(t.gettext("Data as of, newest figure per series:") + "  \n"
                   + "  \n".join("- " + escape_markdown(line) for line in lines))


def sync_published_param(today: datetime.date) -> None:
    """Keep the Court cases page's 'as published on' date in the URL (?published=), only when it is not today."""
    chosen = st.session_state.get("court_published_on")
    if chosen is None or chosen >= today:
        st.query_params.pop(series.PUBLISHED_PARAM, None)
    else:
        st.query_params[series.PUBLISHED_PARAM] = chosen.isoformat()
