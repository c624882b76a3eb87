"""label_layout: placed labels never overlap each other or obstacles and never leave the plot (property tests),
and the cases a chart meets: the All time requests labels that collided, an edge, a full column."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desertion import label_layout
from desertion.label_layout import Box, EventLabel, Label, layout_event_labels, layout_labels, text_width

PLOT = Box(60, 40, 660, 340)

anchors = st.lists(
    st.builds(Label, key=st.uuids().map(str), x=st.floats(-50, 750), y=st.floats(0, 400),
              text=st.text(alphabet="0123456789,≈>~ kmonths", min_size=1, max_size=12), size=st.sampled_from([11, 13, 15, 18, 22])),
    max_size=40)


def assert_clean(placements, plot: Box, gap: float = label_layout.GAP_PX, obstacles=()) -> None:
    boxes = [p.box for p in placements if not p.dropped]
    for box in boxes:
        assert box.inside(plot), box
        assert not any(box.overlaps(o) for o in obstacles)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b, gap), (a, b)


@settings(max_examples=100, deadline=None)
@given(anchors)
def test_no_two_value_labels_overlap_and_none_leaves_the_plot(labels):
    placements = layout_labels(labels, PLOT)
    assert [p.key for p in placements] == [label.key for label in labels]
    assert_clean(placements, PLOT)


@settings(max_examples=100, deadline=None)
@given(anchors, st.lists(st.builds(lambda x, y, w, h: Box(x, y, x + w, y + h), st.floats(0, 700),
                                   st.floats(0, 380), st.floats(1, 200), st.floats(1, 60)), max_size=4))
def test_labels_keep_clear_of_obstacles(labels, obstacles):
    assert_clean(layout_labels(labels, PLOT, obstacles=obstacles), PLOT, obstacles=obstacles)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.builds(EventLabel, key=st.uuids().map(str), x=st.floats(0, 700),
                          text=st.text(alphabet="abcdefghij lmnoprstuvw-", min_size=1, max_size=40)), max_size=30))
def test_event_labels_never_overlap_and_stay_in_their_band(events):
    band = Box(60, 0, 660, 60)
    placements = layout_event_labels(events, band, size=14, rows=3)
    assert [p.key for p in placements] == [e.key for e in events]
    for p in placements:
        assert p.dropped or (p.box.inside(band) and 0 <= p.row < 3)
    placed = [p for p in placements if not p.dropped]
    for a, b in itertools.combinations(placed, 2):
        # Rows may touch; within a row labels keep the gap.
        assert not a.box.overlaps(b.box, 6.0 if a.row == b.row else 0.0), (a, b)


def test_the_all_time_requests_labels_that_collided_are_stacked_apart():
    # 305 (Jun–Aug), 54 (Jun), 218 (Oct), 175 (Nov) once sat on one another: near anchors, similar heights.
    labels = [Label("jja", 200, 250, "305", 13), Label("jun", 190, 300, "54", 13),
              Label("oct", 230, 262, "218", 13), Label("nov", 245, 270, "175", 13)]
    placements = layout_labels(labels, PLOT)
    assert all(not p.dropped for p in placements)
    assert_clean(placements, PLOT)
    assert any(p.shift_y < 0 for p in placements)  # something had to climb


def test_the_label_of_a_narrow_bar_beside_a_taller_one_slides_off_it_and_still_stands_over_its_bar():
    # All time's requests at the 440 px reference width: Jun–Aug 2023 (305) is a 22 px bar beside the taller
    # Sep–Nov 2023 (577); centred, '305' reached into the 577 bar and was dropped.
    bars = [Box(189, 250, 211, 340), Box(211, 120, 233, 340)]
    labels = [Label("jja", 200, 250, "305", 13), Label("son", 222, 120, "577", 13)]
    placements = layout_labels(labels, PLOT, obstacles=bars)
    assert_clean(placements, PLOT, obstacles=bars)
    jja = placements[0]
    assert not jja.dropped and jja.shift_x < 0 and jja.shift_y == 0
    assert jja.box.left <= 200 - label_layout.OVER_ANCHOR_PX and jja.box.right >= 200 + label_layout.OVER_ANCHOR_PX


def test_a_label_never_slides_off_its_anchor_to_find_room():
    # Room only 20 px to the right of a 24 px label's anchor: sliding there would put it over the next bar's
    # place, so it climbs instead.
    wall = [Box(170, 0, 209, 340)]
    [placement] = layout_labels([Label("k", 200, 250, "5,096", 13)], PLOT, obstacles=wall)
    assert placement.dropped or placement.box.left <= 200 - label_layout.OVER_ANCHOR_PX


def test_a_label_at_the_right_edge_slides_inwards():
    [placement] = layout_labels([Label("last", 655, 200, "10,308", 15)], PLOT)
    assert placement.box.right <= PLOT.right and placement.shift_x < 0


def test_a_label_that_finds_no_place_is_dropped():
    labels = [Label(f"k{i}", 300, 200, "5,096", 15) for i in range(10)]
    placements = layout_labels(labels, PLOT, max_stack=2)
    assert sum(not p.dropped for p in placements) == 3
    assert sum(p.dropped for p in placements) == 7


def test_a_label_whose_anchor_is_off_the_plot_is_dropped():
    assert layout_labels([Label("off", 900, 200, "1", 13)], PLOT)[0].dropped


def test_event_labels_stagger_into_rows_then_drop():
    events = [EventLabel(f"e{i}", 100 + i, "Partial mobilisation announced") for i in range(4)]
    placements = layout_event_labels(events, Box(0, 0, 800, 60), size=14, rows=3)
    assert [p.row for p in placements] == [0, 1, 2, None]


def test_event_band_too_low_for_its_rows_is_an_error():
    with pytest.raises(ValueError, match="do not fit"):
        layout_event_labels([], Box(0, 0, 800, 20), size=14, rows=3)


def test_text_width_uses_the_charts_font_metrics_when_installed():
    width = text_width("5,096", 15)
    if label_layout._font(150) is not None:
        assert 33 < width < 45  # DejaVu digits are 0.636 em, Liberation's 0.556: 4 digits and a comma at 15 px
    else:
        assert width == 5 * 15 * label_layout.FALLBACK_EM_PER_CHAR
    assert text_width("MMMM", 15) > text_width("iiii", 15)


def test_to_pixel_maps_linearly_and_flips_for_y():
    assert label_layout.to_pixel(50, (0, 100), (340, 40)) == 190
    with pytest.raises(ValueError):
        label_layout.to_pixel(1, (2, 2), (0, 10))


def test_font_file_follows_the_css_family_order():
    path = label_layout.font_file("Nonexistent Sans, DejaVu Sans, Arial")
    if label_layout.FONT_FILES["DejaVu Sans"][0].exists():
        assert path == label_layout.FONT_FILES["DejaVu Sans"][0]
    assert label_layout.font_file("Nonexistent Sans") is None
