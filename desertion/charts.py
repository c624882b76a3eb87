"""Pure chart builders: (frame, sources, labels) -> plotly Figure. No Streamlit, no files, no session state.

Every figure gets the house template (light, or dark for a dark page), a title (the finding, when the views
found one), a subtitle that says what is counted and for which period, a notes line for the marks it uses,
the sources line once, inside the figure (so PNG, PDF and slides carry it), direct labels that never collide
(`chart_labels`), every event on a time chart named, or lettered with its key under the chart (`event_strip`),
hover text with exact values and reporting windows, and an alt text in `fig.layout.meta["alt"]`. Each
builder fixes its height in pixels; the page sets the width. Text that comes from the data is escaped for Plotly's pseudo-HTML.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from desertion import chart_text, findings, palette, theme
from desertion.chart_labels import REFERENCE_PLOT_WIDTH, Room, ValueMark, event_band_px, label_room, \
    place_value_labels
from desertion.event_strip import EVENT_ROWS, add_events, key_entries, strip_alt, wrap_key
from desertion.formatting import describe_period, describe_window, format_figure
from desertion.i18n.active import _, current, ngettext
from desertion.i18n.catalogue import N_
from desertion.label_layout import text_width
from desertion.markup import plotly_text  # the one escaper for data text in Plotly texts
from desertion.periods import PARTLY, Period, window_months
from desertion.provenance import source_labels, sources_for, sources_line  # source_labels: for callers too

__all__ = ["plotly_text"]

MS_PER_DAY = 86_400_000
# Width of one character of a 15 px tick label, with slack, and the room a y-axis title takes beside them.
TICK_CHAR_PX = 9
AXIS_TITLE_PX = 34
# Heights in px. The key chart's main panel is at least 280 px high (issue 11); other panels are smaller.
PRIMARY_PANEL_PX = 300
OTHER_PANEL_PX = 150
COMPACT_PANEL_PX = 240  # a lead chart's one panel, drawn without the event strip
PANEL_GAP_PX = 34
TIMELINE_ROWS = 9
TIMELINE_PLOT_WIDTH = 640.0  # the timeline takes the page's full width
TITLE_CHARS = 52  # about 560 px at 20 px: a two-thirds column at 1280×720
SUBTITLE_CHARS = 80
# Measured limits for the title and subtitle lines: a two-thirds column at 1280×720 leaves a chart about 530 px.
TITLE_PX, TITLE_FONT_PX = 526.0, 20.0
SUBTITLE_PX, SUBTITLE_FONT_PX = 526.0, 14.0
FOOT_CHARS = 66  # 12 px text from the plot's left edge: fits a two-thirds column at 1280×720
PANEL_LABEL_PX = 20
MONTH_TICKS_UP_TO_DAYS = 400
FOOT_PX = 62  # from the plot's bottom edge to the notes line: room for two lines of date ticks
# Headroom above the tallest in-period mark, for its label.
HEADROOM = 1.22
# Consecutive running totals of one series are joined only when this close in time; a longer gap says
# nothing about the path between them.
MAX_JOIN_DAYS = 95
CUT_NOTE = N_("↑: a bar cut at the top of the scale: its window lies partly outside the period, so it does not set the scale.")


def _mode(template: str) -> str:
    return palette.DARK if template == theme.DARK_TEMPLATE_NAME else palette.LIGHT


# A finding's figures read as one unit: "305 → 577 (+89%)" is never broken around its arrow or before its percent.
GLUE = "\x00"  # a space textwrap must not break at, put back as a space once wrapped
BEFORE_PERCENT = re.compile(r" \((?=[+−-]?[\d.,\u00a0]+%\))")


def _wrapped(text: str, width: int, fit: tuple[float, float] | None = None) -> tuple[str, int]:
    """Escaped text broken into lines of at most `width` characters (Plotly does not wrap), and the count. The
    spaces around a finding's arrow and before its percent do not break (textwrap breaks at ASCII spaces only).
    With `fit` (max px, font px) lines are also measured, and wrapped shorter until each fits: Cyrillic runs
    wider than Latin, so a Russian title of as many characters would run past the narrowest chart."""
    glued = BEFORE_PERCENT.sub(f"{GLUE}(", text.replace(" → ", f"{GLUE}→{GLUE}"))
    while True:
        lines = [line.replace(GLUE, " ") for line in textwrap.wrap(glued, width)] or [""]
        if fit is None or width <= 12 or all(text_width(line, fit[1]) <= fit[0] for line in lines):
            return "<br>".join(plotly_text(line) for line in lines), len(lines)
        width -= 2


def new_figure(title: str, subtitle: str, source: str, alt: str, figure: go.Figure | None = None, *,
               notes: str = "", plot_px: float = 360, top_px: int = 0, event_key: Sequence[tuple[str, str]] = (),
               template: str = theme.TEMPLATE_NAME) -> go.Figure:
    """A figure in the house style: title, subtitle, notes line, the key of the event strip's letters
    (`event_key`, see chart_labels.wrap_key), sources line and alt text, with a height of `plot_px` for the
    plot plus the room the text around it takes. The key is part of the figure, so PNG, PDF and slides carry it."""
    fig = figure if figure is not None else go.Figure()
    title_text, title_lines = _wrapped(title, TITLE_CHARS, (TITLE_PX, TITLE_FONT_PX))
    # What is counted, wrapped, then the period on a line of its own (never split across two).
    *counted, when = subtitle.rsplit(" · ", 1)
    counted_text, counted_lines = _wrapped(counted[0], SUBTITLE_CHARS, (SUBTITLE_PX, SUBTITLE_FONT_PX)) \
        if counted else ("", 0)
    subtitle_text = "<br>".join(part for part in (counted_text, plotly_text(when)) if part)
    subtitle_lines = counted_lines + 1
    notes_text, notes_lines = _wrapped(notes, FOOT_CHARS) if notes else ("", 0)
    key_text, key_lines = wrap_key(event_key)
    source_text, source_lines = _wrapped(source, FOOT_CHARS)
    legend_rows = _legend_rows(fig)
    top = 14 + 26 * title_lines + 19 * subtitle_lines + 26 * legend_rows + 12 + top_px
    # Date ticks can take two lines ('Sep 10' over '2023'): the notes start below them.
    bottom = FOOT_PX + 16 * (notes_lines + key_lines + source_lines) + 8
    height = top + plot_px + bottom
    scheme = theme.DARK_SCHEME if template == theme.DARK_TEMPLATE_NAME else theme.LIGHT_SCHEME
    fig.update_layout(
        template=template, height=height, margin=dict(t=top, b=bottom, r=24),
        title=dict(text=title_text, y=1 - (12 + 24 * (title_lines - 1)) / height, yanchor="top",
                   subtitle=dict(text=subtitle_text, font=dict(size=14, color=scheme.muted))),
        # The texts as plain words too, for a medium that sets them itself (a slide states the title once).
        meta={"alt": alt, "source": source, "title": title, "subtitle": subtitle, "notes": notes},
    )
    theme.localise(fig, current())
    if notes:
        fig.add_annotation(text=notes_text, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=-FOOT_PX, showarrow=False, align="left", font=dict(size=12, color=scheme.muted),
                           name="notes")
    if key_text:
        fig.add_annotation(text=key_text, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=-FOOT_PX - 16 * notes_lines, showarrow=False, align="left",
                           font=dict(size=12, color=scheme.muted), name="event key")
    fig.add_annotation(templateitemname=theme.SOURCE_ANNOTATION, text=source_text, visible=True, y=0,
                       yshift=-FOOT_PX - 16 * (notes_lines + key_lines))
    fig.update_layout(margin_l=left_margin(fig))
    return fig


def _legend_rows(fig: go.Figure) -> int:
    """How many rows the horizontal legend takes at the reference width (each entry: symbol, name, gap)."""
    if fig.layout.showlegend is not True:
        return 0
    names = {t.name for t in fig.data if t.showlegend is not False and t.name}
    width = sum(40 + 8 * len(name) for name in names)
    return max(1, -(-width // int(REFERENCE_PLOT_WIDTH)))


def open_figure(rows: pd.DataFrame, sources: pd.DataFrame, used: pd.DataFrame | None, *, title: str,
                subtitle: str, empty_message: str, template: str = theme.TEMPLATE_NAME) -> tuple[str, go.Figure | None]:
    """Every builder's opening: the sources line for the rows (from `used` when the caller looked the sources
    up already), and, when there is nothing to draw, the figure that says so."""
    source = sources_line(used if used is not None else sources_for(rows, sources))
    return source, (empty_figure(title, subtitle, empty_message, template) if rows.empty else None)


def close_figure(fig: go.Figure, *, title: str, subtitle: str, source: str, alt: str, x_range: list[pd.Timestamp],
                 plot_px: float, notes: str = "", label_px: int = 0, events: pd.DataFrame | None = None,
                 template: str = theme.TEMPLATE_NAME) -> go.Figure:
    """Every builder's closing: the time axis, then the house style with title, subtitle, notes, the key of
    the event strip (`events`, as `add_events` returned them), sources line and the alt text ('<title>.
    <subtitle>. <notes> <alt>. <events>. <sources line>.'); `layout.meta["event_letters"]` keeps each event's
    letter for the chart's events table. `label_px` is room above the plot for a panel label that has no
    event strip above it.

    Up to about a year, the axis names every month, centred on it (bars span whole months; ticks every two
    weeks would name days no figure stands for)."""
    fig.update_xaxes(type="date", range=x_range)
    if x_range[1] - x_range[0] <= pd.Timedelta(days=MONTH_TICKS_UP_TO_DAYS):
        fig.update_xaxes(dtick="M1", tickformat="%b\n%Y", ticklabelmode="period")
    chart_text.localise_date_axes(fig, x_range)
    shown = events if events is not None else pd.DataFrame(columns=["event_id", "_letter"])
    events_alt = strip_alt(shown, shown["_letter"])
    text = f"{title}. {subtitle}." + (f" {notes}" if notes else "") + f"{alt}." + (f" {events_alt}" if events_alt else "") \
        + f" {source}."
    fig = new_figure(title, subtitle, source, text, fig, notes=notes, plot_px=plot_px, top_px=label_px,
                     event_key=key_entries(shown, shown["_letter"]) if len(shown) else (), template=template)
    return fig.update_layout(meta={**fig.layout.meta, "event_letters": dict(zip(shown["event_id"].astype(str),
                                                                                shown["_letter"]))})


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
        values = pd.Series([v for v in trace.y if v is not None])
        numbers = pd.to_numeric(values, errors="coerce")
        if numbers.notna().all():
            chars = len(f"{numbers.abs().max():,.0f}") + 1
        else:
            chars = int(values.astype(str).str.len().max())
        widest = max(widest, chars)
        titled = titled or bool(axis.title.text)
    return max(theme.MIN_LEFT_MARGIN, 16 + widest * TICK_CHAR_PX + (AXIS_TITLE_PX if titled else 0))


def empty_figure(title: str, subtitle: str, message: str, template: str = theme.TEMPLATE_NAME) -> go.Figure:
    """A figure that says there is nothing to draw, so a page never shows a blank box."""
    fig = new_figure(title, subtitle, _("Source: none for this selection"), f"{title}: {message}", plot_px=200,
                     template=template)
    fig.add_annotation(text=plotly_text(message), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font=dict(size=16, color=theme.MUTED))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def period_range(period: Period, extra: pd.Series | None = None) -> list[pd.Timestamp]:
    """The x axis: the period chosen, widened only to show points dated at the end of a coarse interval."""
    first, last = period.start, period.end + pd.Timedelta(days=1)
    if extra is not None and len(extra):
        last = max(last, extra.max() + pd.Timedelta(days=1))
    return [first, last]


def subtitle_for(counted: str | None, period: Period, *extra: str) -> str:
    return " · ".join(part for part in (counted, describe_period(period), *extra) if part)


def series_colours(names: pd.Series, colours: Mapping[str, str] | None, template: str) -> dict[str, str]:
    """Each series' colour: from `colours` (the views map them through palette.series_colour), else the
    template's colour order, by the series' sorted names, so a colour never depends on what else is shown."""
    order = palette.colourway(_mode(template))
    given = dict(colours or {})
    return {name: given.get(name, order[i % len(order)]) for i, name in enumerate(sorted(names.unique()))}


def axes_of(row: int) -> tuple[str, str]:
    return ("x", "y") if row == 1 else (f"x{row}", f"y{row}")


def window_group_label(months: int) -> str:
    """A panel's title: the length of the reporting windows it holds."""
    if months < 1:
        return _("Windows shorter than a month")
    if months == 1:
        return _("Monthly windows")
    return ngettext("{months}-month windows", "{months}-month windows", months).format(months=months)


def panel_figure(panel_px: Sequence[float], events: pd.DataFrame | None) -> tuple[go.Figure, int, float]:
    """Stacked panels sharing the time axis, with an event strip on top when there are events: the figure,
    the first panel's row, and the plot height in px."""
    strip = [event_band_px(EVENT_ROWS)] if events is not None and not events.empty else []
    heights = [*strip, *panel_px]
    plot_px = sum(heights) + PANEL_GAP_PX * (len(heights) - 1)
    fig = make_subplots(rows=len(heights), cols=1, shared_xaxes=True, row_heights=[h / plot_px for h in heights],
                        vertical_spacing=PANEL_GAP_PX / plot_px if len(heights) > 1 else 0)
    return fig, 1 + len(strip), plot_px


def build_interval_figure(frame: pd.DataFrame, sources: pd.DataFrame, *, series: pd.Series, title: str,
                          period: Period, unit: str, per_month: bool = False, counted: str | None = None,
                          events: pd.DataFrame | None = None, used: pd.DataFrame | None = None,
                          colours: Mapping[str, str] | None = None, primary_months: int | None = None,
                          compact: bool = False, room: Room | None = None,
                          template: str = theme.TEMPLATE_NAME) -> go.Figure:
    """Bars that span their true reporting windows, one panel per window length, so only like-length windows
    stand side by side (a three-month count never overlays the months inside it).

    `frame` has period_start, period_end, value, approximate, lower_bound, source_id and in_period; `series`
    names each row's series (one colour each, `colours`); several series in one window share its width side
    by side. A window partly outside the period is hatched and never sets its panel's scale: a bar taller
    than the in-period ones is cut and labelled with its value. With `per_month` each value is divided by its
    window's length in months (a rate, not a reported figure, and labelled so). `primary_months` names the
    panel drawn first and tallest (the one the title's finding is about); `used` is the sources `frame`
    cites, when the caller has looked them up already. `compact` draws that panel alone, lower and without the
    event strip, for a lead chart that must sit above the fold at 1280×720; its notes line names what it
    leaves out. `room` (with `compact`, for a slide) sizes that panel and its labels for a slide's plot."""
    subtitle = subtitle_for(counted, period, _("per month of each reporting window") if per_month else "")
    source, empty = open_figure(frame, sources, used, title=title, subtitle=subtitle,
                                empty_message=_("No data for this period"), template=template)
    if empty is not None:
        return empty
    mode = _mode(template)
    rows = frame.assign(_series=series.to_numpy(), _months=window_months(frame["period_start"], frame["period_end"]),
                        _outlet=source_labels(frame, sources).to_numpy())
    rows = rows.assign(_days=(rows["period_end"] - rows["period_start"]).dt.days + 1,
                       _rate=rows["value"].astype(float) / (rows["_months"] if per_month else 1))
    groups = findings.split_by_window_length(rows)
    # The finding's panel first (else the one with most windows inside the period), then panels with windows
    # inside the period, longest first; panels holding only windows partly outside the period last.
    inside_any = {m: bool((g["in_period"] != PARTLY).any()) for m, g in groups.items()}
    if primary_months not in groups:
        inside_count = {m: len(g[g["in_period"] != PARTLY]) for m, g in groups.items()}
        primary_months = max(groups, key=lambda m: (inside_count[m], len(groups[m]), m))
    order = [primary_months, *sorted((m for m in groups if m != primary_months), key=lambda m: not inside_any[m])]
    left_out = [window_group_label(m).lower() for m in order[1:]] if compact else []
    if compact:
        order, events, rows = order[:1], None, groups[primary_months]
    compact_px = room.plot_px if room is not None else COMPACT_PANEL_PX
    panel_px = [compact_px if compact else PRIMARY_PANEL_PX if m == primary_months else OTHER_PANEL_PX
                for m in order]
    fig, first_row, plot_px = panel_figure(panel_px, events)
    x_range = period_range(period)
    colour_of = series_colours(rows["_series"], colours, template)
    background = palette.BACKGROUNDS[mode]
    cut_any, legend_seen = False, set()
    top = 1.0
    for offset, months in enumerate(order):
        row = first_row + offset
        part = groups[months].sort_values(["period_start", "_series"], kind="stable")
        names = sorted(part["_series"].unique())
        # Series reported for one window share its width side by side, in a fixed order (by name).
        window = part.groupby(["period_start", "period_end"], sort=False)["_series"]
        part = part.assign(_slot=window.rank(method="first").astype(int) - 1, _slots=window.transform("size"))
        inside = part[part["in_period"] != PARTLY]["_rate"]
        # A panel of windows only partly inside the period takes the scale of the panel above it.
        top = inside.max() * HEADROOM if len(inside) else (top if offset else part["_rate"].max() * HEADROOM)
        top = top or 1.0
        marks, solid = [], []
        for name in names:
            bars = part[part["_series"] == name]
            # Slots divide the part of the window inside the axis, so a window reaching outside the period
            # never shows one series' slot for a month it does not stand for.
            first = bars["period_start"].clip(lower=x_range[0])
            last = (bars["period_end"] + pd.Timedelta(days=1)).clip(upper=x_range[1])
            span = (last - first) / bars["_slots"]
            starts = first + span * bars["_slot"]
            partly = (bars["in_period"] == PARTLY).to_numpy()
            revised = findings.is_revised(bars).to_numpy()
            labels = [(_("≈{rate}/mo").format(rate=chart_text.one_decimal(v)) if per_month
                       else format_figure(r, bool(a), bool(lb)))
                      + (findings.REVISED_SUFFIX if rev else "")
                      for v, r, a, lb, rev in zip(bars["_rate"], bars["value"], bars["approximate"],
                                                  bars["lower_bound"], revised)]
            earlier = bars["revised_from"] if "revised_from" in bars else pd.Series(pd.NA, index=bars.index)
            cut = (bars["_rate"] > top).to_numpy()
            cut_any = cut_any or bool(cut.any())
            hover = [
                f"<b>{plotly_text(w)}</b><br>" + _("{figure} {unit}").format(
                    figure=plotly_text(format_figure(v, bool(a), bool(lb))), unit=plotly_text(unit))
                + (" " + ngettext("({months} months → {rate} per month)", "({months} months → {rate} per month)",
                                  round(m)).format(months=f"{m:.0f}", rate=chart_text.one_decimal(v / m))
                   if m > 1.01 else "")
                + "<br>" + _("Source: {outlets}").format(outlets=plotly_text(o))
                + ("<br><i>" + _("Window partly outside the period") + "</i>" if p else "")
                + ("<br>" + plotly_text(_("Revised; published earlier as {value}").format(value=e)) if rev else "")
                for w, v, a, lb, m, o, p, e, rev in zip(
                    [describe_window(s, e) for s, e in zip(bars["period_start"], bars["period_end"])],
                    bars["value"].astype(float), bars["approximate"], bars["lower_bound"], bars["_months"],
                    bars["_outlet"], partly, earlier, revised)]
            fig.add_trace(go.Bar(
                name=plotly_text(name), legendgroup=plotly_text(name), showlegend=name not in legend_seen,
                x=(starts + span / 2).to_list(), y=bars["_rate"].to_list(), width=(span.dt.total_seconds() * 1000).to_list(),
                hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                # A solid bar is set off from its neighbour by a hairline of the background; a hatched one is
                # outlined in its own colour, so its edge (and its legend symbol) still says which series it is.
                marker=dict(color=colour_of[name],
                            line=dict(width=1, color=[colour_of[name] if p else background for p in partly]),
                            pattern=dict(shape=["/" if p else "" for p in partly], fillmode="overlay",
                                         fgcolor=background, fgopacity=1, size=8, solidity=0.45)),
            ), row=row, col=1)
            legend_seen.add(name)
            for key, s, e, value, text, is_cut in zip(bars.index, starts, starts + span, bars["_rate"], labels, cut):
                visible_start, visible_end = max(s, x_range[0]), min(e, x_range[1])
                marks.append(ValueMark(str(key), visible_start + (visible_end - visible_start) / 2,
                                       float(value), text + (" ↑" if is_cut else "")))
                if not is_cut:  # a label may sit inside the top of a cut bar, never over another bar
                    solid.append((visible_start, visible_end, float(value)))
        place_value_labels(fig, marks, axes=axes_of(row), x_range=x_range, y_range=(0, top),
                           height_px=panel_px[offset], background=background, bars=solid,
                           width_px=label_room(room).width_px, text_px=label_room(room).text_px)
        fig.update_yaxes(range=[0, top], row=row, col=1)
        fig.add_annotation(text=window_group_label(months), xref="paper", yref=f"{axes_of(row)[1]} domain", x=0,
                           y=1, xanchor="left", yanchor="bottom", yshift=4, showarrow=False,
                           font=dict(size=13), name="panel label")
    shown_events = add_events(fig, events, sources, x_range, mode)
    fig.update_layout(barmode="overlay", bargap=0, showlegend=len(colour_of) > 1)
    notes = findings.notes_line(findings.marks_for(rows, per_month=per_month)) + (f" {_(CUT_NOTE)}" if cut_any else "")
    shown_revised = rows[findings.is_revised(rows)]
    if len(shown_revised):
        notes += " " + _("Published earlier: {figures}.").format(figures="; ".join(
            f"{name}, {describe_window(s, e)}: {earlier}" for name, s, e, earlier in zip(
                shown_revised["_series"], shown_revised["period_start"], shown_revised["period_end"],
                shown_revised["revised_from"])))
    if left_out:
        notes += " " + _("Also reported for this period: {panels} (Requests page).").format(panels=", ".join(left_out))
    alt = (". " + _("Bars span each reporting window:") + " "
           + "; ".join(f"{describe_window(s, e)}: {format_figure(v, bool(a), bool(lb))}"
                       + (" " + _("(partly outside the period)") if i == PARTLY else "")
                       for s, e, v, a, lb, i in zip(rows["period_start"], rows["period_end"], rows["value"],
                                                    rows["approximate"], rows["lower_bound"], rows["in_period"])))
    return close_figure(fig, title=title, subtitle=subtitle, source=source, alt=alt, x_range=x_range,
                        plot_px=plot_px, notes=notes.strip(), label_px=PANEL_LABEL_PX if first_row == 1 else 0,
                        events=shown_events, template=template)


# Builders of dated points live in point_charts (this module would pass 400 lines); one import for callers.
from desertion.point_charts import joined, build_snapshot_figure, build_timeline_figure, dated_sentences, build_sentences_figure, article_name  # noqa: E402,F401
