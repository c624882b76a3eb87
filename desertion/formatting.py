"""How numbers, dates and flagged figures read on screen, in a PNG and on a slide."""

from __future__ import annotations

import pandas as pd

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


def format_change(before: float, after: float) -> tuple[str, str]:
    """Absolute and relative change, signed: ('+272', '+89.2%'). The relative change is 'n/a' from zero."""
    absolute = after - before
    relative = "n/a" if before == 0 else f"{absolute / before:+.1%}"
    sign = "+" if absolute >= 0 else "−"
    return f"{sign}{format_count(abs(absolute))}", relative.replace("-", "−")


ARTICLE_LABELS = {
    "337": "Art. 337 AWOL",
    "338": "Art. 338 desertion",
    "332": "Art. 332 disobeying orders",
    "334": "Art. 334 violence against a superior",
    "352.1": "Art. 352.1 voluntary surrender",
    "all": "All refusal articles",
}
MEASURE_LABELS = {
    "cases_received": "cases received by courts",
    "verdicts": "verdicts",
    "people_charged": "people charged",
    "people_sentenced": "people sentenced",
}
SCOPE_LABELS = {
    "since_mobilisation": "since mobilisation (21 Sep 2022)",
    "since_invasion": "since the full-scale invasion (24 Feb 2022)",
}
METRIC_LABELS = {
    "desertion_requests": "requests for help to desert",
    "all_requests": "requests of all kinds",
    "desertion_requests_share": "desertion requests, % of all requests",
    "servicemen_counselled": "servicemen counselled",
    "deserters_helped": "deserters helped",
    "deserters_helped_cumulative": "deserters helped, running total",
    "people_helped_cumulative": "people helped in any way, running total",
    "draft_avoidance_helped_cumulative": "people helped to avoid the draft, running total",
}
