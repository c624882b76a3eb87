"""slide_charts: a chart drawn for a slide has no title of its own, all its text at the slide's size, its notes
and sources stacked inside its bottom margin, flat date ticks that fit; event names as whole as the room allows."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import slide_charts, views
from desertion.chart_labels import EVENT_MARK_PX, epoch_ms, fitting_name_length, short_text
from desertion.label_layout import Box, EventLabel, layout_event_labels, text_width, to_pixel
from desertion.loading import load_dataset
from desertion.periods import Period, table_bounds
from desertion.selection import Selection
from tests.conftest import DATA

JUN_NOV = Period.of_months("2023-06", "2023-11")


@pytest.fixture(scope="module")
def frames():
    return load_dataset(DATA).frames


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_a_fitted_chart_keeps_notes_and_sources_in_its_bottom_margin_without_its_title(frames, scale):
    room = slide_charts.WIDE_ROOM
    view = views.court_cumulative_view(Selection(frames, table_bounds(frames)), room=room)
    fig = slide_charts.fit_slide_chart(view.figure, room, scale=scale)
    assert not fig.layout.title.text and not fig.layout.title.subtitle.text
    text_px = room.text_px * scale
    notes = [a for a in fig.layout.annotations if a.name == "notes"][0]
    source = [a for a in fig.layout.annotations if a.templateitemname == "source"][0]
    assert "lower bound" in notes.text and source.text.startswith("Sources: ")
    line = text_px * slide_charts.LINE_HEIGHT
    assert source.yshift <= notes.yshift - (notes.text.count("<br>") + 1) * line  # sources below the notes
    assert -source.yshift + (source.text.count("<br>") + 1) * line <= fig.layout.margin.b  # inside the margin
    for text in (notes.text, source.text):
        assert all(text_width(x, text_px) <= room.width_px * scale for x in text.split("<br>"))
    assert fig.layout.height is None and fig.layout.autosize  # without a size it fills its box (the page)


def test_long_periods_get_flat_date_ticks_that_fit_and_short_ones_keep_their_months(frames):
    room = slide_charts.WIDE_ROOM
    long = slide_charts.fit_slide_chart(views.court_cumulative_view(
        Selection(frames, table_bounds(frames)), room=room).figure, room)
    assert long.layout.xaxis.tickangle == 0 and long.layout.xaxis.dtick in ("M3", "M6", "M12")
    start, end = (pd.Timestamp(x) for x in long.layout.xaxis.range)
    ticks = (end - start).days / 30.44 / int(long.layout.xaxis.dtick[1:])
    assert ticks * text_width("Sep 2025", room.text_px) < room.width_px
    short = slide_charts.fit_slide_chart(views.court_cumulative_view(Selection(frames, JUN_NOV), room=room).figure, room)
    assert short.layout.xaxis.dtick == "M1"  # every month named, as the builder set it


def events(*dates: str) -> pd.DataFrame:
    title = "Federation Council approves the law on former prisoners and harsher penalties"
    return pd.DataFrame({"event_id": [f"e{i}" for i in range(len(dates))], "date_start": pd.to_datetime(list(dates)),
                         "title": [title] * len(dates)})


def test_event_names_are_as_whole_as_the_room_allows():
    span = [pd.Timestamp("2023-01-01"), pd.Timestamp("2026-01-01")]
    size = dict(x_range=span, band_px=160, rows=6, width_px=1000, text_px=18)
    assert fitting_name_length(events("2023-02-01", "2024-06-01"), **size, longest=80) == 80
    # Twelve events two months apart: whole names would need a row each; shortened, six rows hold them all.
    crowded = events(*[f"{2023 + m // 12}-{m % 12 + 1:02d}-01" for m in range(1, 25, 2)])
    chars = fitting_name_length(crowded, **size, longest=80)
    assert chars < 80
    band = Box(0, 0, 1000, 160 - EVENT_MARK_PX)
    x = [to_pixel(epoch_ms(d), (epoch_ms(span[0]), epoch_ms(span[1])), (0, 1000)) for d in crowded["date_start"]]
    placed = layout_event_labels([EventLabel(str(i), x[i], short_text(t, chars)) for i, t in enumerate(crowded["title"])],
                                 band, size=18, rows=6)
    assert not any(p.dropped for p in placed)


def test_a_slide_charts_type_grows_with_the_smaller_ratio_of_the_window_to_1280x720():
    from desertion.ui.window import slide_text_px
    assert slide_text_px(None) == slide_charts.MIN_TEXT_PX  # before the browser has said its size
    sizes = [(1024, 600), (1280, 720), (1440, 900), (1920, 1080), (1920, 1200), (3840, 2160)]
    assert [slide_text_px(s) for s in sizes] == [18, 18, 20.25, 27, 27, 32]
