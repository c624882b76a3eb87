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

from desertion import images, views
from desertion.formatting import format_date
from desertion.headlines import Headline
from desertion.images import INSTALL_HINT, find_browser
from desertion.labels import KIND_LABELS, VERIFICATION_BADGES, VERIFICATION_LABELS
from desertion.markup import badge, delta_text, escape_markdown, quote_permalink, source_links_markdown, sources_caption, sources_markdown
from desertion.provenance import sources_table
from desertion.quotes import byline
from desertion.ui.staleness import render_staleness
from desertion.ui.state import Context

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def require_table(ctx: Context, name: str) -> pd.DataFrame | None:
    """A table for a page, or an error in its place naming what is wrong (the rest of the page goes on)."""
    frame = ctx.frame(name)
    if frame is None:
        result = ctx.dataset.results.get(name)
        count = len(result.issues) if result else 0
        first = str(result.issues[0]) if result and result.issues else "not loaded"
        st.error(f"The {escape_markdown(name)} table failed validation ({count} problem(s)), so this part is not shown. "
                 f"First problem: {escape_markdown(first)}", icon=":material/error:")
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


def render_source_list(used: pd.DataFrame, *, key: str) -> None:
    """The sources line, and an expander listing each source with its link.

    The list is one Markdown element with every data field escaped (a table widget per chart took 29% of a
    court-cases rerun under py-spy), built only when the expander is opened."""
    st.caption(sources_caption(used))
    with lazy_expander("Sources, with links", key=f"{key}_sources") as is_open:
        if is_open:
            st.markdown(sources_markdown(used))  # escaped inside: markup.sources_markdown


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


def render_figure(view: views.ChartView | None, ctx: Context, *, key: str) -> None:
    """Draw a chart with our template (theme=None), its alt text, its sources, and image downloads; or, when
    the view could not be built (its table loaded but sources.csv did not), say why in its place."""
    if view is None:
        st.info("This chart is not drawn: every chart carries its sources, and sources.csv failed validation "
                "(see the errors in the sidebar).", icon=":material/link_off:")
        return
    fig = view.figure
    alt = (fig.layout.meta or {}).get("alt") if isinstance(fig.layout.meta, dict) else None
    st.plotly_chart(fig, theme=None, width="stretch", key=key, config=PLOTLY_CONFIG, alt=alt or "chart")
    render_staleness(ctx, view.key)
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
            st.download_button(escape_markdown(fmt.upper()), partial(images.render, fig, fmt), file_name=f"{name}.{fmt}", mime=mime,
                               on_click="ignore", key=f"{key}_{fmt}")


def render_headline(ctx: Context, headline: Headline | None, *, empty_label: str) -> None:
    """A headline card: figure, window, change, note and links to its sources."""
    with st.container(border=True):
        if headline is None:
            st.metric(escape_markdown(empty_label), "—")
            st.caption("No data for this period.")
            return
        # Neutral colour: more requests or cases is news, not "good" or "bad" for the reader to be told.
        st.metric(escape_markdown(headline.label), headline.value,
                  delta=delta_text(headline.delta) if headline.delta else None, delta_color="off")
        st.caption(escape_markdown(headline.window))
        if headline.note:
            st.caption(escape_markdown(headline.note))
        render_source_link(ctx, ";".join(headline.source_ids))
        render_staleness(ctx, empty_label)


def render_quote(ctx: Context, quote: pd.Series, *, highlight: bool = False) -> None:
    """One quote as text: the words, who said it and when, how far it is verified, and where it was printed.

    The words go through st.text; everything else is one escaped Markdown block (few elements per quote
    keep a page of quotes quick to send and draw)."""
    with st.container(border=True):
        st.text(f"\u201c{quote['text']}\u201d")
        if isinstance(quote.get("original_text"), str):
            st.text(f"Original ({quote['original_language']}): \u201c{quote['original_text']}\u201d")
        label, colour = VERIFICATION_BADGES[quote["verification"]]
        # Badge labels are our own vocabulary, never data text; markup.badge escapes them all the same.
        linked = ":blue-badge[:material/link: Linked quote] " if highlight else ""
        note = f"  \n*{escape_markdown(quote['note'])}*" if isinstance(quote.get("note"), str) else ""
        st.markdown(f"{escape_markdown(byline(quote))}  \n"
                    f"{linked}{badge(label, colour)} {badge(KIND_LABELS[quote['kind']], 'gray')}  \n"
                    f"{source_links(ctx, quote['source_id'])}{note}  \n{quote_permalink(quote['quote_id'])}",
                    help=escape_markdown(VERIFICATION_LABELS[quote["verification"]]))


def render_quote_list(ctx: Context, *, limit: int) -> None:
    """The quotes of the period, newest first, for the side of a chart."""
    quotes = ctx.filter("quotes")
    if quotes is None:
        require_table(ctx, "quotes")
        return
    chosen = quotes.sort_values("date", ascending=False)
    if chosen.empty:
        st.info("No quotes in this period.", icon=":material/format_quote:")
        return
    for _, quote in chosen.head(limit).iterrows():
        render_quote(ctx, quote)
    if len(chosen) > limit:
        st.page_link("pages/quotes.py", label=f"All {len(chosen)} quotes of this period", icon=":material/format_quote:")


def source_links(ctx: Context, refs: str) -> str:
    """'Source: <outlet, date (grade)>' as Markdown links for one or more ';'-separated source ids."""
    return source_links_markdown(ctx.sources_by_id, refs)


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
                                      f":gray[{escape_markdown(when)} · {escape_markdown(event['category'])}]",
                                      escape_markdown(event["description"]),
                                      source_links(ctx, event["source_id"])]))
    if limit and len(ordered) > limit:
        st.page_link("pages/timeline.py", label=f"All {len(ordered)} events of this period", icon=":material/timeline:")
