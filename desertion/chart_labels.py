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

from desertion.label_layout import GAP_PX, LINE_HEIGHT_EM, MAX_STACK, Box, EventLabel, Label, layout_event_labels, \
    layout_labels, to_pixel
from desertion.markup import plotly_text  # the one escaper for data text in Plotly texts

# The narrowest plot area (px) a chart is drawn at: a two-thirds column at 1280×720.
REFERENCE_PLOT_WIDTH = 440.0
VALUE_LABEL_PX = 13
EVENT_LABEL_PX = 13
EVENT_MARK_PX = 16  # room under the event names for the event marks
EVENT_TEXT_CHARS = 28  # an event name longer than this is shortened on the chart (whole in hover and table)


@dataclass(frozen=True)
class Room:
    """The plot a chart's direct labels are laid out for, when it is not the dashboard's (a slide's).

    `width_px` is the narrowest plot width the chart will be drawn at and `plot_px` the lowest plot height
    (one panel: a slide draws the panel of its point alone, without the event strip, and leaves the events to
    its timeline slide); labels set at `text_px` that do not collide there do not collide in a larger plot.
    `event_chars` is the longest an event name may be before it is shortened (a timeline shortens names
    further only as far as it must to name every event: `fitting_name_length`)."""

    width_px: float
    plot_px: float
    text_px: float
    event_chars: int = EVENT_TEXT_CHARS


@dataclass(frozen=True)
class ValueMark:
    """A mark to label: its x (a timestamp), its y in data units (already capped to the axis), its text."""

    key: str
    x: pd.Timestamp
    y: float
    text: str


def label_room(room: Room | None, plot_px: float = 0.0) -> Room:
    """The room labels are laid out for: a slide's, else the dashboard's reference width and type."""
    return room if room is not None else Room(REFERENCE_PLOT_WIDTH, plot_px, VALUE_LABEL_PX)


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
                       bars: Sequence[tuple[pd.Timestamp, pd.Timestamp, float]] = (),
                       text_px: float = VALUE_LABEL_PX) -> list[str]:
    """Draw each mark's label just above it (or inside the top of a bar cut by the axis) where it collides
    with no other label and no bar of `bars` (start, end, height), as an annotation on the panel `axes`
    ('x2', 'y2'), in `text_px` type. Returns the keys left out."""
    x_lo, x_hi = epoch_ms(x_range[0]), epoch_ms(x_range[1])
    y_lo, y_hi = float(y_range[0]), float(y_range[1])
    row = text_px * LINE_HEIGHT_EM
    labels = []
    for mark in marks:
        y = to_pixel(min(mark.y, y_hi), (y_lo, y_hi), (height_px, 0.0))
        # A mark at the top of the panel (a cut bar) is labelled inside its top, not above the plot.
        labels.append(Label(mark.key, to_pixel(epoch_ms(mark.x), (x_lo, x_hi), (0.0, width_px)),
                            max(y, row + 2 * GAP_PX), mark.text, text_px))
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
            text=plotly_text(mark.text), showarrow=False, font=dict(size=text_px), bgcolor=background, borderpad=0,
            name="value label")
    return [p.key for p in placements if p.dropped]


NAME_LENGTHS = (80, 60, 48, 40, 32, EVENT_TEXT_CHARS)  # the shortenings a room tries, longest first


def fitting_name_length(events: pd.DataFrame, *, x_range: Sequence[pd.Timestamp], band_px: float, rows: int,
                        width_px: float, text_px: float, longest: int) -> int:
    """The longest shortening of the event names (at most `longest` characters) at which every event finds a
    place on the strip, so a slide with few events names them whole; else the one that leaves out fewest."""
    x_lo, x_hi = epoch_ms(x_range[0]), epoch_ms(x_range[1])
    band = Box(0.0, 0.0, width_px, band_px - EVENT_MARK_PX)
    dropped = {}
    for chars in [c for c in NAME_LENGTHS if c < longest] + [longest]:
        labels = [EventLabel(str(k), to_pixel(epoch_ms(d), (x_lo, x_hi), (0.0, width_px)), short_text(str(t), chars))
                  for k, d, t in zip(events["event_id"], events["date_start"], events["title"])]
        dropped[chars] = sum(p.dropped for p in layout_event_labels(labels, band, size=text_px, rows=rows))
    return min(dropped, key=lambda c: (dropped[c], -c))


def place_event_labels(fig: go.Figure, events: pd.DataFrame, *, axes: tuple[str, str],
                       x_range: Sequence[pd.Timestamp], band_px: float, rows: int,
                       width_px: float = REFERENCE_PLOT_WIDTH, text_px: float = EVENT_LABEL_PX,
                       chars: int = EVENT_TEXT_CHARS) -> list[str]:
    """Name each event in words on a strip whose y axis runs 0 (bottom, the marks) to 1 (top): names are
    staggered over `rows` rows above the marks, left-aligned at the event, in `text_px` type and shortened
    to `chars` characters. Returns the event_ids left out."""
    x_lo, x_hi = epoch_ms(x_range[0]), epoch_ms(x_range[1])
    labels = [EventLabel(str(key), to_pixel(epoch_ms(date), (x_lo, x_hi), (0.0, width_px)), short_text(str(title), chars))
              for key, date, title in zip(events["event_id"], events["date_start"], events["title"])]
    band = Box(0.0, 0.0, width_px, band_px - EVENT_MARK_PX)
    placements = layout_event_labels(labels, band, size=text_px, rows=rows)
    xref, yref = axes
    for label, placed in zip(labels, placements):
        if placed.box is None:
            continue
        fig.add_annotation(
            x=from_ms(x_lo + placed.box.left / width_px * (x_hi - x_lo)), xref=xref, xanchor="left",
            y=1 - placed.box.bottom / band_px, yref=yref, yanchor="bottom", text=plotly_text(label.text), showarrow=False,
            font=dict(size=text_px), borderpad=0, name="event label")
    return [p.key for p in placements if p.dropped]


def event_band_px(rows: int, text_px: float = EVENT_LABEL_PX) -> float:
    """Height of an event strip with `rows` rows of names above the marks."""
    return rows * text_px * LINE_HEIGHT_EM + EVENT_MARK_PX + 2


def event_rows(band_px: float, text_px: float) -> int:
    """How many rows of names in `text_px` type fit a strip `band_px` high above the marks (at least one)."""
    return max(1, int((band_px - EVENT_MARK_PX - 2) // (text_px * LINE_HEIGHT_EM)))
