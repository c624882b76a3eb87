"""The deck as PPTX (python-pptx) and as PDF (one Kaleido-rendered page per slide, merged with pypdf).

Both carry, on every slide, a footer with the period and the sources; the PPTX also puts full citations in
the speaker notes. Charts are the same figures the dashboard draws (with their own title, period and source
line inside), enlarged for a room.
"""

from __future__ import annotations

import io
import math
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from desertion import images, theme
from desertion.charts import plotly_text
from desertion.deck import Deck, Slide
from desertion.label_layout import text_width

# A slide must read on the smallest room screen: no text under MIN_TEXT_PX when the slide fills a window
# REFERENCE_WIDTH_PX wide (1280×720). Every size below is derived from that.
REFERENCE_WIDTH_PX = 1280
MIN_TEXT_PX = 18
SLIDE_IN = (13.333, 7.5)
SLIDE_PX = (1920, 1080)
PX_PER_IN = REFERENCE_WIDTH_PX / SLIDE_IN[0]  # 96: a PPTX picture rendered at this density shows 1:1 at 1280 wide
MIN_PT = math.ceil(MIN_TEXT_PX * 72 / PX_PER_IN)  # 13.5 pt -> 14 pt in the PPTX
PDF_SCALE = SLIDE_PX[0] / REFERENCE_WIDTH_PX  # the PDF page is 1920 px wide: 18 px at 1280 is 27 px on it
MARGIN_IN = 0.5
BODY_TOP_IN = 1.5
FOOTER_TOP_IN = 6.8  # the footer band: two lines of MIN_PT, from here to 7.4 in
FOOTER_HEIGHT_IN = 0.6
BODY_BOTTOM_IN = FOOTER_TOP_IN - 0.1  # nothing of the body reaches the footer band
QUOTE_WIDTH_IN = 3.5
TABLE_ROWS_PER_PAGE = 7  # a longer table (the sources of All time) continues on the next page
TEMPLATE_FONT_PX = 15  # the dashboard template's base font size, which margins and offsets are sized for
MUTED_RGB = (0x6B, 0x6B, 0x6B)
CONTENT_WIDTH_IN = SLIDE_IN[0] - 2 * MARGIN_IN


def enlarge(fig: go.Figure, width: int, height: int, text_px: float = MIN_TEXT_PX) -> go.Figure:
    """A copy of a chart sized for a projector: no text under `text_px` (ticks, legend, labels, source
    line), the title half as large again, and the margins and source-line offset grown with the type so
    larger text does not run into the plot."""
    big = go.Figure(fig)
    factor = text_px / TEMPLATE_FONT_PX
    template = big.layout.template.layout if big.layout.template else go.Layout()
    margin = {side: round((getattr(big.layout.margin, side) or getattr(template.margin, side) or 0) * factor)
              for side in ("l", "r", "t", "b")}
    big.update_layout(width=width, height=height, font=dict(size=text_px), title_font=dict(size=round(text_px * 1.5)),
                      title_subtitle_font=dict(size=round(text_px * 1.1)), legend=dict(font=dict(size=text_px)),
                      margin=margin, hoverlabel=dict(font=dict(size=text_px)))
    for annotation in big.layout.annotations:
        annotation.font.size = max(annotation.font.size or 0, text_px)
        if annotation.yshift:
            annotation.yshift *= factor
    for source in template.annotations or ():  # the source line's offset is the template's: scale it too
        if source.name == theme.SOURCE_ANNOTATION and source.yshift:
            big.update_annotations(yshift=source.yshift * factor, selector=dict(templateitemname=source.name))
    for trace in big.data:
        if "textfont" in trace:
            trace.textfont.size = max(trace.textfont.size or 0, text_px)
    return big


def paginate(deck: Deck) -> list[Slide]:
    """The deck's slides as pages: a table longer than TABLE_ROWS_PER_PAGE continues on further pages
    titled "(2/3)" and so on, so no table runs past the foot of a slide."""
    pages: list[Slide] = []
    for slide in deck.slides:
        table = slide.table
        if table is None or len(table) <= TABLE_ROWS_PER_PAGE or slide.numbers:
            pages.append(slide)
            continue
        parts = math.ceil(len(table) / TABLE_ROWS_PER_PAGE)
        for part in range(parts):
            chunk = table.iloc[part * TABLE_ROWS_PER_PAGE:(part + 1) * TABLE_ROWS_PER_PAGE]
            pages.append(replace(slide, title=f"{slide.title} ({part + 1}/{parts})", table=chunk))
    return pages


# ---------------------------------------------------------------------------- PPTX


def to_pptx(deck: Deck) -> bytes:
    """A 16:9 PowerPoint file: one slide per slide, chart as image, footer with period and sources, notes."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_IN[0]), Inches(SLIDE_IN[1])
    blank = prs.slide_layouts[6]
    pages = paginate(deck)
    for number, slide in enumerate(pages, start=1):
        page = prs.slides.add_slide(blank)
        _pptx_text(page, slide.title, MARGIN_IN, 0.3, CONTENT_WIDTH_IN, 0.7, size=34, bold=True)
        if slide.subtitle:
            _pptx_text(page, slide.subtitle, MARGIN_IN, 1.0, CONTENT_WIDTH_IN, 0.45, size=20, colour=MUTED_RGB)
        _pptx_body(page, slide)
        _pptx_text(page, f"{deck.footer(slide)} · {number}/{len(pages)}", MARGIN_IN, FOOTER_TOP_IN, CONTENT_WIDTH_IN,
                   FOOTER_HEIGHT_IN, size=MIN_PT, colour=MUTED_RGB)
        page.notes_slide.notes_text_frame.text = deck.notes(slide)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _pptx_text(page, text: str, left: float, top: float, width: float, height: float, *, size: int,
               bold: bool = False, italic: bool = False, colour: tuple[int, int, int] | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    from pptx.enum.text import MSO_AUTO_SIZE

    if size < MIN_PT:
        raise ValueError(f"{size} pt is under the {MIN_PT} pt a slide needs to read at {REFERENCE_WIDTH_PX} px wide")
    box = page.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        if colour:
            run.font.color.rgb = RGBColor(*colour)


def _pptx_body(page, slide: Slide) -> None:
    from pptx.util import Inches

    if slide.figure is not None:
        # The picture fills the body box exactly: rendered at the box's own size and aspect at PX_PER_IN, so
        # its type reads at 1280 px as it was sized (twice the pixels for a sharp projector image).
        width = CONTENT_WIDTH_IN - (QUOTE_WIDTH_IN + 0.3 if slide.quote else 0)
        height = BODY_BOTTOM_IN - BODY_TOP_IN
        px = (round(width * PX_PER_IN), round(height * PX_PER_IN))
        png = images.render(enlarge(slide.figure, *px), "png", *px, scale=2)
        page.shapes.add_picture(io.BytesIO(png), Inches(MARGIN_IN), Inches(BODY_TOP_IN), width=Inches(width),
                                height=Inches(height))
        if slide.quote:
            text, who = slide.quote
            left = SLIDE_IN[0] - MARGIN_IN - QUOTE_WIDTH_IN
            _pptx_text(page, f"\u201c{text}\u201d", left, 1.8, QUOTE_WIDTH_IN, 3.8, size=20, italic=True)
            _pptx_text(page, f"— {who}", left, 5.6, QUOTE_WIDTH_IN, 0.9, size=16, colour=MUTED_RGB)
    elif slide.numbers:
        columns = min(len(slide.numbers), 4)
        width = CONTENT_WIDTH_IN / columns
        for i, card in enumerate(slide.numbers):
            left = MARGIN_IN + (i % columns) * width
            _pptx_text(page, card.value, left, 1.7, width - 0.2, 0.9, size=44, bold=True)
            _pptx_text(page, card.label, left, 2.6, width - 0.2, 0.9, size=18)
            details = "\n".join(x for x in (card.window, card.delta or "") if x)
            _pptx_text(page, details, left, 3.5, width - 0.2, 1.6, size=16, colour=MUTED_RGB)
        if slide.table is not None:
            _pptx_table(page, slide.table, top=5.3, height=BODY_BOTTOM_IN - 5.3)
    elif slide.table is not None:
        _pptx_table(page, slide.table, top=1.6, height=BODY_BOTTOM_IN - 1.6)
    if slide.lines:
        _pptx_text(page, "\n".join(slide.lines), MARGIN_IN, 1.8, CONTENT_WIDTH_IN, BODY_BOTTOM_IN - 1.8, size=20)


def column_weights(frame: pd.DataFrame) -> list[float]:
    """Relative column widths from each column's longest text (header included), capped so one long
    column cannot squeeze the others to nothing."""
    lengths = [max([len(str(name)) + 5] + [len(str(v)) + 1 for v in frame[name]]) for name in frame.columns]
    return [min(max(n, 8), 60) for n in lengths]


def _pptx_table(page, frame, *, top: float, height: float) -> None:
    from pptx.util import Inches, Pt

    rows, cols = len(frame) + 1, len(frame.columns)
    shape = page.shapes.add_table(rows, cols, Inches(MARGIN_IN), Inches(top), Inches(CONTENT_WIDTH_IN), Inches(height))
    table = shape.table
    weights = column_weights(frame)
    for c, weight in enumerate(weights):
        table.columns[c].width = Inches(CONTENT_WIDTH_IN * weight / sum(weights))
    size = Pt(MIN_PT)
    for c, name in enumerate(frame.columns):
        table.cell(0, c).text = str(name)
    for r, (_, row) in enumerate(frame.iterrows(), start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = "" if value is None else str(value)
    for r in range(rows):
        for c in range(cols):
            for paragraph in table.cell(r, c).text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = size


# ---------------------------------------------------------------------------- PDF


PDF_TEXT_PX = MIN_TEXT_PX * PDF_SCALE  # 27 px on the 1920 px page
PDF_MARGIN_PX = 90
PDF_FOOTER_GAP_PX = 24
PDF_QUOTE_PX = 560  # room right of the chart for a quote
LINE_HEIGHT = 1.3


def _footer(deck: Deck, slide: Slide, number: int, total: int) -> tuple[str, float]:
    """The footer's wrapped text and its height in px on the PDF page."""
    text = _wrap(f"{deck.footer(slide)} · {number}/{total}", SLIDE_PX[0] - 2 * PDF_MARGIN_PX, PDF_TEXT_PX)
    return text, (text.count("<br>") + 1) * PDF_TEXT_PX * LINE_HEIGHT


def slide_figure(deck: Deck, slide: Slide, number: int, total: int | None = None) -> go.Figure:
    """One slide as a 1920×1080 Plotly figure (vector text), for the PDF. The bottom margin is the chart's
    own (ticks and source line, grown with the type) plus the footer's wrapped height, and the footer is
    anchored by its bottom edge just above the page's foot, so a long sources line wraps upwards into its
    margin instead of off the page."""
    width, height = SLIDE_PX
    footer, footer_px = _footer(deck, slide, number, total or len(deck.slides))
    if slide.figure is not None:
        fig = enlarge(slide.figure, width, height, PDF_TEXT_PX)
        chart_bottom = fig.layout.margin.b or 0
        bottom = chart_bottom + footer_px + 2 * PDF_FOOTER_GAP_PX
        fig.update_layout(margin=dict(l=max(fig.layout.margin.l or 0, PDF_MARGIN_PX),
                                      r=PDF_QUOTE_PX if slide.quote else PDF_MARGIN_PX, b=bottom))
        if slide.quote:
            text, who = slide.quote
            fig.add_annotation(text=_wrap(f"\u201c{text}\u201d", PDF_QUOTE_PX - 80, PDF_TEXT_PX)
                               + f"<br><br><i>{_wrap(f'— {who}', PDF_QUOTE_PX - 80, PDF_TEXT_PX)}</i>",
                               xref="paper", yref="paper", x=1, xshift=40, y=0.95, xanchor="left", yanchor="top",
                               showarrow=False, align="left", font=dict(size=PDF_TEXT_PX))
    else:
        fig = go.Figure()
        fig.update_layout(template=theme.TEMPLATE_NAME, width=width, height=height,
                          margin=dict(l=PDF_MARGIN_PX, r=PDF_MARGIN_PX, t=PDF_MARGIN_PX,
                                      b=footer_px + 2 * PDF_FOOTER_GAP_PX),
                          xaxis=dict(visible=False), yaxis=dict(visible=False))
        fig.add_annotation(text=f"<b>{plotly_text(slide.title)}</b>", xref="paper", yref="paper", x=0, y=1.02,
                           xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=48))
        if slide.subtitle:
            fig.add_annotation(text=plotly_text(slide.subtitle), xref="paper", yref="paper", x=0, y=0.97,
                               xanchor="left", yanchor="top", showarrow=False,
                               font=dict(size=PDF_TEXT_PX, color=theme.MUTED))
        _figure_body(fig, slide)
    # x=0 is the plot's left edge: shift back to the page margin the footer was wrapped for.
    fig.add_annotation(text=footer, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom",
                       xshift=PDF_MARGIN_PX - fig.layout.margin.l, yshift=-(fig.layout.margin.b - PDF_FOOTER_GAP_PX),
                       showarrow=False, align="left",
                       font=dict(size=PDF_TEXT_PX, color=theme.MUTED))
    return fig


def _figure_body(fig: go.Figure, slide: Slide) -> None:
    usable = SLIDE_PX[0] - 2 * PDF_MARGIN_PX
    if slide.numbers:
        columns = min(len(slide.numbers), 4)
        for i, card in enumerate(slide.numbers):
            x = (i % columns + 0.05) / columns
            details = "<br>".join(_wrap(x, usable / columns - 40, PDF_TEXT_PX)
                                  for x in (card.label, card.window, card.delta or "") if x)
            fig.add_annotation(text=f"<b>{plotly_text(card.value)}</b>", xref="paper", yref="paper", x=x, y=0.8,
                               xanchor="left", showarrow=False, font=dict(size=64))
            fig.add_annotation(text=details, xref="paper", yref="paper", x=x, y=0.68, xanchor="left",
                               yanchor="top", showarrow=False, align="left", font=dict(size=PDF_TEXT_PX))
    if slide.table is not None:
        top = 0.3 if slide.numbers else 0.88
        fig.add_trace(go.Table(
            domain=dict(x=[0, 1], y=[0, top]), columnwidth=column_weights(slide.table),
            header=dict(values=[f"<b>{plotly_text(c)}</b>" for c in slide.table.columns], align="left",
                        font=dict(size=PDF_TEXT_PX), fill_color="#eeeeee"),
            cells=dict(values=[[plotly_text(v) for v in slide.table[c]] for c in slide.table.columns], align="left",
                       font=dict(size=PDF_TEXT_PX), height=round(PDF_TEXT_PX * LINE_HEIGHT + 8))))
    if slide.lines:
        fig.add_annotation(text="<br><br>".join(_wrap(line, usable, 30) for line in slide.lines), xref="paper",
                           yref="paper", x=0, y=0.85, xanchor="left", yanchor="top", showarrow=False, align="left",
                           font=dict(size=30))


def _wrap(text: str, max_px: float, size: float) -> str:
    """Escape and wrap text for a Plotly annotation (which does not wrap by itself), measuring each line in
    the charts' font at `size` px so it stays within `max_px` (5% kept spare for bold and italic)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size) > 0.95 * max_px:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "<br>".join(plotly_text(x) for x in lines)


def to_pdf(deck: Deck) -> bytes:
    """The deck as a PDF, one page per slide."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    pages = paginate(deck)
    for number, slide in enumerate(pages, start=1):
        page = images.render(slide_figure(deck, slide, number, len(pages)), "pdf", *SLIDE_PX)
        for pdf_page in PdfReader(io.BytesIO(page)).pages:
            writer.add_page(pdf_page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
