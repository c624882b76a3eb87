"""The deck as PPTX (python-pptx) and as PDF (one Kaleido-rendered page per slide, merged with pypdf).

Both carry, on every slide, the slide's title (its point) and subtitle, a body, and a footer with the period
and the sources; the PPTX also puts full citations in the speaker notes. Charts are the figures the
dashboard's views draw for a slide (compact, labels laid out for a slide's room), fitted by `slide_charts`:
without their own title, which the slide states once.

Every box is laid out from the top down with the height its text needs (measured in the charts' font), so
nothing runs into the next box or the footer band; a long table continues on further pages.
"""

from __future__ import annotations

import io
import math
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from desertion import images, theme
from desertion.charts import plotly_text
from desertion.deck import Deck, Slide, quoted
from desertion.i18n.active import active
from desertion.label_layout import text_width
from desertion.slide_charts import MIN_TEXT_PX, REFERENCE_WIDTH_PX, fit_slide_chart, wrap_text

SLIDE_IN = (13.333, 7.5)
SLIDE_PX = (1920, 1080)
PX_PER_IN = REFERENCE_WIDTH_PX / SLIDE_IN[0]  # 96: a PPTX picture rendered at this density shows 1:1 at 1280 wide
PX_PER_PT = PX_PER_IN / 72
MIN_PT = math.ceil(MIN_TEXT_PX / PX_PER_PT)  # 13.5 pt -> 14 pt in the PPTX
PDF_SCALE = SLIDE_PX[0] / REFERENCE_WIDTH_PX  # the PDF page is the 1280 slide at 1.5×: 18 px there is 27 px here
MARGIN_IN = 0.5
TOP_IN = 0.3
FOOTER_TOP_IN = 6.8  # the footer band: two lines of MIN_PT, from here to 7.4 in
FOOTER_HEIGHT_IN = 0.6
BODY_BOTTOM_IN = FOOTER_TOP_IN - 0.1  # nothing of the body reaches the footer band
QUOTE_WIDTH_IN = 3.3
CONTENT_WIDTH_IN = SLIDE_IN[0] - 2 * MARGIN_IN
TITLE_PT, SUBTITLE_PT, VALUE_PT, LABEL_PT, DETAIL_PT, QUOTE_PT, LINES_PT = 30, 18, 40, 18, 16, 20, 20
LINE_SPACING = 1.2  # PowerPoint's single spacing
INSET_IN = 0.1  # a text box's top and bottom insets together
GAP_IN = 0.1
TABLE_TOP_IN = 2.0  # the lowest a table's page starts (under a one-line title and a two-line subtitle)
MUTED_RGB = (0x6B, 0x6B, 0x6B)


# ---------------------------------------------------------------------------- text measured for a box


def line_count(text: str, width_px: float, size_px: float, bold: bool = False) -> int:
    """How many lines `text` takes in a box `width_px` wide at `size_px`, wrapped at words (each given line
    on its own), in the charts' font; bold is taken 8% wider."""
    factor = 1.08 if bold else 1.0
    lines = 0
    for paragraph in text.split("\n"):
        line, count = "", 1
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and text_width(candidate, size_px) * factor > width_px:
                count, line = count + 1, word
            else:
                line = candidate
        lines += count
    return lines


def text_height_in(text: str, width_in: float, pt: float, bold: bool = False) -> float:
    """The height in inches a PPTX text box needs for `text` at `pt` points in a box `width_in` wide."""
    lines = line_count(text, (width_in - INSET_IN) * PX_PER_IN, pt * PX_PER_PT, bold)
    return lines * pt * LINE_SPACING / 72 + INSET_IN


def _row_lines(row: pd.Series, widths_px: list[float], size_px: float) -> int:
    return max(line_count(str(value), width, size_px) for value, width in zip(row, widths_px))


def paginate(deck: Deck) -> list[Slide]:
    """The deck's slides as pages: a table taller than a page holds (its rows measured at the slide's table
    type) continues on further pages titled "(2/3)" and so on, so no table runs past the foot of a slide."""
    pages: list[Slide] = []
    for slide in deck.slides:
        table = slide.table
        if table is None or slide.numbers:
            pages.append(slide)
            continue
        weights = column_weights(table)
        widths = [CONTENT_WIDTH_IN * PX_PER_IN * w / sum(weights) - INSET_IN * PX_PER_IN for w in weights]
        row_in = [n * MIN_PT * LINE_SPACING / 72 + INSET_IN for n in
                  [_row_lines(pd.Series(table.columns), widths, MIN_PT * PX_PER_PT)]
                  + [_row_lines(row, widths, MIN_PT * PX_PER_PT) for _, row in table.iterrows()]]
        chunks = [table.iloc[a:b] for a, b in balanced_breaks(row_in[1:], BODY_BOTTOM_IN - TABLE_TOP_IN - row_in[0])]
        if len(chunks) == 1:
            pages.append(slide)
            continue
        pages += [replace(slide, title=f"{slide.title} ({part}/{len(chunks)})", table=chunk)
                  for part, chunk in enumerate(chunks, start=1)]
    return pages


def _breaks(heights: list[float], limit: float) -> list[tuple[int, int]]:
    """(start, end) of each page's rows, filled in order up to `limit` (a row taller than it gets a page)."""
    spans, start, used = [], 0, 0.0
    for index, height in enumerate(heights):
        if used + height > limit and index > start:
            spans.append((start, index))
            start, used = index, 0.0
        used += height
    return [*spans, (start, len(heights))]


def balanced_breaks(heights: list[float], limit: float) -> list[tuple[int, int]]:
    """As few pages as filling each up to `limit` takes, with the rows spread evenly over them, so the last
    page does not hold one lonely row."""
    pages = len(_breaks(heights, limit))
    low, high = max(sum(heights) / pages, max(heights, default=0.0)), limit
    for _ in range(30):  # the lowest fill that still needs no more pages, to within a hair
        middle = (low + high) / 2
        low, high = (low, middle) if len(_breaks(heights, middle)) <= pages else (middle, high)
    return _breaks(heights, high)


def column_weights(frame: pd.DataFrame) -> list[float]:
    """Relative column widths from each column's longest text (header included), capped so one long
    column cannot squeeze the others to nothing."""
    lengths = [max([len(str(name)) + 5] + [len(str(v)) + 1 for v in frame[name]]) for name in frame.columns]
    return [min(max(n, 8), 60) for n in lengths]


# ---------------------------------------------------------------------------- PPTX


def to_pptx(deck: Deck) -> bytes:
    """A 16:9 PowerPoint file: one slide per page, chart as image, footer with period and sources, notes."""
    with active(deck.language):  # a download runs in a thread of its own, where no page run set the language
        return _pptx_bytes(deck)


def _pptx_bytes(deck: Deck) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_IN[0]), Inches(SLIDE_IN[1])
    blank = prs.slide_layouts[6]
    pages = paginate(deck)
    for number, slide in enumerate(pages, start=1):
        page = prs.slides.add_slide(blank)
        top = _pptx_text(page, slide.title, MARGIN_IN, TOP_IN, CONTENT_WIDTH_IN, size=TITLE_PT, bold=True)
        if slide.subtitle:
            top = _pptx_text(page, slide.subtitle, MARGIN_IN, top, CONTENT_WIDTH_IN, size=SUBTITLE_PT,
                             colour=MUTED_RGB)
        _pptx_body(page, slide, top + GAP_IN)
        _pptx_text(page, f"{deck.footer(slide)} · {number}/{len(pages)}", MARGIN_IN, FOOTER_TOP_IN, CONTENT_WIDTH_IN,
                   height=FOOTER_HEIGHT_IN, size=MIN_PT, colour=MUTED_RGB)
        page.notes_slide.notes_text_frame.text = deck.notes(slide)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _pptx_text(page, text: str, left: float, top: float, width: float, *, size: int, height: float | None = None,
               bold: bool = False, italic: bool = False, colour: tuple[int, int, int] | None = None) -> float:
    """A text box as high as its text needs (or `height`); returns its bottom edge in inches."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    if size < MIN_PT:
        raise ValueError(f"{size} pt is under the {MIN_PT} pt a slide needs to read at {REFERENCE_WIDTH_PX} px wide")
    height = height if height is not None else text_height_in(text, width, size, bold)
    box = page.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_top = frame.margin_bottom = Inches(INSET_IN / 2)
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        if colour:
            run.font.color.rgb = RGBColor(*colour)
    return top + height


def _pptx_body(page, slide: Slide, top: float) -> None:
    from pptx.util import Inches

    if slide.figure is not None:
        # The picture fills the body box exactly, rendered at the box's own size at PX_PER_IN, so its type
        # reads at 1280 px as it was sized (twice the pixels, for a sharp projector image).
        width = CONTENT_WIDTH_IN - (QUOTE_WIDTH_IN + 0.3 if slide.quote else 0)
        px = (round(width * PX_PER_IN), round((BODY_BOTTOM_IN - top) * PX_PER_IN))
        png = images.render(slide_chart(slide, *px), "png", *px, scale=2)
        page.shapes.add_picture(io.BytesIO(png), Inches(MARGIN_IN), Inches(top), width=Inches(width),
                                height=Inches(BODY_BOTTOM_IN - top))
        if slide.quote:
            text, who = slide.quote
            left = SLIDE_IN[0] - MARGIN_IN - QUOTE_WIDTH_IN
            bottom = _pptx_text(page, quoted(text), left, top + 0.2, QUOTE_WIDTH_IN, size=QUOTE_PT, italic=True)
            _pptx_text(page, f"— {who}", left, bottom + GAP_IN, QUOTE_WIDTH_IN, size=DETAIL_PT, colour=MUTED_RGB)
    elif slide.numbers:
        columns = min(len(slide.numbers), 4)
        width = CONTENT_WIDTH_IN / columns
        bottom = top
        for i, card in enumerate(slide.numbers):
            left = MARGIN_IN + (i % columns) * width
            y = _pptx_text(page, card.value, left, top, width - 0.2, size=VALUE_PT, bold=True)
            y = _pptx_text(page, card.label, left, y, width - 0.2, size=LABEL_PT)
            details = "\n".join(x for x in (card.window, card.delta or "") if x)
            bottom = max(bottom, _pptx_text(page, details, left, y, width - 0.2, size=DETAIL_PT, colour=MUTED_RGB))
        if slide.table is not None:
            _pptx_table(page, slide.table, top=bottom + 0.2)
    elif slide.table is not None:
        _pptx_table(page, slide.table, top=top)
    if slide.lines:
        _pptx_text(page, "\n".join(slide.lines), MARGIN_IN, top + 0.2, CONTENT_WIDTH_IN, size=LINES_PT)


def _pptx_table(page, frame: pd.DataFrame, *, top: float) -> None:
    """A table with each row as high as its longest cell needs (paginate keeps it above the footer band)."""
    from pptx.util import Inches, Pt

    rows, cols = len(frame) + 1, len(frame.columns)
    weights = column_weights(frame)
    widths_in = [CONTENT_WIDTH_IN * w / sum(weights) for w in weights]
    widths_px = [(w - INSET_IN) * PX_PER_IN for w in widths_in]
    heights = [n * MIN_PT * LINE_SPACING / 72 + INSET_IN for n in
               [_row_lines(pd.Series(frame.columns), widths_px, MIN_PT * PX_PER_PT)]
               + [_row_lines(row, widths_px, MIN_PT * PX_PER_PT) for _, row in frame.iterrows()]]
    shape = page.shapes.add_table(rows, cols, Inches(MARGIN_IN), Inches(top), Inches(CONTENT_WIDTH_IN),
                                  Inches(sum(heights)))
    table = shape.table
    for c, width in enumerate(widths_in):
        table.columns[c].width = Inches(width)
    for r, height in enumerate(heights):
        table.rows[r].height = Inches(height)
    for c, name in enumerate(frame.columns):
        table.cell(0, c).text = str(name)
    for r, (_, row) in enumerate(frame.iterrows(), start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = "" if value is None else str(value)
    for r in range(rows):
        for c in range(cols):
            cell = table.cell(r, c)
            cell.margin_top = cell.margin_bottom = Inches(INSET_IN / 2)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(MIN_PT)


def slide_chart(slide: Slide, width: int, height: int, scale: float = 1.0) -> go.Figure:
    """A chart slide's figure at a medium's size (px), fitted for a slide."""
    if slide.figure is None or slide.room is None:
        raise ValueError(f"slide {slide.key!r} has no chart laid out for a slide")
    return fit_slide_chart(slide.figure, slide.room, scale=scale, width=width, height=height)


# ---------------------------------------------------------------------------- PDF


PDF_TEXT_PX = MIN_TEXT_PX * PDF_SCALE  # 27 px on the 1920 px page
PDF_TITLE_PX = 54
PDF_MARGIN_PX = 90
PDF_FOOTER_GAP_PX = 24
PDF_QUOTE_PX = 560  # room right of the chart for a quote
LINE_HEIGHT = 1.3


def _footer(deck: Deck, slide: Slide, number: int, total: int) -> tuple[str, float]:
    """The footer's wrapped text and its height in px on the PDF page."""
    text = wrap_text(f"{deck.footer(slide)} · {number}/{total}", SLIDE_PX[0] - 2 * PDF_MARGIN_PX, PDF_TEXT_PX)
    return text, (text.count("<br>") + 1) * PDF_TEXT_PX * LINE_HEIGHT


def _header(slide: Slide) -> tuple[str, str, float]:
    """The title and subtitle wrapped for the PDF page, and the height they take from the page's top."""
    usable = SLIDE_PX[0] - 2 * PDF_MARGIN_PX
    title = wrap_text(slide.title, usable / 1.08, PDF_TITLE_PX)
    subtitle = wrap_text(slide.subtitle, usable, PDF_TEXT_PX) if slide.subtitle else ""
    height = PDF_MARGIN_PX / 2 + (title.count("<br>") + 1) * PDF_TITLE_PX * 1.2 + PDF_FOOTER_GAP_PX / 2
    if subtitle:
        height += (subtitle.count("<br>") + 1) * PDF_TEXT_PX * LINE_HEIGHT
    return title, subtitle, height + PDF_FOOTER_GAP_PX


def slide_figure(deck: Deck, slide: Slide, number: int, total: int | None = None) -> go.Figure:
    """One slide as a 1920×1080 Plotly figure (vector text), for the PDF: the title and subtitle from the page's
    top, the body below them (a chart fitted at 1.5× the 1280 slide, with its own legend, notes and sources
    in its margins), and the footer anchored by its bottom edge just above the page's foot, so a long
    sources line wraps upwards into the bottom margin instead of off the page."""
    width, height = SLIDE_PX
    footer, footer_px = _footer(deck, slide, number, total or len(deck.slides))
    title, subtitle, header_px = _header(slide)
    foot = footer_px + 2 * PDF_FOOTER_GAP_PX
    if slide.figure is not None and slide.room is not None:
        fig = slide_chart(slide, width, height, PDF_SCALE)
        chart = fig.layout.margin
        fig.update_layout(margin=dict(t=chart.t + header_px, b=chart.b + foot, l=chart.l + PDF_MARGIN_PX,
                                      r=PDF_QUOTE_PX if slide.quote else chart.r + PDF_MARGIN_PX))
        if slide.quote:
            text, who = slide.quote
            fig.add_annotation(text=wrap_text(quoted(text), PDF_QUOTE_PX - 80, PDF_TEXT_PX)
                               + f"<br><br><i>{wrap_text(f'— {who}', PDF_QUOTE_PX - 80, PDF_TEXT_PX)}</i>",
                               xref="paper", yref="paper", x=1, xshift=40, y=1, xanchor="left", yanchor="top",
                               showarrow=False, align="left", font=dict(size=PDF_TEXT_PX))
    else:
        fig = go.Figure()
        fig.update_layout(template=theme.TEMPLATE_NAME, width=width, height=height,
                          margin=dict(l=PDF_MARGIN_PX, r=PDF_MARGIN_PX, t=header_px, b=foot),
                          xaxis=dict(visible=False), yaxis=dict(visible=False))
        _figure_body(fig, slide)
    margin = fig.layout.margin

    def from_top(px: float) -> float:
        """Paper y of a point `px` below the page's top: the header is placed from the top, whatever the body."""
        return 1 + (margin.t - px) / (height - margin.t - margin.b)

    fig.add_annotation(text=f"<b>{title}</b>", xref="paper", yref="paper", x=0, xshift=PDF_MARGIN_PX - margin.l,
                       y=from_top(PDF_MARGIN_PX / 2), xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=PDF_TITLE_PX), name="slide title")
    if subtitle:
        below = PDF_MARGIN_PX / 2 + (title.count("<br>") + 1) * PDF_TITLE_PX * 1.2 + PDF_FOOTER_GAP_PX / 2
        fig.add_annotation(text=subtitle, xref="paper", yref="paper", x=0, xshift=PDF_MARGIN_PX - margin.l,
                           y=from_top(below), xanchor="left", yanchor="top", showarrow=False, align="left",
                           font=dict(size=PDF_TEXT_PX, color=theme.MUTED), name="slide subtitle")
    # x=0 is the plot's left edge: shift back to the page margin the footer was wrapped for.
    fig.add_annotation(text=footer, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom",
                       xshift=PDF_MARGIN_PX - margin.l, yshift=-(margin.b - PDF_FOOTER_GAP_PX),
                       showarrow=False, align="left", font=dict(size=PDF_TEXT_PX, color=theme.MUTED), name="footer")
    return fig


def _figure_body(fig: go.Figure, slide: Slide) -> None:
    usable = SLIDE_PX[0] - 2 * PDF_MARGIN_PX
    if slide.numbers:
        columns = min(len(slide.numbers), 4)
        for i, card in enumerate(slide.numbers):
            x = (i % columns + 0.02) / columns
            details = "<br>".join(wrap_text(x, usable / columns - 40, PDF_TEXT_PX)
                                  for x in (card.label, card.window, card.delta or "") if x)
            fig.add_annotation(text=f"<b>{plotly_text(card.value)}</b>", xref="paper", yref="paper", x=x, y=1,
                               xanchor="left", yanchor="top", showarrow=False, font=dict(size=64))
            fig.add_annotation(text=details, xref="paper", yref="paper", x=x, y=1, yshift=-100, xanchor="left",
                               yanchor="top", showarrow=False, align="left", font=dict(size=PDF_TEXT_PX))
    if slide.table is not None:
        top = 0.3 if slide.numbers else 1
        fig.add_trace(go.Table(
            domain=dict(x=[0, 1], y=[0, top]), columnwidth=column_weights(slide.table),
            header=dict(values=[f"<b>{plotly_text(c)}</b>" for c in slide.table.columns], align="left",
                        font=dict(size=PDF_TEXT_PX), fill_color="#eeeeee"),
            cells=dict(values=[[plotly_text(v) for v in slide.table[c]] for c in slide.table.columns], align="left",
                       font=dict(size=PDF_TEXT_PX), height=round(PDF_TEXT_PX * LINE_HEIGHT + 8))))
    if slide.lines:
        fig.add_annotation(text="<br><br>".join(wrap_text(line, usable, 30) for line in slide.lines), xref="paper",
                           yref="paper", x=0, y=1, xanchor="left", yanchor="top", showarrow=False, align="left",
                           font=dict(size=30))


def to_pdf(deck: Deck) -> bytes:
    """The deck as a PDF, one page per slide."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    with active(deck.language):  # as to_pptx: the deck's language, whatever thread makes the file
        pages = paginate(deck)
        figures = [slide_figure(deck, slide, number, len(pages)) for number, slide in enumerate(pages, start=1)]
    for figure in figures:
        page = images.render(figure, "pdf", *SLIDE_PX)
        for pdf_page in PdfReader(io.BytesIO(page)).pages:
            writer.add_page(pdf_page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
