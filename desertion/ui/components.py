"""The parts every page draws: charts with their sources and downloads, headline cards, quotes, events, and
a table's error in its place. Text from the data goes through `st.text`, dataframe cells or
`desertion.markup`, never HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from desertion import images, theme, views
from desertion.data_text import data_text, original_label, original_of, shown_text, translation_label
from desertion.export_html import to_interactive_html
from desertion.i18n import N_
from desertion.i18n.active import _
from desertion.i18n.formats import format_count, format_date
from desertion.headlines import Headline
from desertion.images import INSTALL_HINT, find_browser
from desertion.labels import EVENT_CATEGORY_LABELS, KIND_LABELS, VERIFICATION_BADGES, VERIFICATION_LABELS
from desertion.markup import badge, delta_text, escape_markdown, markdown_link, quote_permalink, source_links_markdown, sources_caption, sources_markdown
from desertion.periods import Period
from desertion.point_sources import describe_point
from desertion.quotes import byline, chart_quotes
from desertion.provenance import sources_line, sources_table
from desertion.ui.staleness import render_staleness
from desertion.ui.state import Context

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
# Declared once, translated where shown (`_()` at import time would freeze one language for every session).
SOURCES_LABEL = N_("Sources, with links")
TABLE_LABEL = N_("The numbers behind this chart")
# The table each view's rows come from, for the unfiltered series behind a change.
VIEW_TABLES = {"requests": ("idite_lesom",), "helped": ("idite_lesom",), "court_cumulative": ("court_cumulative",),
               "court_annual": ("court_counts",), "court_monthly": ("court_counts",)}


def require_table(ctx: Context, name: str) -> pd.DataFrame | None:
    """A table for a page, or an error in its place naming what is wrong (the rest of the page goes on)."""
    frame = ctx.frame(name)
    if frame is None:
        result = ctx.dataset.results.get(name)
        count = len(result.issues) if result else 0
        first = str(result.issues[0]) if result and result.issues else ctx.t.gettext("not loaded")
        st.error(ctx.t.ngettext(
            "The {table} table failed validation ({count} problem(s)), so this part is not shown. First problem: "
            "{problem}",
            "The {table} table failed validation ({count} problem(s)), so this part is not shown. First problem: "
            "{problem}", count).format(table=escape_markdown(name), count=count, problem=escape_markdown(first)),
            icon=":material/error:")
    return frame


@contextmanager
def lazy_expander(label: str, *, key: str) -> Iterator[bool]:
    """An expander whose body the caller builds only while it is open (`with lazy_expander(...) as is_open`).

    A collapsed expander then sends nothing: every element costs browser time on every rerun, and a period
    change reruns them all (bench/). Opening it reruns the app once. The label must not change with the
    period, or the expander's identity, and so its open state, would change with it."""
    with st.expander(escape_markdown(label), key=key, on_change="rerun") as box:
        yield bool(box.open)


def render_sources(ctx: Context, frame: pd.DataFrame, *, key: str) -> None:
    """Under a table or figure: the sources its rows cite (see render_source_list)."""
    render_source_list(ctx.selection.sources_for(frame), key=key)


def render_source_list(used: pd.DataFrame, *, key: str, caption: bool = True) -> None:
    """The sources line (unless the figure above already carries it: `caption=False`), and an expander
    listing each source with its link.

    The list is one Markdown element with every data field escaped (a table widget per chart took 29% of a
    court-cases rerun under py-spy), built only when the expander is opened."""
    if caption:
        st.caption(sources_caption(used))
    with lazy_expander(_(SOURCES_LABEL), key=f"{key}_sources") as is_open:
        if is_open:
            st.markdown(sources_markdown(used))  # escaped inside: markup.sources_markdown


def render_sources_table(sources: pd.DataFrame, *, key: str, used_by: pd.Series | None = None) -> None:
    """Sources as a table with clickable links; `used_by` adds which figures cite each source."""
    listing = sources_table(sources)
    if used_by is not None:
        listing[_("Used by")] = sources["source_id"].map(used_by).fillna("").to_list()
    # The table's headers are provenance's, in the run's language: configure the columns by the names it gave.
    # Outlet and title at medium width, so the grade and the note (how to read the source) show without scrolling.
    link, medium, large = _("Link"), (_("Title"), _("Outlet")), _("Note")
    config = {link: st.column_config.LinkColumn(link, display_text=_("open ↗")),
              large: st.column_config.TextColumn(large, width="large"),
              **{header: st.column_config.TextColumn(header, width="medium") for header in medium}}
    st.dataframe(listing, hide_index=True, width="stretch", key=key,
                 column_config={name: column for name, column in config.items() if name in listing.columns})


def dark_page() -> bool:
    """Whether the reader's page is dark (Streamlit infers it from the app's background, which follows the
    browser's preference unless the reader picked a theme). False when unknown, as in AppTest."""
    try:
        return st.context.theme.type == "dark"
    except Exception:  # noqa: BLE001  (no browser context: a bare script run or a test)
        return False


def render_figure(view: views.ChartView | None, ctx: Context, *, key: str, height: int | None = None) -> None:
    """Draw a chart with our template (the dark one on a dark page), its alt text, the sources list (the
    sources line is inside the figure), the numbers behind it as a table, the source row of a clicked
    point, and downloads. `height` (px) gives a key chart more room than its builder's default. The cached
    figure is never changed: a dark page or a new height draws a copy. When the view could not be built (its
    table loaded but sources.csv did not), say why in its place."""
    if view is None:
        st.info(ctx.t.gettext("This chart is not drawn: every chart carries its sources, and sources.csv failed "
                              "validation (see the errors in the sidebar)."), icon=":material/link_off:")
        return
    fig = view.figure
    dark = dark_page()
    if dark or height:
        fig = go.Figure(fig)
        if dark:
            fig.update_layout(template=theme.template_name(True))
        if height:
            fig.update_layout(height=height)
    meta_alt = (fig.layout.meta or {}).get("alt") if isinstance(fig.layout.meta, dict) else None
    alt = getattr(view, "alt", None) or meta_alt or ctx.t.gettext("chart")
    event = st.plotly_chart(fig, theme=None, width="stretch", key=key, config=PLOTLY_CONFIG, alt=alt,
                            on_select="rerun", selection_mode="points")
    render_point_source(ctx, view, selected_points(event))
    render_staleness(ctx, view.key)
    render_source_list(view.sources, key=key, caption=False)
    render_chart_table(view, ctx, key=key)
    render_image_downloads(view.figure, ctx, key=key, sources=sources_line(view.sources))  # light, as printed


def selected_points(event: object) -> list[dict]:
    """The points a click selected, from st.plotly_chart's event (empty when nothing is selected)."""
    try:
        return list(event.selection.points)  # type: ignore[attr-defined]
    except (AttributeError, TypeError):
        return []


def render_point_source(ctx: Context, view: views.ChartView, points: list[dict]) -> None:
    """For a clicked bar or point: its source row (outlet, date, grade, sentence or note, link) and the
    arithmetic of a derived figure. All data text escaped."""
    t = ctx.t
    if not points:
        st.caption(t.gettext("Click a bar or point to see the source it comes from."))
        return
    for point in points[:3]:
        card = describe_point(view.rows, ctx.sources_by_id, point, whole_table=whole_table_for(ctx, view))
        with st.container(border=True):
            if card is None:
                st.caption(t.gettext("This mark stands for more than one reported figure (or none): see the table "
                                     "below."))
                continue
            arithmetic = "".join(f"  \n{escape_markdown(line)}" for line in card.arithmetic)
            where = t.gettext("{outlet}, {published} (grade {grade})").format(
                outlet=card.outlet, published=card.published, grade=card.grade)
            st.markdown(f"**{escape_markdown(card.figure)}** · {escape_markdown(card.window)}  \n"
                        f"{markdown_link(where, card.url)}  \n{escape_markdown(card.text)}{arithmetic}")


def whole_table_for(ctx: Context, view: views.ChartView) -> pd.DataFrame | None:
    """The unfiltered table a view's rows come from (for the window a change is computed against)."""
    for name in VIEW_TABLES.get(view.key, ()):
        frame = ctx.frame(name)
        if frame is not None:
            return frame
    return None


def render_chart_table(view: views.ChartView, ctx: Context, *, key: str) -> None:
    """The numbers behind a chart, with windows and sources, and the events on its time axis with the letter
    the chart gives each (every name whole), in an expander built only when opened."""
    table = getattr(view, "table", None)
    if table is None:
        return
    events = getattr(view, "events", None)
    with lazy_expander(ctx.t.gettext(TABLE_LABEL), key=f"{key}_table") as is_open:
        if is_open:
            st.dataframe(table, hide_index=True, width="stretch")
            if events is not None and len(events):
                st.caption(ctx.t.gettext("Events marked above the chart, by the letter it gives them (the key under "
                                         "the chart)"))
                st.dataframe(events, hide_index=True, width="stretch")


def render_image_downloads(fig: go.Figure, ctx: Context, *, key: str, sources: str = "") -> None:
    """PNG, SVG and PDF of a chart with its title, period and source line inside, and an interactive HTML
    page that works offline; made only when clicked. The buttons exist only while the menu is open (see
    lazy_expander for why). Files use the light template whatever the page's colours."""
    t = ctx.t
    with st.popover(t.gettext("Download chart"), icon=":material/download:", key=f"{key}_downloads", on_change="rerun") as menu:
        if not menu.open:
            return
        name = f"{key.removesuffix('_chart')}_{ctx.period.from_month}_{ctx.period.to_month}"
        st.download_button(t.gettext("Interactive HTML"), partial(to_interactive_html, fig, period_label=ctx.period_name,
                                                       sources=sources, language=ctx.language),
                           file_name=f"{name}.html", mime="text/html", on_click="ignore", key=f"{key}_html")
        if find_browser() is None:
            st.caption(ctx.t.gettext(INSTALL_HINT))
            return
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml"), ("pdf", "application/pdf")):
            st.download_button(escape_markdown(fmt.upper()), partial(images.render, fig, fmt), file_name=f"{name}.{fmt}", mime=mime,
                               on_click="ignore", key=f"{key}_{fmt}")


def render_headline(ctx: Context, headline: Headline | None, *, empty_label: str) -> None:
    """A headline card: figure, window, change, note and links to its sources."""
    with st.container(border=True):
        if headline is None:
            st.metric(escape_markdown(ctx.t.gettext(empty_label)), "—")  # a card's key: its English message id
            st.caption(ctx.t.gettext("No data for this period."))
            return
        # The label says exactly what is counted, so it is long: shown whole above the figure (st.metric cuts
        # its own label to one line). Neutral colour: more requests or cases is news, not "good" or "bad".
        st.markdown(f"**{escape_markdown(headline.label)}**")
        st.metric(escape_markdown(headline.label), headline.value,
                  delta=delta_text(headline.delta) if headline.delta else None, delta_color="off",
                  label_visibility="collapsed")
        st.caption(escape_markdown(headline.window))
        if headline.note:
            st.caption(escape_markdown(headline.note))
        render_source_link(ctx, ";".join(headline.source_ids))
        render_staleness(ctx, empty_label)


def render_quote(ctx: Context, quote: pd.Series, *, highlight: bool = False) -> None:
    """One quote as text: the words, who said it and when, how far it is verified, and where it was printed.

    The words go through st.text; everything else is one escaped Markdown block (few elements per quote
    keep a page of quotes quick to send and draw)."""
    t = ctx.t
    with st.container(border=True):
        # Data text (the words, the original) as the data holds it, in the reader's language where the data has
        # it (data_text), and marked when it is a translation; only our frame around it goes through the catalogue.
        words, original = data_text(quote, "text", ctx.language), original_of(quote, "text", ctx.language)
        st.text(t.gettext("\u201c{text}\u201d").format(text=words.text)
                + (f"\n{translation_label(words)}" if words.is_translation else ""))
        if original is not None:
            st.text(original_label(original) + ": " + t.gettext("\u201c{text}\u201d").format(text=original.text))
        label, colour = VERIFICATION_BADGES[quote["verification"]]
        # Badge labels are our own vocabulary, never data text; markup.badge escapes them all the same.
        linked = ":blue-badge[:material/link: " + escape_markdown(t.gettext("Linked quote")) + "] " if highlight else ""
        verification, kind = badge(t.gettext(label), colour), badge(t.gettext(KIND_LABELS[quote["kind"]]), "gray")
        note_text = shown_text(quote, "note", ctx.language)
        note = f"  \n*{escape_markdown(note_text)}*" if note_text else ""
        st.markdown(f"{escape_markdown(byline(quote))}  \n"
                    f"{linked}{verification} {kind}  \n"
                    f"{source_links(ctx, quote['source_id'])}{note}  \n{quote_permalink(quote['quote_id'])}",
                    help=escape_markdown(t.gettext(VERIFICATION_LABELS[quote["verification"]])))


def render_quote_list(ctx: Context, *, limit: int) -> None:
    """The quotes of the period, newest first, for the side of a chart."""
    quotes = ctx.filter("quotes")
    if quotes is None:
        require_table(ctx, "quotes")
        return
    chosen = quotes.sort_values("date", ascending=False)
    if chosen.empty:
        st.info(ctx.t.gettext("No quotes in this period."), icon=":material/format_quote:")
        return
    for _row, quote in chosen.head(limit).iterrows():
        render_quote(ctx, quote)
    if len(chosen) > limit:
        st.page_link("pages/quotes.py", label=ctx.t.ngettext("All {count} quote of this period", "All {count} quotes of this period", len(chosen)).format(count=format_count(len(chosen), language=ctx.language)), icon=":material/format_quote:")


def render_chart_quotes(ctx: Context, subject: str, *, period: Period, limit: int, side_by_side: bool = False
                        ) -> None:
    """The quotes beside a chart: on its subject, verified first, never led by an unverified one
    (quotes.chart_quotes); one said outside the chart's period says so. `side_by_side` puts them in columns."""
    frame = ctx.frame("quotes")
    if frame is None:
        require_table(ctx, "quotes")
        return
    t = ctx.t
    chosen = chart_quotes(frame, subject, period=period, limit=limit)
    if chosen.empty:
        st.info(t.gettext("No verified quote on this subject."), icon=":material/format_quote:")
    places = st.columns(len(chosen)) if side_by_side and len(chosen) else [st.container() for _row in range(len(chosen))]
    for place, (_row, quote) in zip(places, chosen.iterrows()):
        with place:
            if not period.start <= quote["date"] <= period.end:
                st.caption(t.gettext("Said outside the period shown, on the same subject:"))
            render_quote(ctx, quote)
    st.page_link("pages/quotes.py", label=t.gettext("All quotes"), icon=":material/format_quote:")


def source_links(ctx: Context, refs: str) -> str:
    """'Source: <outlet, date (grade)>' as Markdown links for one or more ';'-separated source ids."""
    return source_links_markdown(ctx.sources_by_id, refs)


def render_source_link(ctx: Context, refs: str) -> None:
    st.markdown(source_links(ctx, refs))


def render_event_list(ctx: Context, events: pd.DataFrame, *, limit: int | None = None) -> None:
    """Events as a list: date, title, category, description (as text) and source link."""
    t = ctx.t
    if events.empty:
        st.info(t.gettext("No events in this period."), icon=":material/event_busy:")
        return
    ordered = events.sort_values("date_start")
    for _row, event in (ordered.head(limit) if limit else ordered).iterrows():
        when = format_date(event["date_start"], event["date_precision"], language=ctx.language)
        if pd.notna(event["date_end"]):
            when += " – " + format_date(event["date_end"], event["date_precision"], language=ctx.language)
        with st.container(border=True):
            st.markdown("  \n".join([f"**{escape_markdown(shown_text(event, 'title', ctx.language))}**",
                                      f":gray[{escape_markdown(when)} · {escape_markdown(category_name(ctx, event['category']))}]",
                                      escape_markdown(shown_text(event, "description", ctx.language)),
                                      source_links(ctx, event["source_id"])]))
    if limit and len(ordered) > limit:
        st.page_link("pages/timeline.py", label=t.ngettext("All {count} event of this period", "All {count} events of this period", len(ordered)).format(count=format_count(len(ordered), language=ctx.language)), icon=":material/timeline:")


def category_name(ctx: Context, category: str) -> str:
    """An event's category as the list shows it: the code itself in English (as before), its label in another
    language (the code is an English word)."""
    if ctx.language == "en":
        return category
    return ctx.t.gettext(EVENT_CATEGORY_LABELS.get(category, category))
