"""The slide page only: one slide per URL (?slide=N), projector styles, controls and deck downloads.
"""

from __future__ import annotations

import streamlit as st

from desertion.deck import Deck
from desertion.deck_export import to_pdf, to_pptx
from desertion.i18n.catalogue import translator
from desertion.i18n.formats import format_count
from desertion.images import INSTALL_HINT, find_browser
from desertion.markup import delta_text, escape_markdown
from desertion.periods import parse_slide
from desertion.slide_charts import MIN_TEXT_PX, fit_slide_chart
from desertion.ui.components import PLOTLY_CONFIG
from desertion.ui.staleness import render_staleness
from desertion.ui.window import slide_text_px, window_size
from desertion.ui.state import Context

SLIDE_PARAM = "slide"
# Plotly follows its box when the window is resized (the box's height is set by the CSS below).
SLIDE_PLOTLY_CONFIG = {**PLOTLY_CONFIG, "responsive": True}
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
/* The slide is the window: title, subtitle, body, footer and controls in a column as high as the window, the
   body (keyed slide-body) taking whatever height the others leave, and a chart in it filling that. */
[data-testid="stMainBlockContainer"] { height: 100vh; box-sizing: border-box; display: flex; flex-direction: column; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { flex: 1 1 auto; min-height: 0; }
[data-testid="stLayoutWrapper"]:has(> .st-key-slide-body) { flex: 1 1 0; min-height: 0; }
.st-key-slide-body { height: 100%; min-height: 0; overflow-y: auto; }
.st-key-slide-body > [data-testid="stLayoutWrapper"]:has(.stPlotlyChart) { flex: 1 1 0; min-height: 0; }
.st-key-slide-body [data-testid="stHorizontalBlock"]:has(.stPlotlyChart) { height: 100%; }
.st-key-slide-body [data-testid="stColumn"]:has(.stPlotlyChart) > [data-testid="stVerticalBlock"] { height: 100%; }
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
    body = st.container(key="slide-body")
    with body:
        if slide.figure is not None:
            chart, side = st.columns([3, 1]) if slide.quote else (body, None)
            with chart:
                # As tall as the window leaves, every text ≥ 18 px and labels laid out for the smallest slide
                # (slide_charts), as in the PPTX and PDF; no title of its own (the slide's title states it).
                # Its type grows with the window (ui.window: 27 px at 1920×1080), its labels still laid out for 1280×720.
                scale = slide_text_px(window_size()) / MIN_TEXT_PX
                fitted = fit_slide_chart(slide.figure, slide.room, scale=scale) if slide.room else slide.figure
                st.plotly_chart(fitted, theme=None, width="stretch", height="stretch", config=SLIDE_PLOTLY_CONFIG,
                                alt=(fitted.layout.meta or {}).get("alt", slide.title), key=f"slide_{number}_chart")
            if side is not None and slide.quote:
                text, who = slide.quote
                with side:
                    st.text(ctx.t.gettext("\u201c{text}\u201d").format(text=text))
                    st.caption(escape_markdown(f"— {who}"))
        if slide.numbers:
            for column, card in zip(st.columns(max(len(slide.numbers), 1)), slide.numbers):
                with column:
                    st.metric(escape_markdown(card.label), card.value,
                              delta=delta_text(card.delta) if card.delta else None, delta_color="off")
                    st.caption(escape_markdown(card.window))
        if slide.table is not None:
            # An HTML table (not the canvas grid) so the room's type applies; st.table reads Markdown, so
            # every cell and header is escaped.
            table = slide.table.astype(str).map(escape_markdown)
            table.columns = [escape_markdown(c) for c in table.columns]
            # Alone on its slide (the sources) it fills the body and scrolls inside it; under cards, its rows.
            st.table(table, hide_index=True, height="content" if slide.numbers else "stretch")
        for line in slide.lines:
            st.text(line)
    render_staleness(ctx, slide.key)
    st.caption(escape_markdown(f"{slides.footer(slide)} · {number}/{len(slides.slides)}"))


def render_slide_controls(ctx: Context, slides: Deck, number: int) -> None:
    """Previous / Next (also the arrow keys), the position, downloads of the deck, and a way out, in the run's
    language (the buttons keep their keys, so the arrow keys work the same in both)."""
    t, total = ctx.t, len(slides.slides)
    prev_col, pos_col, next_col, pptx_col, pdf_col, exit_col = st.columns([1, 1, 1, 1.3, 1.3, 1.3])
    prev_col.button(t.gettext("Previous"), icon=":material/arrow_back:", disabled=number <= 1, on_click=_go_to,
                    args=(number - 1,), shortcut="Left", key="present_prev")
    pos_col.caption(t.gettext("Slide {number} of {total}").format(
        number=format_count(number, language=ctx.language), total=format_count(total, language=ctx.language)))
    next_col.button(t.gettext("Next"), icon=":material/arrow_forward:", disabled=number >= total, on_click=_go_to,
                    args=(number + 1,), shortcut="Right", key="present_next")
    render_deck_downloads(slides, (pptx_col, pdf_col))
    exit_col.page_link("pages/overview.py", label=t.gettext("Leave presentation"), icon=":material/close:")


def render_deck_downloads(slides: Deck, columns) -> None:
    """PPTX and PDF of the deck, generated only when clicked; explained instead when there is no browser."""
    if find_browser() is None:
        columns[0].caption(translator(slides.language).gettext(INSTALL_HINT))
        return
    name = f"desertion-monitor_{slides.period.from_month}_{slides.period.to_month}"
    columns[0].download_button("PPTX", lambda: to_pptx(slides), file_name=f"{name}.pptx", icon=":material/download:",
                               mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                               on_click="ignore", key="present_pptx")
    columns[1].download_button("PDF", lambda: to_pdf(slides), file_name=f"{name}.pdf", icon=":material/download:",
                               mime="application/pdf", on_click="ignore", key="present_pdf")
