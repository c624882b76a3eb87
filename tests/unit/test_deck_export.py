"""Slides for a room: every PPTX shape inside its slide and above the footer, no text under 18 px at 1280×720
(chart text included), long tables continued on further pages, and the PDF footer inside the page."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches

from desertion import deck, deck_export
from desertion.loading import load_dataset
from desertion.periods import Period, table_bounds
from desertion.selection import Selection
from tests.conftest import DATA

SON = Period.of_months("2023-09", "2023-11")


@pytest.fixture(scope="module")
def frames():
    return load_dataset(DATA).frames


@pytest.fixture(scope="module", params=["son", "all"])
def built(request, frames):
    period = SON if request.param == "son" else table_bounds(frames)
    return deck.build_deck(Selection(frames, period), request.param, "test")


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


def test_nothing_but_the_footer_reaches_the_footer_band(pptx):
    band = Inches(deck_export.FOOTER_TOP_IN)
    for number, page in enumerate(pptx.slides, start=1):
        footers = [s for s in page.shapes if s.has_text_frame and s.text_frame.text.startswith("Desertion Monitor · ")]
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


def test_chart_pictures_fill_the_body_box_at_its_aspect(pptx, built):
    pictures = [shape for _, shape in shapes_of(pptx) if shape.shape_type == 13]
    assert len(pictures) == sum(s.figure is not None for s in built.slides)
    for picture in pictures:
        assert picture.top == Inches(deck_export.BODY_TOP_IN)
        assert abs(Emu(picture.top + picture.height).inches - deck_export.BODY_BOTTOM_IN) < 0.01
        png_w, png_h = picture.image.size
        assert png_w / png_h == pytest.approx(picture.width / picture.height, rel=0.01)


def test_enlarged_chart_text_is_at_least_the_minimum(built):
    for slide in built.slides:
        if slide.figure is None:
            continue
        for text_px in (deck_export.MIN_TEXT_PX, deck_export.PDF_TEXT_PX):
            big = deck_export.enlarge(slide.figure, 1200, 500, text_px)
            layout = big.layout
            assert layout.font.size >= text_px and layout.legend.font.size >= text_px
            assert layout.title.font.size > text_px and layout.title.subtitle.font.size >= text_px
            assert all(a.font.size >= text_px for a in layout.annotations), slide.key
            assert all(t.textfont.size >= text_px for t in big.data if "textfont" in t), slide.key


def test_a_small_text_box_is_refused():
    prs = Presentation()
    page = prs.slides.add_slide(prs.slide_layouts[6])
    with pytest.raises(ValueError, match="under the 14 pt"):
        deck_export._pptx_text(page, "too small", 0.5, 0.5, 3, 1, size=11)


def test_a_long_table_continues_on_further_pages(frames):
    built = deck.build_deck(Selection(frames, table_bounds(frames)), "All time", "test")
    sources = [s for s in built.slides if s.key == "sources"][0]
    assert len(sources.table) > deck_export.TABLE_ROWS_PER_PAGE  # the shipped data has 27
    pages = deck_export.paginate(built)
    parts = [p for p in pages if p.key == "sources"]
    assert len(parts) == -(-len(sources.table) // deck_export.TABLE_ROWS_PER_PAGE)
    assert [p.title for p in parts][:2] == [f"Sources (1/{len(parts)})", f"Sources (2/{len(parts)})"]
    assert sum(len(p.table) for p in parts) == len(sources.table)
    assert all(len(p.table) <= deck_export.TABLE_ROWS_PER_PAGE for p in parts)
    assert len(pages) == len(built.slides) + len(parts) - 1


def test_pdf_footer_wraps_upwards_inside_the_page(built):
    pages = deck_export.paginate(built)
    for number, slide in enumerate(pages, start=1):
        fig = deck_export.slide_figure(built, slide, number, len(pages))
        footer = fig.layout.annotations[-1]
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
