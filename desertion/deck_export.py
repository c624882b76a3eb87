"""The deck as PPTX (python-pptx) and as PDF (one Kaleido-rendered page per slide, merged with pypdf).

Both carry, on every slide, a footer with the period and the sources; the PPTX also puts full citations in
the speaker notes. Charts are the same figures the dashboard draws (with their own title, period and source
line inside), enlarged for a room.
"""

from __future__ import annotations

import io

import plotly.graph_objects as go

from desertion import images, theme
from desertion.charts import plotly_text
from desertion.deck import Deck, Slide

SLIDE_PX = (1920, 1080)
CHART_PX = (1600, 860)
SLIDE_FONT = 22
MUTED_RGB = (0x6B, 0x6B, 0x6B)


def enlarge(fig: go.Figure, width: int, height: int) -> go.Figure:
    """A copy of a chart sized and lettered for a projector."""
    big = go.Figure(fig)
    big.update_layout(width=width, height=height, font=dict(size=SLIDE_FONT), title_font=dict(size=30),
                      title_subtitle_font=dict(size=22), legend=dict(font=dict(size=18)))
    big.update_annotations(font_size=18, selector=dict(templateitemname=theme.SOURCE_ANNOTATION))
    big.update_traces(textfont_size=18, selector=dict(type="bar"))
    return big


# ---------------------------------------------------------------------------- PPTX


def to_pptx(deck: Deck) -> bytes:
    """A 16:9 PowerPoint file: one slide per slide, chart as image, footer with period and sources, notes."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    for number, slide in enumerate(deck.slides, start=1):
        page = prs.slides.add_slide(blank)
        _pptx_text(page, slide.title, 0.5, 0.3, 12.3, 0.8, size=34, bold=True)
        if slide.subtitle:
            _pptx_text(page, slide.subtitle, 0.5, 1.0, 12.3, 0.5, size=18, colour=MUTED_RGB)
        _pptx_body(page, slide)
        _pptx_text(page, f"{deck.footer(slide)} · {number}/{len(deck.slides)}", 0.5, 6.9, 12.3, 0.5, size=11,
                   colour=MUTED_RGB)
        page.notes_slide.notes_text_frame.text = deck.notes(slide)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _pptx_text(page, text: str, left: float, top: float, width: float, height: float, *, size: int,
               bold: bool = False, italic: bool = False, colour: tuple[int, int, int] | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    box = page.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
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
        width = 8.6 if slide.quote else 12.3
        png = images.render(enlarge(slide.figure, *CHART_PX), "png", *CHART_PX)
        page.shapes.add_picture(io.BytesIO(png), Inches(0.5), Inches(1.5), width=Inches(width))
        if slide.quote:
            text, who = slide.quote
            _pptx_text(page, f"\u201c{text}\u201d", 9.4, 1.8, 3.5, 3.8, size=18, italic=True)
            _pptx_text(page, f"— {who}", 9.4, 5.6, 3.5, 0.8, size=13, colour=MUTED_RGB)
    elif slide.numbers:
        columns = min(len(slide.numbers), 4)
        width = 12.3 / columns
        for i, card in enumerate(slide.numbers):
            left = 0.5 + (i % columns) * width
            _pptx_text(page, card.value, left, 1.9, width - 0.2, 1.0, size=44, bold=True)
            _pptx_text(page, card.label, left, 3.0, width - 0.2, 0.8, size=16)
            details = "\n".join(x for x in (card.window, card.delta or "") if x)
            _pptx_text(page, details, left, 3.8, width - 0.2, 1.2, size=13, colour=MUTED_RGB)
        if slide.table is not None:
            _pptx_table(page, slide.table, top=5.3, height=1.2)
    elif slide.table is not None:
        _pptx_table(page, slide.table, top=1.6, height=5.1)
    if slide.lines:
        _pptx_text(page, "\n".join(slide.lines), 0.5, 1.8, 12.3, 4.9, size=20)


def _pptx_table(page, frame, *, top: float, height: float) -> None:
    from pptx.util import Inches, Pt

    rows, cols = len(frame) + 1, len(frame.columns)
    shape = page.shapes.add_table(rows, cols, Inches(0.5), Inches(top), Inches(12.3), Inches(height))
    table = shape.table
    size = Pt(14 if rows <= 8 else 10)
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


def slide_figure(deck: Deck, slide: Slide, number: int) -> go.Figure:
    """One slide as a 1920×1080 Plotly figure (vector text), for the PDF."""
    width, height = SLIDE_PX
    if slide.figure is not None:
        fig = enlarge(slide.figure, width, height)
        fig.update_layout(margin=dict(l=90, r=560 if slide.quote else 90, t=190, b=190))
        if slide.quote:
            text, who = slide.quote
            fig.add_annotation(text=_wrap(f"\u201c{text}\u201d", 34) + f"<br><br><i>— {plotly_text(who)}</i>",
                               xref="paper", yref="paper", x=1.04, y=0.95, xanchor="left", yanchor="top",
                               showarrow=False, align="left", font=dict(size=22))
    else:
        fig = go.Figure()
        fig.update_layout(template=theme.TEMPLATE_NAME, width=width, height=height,
                          margin=dict(l=90, r=90, t=90, b=190), xaxis=dict(visible=False), yaxis=dict(visible=False))
        fig.add_annotation(text=f"<b>{plotly_text(slide.title)}</b>", xref="paper", yref="paper", x=0, y=1.02,
                           xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=48))
        if slide.subtitle:
            fig.add_annotation(text=plotly_text(slide.subtitle), xref="paper", yref="paper", x=0, y=0.97,
                               xanchor="left", yanchor="top", showarrow=False, font=dict(size=24, color=theme.MUTED))
        _figure_body(fig, slide)
    fig.add_annotation(text=_wrap(f"{deck.footer(slide)} · {number}/{len(deck.slides)}", 150), xref="paper",
                       yref="paper", x=0, y=0, yshift=-150, xanchor="left", yanchor="top", showarrow=False,
                       align="left", font=dict(size=16, color=theme.MUTED))
    return fig


def _figure_body(fig: go.Figure, slide: Slide) -> None:
    if slide.numbers:
        columns = min(len(slide.numbers), 4)
        for i, card in enumerate(slide.numbers):
            x = (i % columns + 0.05) / columns
            details = "<br>".join(_wrap(x, 40) for x in (card.label, card.window, card.delta or "") if x)
            fig.add_annotation(text=f"<b>{plotly_text(card.value)}</b>", xref="paper", yref="paper", x=x, y=0.78,
                               xanchor="left", showarrow=False, font=dict(size=64))
            fig.add_annotation(text=details, xref="paper", yref="paper", x=x, y=0.62, xanchor="left",
                               yanchor="top", showarrow=False, align="left", font=dict(size=22))
    if slide.table is not None:
        top = 0.3 if slide.numbers else 0.88
        fig.add_trace(go.Table(
            domain=dict(x=[0, 1], y=[0, top]),
            header=dict(values=[f"<b>{plotly_text(c)}</b>" for c in slide.table.columns], align="left",
                        font=dict(size=18), fill_color="#eeeeee"),
            cells=dict(values=[[plotly_text(v) for v in slide.table[c]] for c in slide.table.columns], align="left",
                       font=dict(size=16 if len(slide.table) > 12 else 18), height=30)))
    if slide.lines:
        fig.add_annotation(text="<br><br>".join(_wrap(line, 110) for line in slide.lines), xref="paper", yref="paper",
                           x=0, y=0.85, xanchor="left", yanchor="top", showarrow=False, align="left",
                           font=dict(size=26))


def _wrap(text: str, width: int) -> str:
    """Escape and wrap text for a Plotly annotation (which does not wrap by itself)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(plotly_text(x) for x in lines)


def to_pdf(deck: Deck) -> bytes:
    """The deck as a PDF, one page per slide."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for number, slide in enumerate(deck.slides, start=1):
        page = images.render(slide_figure(deck, slide, number), "pdf", *SLIDE_PX)
        for pdf_page in PdfReader(io.BytesIO(page)).pages:
            writer.add_page(pdf_page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
