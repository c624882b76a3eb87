"""The pure parts of the browser layer's chart geometry helper."""

from __future__ import annotations

from tests.browser.chart_geometry import TextBox, _hex, overlapping_pairs


def box(text: str, left: float, top: float, width: float = 30, height: float = 15) -> TextBox:
    return TextBox(0, text, left, top, width, height)


def test_overlapping_pairs_finds_labels_drawn_on_one_another():
    labels = [box("5,517", 100, 100), box("5,096", 110, 105), box("148", 300, 100)]
    assert [(a.text, b.text) for a, b in overlapping_pairs(labels)] == [("5,517", "5,096")]


def test_touching_or_barely_grazing_boxes_are_not_a_collision():
    assert overlapping_pairs([box("Jan", 0, 0), box("Feb", 30, 0), box("Mar", 59.5, 14.5)]) == []


def test_hex_reads_computed_colours():
    assert _hex("rgb(0, 114, 178)") == "#0072B2"
    assert _hex("rgba(213, 94, 0, 0.5)") == "#D55E00"
    assert _hex("rgba(0, 0, 0, 0)") is None and _hex("none") is None
