"""Slides for a room: every PPTX shape inside its slide, above the footer and clear of every other shape, no text
under 18 px at 1280×720 (chart text included) on any medium, the chart's title stated once, each chart at least
the room its labels were laid out for, long tables continued on further pages, and the PDF's header and footer
inside the page. Each in English and in Russian, whose longer words wrap to more lines."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace

import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu, Inches

from desertion import deck, deck_export, slide_charts
from desertion.i18n.active import _, active
from desertion.loading import load_dataset
from desertion.periods import Period, table_bounds
from desertion.selection import Selection
from tests.conftest import DATA

SON = Period.of_months("2023-09", "2023-11")


@pytest.fixture(scope="module")
def frames():
    return load_dataset(DATA).frames


@pytest.fixture(scope="module", params=list(itertools.product(["son", "all"], ["en", "ru"])), ids="-".join)
def built(request, frames):
    name, language = request.param
    period = SON if name == "son" else table_bounds(frames)
    with active(language):
        return deck.build_deck(Selection(frames, period), name, "test")


@pytest.fixture(scope="module")
def pptx(built):
    return Presentation(io.BytesIO(deck_export.to_pptx(built)))


def shapes_of(prs):
    for number, page in enumerate(prs.slides, start=1):
        for shape in page.shapes:
            yield number, shape


def test_every_shape_lies_inside_its_slide(pptx):
    for number, shape in shapes_of(pptx):
        assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
        assert shape.left + shape.width <= pptx.slide_width, (number, shape.name)
        assert shape.top + shape.height <= pptx.slide_height, (number, shape.name)


def test_nothing_but_the_footer_reaches_the_footer_band(pptx, built):
    band = Inches(deck_export.FOOTER_TOP_IN)
    with active(built.language):
        name = _("Desertion Monitor")
    for number, page in enumerate(pptx.slides, start=1):
        footers = [s for s in page.shapes if s.has_text_frame and s.text_frame.text.startswith(f"{name} · ")]
        assert len(footers) == 1, number
        assert footers[0].top >= band
        for shape in page.shapes:
            if shape.shape_id != footers[0].shape_id:
                assert shape.top + shape.height <= band, (number, shape.name, Emu(shape.top + shape.height).inches)


def test_no_slide_text_under_18_px_at_1280(pptx):
    minimum = deck_export.MIN_TEXT_PX * 72 / deck_export.PX_PER_IN  # 13.5 pt
    for number, shape in shapes_of(pptx):
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
        for frame in frames:
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    assert run.font.size is not None and run.font.size.pt >= minimum, (number, run.text[:40])


def test_no_two_shapes_overlap(pptx):
    for number, page in enumerate(pptx.slides, start=1):
        boxes = [(s.name, s.left, s.top, s.left + s.width, s.top + s.height) for s in page.shapes]
        for a, b in itertools.combinations(boxes, 2):
            # Boxes may touch (rounding to whole EMUs can leave one EMU in common), never share area.
            apart = a[3] <= b[1] + 2 or b[3] <= a[1] + 2 or a[4] <= b[2] + 2 or b[4] <= a[2] + 2
            assert apart, (number, a[0], b[0])


def test_chart_pictures_fill_the_body_box_under_the_title_at_its_aspect(pptx, built):
    pictures = [(number, shape) for number, shape in shapes_of(pptx) if shape.shape_type == 13]
    assert len(pictures) == sum(s.figure is not None for s in built.slides)
    for number, picture in pictures:
        page = pptx.slides[number - 1]
        texts_above = [s for s in page.shapes if s.has_text_frame and s.top < picture.top]
        assert texts_above and all(s.top + s.height <= picture.top for s in texts_above)  # title, subtitle
        assert abs(Emu(picture.top + picture.height).inches - deck_export.BODY_BOTTOM_IN) < 0.01
        png_w, png_h = picture.image.size
        assert png_w / png_h == pytest.approx(picture.width / picture.height, rel=0.01)


def test_a_slide_states_its_chart_title_once(pptx, built):
    for number, slide in enumerate(deck_export.paginate(built), start=1):
        if slide.figure is None:
            continue
        assert slide.title == slide_charts.heading(slide.figure)[0]
        texts = [s.text_frame.text for s in pptx.slides[number - 1].shapes if s.has_text_frame]
        assert texts[0] == slide.title and texts.count(slide.title) == 1
        fitted = deck_export.slide_chart(slide, 1184, 500)
        assert not fitted.layout.title.text and not fitted.layout.title.subtitle.text


def test_fitted_chart_text_is_at_least_the_minimum_on_every_medium(built):
    for slide in built.slides:
        if slide.figure is None:
            continue
        for scale in (1.0, deck_export.PDF_SCALE):
            text_px = deck_export.MIN_TEXT_PX * scale
            big = slide_charts.fit_slide_chart(slide.figure, slide.room, scale=scale)
            layout = big.layout
            assert layout.font.size >= text_px and layout.legend.font.size >= text_px
            assert all(a.font.size >= text_px for a in layout.annotations), slide.key
            assert all(t.textfont.size >= text_px for t in big.data if "textfont" in t), slide.key


def test_every_medium_gives_a_chart_at_least_the_room_its_labels_were_laid_out_for(pptx, built):
    """Labels that do not collide in the room do not collide in a larger plot (chart_labels.Room)."""
    pictures = iter(shape for _, shape in shapes_of(pptx) if shape.shape_type == 13)
    for slide in built.slides:
        if slide.figure is None:
            continue
        picture = next(pictures)
        px = round(Emu(picture.width).inches * deck_export.PX_PER_IN), round(Emu(picture.height).inches * deck_export.PX_PER_IN)
        width, height = slide_charts.plot_size(deck_export.slide_chart(slide, *px))
        assert width >= slide.room.width_px and height >= slide.room.plot_px, (slide.key, width, height)
        page = deck_export.slide_figure(built, slide, 3)
        margin = page.layout.margin
        pdf_width = page.layout.width - margin.l - margin.r
        pdf_height = page.layout.height - margin.t - margin.b
        assert pdf_width >= slide.room.width_px * deck_export.PDF_SCALE, slide.key
        assert pdf_height >= slide.room.plot_px * deck_export.PDF_SCALE, slide.key


def test_a_small_text_box_is_refused():
    prs = Presentation()
    page = prs.slides.add_slide(prs.slide_layouts[6])
    with pytest.raises(ValueError, match="under the 14 pt"):
        deck_export._pptx_text(page, "too small", 0.5, 0.5, 3, size=11)


def test_a_text_box_is_as_high_as_its_wrapped_lines():
    one = deck_export.text_height_in("Requests for help to desert", 12, deck_export.TITLE_PT, bold=True)
    two = deck_export.text_height_in("Cases received by courts since mobilisation reached 20,538 by May 2025, up from "
                                     "536 on 21 Mar 2023", 12.333, deck_export.TITLE_PT, bold=True)
    line = deck_export.TITLE_PT * deck_export.LINE_SPACING / 72
    assert two - one == pytest.approx(line)


def test_a_long_table_continues_on_further_pages_each_under_the_footer_band(frames):
    built = deck.build_deck(Selection(frames, table_bounds(frames)), "All time", "test")
    sources = [s for s in built.slides if s.key == "sources"][0]
    pages = deck_export.paginate(built)
    parts = [p for p in pages if p.key == "sources"]
    assert len(parts) > 1  # the shipped data cites 35 sources in All time
    assert [p.title for p in parts][:2] == [f"Sources (1/{len(parts)})", f"Sources (2/{len(parts)})"]
    assert pd.concat([p.table for p in parts]).equals(sources.table)
    assert len(pages) == len(built.slides) + len(parts) - 1
    prs = Presentation(io.BytesIO(deck_export.to_pptx(replace(built, slides=(sources,)))))
    for page in prs.slides:
        [table] = [s for s in page.shapes if s.has_table]
        assert Emu(table.top + table.height).inches <= deck_export.BODY_BOTTOM_IN


def test_pdf_footer_wraps_upwards_inside_the_page(built):
    pages = deck_export.paginate(built)
    for number, slide in enumerate(pages, start=1):
        fig = deck_export.slide_figure(built, slide, number, len(pages))
        [footer] = [a for a in fig.layout.annotations if a.name == "footer"]
        assert footer.text.endswith(f"{number}/{len(pages)}")
        assert footer.yanchor == "bottom" and footer.font.size >= deck_export.PDF_TEXT_PX
        lines = footer.text.count("<br>") + 1
        height = lines * footer.font.size * deck_export.LINE_HEIGHT
        bottom_gap = fig.layout.margin.b + footer.yshift  # px between the page's foot and the footer's bottom
        assert bottom_gap == deck_export.PDF_FOOTER_GAP_PX
        assert bottom_gap + height <= fig.layout.margin.b, slide.key  # the whole footer inside the bottom margin
        assert fig.layout.margin.l + footer.xshift == deck_export.PDF_MARGIN_PX  # from the page margin, as wrapped
        for line in footer.text.split("<br>"):
            assert deck_export.text_width(line, footer.font.size) <= deck_export.SLIDE_PX[0] - 2 * deck_export.PDF_MARGIN_PX
        assert all((a.font.size or 0) >= deck_export.PDF_TEXT_PX for a in fig.layout.annotations), slide.key


def test_pdf_title_and_subtitle_sit_in_the_top_margin_above_the_body(built):
    pages = deck_export.paginate(built)
    for number, slide in enumerate(pages, start=1):
        fig = deck_export.slide_figure(built, slide, number, len(pages))
        notes = {a.name: a for a in fig.layout.annotations}
        title, height = notes["slide title"], fig.layout.height
        plot = height - fig.layout.margin.t - fig.layout.margin.b
        top_px = (1 - title.y) * plot + fig.layout.margin.t  # px from the page's top to the title's top
        assert top_px == pytest.approx(deck_export.PDF_MARGIN_PX / 2)
        lines = title.text.count("<br>") + 1
        assert top_px + lines * deck_export.PDF_TITLE_PX * 1.2 <= fig.layout.margin.t, slide.key
        if slide.subtitle:
            sub_px = (1 - notes["slide subtitle"].y) * plot + fig.layout.margin.t
            assert sub_px >= top_px + lines * deck_export.PDF_TITLE_PX * 1.2, slide.key


@pytest.mark.parametrize("heights, limit, expected", [
    ([1] * 8, 7, [(0, 4), (4, 8)]),  # two pages either way: four and four, not seven and one
    ([1] * 14, 7, [(0, 7), (7, 14)]),
    ([1, 5, 1, 1], 6, [(0, 2), (2, 4)]),
    ([9, 1], 5, [(0, 1), (1, 2)]),  # a row taller than a page gets a page of its own
])
def test_table_rows_are_spread_evenly_over_as_few_pages_as_they_need(heights, limit, expected):
    spans = deck_export.balanced_breaks(heights, limit)
    assert spans == expected
    assert all(sum(heights[a:b]) <= limit or b - a == 1 for a, b in spans)
