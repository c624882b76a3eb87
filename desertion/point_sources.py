"""The source row behind a clicked bar or point: who published the figure, when, how reliable, the sentence
or note, the link, and the arithmetic of a figure the dashboard derived (a change, a per-month rate).

Pure: no Streamlit. The card is in the language of the code running now (`i18n.active`): its window, its
arithmetic, and the row's own words (its note, an event's title) by `data_text`'s rule; a source's title stays
as published. The chart builders put the row's
id (`record_id`, or `event_id` for events) first in each point's `customdata`; a point without one is matched by
its value when exactly one row has it, and is otherwise not resolved (None), never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from desertion.data_text import shown_text
from desertion.formatting import describe_window, format_count, format_date, format_figure
from desertion.headlines import predecessor
from desertion.i18n.active import _, current
from desertion.i18n.formats import number_symbols
from desertion.periods import DAYS_PER_MONTH
from desertion.provenance import outlet_label, source_date

ID_COLUMNS = ("record_id", "event_id", "quote_id")
# The row's own words a card shows, first filled first: a figure's note, an event's description, a sentence.
TEXT_COLUMNS = ("note", "description", "sentence", "text")
VALUE_TOLERANCE = 0.01


@dataclass(frozen=True)
class PointSource:
    """What a reader needs to check one figure at its source. All text is plain (escape before Markdown)."""

    figure: str
    window: str
    outlet: str
    published: str
    grade: str
    text: str
    url: str
    arithmetic: tuple[str, ...] = ()


def point_row(rows: pd.DataFrame, point: Mapping[str, object]) -> pd.Series | None:
    """The row a selected point stands for: by the id in its customdata, else by a value only one row has."""
    custom = point.get("customdata")
    ident = custom[0] if isinstance(custom, (list, tuple)) and custom else custom
    if isinstance(ident, str):
        for column in ID_COLUMNS:
            if column in rows:
                match = rows[rows[column] == ident]
                if len(match) == 1:
                    return match.iloc[0]
    y = point.get("y")
    if "value" in rows and isinstance(y, (int, float)) and not isinstance(y, bool):
        match = rows[(rows["value"].astype(float) - float(y)).abs() <= VALUE_TOLERANCE]
        if len(match) == 1:
            return match.iloc[0]
    return None


def window_of(row: pd.Series) -> str:
    """The reporting window or date of a row, in words."""
    if "period_start" in row and pd.notna(row.get("period_start")):
        return describe_window(row["period_start"], row["period_end"])
    for column in ("as_of", "date_start", "verdict_date", "date"):
        if pd.notna(row.get(column)):
            return format_date(row[column], "day")
    return _("undated")


def arithmetic_for(row: pd.Series, series: pd.DataFrame, shown: float | None) -> tuple[str, ...]:
    """How the dashboard derived anything it shows beyond the reported value: the change against the
    same-length window before (e.g. '+89.2% = 577 / 305 − 1, against Jun–Aug 2023'), and a per-month rate
    when the point shows one ('192.3 per month = 577 / 3.0 months')."""
    lines = []
    if {"period_start", "period_end", "value"} <= set(row.index) and pd.notna(row.get("period_start")):
        before = predecessor(series, row)
        if before is not None and float(before["value"]) != 0:
            change = float(row["value"]) / float(before["value"]) - 1
            lines.append(_("{change} = {after} / {before} − 1, against {window}").format(
                change=_number(f"{change:+.1%}"), after=format_count(row["value"]),
                before=format_count(before["value"]), window=describe_window(before["period_start"],
                                                                             before["period_end"])))
        months = ((row["period_end"] - row["period_start"]).days + 1) / DAYS_PER_MONTH
        if shown is not None and months > 1.01 and abs(shown - float(row["value"])) > VALUE_TOLERANCE:
            lines.append(_("{rate} per month = {value} / {months} months").format(
                rate=_number(f"{shown:,.1f}"), value=format_count(row["value"]), months=_number(f"{months:.1f}")))
    return tuple(lines)


def _number(text: str) -> str:
    """A number Python formatted ('+89.2%', '1,234.5') in the symbols of the language of the code running now
    ('+89,2%'): the card's arithmetic keeps exactly the digits and rounding it has always shown."""
    return number_symbols(text, current())


def describe_point(rows: pd.DataFrame, sources_by_id: pd.DataFrame, point: Mapping[str, object],
                   whole_table: pd.DataFrame | None = None) -> PointSource | None:
    """The source card of a selected point (see module doc), or None when the point cannot be resolved
    to exactly one row or its source is unknown. `whole_table`: the table before the period narrowed it,
    where the window a change is computed against may lie (Jun–Aug 2023 for Sep–Nov 2023)."""
    row = point_row(rows, point)
    if row is None or row.get("source_id") not in sources_by_id.index:
        return None
    source = sources_by_id.loc[row["source_id"]]
    language = current()
    if "value" in row:
        figure = format_figure(row["value"], bool(row.get("approximate", False)), bool(row.get("lower_bound", False)))
    else:
        figure = shown_text(row, "title", language)
    text = next((words for c in TEXT_COLUMNS if (words := shown_text(row, c, language))), str(source["title"]))
    y = point.get("y")
    shown = float(y) if isinstance(y, (int, float)) and not isinstance(y, bool) else None
    series_cols = [c for c in ("metric", "article", "measure") if c in rows]
    series = whole_table if whole_table is not None else rows
    for column in series_cols:
        series = series[series[column] == row[column]]
    return PointSource(figure, window_of(row), outlet_label(source), source_date(source), str(source["grade"]), text,
                       source["url"] if isinstance(source["url"], str) else "", arithmetic_for(row, series, shown))
