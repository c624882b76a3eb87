"""How numbers, dates and flagged figures read on screen, in a PNG and on a slide, in the language of the code
running now (`i18n.active.current()`: a page run, a chart view, the CLI and the deck set it).

English is written here, as it always was: it is the reference `i18n.formats` is tested against, and the
fast path of every page (no Babel call per cell). Any other language is handed to `i18n.formats` with that
language, so pure code (findings, headlines, tables) says '20 538' and 'июнь–август 2023' under
`active("ru")` without a language parameter on every signature.
"""

from __future__ import annotations

import pandas as pd

from desertion.i18n import formats
from desertion.i18n.active import current
from desertion.i18n.catalogue import DEFAULT_LANGUAGE
from desertion.labels import ARTICLE_LABELS, MEASURE_LABELS, METRIC_LABELS, SCOPE_LABELS  # noqa: F401  (re-exported)
from desertion.periods import Period
from desertion.periods import describe_window as english_window

PRECISION_FORMATS = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


def _other_language() -> str | None:
    """The current language when it is not English (the language of these functions' own text), else None."""
    language = current()
    return None if language == DEFAULT_LANGUAGE else language


def format_count(value: float) -> str:
    """2076 -> '2,076' / '2 076'; 4.3 -> '4.3' / '4,3'."""
    if (language := _other_language()) is not None:
        return formats.format_count(value, language=language)
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
    """A date only as exact as it is known: '5 Dec 2023', 'Dec 2023', 'Q4 2023', '2023', or 'date unknown'
    ('5 декабря 2023', 'декабрь 2023', 'IV кв. 2023' in Russian)."""
    if (language := _other_language()) is not None:
        return formats.format_date(date, precision, language=language)
    if date is None or pd.isna(date):
        return "date unknown"
    if precision == "quarter":
        return f"Q{date.quarter} {date.year}"
    return date.strftime(PRECISION_FORMATS.get(precision, PRECISION_FORMATS["day"]))


def format_span(start: pd.Timestamp, end: pd.Timestamp | None, precision: str = "day") -> str:
    """When an event happened, as exactly as known: '21 Sep 2022', or a span '6–14 Dec 2022', 'Dec 2023 – Jan 2024'
    ('6–14 декабря 2022' in Russian: the day before the genitive month reads the same way)."""
    if end is None or pd.isna(end) or end == start:
        return format_date(start, precision)
    if precision == "day" and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, precision)}"
    return f"{format_date(start, precision)} – {format_date(end, precision)}"


def format_change(before: float, after: float) -> tuple[str, str]:
    """Absolute and relative change, signed: ('+272', '+89.2%'). The relative change is 'n/a' from zero."""
    if (language := _other_language()) is not None:
        return formats.format_change(before, after, language=language)
    absolute = after - before
    relative = "n/a" if before == 0 else f"{absolute / before:+.1%}"
    sign = "+" if absolute >= 0 else "−"
    return f"{sign}{format_count(abs(absolute))}", relative.replace("-", "−")


def describe_window(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A reporting window in words in the current language: 'Jun–Aug 2023' / 'июнь–август 2023', 'H1 2023' /
    'I полугодие 2023'. `periods.describe_window` stays English: presets and keys are named by it."""
    if (language := _other_language()) is not None:
        return formats.describe_window(start, end, language=language)
    return english_window(start, end)


def describe_period(period: Period) -> str:
    """`Period.describe` in the current language: 'Sep 2023 – Nov 2023' / 'сентябрь 2023 – ноябрь 2023'."""
    if (language := _other_language()) is not None:
        return formats.describe_period(period, language=language)
    return period.describe()
