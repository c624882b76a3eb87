"""Chart builders for dated points rather than windows: running totals (points joined only where honest),
the timeline of events, and known sentence lengths. Split from `charts`, whose shared opening, closing and
helpers they use; `charts` re-exports them, so callers keep one import.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from desertion import findings, palette, theme
from desertion.chart_labels import Room, ValueMark, event_band_px, event_rows, fitting_name_length, label_room, \
    place_event_labels, place_value_labels
from desertion.formatting import format_count, format_date, format_figure
from desertion.i18n.active import _, ngettext
from desertion.labels import EVENT_CATEGORY_LABELS
from desertion.markup import plotly_text  # the one escaper for data text in Plotly texts
from desertion.periods import PARTLY, Period, precision_end

from desertion.charts import (  # the shared opening, closing and helpers
    HEADROOM, MAX_JOIN_DAYS, PRIMARY_PANEL_PX, TIMELINE_PLOT_WIDTH, TIMELINE_ROWS, _mode, add_events, axes_of,
    close_figure, open_figure, panel_figure, period_range, series_colours, source_labels, subtitle_for,
)

def joined(part: pd.DataFrame) -> tuple[list, list]:
    """x and y of the lines joining consecutive snapshots of one series, broken (None) wherever joining would
    claim more than the data: a total that fell (two counters), or a gap longer than MAX_JOIN_DAYS."""
    xs, ys = [], []
    previous = None
    for x, y in zip(part["_x"], part["value"].astype(float)):
        if previous is not None and (y < previous[1] or (x - previous[0]).days > MAX_JOIN_DAYS):
            xs.append(None)
            ys.append(None)
        xs.append(x)
        ys.append(y)
        previous = (x, y)
    return xs, ys


def build_snapshot_figure(frame: pd.DataFrame, sources: pd.DataFrame, *, series: pd.Series, title: str,
                          period: Period, unit: str, step: bool, counted: str | None = None,
                          events: pd.DataFrame | None = None, used: pd.DataFrame | None = None,
                          colours: Mapping[str, str] | None = None, room: Room | None = None,
                          template: str = theme.TEMPLATE_NAME) -> go.Figure:
    """Running totals at their as-of dates: points, never a line held flat. With `step` (snapshots of one
    counter) consecutive points of a series are joined where that is honest (see `joined`); without it the
    points stand alone, for figures that do not form a series. A total dated only to a month, quarter or
    year that reaches past the period (in_period) gets a hollow marker and says so in its hover. `room` (a
    slide's) sizes the one panel and its labels, and leaves the events to the slide's timeline."""
    subtitle = subtitle_for(counted, period)
    source, empty = open_figure(frame, sources, used, title=title, subtitle=subtitle,
                                empty_message=_("No data for this period"), template=template)
    if empty is not None:
        return empty
    mode = _mode(template)
    precision = frame["as_of_precision"] if "as_of_precision" in frame else frame["date_precision"]
    # "As of May 2025" means by the end of May: plot a coarse date at the end of the interval it names.
    rows = frame.assign(_series=series.to_numpy(), _outlet=source_labels(frame, sources).to_numpy(),
                        _precision=precision.to_numpy(), _x=precision_end(frame["as_of"], precision).to_numpy())
    rows = rows.sort_values("_x", kind="stable")
    space = label_room(room, PRIMARY_PANEL_PX)
    if room is not None:
        events = None
    fig, row, plot_px = panel_figure([space.plot_px], events)
    x_range = period_range(period, rows["_x"])
    colour_of = series_colours(rows["_series"], colours, template)
    top = float(rows["value"].max()) * HEADROOM or 1.0
    marks = []
    for name, part in rows.groupby("_series", sort=True):
        labels = [format_figure(v, bool(a), bool(lb)) for v, a, lb in zip(part["value"], part["approximate"], part["lower_bound"])]
        partly = (part["in_period"] == PARTLY).to_numpy()
        hover = [f"<b>{plotly_text(name)}</b><br>"
                 + _("as of {date}: {figure} {unit}").format(date=format_date(d, p), figure=lab, unit=plotly_text(unit))
                 + "<br>" + _("Source: {outlets}").format(outlets=plotly_text(o))
                 + ("<br><i>" + _("Date partly outside the period") + "</i>" if out else "")
                 for d, p, lab, o, out in zip(part["as_of"], part["_precision"], labels, part["_outlet"], partly)]
        colour = colour_of[name]
        if step:
            xs, ys = joined(part)
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=2), hoverinfo="skip",
                                     showlegend=False, legendgroup=plotly_text(name), connectgaps=False), row=row, col=1)
        fig.add_trace(go.Scatter(
            name=plotly_text(name), legendgroup=plotly_text(name), x=part["_x"].to_list(),
            y=part["value"].astype(float).to_list(), mode="markers",
            marker=dict(size=10, color=colour, line=dict(width=2, color=colour),
                        symbol=["circle-open" if out else "circle" for out in partly]),
            cliponaxis=False, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ), row=row, col=1)
        marks += [ValueMark(str(k), x, float(v), t) for k, x, v, t in zip(part.index, part["_x"], part["value"], labels)]
    # Newest first, so when labels crowd the latest totals keep theirs.
    marks.sort(key=lambda m: m.x, reverse=True)
    # A label may climb one row at most: further up it would no longer read as its point's.
    place_value_labels(fig, marks, axes=axes_of(row), x_range=x_range, y_range=(0, top), height_px=space.plot_px,
                       background=palette.BACKGROUNDS[mode], max_stack=1, width_px=space.width_px,
                       text_px=space.text_px)
    fig.update_yaxes(range=[0, top], row=row, col=1)
    shown_events = add_events(fig, events, sources, x_range, mode)
    fig.update_layout(showlegend=True)
    notes = findings.notes_line(findings.marks_for(rows, snapshots=True))
    alt = (". " + "; ".join(
        _("{series} as of {date}: {figure}").format(series=n, date=format_date(d, p),
                                                    figure=format_figure(v, bool(a), bool(lb)))
        + (" " + _("(date partly outside the period)") if i == PARTLY else "")
        for n, d, p, v, a, lb, i in zip(rows["_series"], rows["as_of"], rows["_precision"], rows["value"],
                                        rows["approximate"], rows["lower_bound"], rows["in_period"])))
    return close_figure(fig, title=title, subtitle=subtitle, source=source, alt=alt, x_range=x_range,
                        plot_px=plot_px, notes=notes, events=shown_events, template=template)


def build_timeline_figure(events: pd.DataFrame, sources: pd.DataFrame, *, title: str, period: Period,
                          used: pd.DataFrame | None = None, room: Room | None = None,
                          template: str = theme.TEMPLATE_NAME) -> go.Figure:
    """Events on one time axis, each named in words (staggered so no two names collide), its mark in its
    category's colour; an event that spans days is a bar from its start to its end. Readable without hover.
    `room` (a slide's): names in its type, on as many rows as its plot height holds, for its width."""
    subtitle = subtitle_for(_("Events named in words; colour by category"), period)
    source, empty = open_figure(events, sources, used, title=title, subtitle=subtitle,
                                empty_message=_("No events in this period"), template=template)
    if empty is not None:
        return empty
    mode = _mode(template)
    rows = events.assign(_outlet=source_labels(events, sources).to_numpy()).sort_values("date_start", kind="stable")
    x_range = period_range(period)
    notes = ""
    first = rows["date_start"].min().to_period("M").start_time
    if room is not None and first > x_range[0]:
        # On a slide the axis starts at the month of the first event: a stretch with none says nothing and
        # would crowd the names into the rest; the notes line says so.
        x_range = [first, x_range[1]]
        notes = _("The axis starts at the period's first event ({month}).").format(month=format_date(first, "month"))
    band = room.plot_px if room is not None else event_band_px(TIMELINE_ROWS)
    fig = go.Figure()
    for category, part in rows.groupby("category", sort=True):
        colour = palette.series_colour(palette.EVENT, category, mode)
        hover = [f"<b>{plotly_text(t)}</b><br>{format_date(s, p)}"
                 + (f" – {format_date(e, p)}" if pd.notna(e) else "")
                 + "<br>" + _("Source: {outlets}").format(outlets=plotly_text(o))
                 for t, s, e, p, o in zip(part["title"], part["date_start"], part["date_end"], part["date_precision"],
                                          part["_outlet"])]
        for _index, span in part[part["date_end"].notna()].iterrows():
            fig.add_trace(go.Scatter(x=[span["date_start"], span["date_end"]], y=[8 / band] * 2, mode="lines",
                                     line=dict(color=colour, width=8), hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(
            x=part["date_start"].to_list(), y=[8 / band] * len(part), mode="markers",
            name=plotly_text(_(EVENT_CATEGORY_LABELS.get(category, category))),  # words, not the code
            marker=dict(symbol="triangle-down", size=13, color=colour), hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>"))
    for date in rows["date_start"].drop_duplicates():
        fig.add_vline(x=date, line=dict(color=theme.GRID, width=1, dash="dot"), layer="below")
    if room is None:
        place_event_labels(fig, rows, axes=("x", "y"), x_range=x_range, band_px=band, rows=TIMELINE_ROWS,
                           width_px=TIMELINE_PLOT_WIDTH)
    else:
        lines = event_rows(band, room.text_px)
        chars = fitting_name_length(rows, x_range=x_range, band_px=band, rows=lines, width_px=room.width_px,
                                    text_px=room.text_px, longest=room.event_chars)
        place_event_labels(fig, rows, axes=("x", "y"), x_range=x_range, band_px=band, rows=lines,
                           width_px=room.width_px, text_px=room.text_px, chars=chars)
    fig.update_yaxes(range=[0, 1], visible=False, fixedrange=True)
    fig.update_layout(showlegend=True)
    alt = ": " + "; ".join(f"{format_date(d, p)} {t}" for d, p, t in
                           zip(rows["date_start"], rows["date_precision"], rows["title"]))
    return close_figure(fig, title=title, subtitle=subtitle, source=source, alt=alt, x_range=x_range,
                        plot_px=band, notes=notes, template=template)


def dated_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences a chart can place: a known length and a verdict date."""
    return sentences[sentences["sentence_years"].notna() & sentences["verdict_date"].notna()]


def build_sentences_figure(sentences: pd.DataFrame, sources: pd.DataFrame, *, title: str, period: Period,
                           used: pd.DataFrame | None = None, colours: Mapping[str, str] | None = None,
                           template: str = theme.TEMPLATE_NAME) -> go.Figure:
    """Known sentence lengths by verdict date, coloured by article, so the harshest stand out. `used`: the
    sources the dated sentences cite, when the caller has them already."""
    subtitle = subtitle_for(_("Known prison sentences, in years, by verdict date"), period)
    rows = dated_sentences(sentences)
    source, empty = open_figure(rows, sources, used, title=title, subtitle=subtitle,
                                empty_message=_("No dated sentences in this period"), template=template)
    if empty is not None:
        return empty
    rows = rows.assign(_outlet=source_labels(rows, sources).to_numpy(), _article=rows["article"].fillna("unclear"))
    names = rows["_article"].map(article_name)
    colour_of = series_colours(names, colours, template)
    fig = go.Figure()
    for article, part in rows.groupby("_article", sort=True):
        name = article_name(article)
        hover = [f"<b>{plotly_text(p)}</b><br>{plotly_text(s)}<br>{plotly_text(c)}<br>{format_date(d, dp)}"
                 + "<br>" + _("Source: {outlets}").format(outlets=plotly_text(o))
                 for p, s, c, d, dp, o in zip(part["person"], part["sentence"], part["court"], part["verdict_date"],
                                              part["date_precision"], part["_outlet"])]
        fig.add_trace(go.Scatter(
            x=part["verdict_date"].to_list(), y=part["sentence_years"].astype(float).to_list(), mode="markers",
            name=plotly_text(name),
            marker=dict(size=13, color=colour_of[name], line=dict(width=2, color=colour_of[name]),
                        symbol=["circle-open" if s is True else "circle" for s in part["suspended"]]),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_yaxes(title_text=_("years"), rangemode="tozero")
    fig.update_layout(showlegend=True)
    alt = ": " + "; ".join(f"{p}, {years_text(y)}, {format_date(d, dp)}" for p, y, d, dp in
                           zip(rows["person"], rows["sentence_years"], rows["verdict_date"], rows["date_precision"]))
    return close_figure(fig, title=title, subtitle=subtitle, source=source, alt=alt,
                        x_range=period_range(period, rows["verdict_date"]), plot_px=PRIMARY_PANEL_PX,
                        notes=_("Open circle: a suspended sentence."), template=template)


def years_text(years: float) -> str:
    """A sentence's length: '3 years' / '3 года', '5.5 years' / '5,5 года' (a fraction takes the form of 2)."""
    n = int(years) if float(years).is_integer() else 2
    return ngettext("{years} years", "{years} years", n).format(years=format_count(years))


def article_name(article: str) -> str:
    """A sentence's article as a legend names it: 'Art. 337' / 'ст. 337', or 'article unclear'."""
    return _("Art. {article}").format(article=article) if article != "unclear" else _("article unclear")
