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


@functools.lru_cache(maxsize=8192)  # layouts measure the same labels again and again (runs, rows, two lines)
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


OVER_ANCHOR_PX = 3.0  # a label slid sideways still reaches this far past its anchor on both sides


def _sideways(box: Box, anchor_x: float, taken: Sequence[Box], gap: float) -> list[Box]:
    """`box`, then `box` slid left or right just clear of each box of `taken` it would touch, nearest first,
    keeping only slides after which the box still spans its anchor by OVER_ANCHOR_PX: the label of a narrow
    bar beside a taller one (305 beside 577 on All time's requests) moves a few px off the taller bar instead
    of being dropped, and still reads as its bar's label."""
    shifts = {0.0}
    for other in taken:
        if box.overlaps(other, gap):
            shifts.update((other.right + gap - box.left + 0.01, other.left - gap - box.right - 0.01))
    return [Box(box.left + dx, box.top, box.right + dx, box.bottom) for dx in sorted(shifts, key=abs)
            if dx == 0.0 or box.left + dx <= anchor_x - OVER_ANCHOR_PX <= anchor_x + OVER_ANCHOR_PX <= box.right + dx]


def layout_labels(labels: Sequence[Label], plot: Box, *, gap: float = GAP_PX, max_stack: int = MAX_STACK,
                  obstacles: Sequence[Box] = ()) -> list[Placement]:
    """Place value labels centred just above their anchors, so that no two overlap (nor come within `gap`),
    none overlaps an obstacle (a title, a legend) and each lies wholly inside `plot`.

    A label whose natural place is taken first slides sideways just clear of what is in the way, as long as it
    still stands over its anchor (`_sideways`), then climbs one label height at a time, up to `max_stack`; it
    is slid sideways into the plot at an edge; one that still finds no place, or whose anchor lies outside the plot's
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
            box = next((b for b in _sideways(_clamp(natural, plot)[0], label.x, taken, gap)
                        if b.inside(plot) and not any(b.overlaps(other, gap) for other in taken)), None)
            if box is not None:
                result = Placement(label.key, box, box.left - natural.left, -step * (height + gap))
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


# ------------------------------------------------------------------ event strips: a name in words, else a letter

BOLD_WIDTH = 1.1  # letters are drawn bold: measured in the regular face, widened by this much
STRIP_GAP_PX = 4.0  # between two letter labels of the strip


LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Russian keys use the Cyrillic letters a reader would say aloud, without Ё, Й, Ъ, Ы, Ь and Щ (easily confused or
# never a word's first letter), as Russian lists and footnotes letter their items.
CYRILLIC = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"


def key_letter(index: int, alphabet: str = LATIN) -> str:
    """The key letter of the `index`-th lettered event (0 -> 'A', 25 -> 'Z', 26 -> 'AA'), like spreadsheet
    columns, so a strip never runs out of letters. Letters, not numbers: the charts' labels are counts."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, len(alphabet))
        letters = alphabet[rest] + letters
    return letters


@dataclass(frozen=True)
class StripPlacement:
    """How an event on a strip is identified: `letter` is '' when the event is named in words, `text` and
    `box` are the drawn label (its name, its letter, or a run of letters 'C–F' that it shares with the
    events beside it), `align` how the label hangs from its event: 'left' (a name starting at it) or
    'center' (a letter over its mark)."""

    key: str
    letter: str
    text: str
    box: Box
    align: str


def two_lines(text: str, size: float) -> str:
    """`text` broken at the word boundary that makes its longer line shortest ('a b c d' -> 'a b\nc d'); the
    text itself when it is one word."""
    words = text.split()
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    if not splits:
        return text
    first, second = min(splits, key=lambda pair: max(text_width(pair[0], size), text_width(pair[1], size)))
    return f"{first}\n{second}"


def _clash(box: Box, other: Box, gap: float) -> bool:
    """Boxes closer than `gap` side by side while sharing height (rows stacked on each other may touch)."""
    return (box.left < other.right + gap and other.left < box.right + gap
            and box.top < other.bottom and other.top < box.bottom)


def _reach(box: Box, taken: Sequence[Box]) -> float:
    """How far right the names already left of `box` in its rows reach (-inf when none)."""
    return max((o.right for o in taken if o.top < box.bottom and box.top < o.bottom and o.right <= box.left),
               default=float("-inf"))


def _name_events(events: Sequence[EventLabel], order: Sequence[int], band: Box, tops: Sequence[float], *,
                 size: float, gap: float) -> dict[int, StripPlacement]:
    """Names in words, each starting at its event (where its guide line is), inside the band and `gap` clear
    of each other; an event whose name fits nowhere is left out of the result. A name is never cut, slid
    away from its event, nor ended at it: the reader would have to guess which line it belongs to.

    First on one line, as many as fit: names taken by their right end, each into the row (of `tops`, nearest
    the marks first) whose last name ends latest while leaving room (the greedy that names the most
    intervals on k rows). Then, in time order, a name left over broken over two rows at a word boundary."""
    height = size * LINE_HEIGHT_EM
    taken: list[Box] = []
    named: dict[int, StripPlacement] = {}

    def place(i: int, text: str, lines: int) -> bool:
        event, (width, _) = events[i], text_box_size(text, size)
        boxes = [Box(event.x, top - (lines - 1) * height, event.x + width, top + height)
                 for top in tops[:len(tops) - lines + 1]]
        free = [b for b in boxes if b.inside(band) and not any(_clash(b, o, gap) for o in taken)]
        if not free:
            return False
        box = max(free, key=lambda b: _reach(b, taken))  # best fit; ties: nearest the marks
        taken.append(box)
        named[i] = StripPlacement(event.key, "", text, box, "left")
        return True

    for i in sorted(order, key=lambda k: (events[k].x + text_width(events[k].text, size), events[k].x)):
        place(i, events[i].text, 1)
    for i in order:
        if i not in named and "\n" in (text := two_lines(events[i].text, size)):
            place(i, text, 2)
    return named


def _run_box(run: Sequence[tuple[int, str]], events: Sequence[EventLabel], band: Box, top: float,
             size: float) -> tuple[str, Box]:
    """The label of a run of lettered events ('C', or 'C–F'), centred on the run and slid into the band."""
    text = run[0][1] if len(run) == 1 else f"{run[0][1]}–{run[-1][1]}"
    width = text_width(text, size) * BOLD_WIDTH
    centre = (events[run[0][0]].x + events[run[-1][0]].x) / 2
    box, _ = _clamp(Box(centre - width / 2, top, centre + width / 2, top + size * LINE_HEIGHT_EM), band)
    return text, box


def layout_event_strip(events: Sequence[EventLabel], band: Box, *, size: float, rows: int = EVENT_ROWS,
                       gap: float = 6.0, alphabet: str = LATIN) -> list[StripPlacement]:
    """Identify every event on a strip above a time axis without hovering: its name in words where it fits
    whole (never cut), else a letter at its mark for the chart's key. Nothing is dropped.

    Names go in rows stacked up from the marks (the band's bottom), each starting at its event, on one line
    or broken over two; they may use every row when all of them fit, else the row nearest the marks holds
    the letters. Letters follow time order ('A', 'B', …); letters that would collide merge into
    one label for the run ('C–F'), centred on it, so no two labels ever overlap. The band must be at least
    as wide as a run label. The result is in the order of `events`."""
    height = size * LINE_HEIGHT_EM
    if rows < 1 or rows * height > band.height + 1e-9:
        raise ValueError(f"{rows} rows of {height:.1f} px do not fit a band {band.height:.1f} px high")
    order = sorted((i for i in range(len(events)) if band.left <= events[i].x <= band.right),
                   key=lambda k: (events[k].x, events[k].key))
    tops = [band.bottom - (row + 1) * height for row in range(rows)]  # nearest the marks first
    named = _name_events(events, order, band, tops, size=size, gap=gap)
    if len(named) < len(order):
        named = _name_events(events, order, band, tops[1:], size=size, gap=gap)
    lettered = [(i, key_letter(n, alphabet)) for n, i in enumerate(k for k in order if k not in named)]
    runs: list[list[tuple[int, str]]] = []
    for item in lettered:
        runs.append([item])
        while len(runs) > 1:
            last = _run_box(runs[-1], events, band, tops[0], size)[1]
            clash = next((j for j, run in enumerate(runs[:-1])
                          if _run_box(run, events, band, tops[0], size)[1].overlaps(last, STRIP_GAP_PX)), None)
            if clash is None:
                break
            runs[clash:] = [[member for run in runs[clash:] for member in run]]
    placed = dict(named)
    for run in runs:
        text, box = _run_box(run, events, band, tops[0], size)
        placed.update({i: StripPlacement(events[i].key, letter, text, box, "center") for i, letter in run})
    if len(placed) < len(events):
        missing = [events[i].key for i in range(len(events)) if i not in placed]
        raise ValueError(f"events outside the strip's band cannot be drawn on it: {missing}")
    return [placed[i] for i in range(len(events))]
