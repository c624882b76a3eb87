"""Numbers, dates and periods as a reader of the language writes them: '20 538' and 'сентябрь–ноябрь 2023' in
Russian, '20,538' and 'Sep–Nov 2023' in English.

Each function has the contract of its English counterpart (`desertion.formatting`, `periods.describe_window`,
`Period.describe`, `periods.month_label`) plus a keyword-only `language`, and gives exactly that counterpart's
text for English (a test compares them), so a page can switch call by call without changing its English.
The `language` has no default: a call that forgets it must fail, not show English on a Russian page.

Choices for Russian (each tested): digits grouped with Babel's group symbol for Russian, a no-break space
(U+00A0), and a decimal comma ('4,3'); a percent sign without a space ('+89,2%'), as Russian newsrooms print
it; months in the standalone nominative for a month or a range ('сентябрь 2023', 'июнь–август 2023', Babel's
`LLLL`) and in the genitive after a day ('5 сентября 2023', `MMMM`); quarters and halves in Roman numerals
('IV кв. 2023', 'I полугодие 2023'), as Rosstat and the courts' statistics write them. Minus signs are U+2212.

Rounding is Python's, as in the English functions: Babel supplies the locale's symbols and month names, so the
same figure rounds to the same digits in both languages.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from babel.dates import format_date as babel_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from desertion.i18n.catalogue import N_, Translator, supported, translator
from desertion.periods import MOBILISATION, Period, Preset, window_shape

MINUS = "−"  # U+2212, as the English format_change writes it
# Babel (CLDR) patterns per language and precision. English keeps the abbreviated months of the English functions.
DATE_PATTERNS = {
    "en": {"day": "d MMM y", "month": "MMM y", "month_name": "MMM", "year": "y"},
    "ru": {"day": "d MMMM y", "month": "LLLL y", "month_name": "LLLL", "year": "y"},
}
QUARTERS = (N_("Q1 {year}"), N_("Q2 {year}"), N_("Q3 {year}"), N_("Q4 {year}"))
HALVES = (N_("H1 {year}"), N_("H2 {year}"))


def number_symbols(text: str, language: str) -> str:
    """Python's '20,538.5' in the language's symbols: the group and decimal separators from Babel's locale data."""
    if language == "en":
        return text
    return text.translate({ord(","): get_group_symbol(language), ord("."): get_decimal_symbol(language)})


def format_count(value: float, *, language: str) -> str:
    """2076 -> '2,076' / '2 076'; 4.3 -> '4.3' / '4,3'; a missing value -> 'n/a' / 'н/д'."""
    if pd.isna(value):
        return translator(language).gettext("n/a")
    return number_symbols(f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}", language)


def format_figure(value: float, approximate: bool = False, lower_bound: bool = False, unit: str = "count", *,
                  language: str) -> str:
    """A figure with its qualifier as the source gave it: '>1,000' / '>1 000', '≈1,500', '36%'."""
    text = format_count(value, language=language) + ("%" if unit == "percent" else "")
    if lower_bound:
        return ">" + text
    if approximate:
        return "≈" + text
    return text


def format_change(before: float, after: float, *, language: str) -> tuple[str, str]:
    """Absolute and relative change, signed: ('+272', '+89.2%') / ('+272', '+89,2%'); the relative change is
    'n/a' / 'н/д' from zero."""
    absolute = after - before
    sign = "+" if absolute >= 0 else MINUS
    if before == 0:
        relative = translator(language).gettext("n/a")
    else:
        relative = number_symbols(f"{absolute / before:+.1%}", language).replace("-", MINUS)
    return f"{sign}{format_count(abs(absolute), language=language)}", relative


def _pattern(language: str, name: str) -> str:
    return DATE_PATTERNS[supported(language)][name]


def _babel(date: pd.Timestamp, language: str, name: str) -> str:
    return babel_date(date.date(), _pattern(language, name), locale=language)


def format_date(date: pd.Timestamp | None, precision: str = "day", *, language: str) -> str:
    """A date only as exact as it is known: '5 Dec 2023' / '5 декабря 2023', 'Dec 2023' / 'декабрь 2023',
    'Q4 2023' / 'IV кв. 2023', '2023', or 'date unknown' / 'дата неизвестна'. An unknown precision reads as a day."""
    t = translator(language)
    if date is None or pd.isna(date):
        return t.gettext("date unknown")
    if precision == "quarter":
        return t.gettext(QUARTERS[date.quarter - 1]).format(year=date.year)
    if precision == "year":
        return str(date.year)
    return _babel(date, language, "month" if precision == "month" else "day")


def month_label(ts: pd.Timestamp, *, language: str) -> str:
    """A month in a menu or a period: 'Sep 2023' / 'сентябрь 2023'."""
    return _babel(ts, language, "month")


def describe_period(period: Period, *, language: str) -> str:
    """`Period.describe` in the language: 'Sep 2023 – Nov 2023' / 'сентябрь 2023 – ноябрь 2023', one month alone."""
    first, last = month_label(period.start, language=language), month_label(period.end, language=language)
    return first if first == last else f"{first} – {last}"


def describe_window(start: pd.Timestamp, end: pd.Timestamp, *, language: str) -> str:
    """`periods.describe_window` in the language: 'Jun–Aug 2023' / 'июнь–август 2023', 'Oct 2023' / 'октябрь
    2023', '2023', 'H1 2023' / 'I полугодие 2023', or exact days for windows that are not whole months."""
    shape = window_shape(start, end)  # the same decision as the English-only periods.describe_window
    if shape == "days":
        return f"{format_date(start, language=language)} – {format_date(end, language=language)}"
    if shape == "year":
        return str(start.year)
    if shape == "half":
        return translator(language).gettext(HALVES[0 if start.month == 1 else 1]).format(year=start.year)
    if shape == "month":
        return month_label(start, language=language)
    if shape == "months":
        return f"{_babel(start, language, 'month_name')}–{month_label(end, language=language)}"
    return f"{month_label(start, language=language)} – {month_label(end, language=language)}"


def format_when(start: pd.Timestamp | None, end: pd.Timestamp | None, precision: str, *, language: str) -> str:
    """A figure's date as `series` states it: a reporting window ('window') by `describe_window`, a dated figure by
    `format_date` at its precision ('May 2025' / 'май 2025')."""
    if precision == "window" and start is not None and end is not None:
        return describe_window(start, end, language=language)
    return format_date(start, precision, language=language)


def preset_label(preset: Preset, *, language: str) -> str:
    """A sidebar preset's name: 'All time' / 'За всё время', 'Since mobilisation (21 Sep 2022)' / 'С начала
    мобилизации (21 сентября 2022)', a year, a half or a window by `describe_window`."""
    t = translator(language)
    if preset.kind == "all":
        return t.gettext("All time")
    if preset.kind == "since_mobilisation":
        return t.gettext("Since mobilisation ({date})").format(date=format_date(MOBILISATION, language=language))
    return describe_window(preset.period.start, preset.period.end, language=language)


# Counted nouns of the interface, each with its plural forms in the catalogue (Russian has three).
QUANTITIES: dict[str, Callable[[Translator, int], str]] = {
    "request": lambda t, n: t.ngettext("{count} request", "{count} requests", n),
    "case": lambda t, n: t.ngettext("{count} case", "{count} cases", n),
    "quote": lambda t, n: t.ngettext("{count} quote", "{count} quotes", n),
    "source": lambda t, n: t.ngettext("{count} source", "{count} sources", n),
    "row": lambda t, n: t.ngettext("{count} row", "{count} rows", n),
    "table": lambda t, n: t.ngettext("{count} table", "{count} tables", n),
}


def format_quantity(n: int, unit: str, *, language: str) -> str:
    """A whole count with its noun in the right form: '1 request', '20,538 requests'; '1 запрос', '2 запроса',
    '5 запросов', '20 538 запросов'. KeyError for a noun not in QUANTITIES."""
    return QUANTITIES[unit](translator(language), int(n)).format(count=format_count(int(n), language=language))
