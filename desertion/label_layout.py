"""Direct labels that never collide and never leave the plot: where to put each value label and event label.

Pure geometry in pixel space (y grows downwards, as on screen and in SVG). A chart builder converts its
anchors from data to pixels (`to_pixel`), asks for a layout, and draws each placed label at its box; a
label that finds no free place is dropped, and its value is left to the chart's table view (the caller
lists `dropped`). Text width is measured with the metrics of the font the charts are drawn in: the first
family of the theme's font list that is installed (Source Sans Pro, else DejaVu Sans, else Liberation Sans
for Arial), else estimated from the font size and the number of characters, generously.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desertion.theme import FONT_FAMILY

# Where Debian puts the families of theme.FONT_FAMILY (Liberation Sans is what Chromium draws for Arial).
FONT_FILES: dict[str, tuple[Path, ...]] = {
    "Source Sans Pro": (Path("/usr/share/fonts/opentype/source-sans-pro/SourceSansPro-Regular.otf"),
                        Path("/usr/share/fonts/truetype/source-sans-pro/SourceSansPro-Regular.ttf")),
    "DejaVu Sans": (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),),
    "Arial": (Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
              Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")),
}
# Without the font: an average sans-serif character is about 0.55 em wide; 0.62 leaves room for digits and
# capitals, so an estimate errs wide (a label dropped, never two overlapping).
FALLBACK_EM_PER_CHAR = 0.62
LINE_HEIGHT_EM = 1.25
GAP_PX = 3.0
MAX_STACK = 4  # how many label heights a value label may climb above its anchor before it is dropped
EVENT_ROWS = 3  # staggered rows for event labels on a time axis


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in pixels: left, top, right, bottom (top < bottom)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """True when the boxes share area (touching edges do not count), or come closer than `gap`."""
        return (self.left < other.right + gap and other.left < self.right + gap
                and self.top < other.bottom + gap and other.top < self.bottom + gap)

    def inside(self, other: Box) -> bool:
        return (self.left >= other.left and self.right <= other.right
                and self.top >= other.top and self.bottom <= other.bottom)


@dataclass(frozen=True)
class Label:
    """A label to place: `key` identifies its mark, (x, y) is its anchor in pixels (the top of a bar, a
    point), `text` its words, `size` its font size in px."""

    key: str
    x: float
    y: float
    text: str
    size: float


@dataclass(frozen=True)
class Placement:
    """Where a label went: its box (None when dropped) and how far it was moved from its natural place."""

    key: str
    box: Box | None
    shift_x: float = 0.0
    shift_y: float = 0.0

    @property
    def dropped(self) -> bool:
        return self.box is None


def font_file(families: str = FONT_FAMILY) -> Path | None:
    """The file of the first family in a CSS font list that is installed here, as a browser would pick it."""
    for family in (f.strip().strip("'\"") for f in families.split(",")):
        for path in FONT_FILES.get(family, ()):
            if path.exists():
                return path
    return None


@functools.lru_cache(maxsize=16)
def _font(size_tenths: int):
    """The charts' face at a size (in tenths of a px), or None when PIL or the font is missing."""
    path = font_file()
    if path is None:
        return None
    try:
        from PIL import ImageFont
    except ImportError:
        return None
    return ImageFont.truetype(str(path), size_tenths / 10)


def text_width(text: str, size: float) -> float:
    """Width in px of one line of `text` at font size `size` px."""
    font = _font(round(size * 10))
    if font is not None:
        return float(font.getlength(text))
    return len(text) * size * FALLBACK_EM_PER_CHAR


def text_box_size(text: str, size: float) -> tuple[float, float]:
    """(width, height) in px of a possibly multi-line label (lines split on newlines or <br>)."""
    lines = text.replace("<br>", "\n").split("\n")
    return max(text_width(line, size) for line in lines), len(lines) * size * LINE_HEIGHT_EM


def to_pixel(value: float, data_range: tuple[float, float], pixel_range: tuple[float, float]) -> float:
    """Map a data value linearly onto pixels: a date as epoch ms onto the x axis, a count onto the y axis
    (pass the y pixel range as (bottom, top), since pixels grow downwards)."""
    low, high = data_range
    if high == low:
        raise ValueError(f"an axis range needs two different ends, got {data_range}")
    start, end = pixel_range
    return start + (value - low) / (high - low) * (end - start)


def _clamp(box: Box, plot: Box) -> tuple[Box, float]:
    """Slide a box sideways into the plot (a label near an edge moves inwards rather than out)."""
    dx = 0.0
    if box.left < plot.left:
        dx = plot.left - box.left
    elif box.right > plot.right:
        dx = plot.right - box.right
    return Box(box.left + dx, box.top, box.right + dx, box.bottom), dx


def layout_labels(labels: Sequence[Label], plot: Box, *, gap: float = GAP_PX, max_stack: int = MAX_STACK,
                  obstacles: Sequence[Box] = ()) -> list[Placement]:
    """Place value labels centred just above their anchors, so that no two overlap (nor come within `gap`),
    none overlaps an obstacle (a title, a legend) and each lies wholly inside `plot`.

    A label whose natural place is taken climbs one label height at a time, up to `max_stack`, and is slid
    sideways into the plot at an edge; one that still finds no place, or whose anchor lies outside the plot's
    width, is dropped (box None). Labels are placed
    in order of their anchor height, highest value first, so the largest marks keep their labels. The result
    is in the order of `labels`."""
    placed: dict[int, Placement] = {}
    taken: list[Box] = list(obstacles)
    order = sorted(range(len(labels)), key=lambda i: (labels[i].y, labels[i].x))
    for i in order:
        label = labels[i]
        width, height = text_box_size(label.text, label.size)
        result = Placement(label.key, None)
        anchored = plot.left <= label.x <= plot.right
        for step in range(max_stack + 1 if anchored else 0):
            top = label.y - gap - height - step * (height + gap)
            natural = Box(label.x - width / 2, top, label.x + width / 2, top + height)
            box, dx = _clamp(natural, plot)
            if box.inside(plot) and not any(box.overlaps(other, gap) for other in taken):
                result = Placement(label.key, box, dx, -step * (height + gap))
                taken.append(box)
                break
        placed[i] = result
    return [placed[i] for i in range(len(labels))]


@dataclass(frozen=True)
class EventLabel:
    """An event to label on a time axis: `key`, its x in pixels, and its words."""

    key: str
    x: float
    text: str


@dataclass(frozen=True)
class EventPlacement:
    """An event label's row (0 nearest the axis band) and box, or dropped (row None) when every row is full."""

    key: str
    row: int | None
    box: Box | None

    @property
    def dropped(self) -> bool:
        return self.box is None


def layout_event_labels(events: Sequence[EventLabel], band: Box, *, size: float, rows: int = EVENT_ROWS,
                        gap: float = 6.0) -> list[EventPlacement]:
    """Stagger event labels in words over `rows` rows of a band above (or below) a time axis.

    Each label starts at its event's x (left-aligned, slid left to stay inside the band at the right edge)
    and goes in the first row where it does not come within `gap` of a label already there; rows stack
    downwards from the band's top. Events are placed in time order; an event that fits no row is dropped and
    belongs in the chart's table. The result is in the order of `events`."""
    row_height = size * LINE_HEIGHT_EM
    if rows < 1 or rows * row_height > band.height + 1e-9:
        raise ValueError(f"{rows} rows of {row_height:.1f} px do not fit a band {band.height:.1f} px high")
    used: list[list[Box]] = [[] for _ in range(rows)]
    result: dict[int, EventPlacement] = {}
    for i in sorted(range(len(events)), key=lambda k: events[k].x):
        event = events[i]
        width = text_width(event.text, size)
        result[i] = EventPlacement(event.key, None, None)
        if width > band.width or not band.left <= event.x <= band.right:
            continue
        left = min(event.x, band.right - width)
        for row in range(rows):
            top = band.top + row * row_height
            box = Box(left, top, left + width, top + row_height)
            if not any(box.overlaps(other, gap) for other in used[row]):
                used[row].append(box)
                result[i] = EventPlacement(event.key, row, box)
                break
    return [result[i] for i in range(len(events))]
