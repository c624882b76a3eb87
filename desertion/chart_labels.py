"""Direct labels drawn into a figure: value labels above bars and points, event names in words on a strip.

The builders fix each panel's height in pixels, but not the width (a page stretches a chart to its column),
so labels are laid out (`label_layout`) for the narrowest plot the dashboard draws, `reference_width`, and
then placed in data coordinates. A wider plot moves every anchor apart in proportion while the text keeps
its size, so labels that do not collide at the reference width do not collide at any wider one. A label
that finds no place is left out of the figure; its value stays in the hover, the alt text and the table.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from desertion.formatting import format_span
from desertion.label_layout import BOLD_WIDTH, GAP_PX, LINE_HEIGHT_EM, MAX_STACK, Box, EventLabel, Label, layout_event_labels, \
    layout_event_strip, layout_labels, text_width, to_pixel
from desertion.markup import plotly_text  # the one escaper for data text in Plotly texts

# The narrowest plot area (px) a chart is drawn at: a two-thirds column at 1280×720.
REFERENCE_PLOT_WIDTH = 440.0
VALUE_LABEL_PX = 13
EVENT_LABEL_PX = 13
EVENT_MARK_PX = 16  # room under the event names for the event marks
EVENT_TEXT_CHARS = 28  # an event name longer than this is shortened on the chart (whole in hover and table)
KEY_LEAD = "Events by letter:"
KEY_TEXT_PX = 12  # as the notes line
KEY_WIDTH_PX = 560.0  # as wide as a title line (52 characters at 20 px): the key never needs more room than the title


@dataclass(frozen=True)
class ValueMark:
    """A mark to label: its x (a timestamp), its y in data units (already capped to the axis), its text."""

    key: str
    x: pd.Timestamp
    y: float
    text: str


def epoch_ms(value: object) -> float:
    return pd.Timestamp(value).value / 1e6


def from_ms(value: float) -> pd.Timestamp:
    return pd.Timestamp(int(value * 1e6))


def short_text(text: str, limit: int = EVENT_TEXT_CHARS) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    return textwrap.shorten(text, limit, placeholder="…")


def place_value_labels(fig: go.Figure, marks: Sequence[ValueMark], *, axes: tuple[str, str],
                       x_range: Sequence[pd.Timestamp], y_range: Sequence[float], height_px: float,
                       background: str, width_px: float = REFERENCE_PLOT_WIDTH, max_stack: int = MAX_STACK,
                       bars: Sequence[tuple[pd.Timestamp, pd.Timestamp, float]] = ()) -> list[str]:
    """Draw each mark's label just above it (or inside the top of a bar cut by the axis) where it collides
    with no other label and no bar of `bars` (start, end, height), as an annotation on the panel `axes`
    ('x2', 'y2'). Returns the keys left out."""
    x_lo, x_hi = epoch_ms(x_range[0]), epoch_ms(x_range[1])
    y_lo, y_hi = float(y_range[0]), float(y_range[1])
    row = VALUE_LABEL_PX * LINE_HEIGHT_EM
    labels = []
    for mark in marks:
        y = to_pixel(min(mark.y, y_hi), (y_lo, y_hi), (height_px, 0.0))
        # A mark at the top of the panel (a cut bar) is labelled inside its top, not above the plot.
        labels.append(Label(mark.key, to_pixel(epoch_ms(mark.x), (x_lo, x_hi), (0.0, width_px)),
                            max(y, row + 2 * GAP_PX), mark.text, VALUE_LABEL_PX))
    obstacles = [Box(to_pixel(epoch_ms(start), (x_lo, x_hi), (0.0, width_px)),
                     to_pixel(min(top, y_hi), (y_lo, y_hi), (height_px, 0.0)),
                     to_pixel(epoch_ms(end), (x_lo, x_hi), (0.0, width_px)), height_px) for start, end, top in bars]
    placements = layout_labels(labels, Box(0.0, 0.0, width_px, height_px), max_stack=max_stack, obstacles=obstacles)
    xref, yref = axes
    for mark, placed in zip(marks, placements):
        if placed.box is None:
            continue
        centre = (placed.box.left + placed.box.right) / 2
        fig.add_annotation(
            x=from_ms(x_lo + centre / width_px * (x_hi - x_lo)), xref=xref, xanchor="center",
            y=y_lo + (height_px - placed.box.bottom) / height_px * (y_hi - y_lo), yref=yref, yanchor="bottom",
            text=plotly_text(mark.text), showarrow=False, font=dict(size=VALUE_LABEL_PX), bgcolor=background, borderpad=0,
            name="value label")
    return [p.key for p in placements if p.dropped]


def place_event_labels(fig: go.Figure, events: pd.DataFrame, *, axes: tuple[str, str],
                       x_range: Sequence[pd.Timestamp], band_px: float, rows: int,
                       width_px: float = REFERENCE_PLOT_WIDTH) -> list[str]:
    """Name each event in words on a strip whose y axis runs 0 (bottom, the marks) to 1 (top): names are
    staggered over `rows` rows above the marks, left-aligned at the event. Returns the event_ids left out."""
    x_lo, x_hi = epoch_ms(x_range[0]), epoch_ms(x_range[1])
    labels = [EventLabel(str(key), to_pixel(epoch_ms(date), (x_lo, x_hi), (0.0, width_px)), short_text(str(title)))
              for key, date, title in zip(events["event_id"], events["date_start"], events["title"])]
    band = Box(0.0, 0.0, width_px, band_px - EVENT_MARK_PX)
    placements = layout_event_labels(labels, band, size=EVENT_LABEL_PX, rows=rows)
    xref, yref = axes
    for label, placed in zip(labels, placements):
        if placed.box is None:
            continue
        fig.add_annotation(
            x=from_ms(x_lo + placed.box.left / width_px * (x_hi - x_lo)), xref=xref, xanchor="left",
            y=1 - placed.box.bottom / band_px, yref=yref, yanchor="bottom", text=plotly_text(label.text), showarrow=False,
            font=dict(size=EVENT_LABEL_PX), borderpad=0, name="event label")
    return [p.key for p in placements if p.dropped]


def event_band_px(rows: int) -> float:
    """Height of an event strip with `rows` rows of names above the marks."""
    return rows * EVENT_LABEL_PX * LINE_HEIGHT_EM + EVENT_MARK_PX + 2


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
                                    rows=rows)
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
    return "Events marked on the time axis: " + "; ".join(
        (f"{letter}: " if letter else "") + f"{format_span(s, e, p)}, {title}"
        for letter, s, e, p, title in zip(letters, events["date_start"], events["date_end"], events["date_precision"],
                                          events["title"])) + "."


def wrap_key(entries: Sequence[tuple[str, str]], width_px: float = KEY_WIDTH_PX,
             size: float = KEY_TEXT_PX) -> tuple[str, int]:
    """A strip's key as one paragraph for a Plotly annotation: 'Events by letter: A date, name; B …', wrapped
    to `width_px` at `size` px in the charts' font (Plotly does not wrap), letters bold, every word of data
    text escaped. Returns the text and its number of lines ('', 0 for no entries)."""
    if not entries:
        return "", 0
    words = [(word, False) for word in KEY_LEAD.split()]
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
