"""How numbers, dates and flagged figures read on screen, in a PNG and on a slide."""

from __future__ import annotations

import pandas as pd

from desertion.labels import ARTICLE_LABELS, MEASURE_LABELS, METRIC_LABELS, SCOPE_LABELS  # noqa: F401  (re-exported)

PRECISION_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def format_count(value: float) -> str:
    """2076 -> '2,076'; 4.3 -> '4.3'."""
    if pd.isna(value):
        return "n/a"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def format_figure(value: float, approximate: bool = False, lower_bound: bool = False, unit: str = "count") -> str:
    """A figure with its qualifier as the source gave it: '>1,000', '≈1,500', '36%'."""
    text = format_count(value) + ("%" if unit == "percent" else "")
    if lower_bound:
        return ">" + text
    if approximate:
        return "≈" + text
    return text


def format_date(date: pd.Timestamp | None, precision: str = "day") -> str:
    """A date only as exact as it is known: '5 Dec 2023', 'Dec 2023', 'Q4 2023', '2023', or 'date unknown'."""
    if date is None or pd.isna(date):
        return "date unknown"
    if precision == "quarter":
        return f"Q{date.quarter} {date.year}"
    return date.strftime(PRECISION_FORMATS.get(precision, PRECISION_FORMATS["day"]))


def format_span(start: pd.Timestamp, end: pd.Timestamp | None, precision: str = "day") -> str:
    """When an event happened, as exactly as known: '21 Sep 2022', or a span '6–14 Dec 2022', 'Dec 2023 – Jan 2024'."""
    if end is None or pd.isna(end) or end == start:
        return format_date(start, precision)
    if precision == "day" and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, precision)}"
    return f"{format_date(start, precision)} – {format_date(end, precision)}"


def format_change(before: float, after: float) -> tuple[str, str]:
    """Absolute and relative change, signed: ('+272', '+89.2%'). The relative change is 'n/a' from zero."""
    absolute = after - before
    relative = "n/a" if before == 0 else f"{absolute / before:+.1%}"
    sign = "+" if absolute >= 0 else "−"
    return f"{sign}{format_count(abs(absolute))}", relative.replace("-", "−")
