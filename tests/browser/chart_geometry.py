"""Measure drawn charts and slides from the rendered page: text boxes and their overlaps, plot-area size, a
trace's colour by its legend name, the smallest text. Pure functions of a Playwright page (no server, no
fixtures), so any browser test can use them; `overlapping_pairs` is plain geometry and unit-tested.

Everything is read from what Chromium drew (SVG bounding boxes and computed styles), not from the figure
JSON: a label that Plotly moved, clipped or scaled is measured where it ended up.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

CHART = '[data-testid="stPlotlyChart"]'


@dataclass(frozen=True)
class TextBox:
    """One SVG text element of a chart as drawn: its text and its box in page pixels."""

    chart: int
    text: str
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


# Every visible, non-empty <text> in each chart's SVGs (main and the infolayer, where titles, annotations and
# the legend live). Boxes come from getBoundingClientRect, so transforms and scaling are applied.
_TEXT_BOXES_JS = """selector => [...document.querySelectorAll(selector)].map((chart, index) =>
    [...chart.querySelectorAll('svg text')].filter(t => {
        const style = getComputedStyle(t);
        const box = t.getBoundingClientRect();
        return t.textContent.trim() && style.visibility !== 'hidden' && style.display !== 'none'
            && parseFloat(style.opacity || '1') > 0 && box.width > 0 && box.height > 0;
    }).map(t => {
        const b = t.getBoundingClientRect();
        return {chart: index, text: t.textContent.trim(), left: b.left, top: b.top, width: b.width, height: b.height};
    }))"""


def text_boxes(page, selector: str = CHART) -> list[list[TextBox]]:
    """The drawn text boxes of every chart on the page, one list per chart in page order."""
    return [[TextBox(**box) for box in chart] for chart in page.evaluate(_TEXT_BOXES_JS, selector)]


def overlapping_pairs(boxes: list[TextBox], tolerance: float = 1.0) -> list[tuple[TextBox, TextBox]]:
    """Pairs of boxes that share more than `tolerance` px in both directions (glyph boxes of neighbouring
    tick labels may touch; that is not a collision)."""
    pairs = []
    for a, b in itertools.combinations(boxes, 2):
        dx = min(a.right, b.right) - max(a.left, b.left)
        dy = min(a.bottom, b.bottom) - max(a.top, b.top)
        if dx > tolerance and dy > tolerance:
            pairs.append((a, b))
    return pairs


def chart_overlaps(page, selector: str = CHART) -> dict[int, list[tuple[str, str]]]:
    """For each chart with colliding text, the texts of each colliding pair: {chart index: [(a, b), ...]}."""
    result = {}
    for index, boxes in enumerate(text_boxes(page, selector)):
        pairs = overlapping_pairs(boxes)
        if pairs:
            result[index] = [(a.text, b.text) for a, b in pairs]
    return result


def chart_titles(page, selector: str = CHART) -> list[str]:
    """Each chart's title as drawn (an SVG node: text_content, not inner_text)."""
    return page.evaluate("""selector => [...document.querySelectorAll(selector)].map(
        c => (c.querySelector('.gtitle') || {textContent: ''}).textContent.trim())""", selector)


def plot_area(page, index: int = 0, selector: str = CHART) -> tuple[float, float]:
    """(width, height) in px of a chart's largest plot area: its drag rectangle, which Plotly sizes to the
    axes' domain exactly (the background rect when there is no drag layer)."""
    size = page.evaluate("""([selector, index]) => {
        const chart = document.querySelectorAll(selector)[index];
        if (!chart) return null;
        const rects = [...chart.querySelectorAll('.draglayer .nsewdrag, .bglayer rect')]
            .map(r => r.getBoundingClientRect()).map(b => [b.width, b.height]);
        if (!rects.length) return null;
        return rects.reduce((a, b) => (a[0] * a[1] >= b[0] * b[1] ? a : b));
    }""", [selector, index])
    if size is None:
        raise LookupError(f"chart {index} has no plot area (is it drawn, and is it a cartesian chart?)")
    return float(size[0]), float(size[1])


def _hex(colour: str) -> str | None:
    """'rgb(0, 114, 178)' or 'rgba(0, 114, 178, 1)' -> '#0072B2'; None for no colour ('none', transparent)."""
    match = re.match(r"rgba?\(\s*(\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\s*\)", colour or "")
    if not match or (match.group(4) is not None and float(match.group(4)) == 0):
        return None
    return "#" + "".join(f"{int(match.group(i)):02X}" for i in (1, 2, 3))


def trace_colour(page, legend_name: str, index: int = 0, selector: str = CHART) -> str | None:
    """The colour of the trace a chart's legend names `legend_name`, as '#RRGGBB': the fill of its legend
    symbol, else its stroke (a line). None when the chart has no such legend entry."""
    colour = page.evaluate("""([selector, index, name]) => {
        const chart = document.querySelectorAll(selector)[index];
        if (!chart) return null;
        for (const entry of chart.querySelectorAll('.legend .traces')) {
            const text = entry.querySelector('.legendtext');
            if (!text || text.textContent.trim() !== name) continue;
            for (const mark of entry.querySelectorAll('.legendpoints path, .legendlines path')) {
                const style = getComputedStyle(mark);
                for (const value of [style.fill, style.stroke]) {
                    if (value && value !== 'none' && !value.startsWith('url(')) return value;
                }
            }
        }
        return null;
    }""", [selector, index, legend_name])
    return _hex(colour) if colour else None


def min_font_px(page, selector: str = '[data-testid="stMain"]') -> tuple[float, str]:
    """The smallest font size in px of visible text inside `selector` (HTML and SVG alike), with a sample of
    the text set in it. SVG text is measured through its scale on screen (a chart image drawn smaller than
    its own size shrinks its type)."""
    found = page.evaluate("""selector => {
        let best = [Infinity, ''];
        const root = document.querySelector(selector);
        if (!root) return best;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const element = node.parentElement;
            if (!element || !node.textContent.trim()) continue;
            const style = getComputedStyle(element);
            const box = element.getBoundingClientRect();
            if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
            let size = parseFloat(style.fontSize);
            const svg = element.closest('svg');
            if (svg && svg.getScreenCTM) {
                const m = element.getScreenCTM ? element.getScreenCTM() : null;
                if (m) size *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
            }
            if (size < best[0]) best = [size, node.textContent.trim().slice(0, 60)];
        }
        return best;
    }""", selector)
    return float(found[0]), str(found[1])


def svg_boxes(page, selector: str = CHART) -> list[tuple[float, float, float, float]]:
    """Each chart's main SVG as (left, top, right, bottom) in page pixels: what a text must lie inside to be
    seen (Plotly clips nothing of an annotation; the SVG's edge does)."""
    return [tuple(box) for box in page.evaluate("""selector => [...document.querySelectorAll(selector)].map(c => {
        const b = c.querySelector('.main-svg').getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })""",
                                                 selector)]
