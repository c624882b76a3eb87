"""Cached loading and building, shared by every session: the data per version of the files, 'All time',
one Selection per period, built chart views per period and options, and which figures cite each source.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from desertion import disk_cache, tables, views
from desertion.i18n.active import active
from desertion.loading import Dataset
from desertion.periods import Period, table_bounds
from desertion.publish import resolve_current
from desertion.selection import Selection

if TYPE_CHECKING:
    from desertion.ui.state import Context


DATA_DIR_ENV = "DESERTION_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"


def data_dir() -> Path:
    """The data folder; for a published root (desertion/publish.py), its current version, resolved once per call
    so one rerun reads all tables from one version."""
    return resolve_current(Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR)))


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each CSV: a cheap cache key that changes when a file does."""
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.csv")))


@st.cache_resource(show_spinner="Loading the data…", max_entries=2)
def _load_cached(folder: str, stamp: tuple[tuple[str, int, int], ...]) -> Dataset:
    """One shared, read-only copy per version of the files. cache_resource rather than cache_data: with a
    million court records, cache_data would unpickle a fresh copy of every table on every rerun of every
    session (143 MB and 0.07 s per rerun with a million records; see the README); nothing downstream mutates
    these frames (filters return new ones). Validated tables come from the cache of earlier starts when the
    files are unchanged (desertion/disk_cache.py), so a million court records do not delay the first page."""
    dataset = disk_cache.load_dataset_cached(Path(folder))
    key = hashlib.sha256(repr((folder, stamp)).encode()).hexdigest()[:16]
    return replace(dataset, key=key)


def server_origin() -> str:
    """The scheme and host this page was opened at (for the data addresses), or "" when unknown (AppTest)."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def load_data() -> Dataset:
    """The validated tables, loaded once per change of the files and shared by every session."""
    folder = data_dir()
    return _load_cached(str(folder), _stamp(folder) if folder.is_dir() else ())


@st.cache_resource(max_entries=2, show_spinner=False)
def _cached_bounds(data_key: str, _dataset: Dataset) -> Period:
    """'All time' for a version of the data, computed once (it scans every date, 9 ms per rerun with a million
    court records)."""
    return table_bounds(_dataset.usable_frames)


def cached_bounds(dataset: Dataset) -> Period:
    return _cached_bounds(dataset.key, dataset)


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_selection(data_key: str, start: str, end: str, _dataset: Dataset) -> Selection:
    """One Selection per version of the data and period, shared by all sessions: a period someone has looked
    at filters nothing again."""
    return Selection(_dataset.usable_frames, Period(pd.Timestamp(start), pd.Timestamp(end)))


@st.cache_resource(max_entries=256, show_spinner=False)
def _cached_view(data_key: str, name: str, start: str, end: str, language: str,
                 options: tuple[tuple[str, object], ...], _ctx: Context) -> Any:
    with active(language):
        return views.VIEWS[name](_ctx.selection, **dict(options))


def chart_view(ctx: Context, view: views.View, **options: object) -> Any:
    """`view(selection, **options)`, built once per version of the data, period, language and options and shared
    by all sessions: a period someone has looked at redraws without rebuilding its figures. The figure's words are
    in the run's language (built inside `i18n.active`), and the language is in the key, so a Russian figure is
    never served to an English reader. `view` is one of the
    registered functions in `views.VIEWS`. The figures are read-only from here on (rendering and exports copy
    before changing anything)."""
    name = views.registered_name(view)
    return _cached_view(ctx.dataset.key, name, ctx.period.start.isoformat(), ctx.period.end.isoformat(),
                        ctx.language, tuple(sorted(options.items())), ctx)


@st.cache_resource(max_entries=8, show_spinner=False)
def _cached_source_usage(data_key: str, language: str, _dataset: Dataset) -> pd.Series:
    with active(language):
        return tables.source_usage(_dataset.frames)


def source_usage(ctx: Context) -> pd.Series:
    """Which figures cite each source (the Sources page's "Used by"), once per version of the data and language
    and shared by all sessions: describing every row of every table took 40 ms in English and 60 ms in Russian
    on each rerun of the page. Read-only from here on (the page maps it, never changes it)."""
    return _cached_source_usage(ctx.dataset.key, ctx.language, ctx.dataset)
