"""The slide page only: one slide per URL (?slide=N), projector styles, controls and deck downloads.
"""

from __future__ import annotations

import streamlit as st

from desertion.deck import Deck
from desertion.deck_export import enlarge, to_pdf, to_pptx
from desertion.images import INSTALL_HINT, find_browser
from desertion.markup import delta_text, escape_markdown
from desertion.periods import parse_slide
from desertion.ui.components import PLOTLY_CONFIG
from desertion.ui.staleness import render_staleness
from desertion.ui.state import Context

SLIDE_PARAM = "slide"
SLIDE_WIDTH_PX = 1180
SLIDE_TABLE_MAX_PX = 330
SLIDE_CHART_HEIGHT = 440
SLIDE_TEXT_PX = 18  # the smallest chart text on a slide (deck_export.MIN_TEXT_PX, as in the PPTX and PDF)
# Type for a room: nothing under 18 px at 1280×720 (captions, controls and footer included), growing with the
# window's height (vh), so a 1080p screen gets larger type rather than empty space.
PRESENT_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container { padding: 1rem 3rem 0.4rem 3rem !important; max-width: 100% !important; }
[data-testid="stMain"] :is(p, span, a, button, kbd, li, label, code, div, td, th), [data-testid="stMain"] :where([data-testid="stText"]) {
  font-size: clamp(18px, 2.6vh, 32px) !important; line-height: 1.3; }
[data-testid="stMain"] h1, [data-testid="stMain"] h1 * {
  font-size: clamp(30px, 5vh, 64px) !important; padding: 0 !important; line-height: 1.15; }
[data-testid="stMain"] [data-testid="stMetricLabel"] * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { color: #444; }
[data-testid="stMain"] [data-testid="stMetricValue"], [data-testid="stMain"] [data-testid="stMetricValue"] * {
  font-size: clamp(40px, 8vh, 96px) !important; line-height: 1.1; }
</style>
"""


def slide_number(total: int) -> int:
    """The slide the URL asks for (?slide=N, 1-based); anything else is slide 1."""
    return parse_slide(st.query_params.get_all(SLIDE_PARAM), total)


def present_styles() -> None:
    """Hide the sidebar, header and toolbar and enlarge type for a projector (our CSS, no data in it)."""
    st.html(PRESENT_CSS)


def _go_to(number: int) -> None:
    st.query_params[SLIDE_PARAM] = str(number)


def render_slide(ctx: Context, slides: Deck, number: int) -> None:
    """One slide: title, body (chart and quote, numbers, table or lines) and the footer with period and sources."""
    slide = slides.slides[number - 1]
    st.title(escape_markdown(slide.title), anchor=False)
    if slide.subtitle:
        st.caption(escape_markdown(slide.subtitle))
    with st.container(key="slide-body"):
        if slide.figure is not None:
            chart, side = st.columns([3, 1]) if slide.quote else (st.container(), None)
            with chart:
                # Sized to fit a 1280×720 window with title, footer and controls; every text ≥ 18 px, as in
                # the PPTX and PDF (deck_export.enlarge); the width follows the window.
                big = enlarge(slide.figure, SLIDE_WIDTH_PX, SLIDE_CHART_HEIGHT, SLIDE_TEXT_PX)
                big.update_layout(width=None, autosize=True)
                st.plotly_chart(big, theme=None, width="stretch", config=PLOTLY_CONFIG,
                                alt=(big.layout.meta or {}).get("alt", slide.title), key=f"slide_{number}_chart")
            if side is not None and slide.quote:
                text, who = slide.quote
                with side:
                    st.text(f"\u201c{text}\u201d")
                    st.caption(escape_markdown(f"— {who}"))
        if slide.numbers:
            for column, card in zip(st.columns(max(len(slide.numbers), 1)), slide.numbers):
                with column:
                    st.metric(escape_markdown(card.label), card.value,
                              delta=delta_text(card.delta) if card.delta else None, delta_color="off")
                    st.caption(escape_markdown(card.window))
        if slide.table is not None:
            # An HTML table (not the canvas grid) so the room's type applies; st.table reads Markdown, so
            # every cell and header is escaped; a long table scrolls inside its box.
            table = slide.table.astype(str).map(escape_markdown)
            table.columns = [escape_markdown(c) for c in table.columns]
            st.table(table, hide_index=True, height=min(60 + 44 * len(table), SLIDE_TABLE_MAX_PX))
        for line in slide.lines:
            st.text(line)
    render_staleness(ctx, slide.key)
    st.caption(escape_markdown(f"{slides.footer(slide)} · {number}/{len(slides.slides)}"))


def render_slide_controls(slides: Deck, number: int) -> None:
    """Previous / Next (also the arrow keys), the position, downloads of the deck, and a way out."""
    total = len(slides.slides)
    prev_col, pos_col, next_col, pptx_col, pdf_col, exit_col = st.columns([1, 1, 1, 1.3, 1.3, 1.3])
    prev_col.button("Previous", icon=":material/arrow_back:", disabled=number <= 1, on_click=_go_to,
                    args=(number - 1,), shortcut="Left", key="present_prev")
    pos_col.caption(f"Slide {number} of {total}")
    next_col.button("Next", icon=":material/arrow_forward:", disabled=number >= total, on_click=_go_to,
                    args=(number + 1,), shortcut="Right", key="present_next")
    render_deck_downloads(slides, (pptx_col, pdf_col))
    exit_col.page_link("pages/overview.py", label="Leave presentation", icon=":material/close:")


def render_deck_downloads(slides: Deck, columns) -> None:
    """PPTX and PDF of the deck, generated only when clicked; explained instead when there is no browser."""
    if find_browser() is None:
        columns[0].caption(INSTALL_HINT)
        return
    name = f"desertion-monitor_{slides.period.from_month}_{slides.period.to_month}"
    columns[0].download_button("PPTX", lambda: to_pptx(slides), file_name=f"{name}.pptx", icon=":material/download:",
                               mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                               on_click="ignore", key="present_pptx")
    columns[1].download_button("PDF", lambda: to_pdf(slides), file_name=f"{name}.pdf", icon=":material/download:",
                               mime="application/pdf", on_click="ignore", key="present_pdf")
