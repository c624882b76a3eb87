"""The charts' own text helpers in the language of the build (`i18n.active.current()`): a rate to one decimal,
labels as a legend starts them, reader tables' headers, and date ticks. Numbers and dates are
`desertion.formatting`'s, which follows the same language.

Date ticks are drawn by Plotly, which names months in English ('Sep', 'Sep<br>2023', 'Sep 2023'). For another
language each such label is replaced through the axis' `labelalias` (Plotly's own mapping of a tick's text), so
Plotly keeps choosing where ticks go, exactly as in English, and only the words change. Months are cut to the
three letters Russian charts use ('сен', 'окт'; Babel's standalone names), as wide as the English abbreviations,
so ticks that do not collide in English do not collide in Russian.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date as babel_date

from desertion.i18n import formats
from desertion.i18n.active import _, current
from desertion.i18n.catalogue import DEFAULT_LANGUAGE
from desertion.labels import ARTICLE_LABELS, METRIC_LABELS

TICK_MONTH_CHARS = 3
# Plotly's '%b', whatever the server's locale.
PLOTLY_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def one_decimal(value: float) -> str:
    """A rate to one decimal, always shown: '12.0' / '12,0', '1,234.5' / '1 234,5'."""
    # a rate always shows its decimal, which format_count drops
    return formats.number_symbols(f"{value:,.1f}", current())


def capital(text: str) -> str:
    """A label as a title or a legend starts it: its first letter a capital, the rest as written (not
    `str.capitalize`, which would lower «Идите лесом»)."""
    return text[:1].upper() + text[1:]


def metric_names(rows: pd.DataFrame) -> pd.Series:
    """Idite Lesom's metrics as a legend names them ('Requests for help to desert')."""
    return rows["metric"].map(lambda m: capital(_(METRIC_LABELS[m])))


def article_names(rows: pd.DataFrame) -> pd.Series:
    """Each row's article as a legend names it ('Art. 337 AWOL'), NaN for a code without words."""
    return rows["article"].map(lambda a: _(ARTICLE_LABELS[a]) if a in ARTICLE_LABELS else float("nan"))


def headed(table: pd.DataFrame) -> pd.DataFrame:
    """A reader table with its headers in the language of the build (views build them under English names)."""
    return table.rename(columns=lambda column: _(column))


def tick_month(month: int, language: str) -> str:
    """A month on a date axis: Babel's standalone name cut to three letters ('сен'); English as Plotly's '%b'."""
    if language == DEFAULT_LANGUAGE:
        return PLOTLY_MONTHS[month - 1]
    return babel_date(pd.Timestamp(2000, month, 1).date(), "LLLL", locale=language)[:TICK_MONTH_CHARS]


def tick_aliases(x_range: list[pd.Timestamp], language: str) -> dict[str, str]:
    """Plotly's English month ticks for the years of `x_range` ('Sep', 'Sep<br>2023', 'Sep 2023'), each mapped
    to the language's; empty for English (Plotly's own ticks are English)."""
    if language == DEFAULT_LANGUAGE:
        return {}
    aliases = {}
    for month in range(1, 13):
        english, local = tick_month(month, DEFAULT_LANGUAGE), tick_month(month, language)
        aliases[english] = local
        for year in range(pd.Timestamp(x_range[0]).year - 1, pd.Timestamp(x_range[1]).year + 2):
            aliases[f"{english}<br>{year}"] = f"{local}<br>{year}"
            aliases[f"{english} {year}"] = f"{local} {year}"
    return aliases


# Where Plotly picks the ticks itself: months over the year (the year only where it changes), or years alone.
# Plotly's own choice for months is one line ('Jan 2021'), which a longer name turns into slanted labels.
TICK_FORMAT_STOPS = (dict(dtickrange=["M12", None], value="%Y"), dict(dtickrange=[None, "M12"], value="%b\n%Y"))


def localise_date_axes(fig: go.Figure, x_range: list[pd.Timestamp]) -> go.Figure:
    """Every x axis of a time chart with its month ticks in the language of the build (nothing for English):
    Russian month names, and a month over its year where Plotly would write both on one line."""
    aliases = tick_aliases(x_range, current())
    if aliases:
        fig.update_xaxes(labelalias=aliases, tickformatstops=list(TICK_FORMAT_STOPS))
    return fig
