"""Charts fitted to a slide: the figures the dashboard draws, laid out again for a room.

A slide states a chart's title (its finding) and subtitle (what is counted, and the period) as its own title
and subtitle, so the figure drawn on it carries neither: they are printed once. Everything else stays inside
the figure (legend, direct labels, the notes line for the marks, the sources line), every text at least
MIN_TEXT_PX when the slide fills a 1280×720 window, with margins worked out for that type. Pure: no
Streamlit, no files.

One geometry serves the three media: the /present page draws the chart at the size its window leaves (at
least the room below at 1280×720), the PPTX puts it in a picture at 96 px to the inch (1280 px across the
slide), and the PDF page is the 1280×720 slide at 1.5× (1920×1080, 27 px type). The views lay labels out
once, for the smallest of these plots (a `Room`), so they collide in none.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from desertion import charts, theme
from desertion.chart_labels import Room
from desertion.chart_text import tick_month
from desertion.i18n.active import current
from desertion.label_layout import text_width
from desertion.markup import plotly_text

# No text under MIN_TEXT_PX when the slide fills a window REFERENCE_WIDTH_PX wide (1280×720).
REFERENCE_WIDTH_PX = 1280
MIN_TEXT_PX = 18
LINE_HEIGHT = 1.3  # Plotly's line spacing for multi-line text
LEGEND_SYMBOL_PX = 40  # a legend entry's symbol and gap, at 13 px type
LEGEND_ROW_EM = 1.6  # a legend row's height, in its type's size
TEMPLATE_FONT_PX = 15  # the template's tick type, which charts.left_margin measures for
TICK_GAP_PX = 8  # tick length and the gap below it
TICK_STANDOFF_EM = 0.4  # the time axis' labels below the axis, in their type's size (clear of the value axis' '0')
# The plots a slide's chart gets at 1280×720 (measured on /present with the longest titles of the shipped data in
# either language, less some slack: a Russian title takes a line more than the English, so the full-width plot of
# the court slide's PPTX picture is 197 px high, not 200): full width, or three quarters beside a quote. Labels are
# laid out for these.
WIDE_ROOM = Room(width_px=1000, plot_px=190, text_px=MIN_TEXT_PX)
BESIDE_QUOTE_ROOM = Room(width_px=680, plot_px=220, text_px=MIN_TEXT_PX)
TIMELINE_ROOM = Room(width_px=1000, plot_px=300, text_px=MIN_TEXT_PX, event_chars=80)


def wrap_text(text: str, max_px: float, size: float) -> str:
    """Escape and wrap text for a Plotly annotation (which does not wrap by itself), measuring each line in
    the charts' font at `size` px so it stays within `max_px` (5% kept spare for bold and italic)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size) > 0.95 * max_px:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "<br>".join(plotly_text(x) for x in lines)


def heading(fig: go.Figure) -> tuple[str, str]:
    """A chart's title and subtitle as plain words (what the slide states above it)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return str(meta.get("title", "")), str(meta.get("subtitle", ""))


def _legend_rows(fig: go.Figure, width: float, text_px: float) -> int:
    if fig.layout.showlegend is not True:
        return 0
    names = dict.fromkeys(t.name for t in fig.data if t.showlegend is not False and t.name)
    symbol = LEGEND_SYMBOL_PX * text_px / 13
    return max(1, math.ceil(sum(text_width(n, text_px) + symbol for n in names) / width))


def _tick_lines(fig: go.Figure) -> int:
    """Lines of the time axis' labels: two when they name the month over the year."""
    return 2 if "\n" in (fig.layout.xaxis.tickformat or "") else 1


def _date_ticks(fig: go.Figure, width_px: float, text_px: float) -> dict:
    """Date ticks that fit the slide's width flat: every 3, 6 or 12 months named ('Jan 2024'), the first step
    whose labels fit; else the years alone, each centred on its year. The builder's own month ticks (a
    period up to about a year) are kept."""
    axis = fig.layout.xaxis
    if axis.type != "date" or axis.dtick or not axis.range:
        return {}
    start, end = (pd.Timestamp(x) for x in axis.range)
    months = (end - start).days / 30.44
    label = text_width(f"{tick_month(9, current())} 2025", text_px) + 1.5 * text_px  # as the axis names it
    tick0 = pd.Timestamp(year=start.year, month=1, day=1)
    for step in (3, 6, 12):
        if months / step * label <= width_px:
            return dict(dtick=f"M{step}", tick0=tick0, tickformat="%b %Y", tickangle=0)
    return dict(dtick="M12", tick0=tick0, tickformat="%Y", ticklabelmode="period", tickangle=0)


def fit_slide_chart(fig: go.Figure, room: Room, *, scale: float = 1.0, width: int | None = None,
                    height: int | None = None) -> go.Figure:
    """A copy of a chart built for `room`, drawn for a slide: without its title and subtitle (the slide's own),
    every text at `room.text_px × scale`, the notes and sources lines wrapped to the room's width, and the
    margins made for that type. Without `width` and `height` it fills whatever box it is drawn in (the page);
    `scale` enlarges everything for a larger medium of the same shape (the PDF page is 1.5× the 1280 slide)."""
    big = go.Figure(fig)
    text_px = room.text_px * scale
    line = text_px * LINE_HEIGHT
    wrap_px = room.width_px * scale
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    notes = wrap_text(str(meta.get("notes") or ""), wrap_px, text_px) if meta.get("notes") else ""
    source = wrap_text(str(meta.get("source", "")), wrap_px, text_px)
    dates = _date_ticks(fig, wrap_px, text_px)
    # The time axis' labels stand off the axis by a share of their size: the value axis' '0' is centred on the
    # axis line, so at a large window's type its lower half would touch 'Jan 2021' under the corner.
    standoff = round(TICK_STANDOFF_EM * text_px)
    big.update_xaxes(**dates, ticklabelstandoff=standoff)
    if dates and fig.layout.xaxis.tickformatstops:  # a chart in another language (chart_text): these ticks win
        big.update_xaxes(overwrite=True, tickformatstops=[])
    ticks = TICK_GAP_PX * scale + standoff + _tick_lines(fig) * line
    notes_lines = notes.count("<br>") + 1 if notes else 0
    legend_px = _legend_rows(fig, wrap_px, text_px) * LEGEND_ROW_EM * text_px
    panel_label = any(a.name == "panel label" for a in big.layout.annotations)
    for annotation in big.layout.annotations:
        annotation.font.size = text_px
        if annotation.name == "notes":
            annotation.update(text=notes, yshift=-(ticks + text_px / 2))
        elif annotation.name == "panel label":
            annotation.update(yshift=legend_px + 4 * scale)
    big.update_annotations(selector=dict(templateitemname=theme.SOURCE_ANNOTATION), text=source,
                           yshift=-(ticks + text_px / 2 + notes_lines * line))
    top = legend_px + (line + 4 * scale if panel_label else 0) + text_px / 2
    bottom = ticks + text_px / 2 + (notes_lines + source.count("<br>") + 1) * line + text_px / 2
    left = (charts.left_margin(fig) + TICK_GAP_PX) * text_px / TEMPLATE_FONT_PX
    big.update_layout(title=dict(text="", subtitle=dict(text="")), font=dict(size=text_px),
                      legend=dict(font=dict(size=text_px), y=1, yanchor="bottom"),
                      hoverlabel=dict(font=dict(size=text_px)),
                      margin=dict(t=round(top), b=round(bottom), l=round(left), r=round(2 * text_px)),
                      width=width, height=height, autosize=width is None)
    for trace in big.data:
        if "textfont" in trace:
            trace.textfont.size = max(trace.textfont.size or 0, text_px)
        size = trace.marker["size"] if "size" in trace.marker else None
        if isinstance(size, (int, float)):
            trace.marker.size = size * scale
    return big


def plot_size(fig: go.Figure) -> tuple[float, float]:
    """(width, height) in px of a fitted chart's plot at its own size: what its labels get on a medium."""
    margin = fig.layout.margin
    return fig.layout.width - margin.l - margin.r, fig.layout.height - margin.t - margin.b
