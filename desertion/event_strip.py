"""The event strip above a time chart: each event's mark in its category's colour, a guide line down through
the panels, and the event identified without hovering: its whole name in words where it fits, else a letter
at its mark (`label_layout.layout_event_strip`), with the key of letters (date, whole name) under the chart,
in its alt text and in its events table. Names come from the data and reach Plotly only through
`markup.plotly_text`. The timeline (`point_charts.build_timeline_figure`) names its events its own way. The
strip's own words are in the language of the code running now (`i18n.active`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from desertion import palette, theme
from desertion.chart_labels import EVENT_LABEL_PX, EVENT_MARK_PX, REFERENCE_PLOT_WIDTH, epoch_ms, event_band_px, from_ms
from desertion.formatting import format_date, format_span
from desertion.i18n.active import _, current
from desertion.i18n.catalogue import N_
from desertion.label_layout import BOLD_WIDTH, CYRILLIC, LATIN, Box, EventLabel, layout_event_strip, text_width, to_pixel
from desertion.markup import plotly_text  # the one escaper for data text in Plotly texts
from desertion.provenance import source_labels

EVENT_ROWS = 3  # rows of the strip: names, and the letters nearest the marks
KEY_LEAD = N_("Events by letter:")
KEY_ALPHABETS = {"en": LATIN, "ru": CYRILLIC}  # a Russian chart's key letters are Cyrillic (А, Б, В…)
KEY_TEXT_PX = 12  # as the notes line
KEY_WIDTH_PX = 560.0  # as wide as a title line (52 characters at 20 px): the key never needs more room than the title


def add_events(fig: go.Figure, events: pd.DataFrame | None, sources: pd.DataFrame, x_range: list[pd.Timestamp],
               mode: str) -> pd.DataFrame | None:
    """Events on the top strip: a mark in its category's colour, the event's whole name in words where it
    fits, else a letter (place_event_strip), a guide line down through the panels below.
    Returns the events inside the axis in time order with their `_letter` ('' when named), for the key that
    `close_figure` draws under the chart, its alt text and its events table. `mode`: palette.LIGHT or DARK."""
    if events is None or events.empty:
        return None
    band = event_band_px(EVENT_ROWS)
    outlets = source_labels(events, sources)
    source_word = _("Source: {outlets}")  # our words around data text, each part of which is escaped
    for category, part in events.groupby("category", sort=True):
        fig.add_trace(go.Scatter(
            x=part["date_start"].to_list(), y=[8 / band] * len(part), mode="markers", name=f"event: {plotly_text(category)}",
            marker=dict(symbol="triangle-down", size=11, color=palette.series_colour(palette.EVENT, category, mode)),
            hovertext=[f"<b>{plotly_text(t)}</b><br>{format_date(d, p)}<br>"
                       + source_word.format(outlets=plotly_text(o))
                       for t, d, p, o in zip(part["title"], part["date_start"], part["date_precision"],
                                             outlets[part.index])],
            hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
        ), row=1, col=1)
    in_range = events[(events["date_start"] >= x_range[0]) & (events["date_start"] <= x_range[1])]
    in_range = in_range.sort_values(["date_start", "event_id"], kind="stable")
    # A guide line per date through every panel, added at once (add_vline re-validated every shape each time:
    # seconds for All time's 22 dates on four panels).
    guides = [go.layout.Shape(type="line", xref=axis.anchor, yref=f"{axis.plotly_name.replace('axis', '')} domain",
                              x0=date, x1=date, y0=0, y1=1, layer="below",
                              line=dict(color=theme.GRID, width=1, dash="dot"))
              for axis in fig.select_yaxes() for date in in_range["date_start"].drop_duplicates()]
    fig.update_layout(shapes=[*fig.layout.shapes, *guides])
    letters = place_event_strip(fig, in_range, axes=("x", "y"), x_range=x_range, band_px=band, rows=EVENT_ROWS)
    fig.update_yaxes(range=[0, 1], visible=False, fixedrange=True, row=1, col=1)
    fig.update_xaxes(ticks="", showline=False, row=1, col=1)
    return in_range.assign(_letter=letters)


def place_event_strip(fig: go.Figure, events: pd.DataFrame, *, axes: tuple[str, str], x_range: Sequence[pd.Timestamp],
                      band_px: float, rows: int, width_px: float = REFERENCE_PLOT_WIDTH) -> pd.Series:
    """Identify every event of `events` (all inside `x_range`) on a strip whose y axis runs 0 (bottom, the
    marks) to 1 (top): its whole name in words where it fits, else a bold letter at its mark (see
    `layout_event_strip`). Returns each event's letter, '' for one named in words, on the index of `events`;
    the letters are the chart's key (`key_entries`), which the caller draws under the chart."""
    x_lo, x_hi = epoch_ms(x_range[0]), epoch_ms(x_range[1])
    # Whitespace folded: a line break in the data must not make a row of its own.
    labels = [EventLabel(str(key), to_pixel(epoch_ms(date), (x_lo, x_hi), (0.0, width_px)), " ".join(str(title).split()))
              for key, date, title in zip(events["event_id"], events["date_start"], events["title"])]
    placements = layout_event_strip(labels, Box(0.0, 0.0, width_px, band_px - EVENT_MARK_PX), size=EVENT_LABEL_PX,
                                    rows=rows, alphabet=KEY_ALPHABETS.get(current(), LATIN))
    xref, yref = axes
    labels_drawn = {}
    for placed in placements:  # a run of letters is one label for several events
        anchor = placed.box.left if placed.align == "left" else (placed.box.left + placed.box.right) / 2
        text = f"<b>{plotly_text(placed.text)}</b>" if placed.letter else \
            "<br>".join(plotly_text(line) for line in placed.text.split("\n"))
        labels_drawn[(placed.text, placed.box)] = go.layout.Annotation(
            x=from_ms(x_lo + anchor / width_px * (x_hi - x_lo)), xref=xref, xanchor=placed.align, align=placed.align,
            y=1 - placed.box.bottom / band_px, yref=yref, yanchor="bottom", text=text, showarrow=False,
            font=dict(size=EVENT_LABEL_PX), borderpad=0, name="event letter" if placed.letter else "event label")
    # Added at once: Plotly validates the whole list again on every add_annotation.
    fig.update_layout(annotations=[*fig.layout.annotations, *labels_drawn.values()])
    return pd.Series([p.letter for p in placements], index=events.index, dtype=object)


def key_entries(events: pd.DataFrame, letters: pd.Series) -> list[tuple[str, str]]:
    """The key of a strip's lettered events, in letter (time) order: (letter, 'date, whole name')."""
    rows = events.assign(_letter=letters)
    rows = rows[rows["_letter"] != ""]
    return [(letter, f"{format_span(s, e, p)}, {title}") for letter, s, e, p, title in sorted(
        zip(rows["_letter"], rows["date_start"], rows["date_end"], rows["date_precision"], rows["title"]),
        key=lambda row: (len(row[0]), row[0]))]


def strip_alt(events: pd.DataFrame, letters: pd.Series) -> str:
    """Every event on a strip in words, in time order, with its letter where the chart shows one: for alt text."""
    if events.empty:
        return ""
    listed = "; ".join(
        (f"{letter}: " if letter else "") + f"{format_span(s, e, p)}, {title}"
        for letter, s, e, p, title in zip(letters, events["date_start"], events["date_end"], events["date_precision"],
                                          events["title"]))
    return _("Events marked on the time axis: {events}.").format(events=listed)


def wrap_key(entries: Sequence[tuple[str, str]], width_px: float = KEY_WIDTH_PX,
             size: float = KEY_TEXT_PX) -> tuple[str, int]:
    """A strip's key as one paragraph for a Plotly annotation: 'Events by letter: A date, name; B …', wrapped
    to `width_px` at `size` px in the charts' font (Plotly does not wrap), letters bold, every word of data
    text escaped. Returns the text and its number of lines ('', 0 for no entries)."""
    if not entries:
        return "", 0
    words = [(word, False) for word in _(KEY_LEAD).split()]
    for n, (letter, text) in enumerate(entries):
        words.append((letter, True))
        words += [(word, False) for word in f"{text}{';' if n < len(entries) - 1 else '.'}".split()]
    space = text_width(" ", size)
    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0.0
    for word, bold in words:
        width = text_width(word, size) * (BOLD_WIDTH if bold else 1.0)
        if lines[-1] and used + space + width > width_px:
            lines.append([])
            used = 0.0
        used += width + (space if lines[-1] else 0.0)
        lines[-1].append((word, bold))
    return "<br>".join(" ".join(f"<b>{plotly_text(w)}</b>" if b else plotly_text(w) for w, b in line)
                       for line in lines), len(lines)
