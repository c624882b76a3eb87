"""One period selection, made once: the tables, the period, each table's rows in it, and their sources.

Pages, views, headlines, slides and exports all take a `Selection` instead of a dict of frames plus a
period, so a table is filtered by its declared timing once per selection (not once per chart, card and
export) and every consumer sees the same rows. The dashboard keeps one Selection per data version and
period (ui caches it), so a rerun of the same period filters nothing again. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from desertion.periods import Period, filter_table
from desertion.provenance import source_ids_of, sources_by_ids
from desertion.records import DERIVED_TIMINGS
from desertion.schema import TABLES, Timing

Tables = Mapping[str, pd.DataFrame]


def timing_of(name: str) -> Timing | None:
    """How a table's rows sit in time: declared in the schema, or (for a derived table) in records."""
    return TABLES[name].timing if name in TABLES else DERIVED_TIMINGS.get(name)


@dataclass(frozen=True, eq=False)
class Selection:
    """The validated tables (loaded and derived, unfiltered) and the period the reader chose.

    `rows(name)` is a table narrowed to the period, with its `in_period` marks, computed on first use and
    then kept; treat every frame as read-only (filters return new frames). Equality is identity: two
    selections are the same selection only when they are one object."""

    tables: Tables
    period: Period
    _rows: dict[str, pd.DataFrame | None] = field(default_factory=dict, init=False, repr=False)

    def table(self, name: str) -> pd.DataFrame | None:
        """The whole table, whatever the period, or None when it did not load."""
        return self.tables.get(name)

    def rows(self, name: str) -> pd.DataFrame | None:
        """The table's rows in the period (filtered once per selection), or None when it did not load."""
        if name not in self._rows:
            frame = self.tables.get(name)
            self._rows[name] = None if frame is None else filter_table(timing_of(name), frame, self.period)
        return self._rows[name]

    @cached_property
    def sources(self) -> pd.DataFrame:
        """sources.csv, whole (an empty frame with its columns when it did not load)."""
        frame = self.tables.get("sources")
        return frame if frame is not None else pd.DataFrame(columns=list(TABLES["sources"].column_names))

    @cached_property
    def sources_by_id(self) -> pd.DataFrame:
        return self.sources.set_index("source_id", drop=False)

    def sources_for(self, *frames: pd.DataFrame | None) -> pd.DataFrame:
        """The rows of sources.csv these frames cite, first cited first: sources narrowed with the rows."""
        return sources_by_ids(self.sources, source_ids_of(*frames))

    def in_period(self) -> dict[str, pd.DataFrame]:
        """Every declared table that loaded, narrowed to the period, and first the sources those rows cite
        in the order of sources.csv (what an export of the period holds; derived tables are left out)."""
        chosen = self._declared_rows
        if "sources" not in self.tables:
            return dict(chosen)
        cited = self.sources[self.sources["source_id"].isin(set(self._period_ids))]
        return {"sources": cited, **chosen}

    @cached_property
    def period_sources(self) -> pd.DataFrame:
        """The sources behind everything the period shows, first cited first, for the citation of the view."""
        return sources_by_ids(self.sources, self._period_ids)

    @cached_property
    def _declared_rows(self) -> dict[str, pd.DataFrame]:
        return {name: rows for name in self.tables if name != "sources" and name in TABLES
                if (rows := self.rows(name)) is not None}

    @cached_property
    def _period_ids(self) -> list[str]:
        return source_ids_of(*self._declared_rows.values())

