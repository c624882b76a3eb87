"""Pure chart builders: (frame, sources, labels) -> plotly Figure. No Streamlit, no files, no session state.

Every figure gets the "desertion" template, a title, a subtitle naming the period, the source line inside
the figure (the template's named annotation), hover text with exact values and reporting windows, and an
alt text in `fig.layout.meta["alt"]` that `ui.render_figure` passes to Streamlit. Text that comes from the
data is escaped for Plotly's pseudo-HTML, so an outlet or title can never become a link or markup.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from desertion import palette, theme
from desertion.formatting import format_count, format_date, format_figure
from desertion.markup import plotly_text  # the one escaper for data text in Plotly texts
from desertion.periods import PARTLY, Period, describe_window, precision_end, window_months
from desertion.provenance import outlet_labels, sources_for, sources_line

WIDE_OPACITY = 0.45
NARROW_OPACITY = 0.95
EVENT_COLOURS = palette.SERIES_COLOURS[palette.LIGHT][palette.EVENT]
MS_PER_DAY = 86_400_000
# Above this many reporting windows in one chart, value labels on the bars overlap into an unreadable band
# (monthly counts over several years); the hover, the alt text and the table still give every value.
MAX_LABELLED_WINDOWS = 16
# Width of one character of a 15 px tick label, with slack, and the room a y-axis title takes beside them.
TICK_CHAR_PX = 9
AXIS_TITLE_PX = 34


def new_figure(title: str, subtitle: str, source: str, alt: str, figure: go.Figure | None = None) -> go.Figure:
    """A figure in the house style with title, period subtitle, source line and alt text."""
    fig = figure if figure is not None else go.Figure()
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        title=dict(text=plotly_text(title), subtitle=dict(text=plotly_text(subtitle), font=dict(size=14, color=theme.MUTED))),
        meta={"alt": alt, "source": source},
    )
    fig.add_annotation(templateitemname=theme.SOURCE_ANNOTATION, text=plotly_text(source), visible=True)
    fig.update_layout(margin_l=left_margin(fig))
    return fig


def open_figure(rows: pd.DataFrame, sources: pd.DataFrame, used: pd.DataFrame | None, *, title: str,
                subtitle: str, empty_message: str) -> tuple[str, go.Figure | None]:
    """Every builder's opening: the sources line for the rows (from `used` when the caller looked the sources
    up already), and, when there is nothing to draw, the figure that says so."""
    source = sources_line(used if used is not None else sources_for(rows, sources))
    return source, (empty_figure(title, subtitle, empty_message) if rows.empty else None)


def close_figure(fig: go.Figure, *, title: str, subtitle: str, source: str, alt: str, period: Period,
                 starts: pd.Series, ends: pd.Series) -> go.Figure:
    """Every builder's closing: a time axis spanning the period and the rows, then the house style with title,
    subtitle, sources line and the alt text ('<title>, <subtitle><alt>. <sources line>.')."""
    fig.update_xaxes(type="date", range=_axis_range(period, starts, ends))
    return new_figure(title, subtitle, source, f"{title}, {subtitle}{alt}. {source}.", fig)


def left_margin(fig: go.Figure) -> int:
    """Room for the widest y tick label and the y-axis title, worked out from the figure's data.

    The template turns Plotly's automargin off (it costs a second draw in the browser on every update), so
    the figure must bring its own margin: the longest category, or the largest number with thousands
    separators and one digit to spare (ticks can round up past the data), at TICK_CHAR_PX each."""
    widest, titled = 0, False
    for trace in fig.data:
        axis = fig.layout["yaxis" + (trace.yaxis or "y")[1:]]
        if axis.showticklabels is False or axis.visible is False or trace.y is None or not len(trace.y):
            continue
        values = pd.Series(list(trace.y))
        numbers = pd.to_numeric(values, errors="coerce")
        if numbers.notna().all():
            chars = len(f"{numbers.abs().max():,.0f}") + 1
        else:
            chars = int(values.astype(str).str.len().max())
        widest = max(widest, chars)
        titled = titled or bool(axis.title.text)
    return max(theme.MIN_LEFT_MARGIN, 16 + widest * TICK_CHAR_PX + (AXIS_TITLE_PX if titled else 0))


def source_labels(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Each row's outlet label ('Mediazona via The Moscow Times'), for hover text."""
    labels = dict(zip(sources["source_id"], outlet_labels(sources)))
    return frame["source_id"].map(labels).fillna("unknown source")


def empty_figure(title: str, subtitle: str, message: str) -> go.Figure:
    """A figure that says there is nothing to draw, so a page never shows a blank box."""
    fig = new_figure(title, subtitle, "Source: none for this selection", f"{title}: {message}")
    fig.add_annotation(text=plotly_text(message), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=16, color=theme.MUTED))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _axis_range(period: Period, starts: pd.Series, ends: pd.Series) -> list[pd.Timestamp]:
    first = min(period.start, starts.min()) if len(starts) else period.start
    last = max(period.end, ends.max()) if len(ends) else period.end
    return [first, last + pd.Timedelta(days=1)]


def build_interval_figure(frame: pd.DataFrame, sources: pd.DataFrame, *, series: pd.Series, title: str,
                          period: Period, unit: str, per_month: bool = False,
                          events: pd.DataFrame | None = None, used: pd.DataFrame | None = None) -> go.Figure:
    """Bars that span their true reporting windows: a three-month count is one wide bar, a month a narrow one.

    `frame` has period_start, period_end, value, approximate, lower_bound, source_id and in_period; `series`
    names each row's series (one trace, one colour each). Wide windows are drawn first and translucent so
    the months inside them stay visible; rows only partly inside the period are hatched. With `per_month`
    each value is divided by its window's length in months, which makes windows of different length
    comparable (a rate, not a reported figure, and labelled so). `used` is the sources `frame` cites, when
    the caller has looked them up already (a view does, for the list under the chart).
    """
    subtitle = period.describe() + (" · per month of each reporting window" if per_month else "")
    source, empty = open_figure(frame, sources, used, title=title, subtitle=subtitle,
                                empty_message="No data for this period")
    if empty is not None:
        return empty
    rows = frame.assign(_series=series.to_numpy(), _months=window_months(frame["period_start"], frame["period_end"]),
                        _outlet=source_labels(frame, sources).to_numpy())
    rows = rows.assign(_days=(rows["period_end"] - rows["period_start"]).dt.days + 1)
    rows = rows.sort_values(["_days", "period_start"], ascending=[False, True], kind="stable")
    has_events = events is not None and not events.empty
    labelled = rows[["period_start", "period_end"]].drop_duplicates().shape[0] <= MAX_LABELLED_WINDOWS
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.12, 0.88], vertical_spacing=0.09) \
        if has_events else go.Figure()
    bar_row = dict(row=2, col=1) if has_events else {}
    for name, part in rows.groupby("_series", sort=False):
        values = part["value"].astype(float) / (part["_months"] if per_month else 1)
        labels = [
            (f"≈{v:,.1f}/mo" if per_month else format_figure(v, bool(a), bool(lb)))
            for v, a, lb in zip(values, part["approximate"], part["lower_bound"])
        ]
        windows = [describe_window(s, e) for s, e in zip(part["period_start"], part["period_end"])]
        partly = (part["in_period"] == PARTLY).to_numpy()
        hover = [
            f"<b>{plotly_text(w)}</b><br>{plotly_text(format_figure(v, bool(a), bool(lb)))} {unit}"
            + (f" ({m:.0f} months → {v / m:,.1f} per month)" if m > 1.01 else "")
            + f"<br>Source: {plotly_text(o)}" + ("<br><i>Window partly outside the period</i>" if p else "")
            for w, v, a, lb, m, o, p in zip(windows, part["value"].astype(float), part["approximate"],
                                            part["lower_bound"], part["_months"], part["_outlet"], partly)
        ]
        fig.add_trace(go.Bar(
            name=plotly_text(name),
            x=(part["period_start"] + (part["period_end"] + pd.Timedelta(days=1) - part["period_start"]) / 2).to_list(),
            y=values.to_list(),
            width=(part["_days"] * MS_PER_DAY).to_list(),
            text=labels, textposition="outside" if labelled else "none", cliponaxis=False, constraintext="none",
            textfont=dict(size=13),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            marker=dict(opacity=[WIDE_OPACITY if d > 31 else NARROW_OPACITY for d in part["_days"]],
                        pattern=dict(shape=["/" if p else "" for p in partly]), line=dict(width=0)),
        ), **bar_row)
    if has_events:
        _add_event_strip(fig, events, sources)
    fig.update_layout(barmode="overlay", bargap=0)
    fig.update_yaxes(title_text=f"{unit} per month" if per_month else unit, rangemode="tozero", **bar_row)
    alt = (". Bars span each reporting window: "
           + "; ".join(f"{describe_window(s, e)}: {format_figure(v, bool(a), bool(lb))}"
                       for s, e, v, a, lb in zip(rows["period_start"], rows["period_end"], rows["value"],
                                                 rows["approximate"], rows["lower_bound"])))
    return close_figure(fig, title=title, subtitle=subtitle, source=source, alt=alt, period=period,
                        starts=rows["period_start"], ends=rows["period_end"])


def _add_event_strip(fig: go.Figure, events: pd.DataFrame, sources: pd.DataFrame) -> None:
    """Events as markers on a thin strip above the bars, coloured by category, with titles in the hover."""
    outlets = source_labels(events, sources)
    for category, part in events.groupby("category", sort=False):
        fig.add_trace(go.Scatter(
            x=part["date_start"].to_list(), y=[category] * len(part), mode="markers", name=f"event: {plotly_text(category)}",
            marker=dict(symbol="diamond", size=12, color=EVENT_COLOURS.get(category, theme.MUTED)),
            hovertext=[f"<b>{plotly_text(t)}</b><br>{format_date(d, p)}<br>Source: {plotly_text(o)}"
                       for t, d, p, o in zip(part["title"], part["date_start"], part["date_precision"],
                                             outlets[part.index])],
            hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
        ), row=1, col=1)
    # No axis title: it collided with the top tick of the bars below; the caption and hover name the strip.
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, title_text=None, row=1, col=1)


def build_snapshot_figure(frame: pd.DataFrame, sources: pd.DataFrame, *, series: pd.Series, title: str,
                          period: Period, unit: str, step: bool, used: pd.DataFrame | None = None) -> go.Figure:
    """Running totals at their as-of dates, one line per series. `step` draws a step line (the count holds
    until the next snapshot); without it only markers are drawn, for figures that do not form a series.
    A total dated only to a month, quarter or year that reaches past the period (in_period) gets a hollow
    marker and says so in its hover."""
    subtitle = period.describe()
    source, empty = open_figure(frame, sources, used, title=title, subtitle=subtitle,
                                empty_message="No data for this period")
    if empty is not None:
        return empty
    precision = frame["as_of_precision"] if "as_of_precision" in frame else frame["date_precision"]
    # "As of May 2025" means by the end of May: plot a coarse date at the end of the interval it names.
    rows = frame.assign(_series=series.to_numpy(), _outlet=source_labels(frame, sources).to_numpy(),
                        _precision=precision.to_numpy(), _x=precision_end(frame["as_of"], precision).to_numpy())
    rows = rows.sort_values("_x", kind="stable")
    fig = go.Figure()
    for name, part in rows.groupby("_series", sort=False):
        labels = [format_figure(v, bool(a), bool(lb)) for v, a, lb in zip(part["value"], part["approximate"], part["lower_bound"])]
        partly = (part["in_period"] == PARTLY).to_numpy()
        hover = [f"<b>{plotly_text(name)}</b><br>as of {format_date(d, p)}: {lab} {unit}<br>Source: {plotly_text(o)}"
                 + ("<br><i>Date partly outside the period</i>" if out else "")
                 for d, p, lab, o, out in zip(part["as_of"], part["_precision"], labels, part["_outlet"], partly)]
        # Label every point of a scatter, but only the latest of a line: the rest are in the hover.
        text = labels if not step else [""] * (len(labels) - 1) + labels[-1:]
        fig.add_trace(go.Scatter(
            name=plotly_text(name), x=part["_x"].to_list(), y=part["value"].astype(float).to_list(),
            mode="lines+markers+text" if step else "markers+text", line=dict(shape="hv", width=3),
            marker=dict(size=10, symbol=["circle-open" if out else "circle" for out in partly]),
            text=text, textposition="middle right" if step else "top center",
            cliponaxis=False, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_yaxes(title_text=unit, rangemode="tozero")
    alt = (". " + "; ".join(
        f"{n} as of {format_date(d, p)}: {format_figure(v, bool(a), bool(lb))}"
        + (" (date partly outside the period)" if i == PARTLY else "")
        for n, d, p, v, a, lb, i in zip(rows["_series"], rows["as_of"], rows["_precision"], rows["value"],
                                        rows["approximate"], rows["lower_bound"], rows["in_period"])))
    return close_figure(fig, title=title, subtitle=subtitle, source=source, alt=alt, period=period,
                        starts=rows["_x"], ends=rows["_x"])


def build_timeline_figure(events: pd.DataFrame, sources: pd.DataFrame, *, title: str, period: Period,
                          used: pd.DataFrame | None = None) -> go.Figure:
    """Events by category on a time axis; an event that spans days is a bar from its start to its end."""
    subtitle = period.describe()
    source, empty = open_figure(events, sources, used, title=title, subtitle=subtitle,
                                empty_message="No events in this period")
    if empty is not None:
        return empty
    rows = events.assign(_outlet=source_labels(events, sources).to_numpy()).sort_values("date_start", kind="stable")
    fig = go.Figure()
    for category, part in rows.groupby("category", sort=False):
        colour = EVENT_COLOURS.get(category, theme.MUTED)
        hover = [f"<b>{plotly_text(t)}</b><br>{format_date(s, p)}"
                 + (f" – {format_date(e, p)}" if pd.notna(e) else "") + f"<br>Source: {plotly_text(o)}"
                 for t, s, e, p, o in zip(part["title"], part["date_start"], part["date_end"], part["date_precision"],
                                          part["_outlet"])]
        spans = part["date_end"].notna()
        for _, row in part[spans].iterrows():
            fig.add_trace(go.Scatter(x=[row["date_start"], row["date_end"]], y=[category, category], mode="lines",
                                     line=dict(color=colour, width=10), hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(
            x=part["date_start"].to_list(), y=[category] * len(part), mode="markers", name=category,
            marker=dict(symbol="diamond", size=16, color=colour, line=dict(color="white", width=1)),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_yaxes(type="category", title_text=None, rangemode="normal", zeroline=False, showgrid=True)
    fig.update_layout(showlegend=False, height=420)
    alt = ": " + "; ".join(f"{format_date(d, p)} {t}" for d, p, t in
                           zip(rows["date_start"], rows["date_precision"], rows["title"]))
    return close_figure(fig, title=title, subtitle=subtitle, source=source, alt=alt, period=period,
                        starts=rows["date_start"], ends=rows["date_end"].fillna(rows["date_start"]))


def dated_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences a chart can place: a known length and a verdict date."""
    return sentences[sentences["sentence_years"].notna() & sentences["verdict_date"].notna()]


def build_sentences_figure(sentences: pd.DataFrame, sources: pd.DataFrame, *, title: str, period: Period,
                           used: pd.DataFrame | None = None) -> go.Figure:
    """Known sentence lengths by verdict date, coloured by article, so the harshest stand out. `used`: the
    sources the dated sentences cite, when the caller has them already."""
    subtitle = period.describe()
    rows = dated_sentences(sentences)
    source, empty = open_figure(rows, sources, used, title=title, subtitle=subtitle,
                                empty_message="No dated sentences in this period")
    if empty is not None:
        return empty
    rows = rows.assign(_outlet=source_labels(rows, sources).to_numpy(), _article=rows["article"].fillna("unclear"))
    fig = go.Figure()
    for article, part in rows.groupby("_article", sort=True):
        hover = [f"<b>{plotly_text(p)}</b><br>{plotly_text(s)}<br>{plotly_text(c)}<br>{format_date(d, dp)}"
                 f"<br>Source: {plotly_text(o)}"
                 for p, s, c, d, dp, o in zip(part["person"], part["sentence"], part["court"], part["verdict_date"],
                                              part["date_precision"], part["_outlet"])]
        fig.add_trace(go.Scatter(
            x=part["verdict_date"].to_list(), y=part["sentence_years"].astype(float).to_list(), mode="markers",
            name=f"Art. {article}" if article != "unclear" else "article unclear",
            marker=dict(size=13, symbol=["circle-open" if s is True else "circle" for s in part["suspended"]],
                        line=dict(width=2)),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_yaxes(title_text="years (open circle: suspended)", rangemode="tozero")
    alt = ": " + "; ".join(f"{p}, {format_count(y)} years, {format_date(d, dp)}" for p, y, d, dp in
                           zip(rows["person"], rows["sentence_years"], rows["verdict_date"], rows["date_precision"]))
    return close_figure(fig, title=title, subtitle=subtitle, source=source, alt=alt, period=period,
                        starts=rows["verdict_date"], ends=rows["verdict_date"])
