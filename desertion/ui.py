"""The only Streamlit-aware module: cached loading, the shared period sidebar, and safe rendering helpers.

Pages call these; they hold no data logic. Text that comes from the data is rendered with `st.text`, in
`st.dataframe` cells, or through `escape_markdown`, never as HTML: a quote containing
`<img src=x onerror=…>` or `[x](javascript:…)` shows literally.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property, partial
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from desertion import __version__, images, theme, updates, views  # noqa: F401  (importing theme registers the Plotly template)
from desertion.deck import Deck
from desertion.deck_export import to_pdf, to_pptx
from desertion.formatting import format_date
from desertion.images import INSTALL_HINT, find_browser
from desertion.headlines import Headline
from desertion.loading import Dataset, load_dataset, split_refs
from desertion.periods import (
    Period, filter_table, Preset, build_presets, format_period_params, month_label, parse_period, preset_for, table_bounds,
)
from desertion.schema import TABLES
from desertion.records import derive_tables
from desertion.quotes import KIND_LABELS, VERIFICATION_LABELS
from desertion.publish import resolve_current
from desertion.provenance import ids_in, outlet_label, outlet_labels, sources_by_ids, source_date, sources_for, sources_line, sources_table

DATA_DIR_ENV = "DESERTION_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PRESET_KEY = "period_preset"
CUSTOM_KEY = "period_custom"
CUSTOM_MODE_KEY = "period_custom_mode"
CURRENT_KEY = "period_current"
CONTEXT_KEY = "_shared_context"
CUSTOM_LABEL = "Custom…"
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


@dataclass(frozen=True)
class Context:
    """What every page needs for one run: the data, the period, and the presets it was chosen from (and,
    for the sidebar, why a period in the link was not used)."""

    dataset: Dataset
    period: Period
    bounds: Period
    presets: tuple[Preset, ...]
    notice: str | None = None

    def frame(self, name: str) -> pd.DataFrame | None:
        return self.dataset.frames.get(name)

    @property
    def sources(self) -> pd.DataFrame:
        frame = self.frame("sources")
        return frame if frame is not None else pd.DataFrame(columns=["source_id", "outlet", "originator", "title",
                                                                    "published", "published_precision", "url",
                                                                    "grade"])

    @cached_property
    def sources_by_id(self) -> pd.DataFrame:
        return self.sources.set_index("source_id", drop=False)

    def filter(self, name: str) -> pd.DataFrame | None:
        """A table narrowed to the period (with its `in_period` marks), or None if the table did not load."""
        frame = self.frame(name)
        return None if frame is None else filter_table(TABLES[name].timing, frame, self.period)

    def period_sources(self) -> pd.DataFrame:
        """The sources behind everything the period shows, for the citation of the current view."""
        frames = [self.filter(name) for name in TABLES if name != "sources" and self.frame(name) is not None]
        return sources_by_ids(self.sources, ids_in(f for f in frames if f is not None))

    @property
    def period_label(self) -> str:
        preset = preset_for(self.period, self.presets)
        return preset.label if preset else self.period.describe()


def leave_legacy_page_discovery() -> None:
    """Work around Streamlit's v1 page discovery (see shared README: the `pages/` trap).

    With a `pages/` folder beside the entrypoint, the first script runs after a server start go through
    Streamlit's legacy `_mpa_v1`, which may execute a page file directly, without `dashboard.py`, under a
    navigation of file names. Switching the flag off and rerunning sends that request through
    `st.navigation`; page url paths equal their file names, so the rerun lands on the page asked for.

    The test is "is this very run inside `_mpa_v1`", not the class flag alone: when several sessions start
    at once, another session may already have switched the flag off while this one is still running
    under the legacy navigation (seen in the load test with 5 sessions).
    """
    if PagesManager.uses_pages_directory or _inside_legacy_discovery():
        PagesManager.uses_pages_directory = False
        st.rerun()


def _inside_legacy_discovery() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_mpa_v1":
            return True
        frame = frame.f_back
    return False


def data_dir() -> Path:
    return resolve_current(Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR)))  # a published root: its current version


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each CSV: a cheap cache key that changes when a file does."""
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.csv")))


@st.cache_resource(show_spinner="Loading the data…", max_entries=2)
def _load_cached(folder: str, stamp: tuple[tuple[str, int, int], ...]) -> Dataset:
    """One shared, read-only copy per version of the files. cache_resource rather than cache_data: with a
    million court records, cache_data would unpickle a fresh copy of every table on every rerun of every
    session (143 MB and 0.07 s per rerun with a million records; see the README); nothing downstream mutates
    these frames (filters return new ones)."""
    dataset = load_dataset(Path(folder))
    key = hashlib.sha256(repr((folder, stamp)).encode()).hexdigest()[:16]
    return Dataset(dataset.data_dir, dataset.results, derive_tables(dataset.frames), key)


@st.cache_resource(max_entries=256, show_spinner=False)
def _cached_view(data_key: str, name: str, start: str, end: str, args: tuple, _dataset: Dataset):
    return getattr(views, name)(_dataset.frames, Period(pd.Timestamp(start), pd.Timestamp(end)), *args)


def chart_view(ctx: Context, name: str, *args: str | bool):
    """`views.<name>(frames, period, *args)`, built once per version of the data, period and options and
    shared by all sessions: a period someone has looked at redraws without rebuilding its figures. The
    figures are read-only from here on (rendering and exports copy before changing anything)."""
    return _cached_view(ctx.dataset.key, name, ctx.period.start.isoformat(), ctx.period.end.isoformat(), args,
                        ctx.dataset)


def load_data() -> Dataset:
    """The validated tables, loaded once per change of the files and shared by every session."""
    folder = data_dir()
    return _load_cached(str(folder), _stamp(folder) if folder.is_dir() else ())


@st.cache_resource(max_entries=2, show_spinner=False)
def _cached_bounds(data_key: str, _dataset: Dataset) -> Period:
    """'All time' for a version of the data, computed once (it scans every date, 9 ms per rerun with a million
    court records)."""
    return table_bounds(_dataset.frames)


def _bounds(dataset: Dataset) -> Period:
    return _cached_bounds(dataset.key, dataset)


def _set_period_params(period: Period, default: Period) -> None:
    """Put the period in the URL in one update (each change to st.query_params is a message the browser
    handles), keeping any other parameters (such as ?slide=)."""
    st.session_state[CURRENT_KEY] = period
    others = {key: st.query_params.get_all(key) for key in st.query_params if key not in ("from", "to")}
    st.query_params.from_dict(others | format_period_params(period, default))


def _on_preset_change(presets: dict[str, Period], default: Period) -> None:
    label = st.session_state[PRESET_KEY]
    st.session_state[CUSTOM_MODE_KEY] = label == CUSTOM_LABEL
    if label != CUSTOM_LABEL:
        _set_period_params(presets[label], default)


def _on_custom_change(key: str, default: Period) -> None:
    first, last = st.session_state[key]
    _set_period_params(Period.of_months(first, last), default)


def _month_options(bounds: Period, period: Period) -> list[str]:
    first, last = min(bounds.start, period.start), max(bounds.end, period.end)
    return [m.strftime("%Y-%m") for m in pd.date_range(first, last, freq="MS")]


def period_context(dataset: Dataset) -> Context:
    """The period of this run, and the context every page reads through `context()`. Draws nothing.

    The URL is the source of truth (`?from=YYYY-MM&to=YYYY-MM`), so a copied link restores the view. Within a
    session the chosen period also survives page switches, which drop the query string.
    """
    bounds = _bounds(dataset)
    params = st.query_params.to_dict()
    remembered = st.session_state.get(CURRENT_KEY)
    if "from" not in params and "to" not in params and isinstance(remembered, Period) and remembered != bounds:
        _set_period_params(remembered, bounds)
        params = st.query_params.to_dict()
    parsed = parse_period(params, bounds)
    st.session_state[CURRENT_KEY] = parsed.period
    context = Context(dataset, parsed.period, bounds, tuple(build_presets(bounds)), parsed.notice)
    st.session_state[CONTEXT_KEY] = context
    return context


def period_sidebar(ctx: Context) -> None:
    """Draw the shared sidebar: the period filter, the data's as-of date, links to sources and the deck.

    The entrypoint draws it after the page: on a period change the page's charts then reach the browser
    before the sidebar's elements, instead of waiting behind them (bench/)."""
    period, bounds = ctx.period, ctx.bounds
    preset = preset_for(period, ctx.presets)
    custom = preset is None or st.session_state.get(CUSTOM_MODE_KEY, False)
    by_label = {p.label: p.period for p in ctx.presets}
    st.session_state[PRESET_KEY] = CUSTOM_LABEL if custom or preset is None else preset.label
    with st.sidebar:
        st.selectbox("Period", [*by_label, CUSTOM_LABEL], key=PRESET_KEY, on_change=_on_preset_change,
                     args=(by_label, bounds), help="Rows wholly inside the period are shown; rows that only overlap "
                                                   "it are marked as partly outside. See Sources & method.")
        if custom:
            # One key per period: a new period (from the URL or a preset) gets a fresh slider at its value,
            # instead of a widget whose stored state must be overwritten on every run.
            key = f"{CUSTOM_KEY}_{period.from_month}_{period.to_month}"
            st.select_slider("Months (from, to)", options=_month_options(bounds, period), key=key,
                             value=(period.from_month, period.to_month), on_change=_on_custom_change,
                             args=(key, bounds), format_func=lambda m: month_label(pd.Timestamp(f"{m}-01")))
        if ctx.notice:
            st.warning(ctx.notice, icon=":material/link_off:")
        st.caption(f"Showing {period.describe()}")
        _render_data_status(ctx.dataset)
        st.page_link("pages/sources.py", label="Sources & method", icon=":material/menu_book:")
        st.page_link("pages/present.py", label="Present this period", icon=":material/co_present:")


def _render_data_status(dataset: Dataset) -> None:
    sources = dataset.frames.get("sources")
    if sources is not None and not sources.empty:
        latest = sources["published"].max()
        st.caption(f"Data as of {latest:%-d %b %Y} (latest source) · version {__version__}")
    broken = [name for name, result in dataset.results.items() if not result.ok]
    if broken:
        st.error(f"{len(broken)} table(s) failed validation and are not shown: {', '.join(broken)}. "
                 "See Sources & method for the errors.", icon=":material/error:")


def context() -> Context:
    """The context the entrypoint computed for this run (pages call this instead of re-reading the URL)."""
    ctx = st.session_state.get(CONTEXT_KEY)
    if ctx is None:  # a page run without the entrypoint
        ctx = period_context(load_data())
        period_sidebar(ctx)
    return ctx


def escape_markdown(text: str) -> str:
    """Backslash-escape every Markdown/LaTeX-significant character, so data can sit in a Markdown label."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def markdown_link(label: str, url: str) -> str:
    """A Markdown link with an escaped label; the loader only lets http(s) addresses through."""
    if not re.fullmatch(r"https?://[^\s<>\"'`]+", url or ""):
        return escape_markdown(label)
    return f"[{escape_markdown(label)}](<{url}>)"


def require_table(ctx: Context, name: str) -> pd.DataFrame | None:
    """A table for a page, or an error in its place naming what is wrong (the rest of the page goes on)."""
    frame = ctx.frame(name)
    if frame is None:
        result = ctx.dataset.results.get(name)
        count = len(result.issues) if result else 0
        first = str(result.issues[0]) if result and result.issues else "not loaded"
        st.error(f"The {name} table failed validation ({count} problem(s)), so this part is not shown. "
                 f"First problem: {first}", icon=":material/error:")
    return frame


@contextmanager
def lazy_expander(label: str, *, key: str) -> Iterator[bool]:
    """An expander whose body the caller builds only while it is open (`with lazy_expander(...) as is_open`).

    A collapsed expander then sends nothing: every element costs browser time on every rerun, and a period
    change reruns them all (bench/). Opening it reruns the app once. The label must not change with the
    period, or the expander's identity, and so its open state, would change with it."""
    with st.expander(label, key=key, on_change="rerun") as box:
        yield bool(box.open)


def render_sources(ctx: Context, frame: pd.DataFrame, *, key: str) -> None:
    """Under a table or figure: the sources its rows cite (see render_source_list)."""
    render_source_list(sources_for(frame, ctx.sources), key=key)


def render_source_list(used: pd.DataFrame, *, key: str) -> None:
    """The sources line, and an expander listing each source with its link.

    The list is one Markdown element with every data field escaped (a table widget per chart took 29% of a
    court-cases rerun under py-spy), built only when the expander is opened."""
    st.caption(sources_line(used))
    with lazy_expander("Sources, with links", key=f"{key}_sources") as is_open:
        if is_open:
            st.markdown(sources_markdown(used))


def sources_markdown(sources: pd.DataFrame) -> str:
    """One line per source: outlet, date, title, grade and a link, all data text escaped."""
    lines = []
    for outlet, date, precision, title, grade, url in zip(
            outlet_labels(sources), sources["published"], sources["published_precision"], sources["title"],
            sources["grade"], sources["url"]):
        text = f"{outlet}, {format_date(date, precision)}: \u201c{title}\u201d (grade {grade})"
        lines.append("- " + markdown_link(text, url if isinstance(url, str) else ""))
    return "\n".join(lines) if lines else "No sources for this selection."


def render_sources_table(sources: pd.DataFrame, *, key: str, used_by: pd.Series | None = None) -> None:
    """Sources as a table with clickable links; `used_by` adds which figures cite each source."""
    listing = sources_table(sources)
    if used_by is not None:
        listing["Used by"] = sources["source_id"].map(used_by).fillna("").to_list()
    st.dataframe(
        listing, hide_index=True, width="stretch", key=key,
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="open ↗"),
                       "Title": st.column_config.TextColumn("Title", width="large")},
    )


def render_figure(view: views.ChartView, ctx: Context, *, key: str) -> None:
    """Draw a chart with our template (theme=None), its alt text, its sources, and image downloads."""
    fig = view.figure
    alt = (fig.layout.meta or {}).get("alt") if isinstance(fig.layout.meta, dict) else None
    st.plotly_chart(fig, theme=None, width="stretch", key=key, config=PLOTLY_CONFIG, alt=alt or "chart")
    render_source_list(view.sources, key=key)
    render_image_downloads(fig, ctx, key=key)


def render_image_downloads(fig: go.Figure, ctx: Context, *, key: str) -> None:
    """PNG, SVG and PDF of a chart with its title, period and source line inside; made only when clicked.
    The buttons exist only while the menu is open (see lazy_expander for why)."""
    with st.popover("Download chart", icon=":material/download:", key=f"{key}_downloads", on_change="rerun") as menu:
        if not menu.open:
            return
        if find_browser() is None:
            st.caption(INSTALL_HINT)
            return
        name = f"{key.removesuffix('_chart')}_{ctx.period.from_month}_{ctx.period.to_month}"
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml"), ("pdf", "application/pdf")):
            st.download_button(fmt.upper(), partial(images.render, fig, fmt), file_name=f"{name}.{fmt}", mime=mime,
                               on_click="ignore", key=f"{key}_{fmt}")


def render_headline(ctx: Context, headline: Headline | None, *, empty_label: str) -> None:
    """A headline card: figure, window, change, note and links to its sources."""
    with st.container(border=True):
        if headline is None:
            st.metric(empty_label, "—")
            st.caption("No data for this period.")
            return
        # Neutral colour: more requests or cases is news, not "good" or "bad" for the reader to be told.
        st.metric(headline.label, headline.value, delta=headline.delta, delta_color="off")
        st.caption(escape_markdown(headline.window))
        if headline.note:
            st.caption(escape_markdown(headline.note))
        render_source_link(ctx, ";".join(headline.source_ids))


VERIFICATION_BADGES = {"verified": ("verified", "green"), "second_hand": ("second-hand", "orange"),
                       "unverified": ("unverified", "red")}


def render_quote(ctx: Context, quote: pd.Series, *, highlight: bool = False) -> None:
    """One quote as text: the words, who said it and when, how far it is verified, and where it was printed.

    The words go through st.text; everything else is one escaped Markdown block (few elements per quote
    keep a page of quotes quick to send and draw)."""
    with st.container(border=True):
        st.text(f"\u201c{quote['text']}\u201d")
        if isinstance(quote.get("original_text"), str):
            st.text(f"Original ({quote['original_language']}): \u201c{quote['original_text']}\u201d")
        who = ", ".join(str(quote[c]) for c in ("speaker", "role", "organisation") if isinstance(quote.get(c), str))
        label, colour = VERIFICATION_BADGES[quote["verification"]]
        # Badge labels are our own vocabulary, never data text.
        badges = f":{colour}-badge[{label}] :gray-badge[{KIND_LABELS[quote['kind']]}]"
        if highlight:
            badges = ":blue-badge[:material/link: Linked quote] " + badges
        lines = [escape_markdown(f"{who} · {format_date(quote['date'], quote['date_precision'])}"), badges,
                 source_links(ctx, quote["source_id"])]
        if isinstance(quote.get("note"), str):
            lines.append(f"*{escape_markdown(quote['note'])}*")
        lines.append(f"[Permalink](<./quotes?quote={quote['quote_id']}>)")
        st.markdown("  \n".join(lines), help=VERIFICATION_LABELS[quote["verification"]])


def render_quote_list(ctx: Context, *, limit: int) -> None:
    """The quotes of the period, newest first, for the side of a chart."""
    quotes = ctx.frame("quotes")
    if quotes is None:
        require_table(ctx, "quotes")
        return
    chosen = ctx.filter("quotes").sort_values("date", ascending=False)
    if chosen.empty:
        st.info("No quotes in this period.", icon=":material/format_quote:")
        return
    for _, quote in chosen.head(limit).iterrows():
        render_quote(ctx, quote)
    if len(chosen) > limit:
        st.page_link("pages/quotes.py", label=f"All {len(chosen)} quotes of this period", icon=":material/format_quote:")


def source_links(ctx: Context, refs: str) -> str:
    """'Source: <outlet, date (grade)>' as Markdown links for one or more ';'-separated source ids."""
    links = []
    for _, source in ctx.sources_by_id.reindex(split_refs(refs)).dropna(subset=["source_id"]).iterrows():
        label = f"{outlet_label(source)}, {source_date(source)} (grade {source['grade']})"
        links.append(markdown_link(label, source["url"] if isinstance(source["url"], str) else ""))
    if not links:
        return "Source: none"
    return ("Sources: " if len(links) > 1 else "Source: ") + " · ".join(links)


def render_source_link(ctx: Context, refs: str) -> None:
    st.markdown(source_links(ctx, refs))


def render_event_list(ctx: Context, events: pd.DataFrame, *, limit: int | None = None) -> None:
    """Events as a list: date, title, category, description (as text) and source link."""
    if events.empty:
        st.info("No events in this period.", icon=":material/event_busy:")
        return
    ordered = events.sort_values("date_start")
    for _, event in (ordered.head(limit) if limit else ordered).iterrows():
        when = format_date(event["date_start"], event["date_precision"])
        if pd.notna(event["date_end"]):
            when += " – " + format_date(event["date_end"], event["date_precision"])
        with st.container(border=True):
            st.markdown("  \n".join([f"**{escape_markdown(event['title'])}**",
                                      f":gray[{escape_markdown(when)} · {event['category']}]",
                                      escape_markdown(event["description"]),
                                      source_links(ctx, event["source_id"])]))
    if limit and len(ordered) > limit:
        st.page_link("pages/timeline.py", label=f"All {len(ordered)} events of this period", icon=":material/timeline:")


SLIDE_PARAM = "slide"
SLIDE_CHART_HEIGHT = 470
PRESENT_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container { padding: 1.2rem 3rem 0.5rem 3rem !important; max-width: 100% !important; }
.block-container h1 { font-size: clamp(1.8rem, 4.2vh, 3.2rem) !important; padding: 0 !important; }
.slide-body p, .slide-body [data-testid="stText"] { font-size: clamp(1.1rem, 2.6vh, 2rem) !important; line-height: 1.35; }
[data-testid="stMetricValue"] { font-size: clamp(2.2rem, 7vh, 5rem) !important; }
[data-testid="stMetricLabel"] p { font-size: clamp(1rem, 2.2vh, 1.6rem) !important; }
</style>
"""


def slide_number(total: int) -> int:
    """The slide the URL asks for (?slide=N, 1-based); anything else is slide 1."""
    raw = st.query_params.get(SLIDE_PARAM, "1")
    number = int(raw) if raw.isdigit() else 1
    return min(max(number, 1), total)


def present_styles() -> None:
    """Hide the sidebar, header and toolbar and enlarge type for a projector (our CSS, no data in it)."""
    st.html(PRESENT_CSS)


def _go_to(number: int) -> None:
    st.query_params[SLIDE_PARAM] = str(number)


def render_slide(ctx: Context, slides: Deck, number: int) -> None:
    """One slide: title, body (chart and quote, numbers, table or lines) and the footer with period and sources."""
    slide = slides.slides[number - 1]
    st.title(slide.title, anchor=False)
    if slide.subtitle:
        st.caption(slide.subtitle)
    with st.container(key="slide-body"):
        if slide.figure is not None:
            chart, side = st.columns([3, 1]) if slide.quote else (st.container(), None)
            with chart:
                # Sized to fit a 1280×720 window with title, footer and controls; type enlarged for a room.
                big = go.Figure(slide.figure).update_layout(height=SLIDE_CHART_HEIGHT, font=dict(size=17),
                                                            margin=dict(t=105, b=75))
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
                    st.metric(card.label, card.value, delta=card.delta, delta_color="off")
                    st.caption(escape_markdown(card.window))
        if slide.table is not None:
            st.dataframe(slide.table, hide_index=True, width="stretch", height=min(38 + 35 * len(slide.table), 330))
        for line in slide.lines:
            st.text(line)
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


def plan_for_upload(folder: Path, table: str, upload, append: bool) -> updates.UpdatePlan:
    """Validate an upload once per file, table and mode in this session (reruns reuse the plan)."""
    key = ("data_plan", upload.file_id, table, append)
    cached = st.session_state.get("data_plan")
    if cached is None or cached[0] != key:
        if upload.size > updates.MAX_UPLOAD_BYTES:
            plan = updates.plan_update(folder, table, b"", upload.name, append)
            plan = replace(plan, issues=tuple(updates.upload_size_issues(upload.size, upload.name)))
        else:
            plan = updates.plan_update(folder, table, upload.getvalue(), upload.name, append)
        st.session_state["data_plan"] = (key, plan)
    return st.session_state["data_plan"][1]


def render_update_plan(plan: updates.UpdatePlan, folder: Path) -> None:
    """Every problem with where to fix it, or the preview of the change and the button that writes it."""
    target = TABLES[plan.table].file_name
    if not plan.ok:
        st.error(f"{len(plan.issues)} problem(s) in {plan.upload_name}; {target} was not changed. Fix these and "
                 "upload again:", icon=":material/error:")
        st.code("\n".join(str(issue) for issue in plan.issues), language=None, wrap_lines=True)
        return
    if plan.unchanged:
        st.info(f"{plan.upload_name} is identical to {target}; there is nothing to write.", icon=":material/check:")
        return
    counts = plan.diff.counts
    st.success(f"{plan.upload_name} is valid: {plan.diff.describe()}.", icon=":material/check_circle:")
    added, changed, removed = st.tabs([f"Added ({counts['added']})", f"Changed ({counts['changed']})",
                                       f"Removed ({counts['removed']})"])
    added.dataframe(updates.added_frame(plan.diff), hide_index=True, width="stretch")
    changed.dataframe(updates.changes_frame(plan.diff), hide_index=True, width="stretch")
    removed.dataframe(updates.removed_frame(plan.diff), hide_index=True, width="stretch")
    note = st.text_input("Note for the change log (what changed and why)", key="data_note")
    if st.button(f"Write these changes to {target}", type="primary", key="data_confirm"):
        try:
            kept = updates.apply_update(plan, folder, note)
        except updates.ConcurrentChange as err:
            st.error(str(err), icon=":material/sync_problem:")
            return
        st.session_state.pop("data_plan", None)
        kept_text = f" The previous version is kept as {updates.shown_path(kept)}." if kept else ""
        st.success(f"{target} updated: {plan.diff.describe()}.{kept_text}", icon=":material/save:")


def render_changelog(folder: Path, rows: int = 20) -> None:
    """The latest lines of data/changelog.csv, if there is one."""
    log = folder / updates.CHANGELOG
    st.subheader("Change log")
    if not log.exists():
        st.caption("No change has been made through the Data page or `python -m desertion import` yet.")
        return
    try:
        frame = pd.read_csv(log, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as err:  # a hand-edited log should not take the page down
        st.error(f"{updates.shown_path(log)} could not be read: {err}", icon=":material/error:")
        return
    st.dataframe(frame.tail(rows).iloc[::-1], hide_index=True, width="stretch")
