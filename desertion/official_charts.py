"""Pure builders for the second wave's tables: official statistics beside Mediazona's counts, and counts by region.

Official figures (the Supreme Court's Judicial Department) and Mediazona's counts measure different things:
servicemen convicted of any crime against cases received under the AWOL and refusal articles. They are drawn
in two panels with their own axes, one trace per series and kind, never on one axis as one series and never
added. Each trace carries its series kind in `trace.meta["kind"]`, so a test can check that no trace mixes
kinds. Counts by region are ranked only within a group of the same article, measure, scope and date; each
group is its own panel, titled with what it counts. Same house style as `charts.py`: `(frames) -> Figure`, the
template's sources line, alt text in `layout.meta`. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from desertion import palette
from desertion.chart_labels import REFERENCE_PLOT_WIDTH
from desertion.charts import empty_figure, new_figure, plotly_text, source_labels
from desertion.formatting import describe_period, format_date, format_figure
from desertion.i18n.active import _
from desertion.i18n.catalogue import N_
from desertion.labels import ARTICLE_LABELS, MEASURE_LABELS, SCOPE_LABELS
from desertion.periods import Period
from desertion.provenance import source_ids_of, sources_by_ids, sources_for, sources_line
from desertion.series import check_one_kind, combine_tables
from desertion.slide_charts import wrap_text

OFFICIAL_BODY = "judicial_department"
OFFICIAL_OFFENCES = "all_crimes"
CONVICTED = "servicemen_convicted"
CUSTODIAL = "servicemen_custodial"
MEDIA_ARTICLES = ("337", "all")
MEDIA_MEASURE = "cases_received"
# Patterns tell the series of one kind apart without a second colour (colour says the kind of count).
PATTERNS = {CONVICTED: "", CUSTODIAL: "x", "337": "", "all": "/"}
OFFICIAL_PANEL = N_("Official: servicemen convicted")
MEDIA_PANEL = N_("Mediazona: cases received")
REGION_BAR_PX = 46
REGION_GROUP_PX = 60
GROUP_TITLE_PX = 16  # make_subplots' title size
GROUP_TITLE_LINE_PX = 21


def official_series(official: pd.DataFrame) -> pd.DataFrame:
    """The Judicial Department's yearly convictions of servicemen (all crimes) and custodial sentences."""
    return official[(official["body"] == OFFICIAL_BODY) & (official["offences"] == OFFICIAL_OFFENCES)
                    & official["measure"].isin((CONVICTED, CUSTODIAL))]


def full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose window is one calendar year (1 Jan to 31 Dec of the same year)."""
    start, end = frame["period_start"], frame["period_end"]
    whole = (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12) & (end.dt.day == 31)
    return frame[whole & (start.dt.year == end.dt.year)]


def media_series(counts: pd.DataFrame) -> pd.DataFrame:
    """Mediazona's full-year counts of cases received (AWOL, and all refusal articles) for the comparison."""
    rows = full_years(counts)
    return rows[rows["article"].isin(MEDIA_ARTICLES) & (rows["measure"] == MEDIA_MEASURE)]


def custodial_shares(official: pd.DataFrame) -> dict[int, float]:
    """Custodial sentences as a share of servicemen convicted, for each year that has both official figures.

    A ratio of two figures of the same body, year and offences; never of figures of different kinds."""
    years = official.assign(_year=official["period_start"].dt.year)
    convicted = years[years["measure"] == CONVICTED].set_index("_year")["value"]
    custodial = years[years["measure"] == CUSTODIAL].set_index("_year")["value"]
    both = convicted.index.intersection(custodial.index)
    return {int(y): float(custodial[y]) / float(convicted[y]) for y in both if float(convicted[y]) > 0}


def _bar_label(value: float, approximate: bool, lower_bound: bool, share: float | None) -> str:
    text = format_figure(value, approximate, lower_bound)
    return f"{text}<br>{percent(share)}" if share is not None else text


def percent(share: float) -> str:
    """A share as a whole percentage: '36%' / '36%' (`i18n.formats`, as every figure)."""
    return format_figure(round(share * 100), unit="percent")


PANEL_TITLE_PX = 34  # room above the plot for the two panels' titles


def build_official_figure(official: pd.DataFrame, media: pd.DataFrame, sources: pd.DataFrame, *, title: str,
                          period: Period, used: pd.DataFrame | None = None,
                          reference_years: Sequence[int] = ()) -> go.Figure:
    """Official convictions (left) beside Mediazona's yearly counts (right): two panels, two axes, no sums.

    `official` holds official_counts rows, `media` court_counts rows (one value per window: the latest
    revision). `reference_years` are official years shown whatever the period (a baseline), said so in the
    notes line. Raises series.MixedSeriesKinds if either panel's rows hold more than one series kind.
    """
    official = official_series(official)
    media = media_series(media)
    subtitle = _("Two different counts side by side, never added") + f" · {describe_period(period)}"
    if official.empty and media.empty:
        return empty_figure(title, subtitle, _("No yearly figures for this period"))
    source = sources_line(used if used is not None else sources_by_ids(sources, source_ids_of(official, media)))
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14, subplot_titles=(_(OFFICIAL_PANEL), _(MEDIA_PANEL)))
    shares = custodial_shares(official)
    alt_parts = []
    panels = ((1, "official_counts", official, "measure",
               {CONVICTED: _("Servicemen convicted"), CUSTODIAL: _("of whom custodial (and % of convicted)")}),
              (2, "court_counts", media, "article", {a: _(ARTICLE_LABELS[a]) for a in MEDIA_ARTICLES}))
    for col, table, rows, key, names in panels:
        if rows.empty:
            continue
        kind = check_one_kind(combine_tables({table: rows}))
        colour = palette.series_colour(palette.KIND, kind)
        outlets = source_labels(rows, sources)
        for series, part in rows.sort_values("period_start", kind="stable").groupby(key, sort=False):
            years = part["period_start"].dt.year
            share = [shares.get(int(y)) if series == CUSTODIAL else None for y in years]
            labels = [_bar_label(v, bool(a), bool(lb), s)
                      for v, a, lb, s in zip(part["value"], part["approximate"], part["lower_bound"], share)]
            fig.add_trace(go.Bar(
                name=plotly_text(names[series]), x=years.astype(str).to_list(), y=part["value"].astype(float).to_list(),
                marker=dict(color=colour, pattern=dict(shape=PATTERNS.get(series, ""), fgcolor="white", bgcolor=colour,
                                                       fillmode="overlay", solidity=0.3)),
                text=labels, textposition="outside", cliponaxis=False, constraintext="none", textfont=dict(size=13),
                hovertext=[f"<b>{plotly_text(names[series])}, {y}</b><br>{lab}<br>"
                           + _("Source: {outlets}").format(outlets=plotly_text(o))
                           for y, lab, o in zip(years, labels, outlets[part.index])],
                hovertemplate="%{hovertext}<extra></extra>", meta={"kind": kind, "table": table},
                legendgroup=kind,
            ), row=1, col=col)
            alt_parts.append(f"{names[series]}: " + ", ".join(f"{y} {lab.replace('<br>', ' ')}"
                                                              for y, lab in zip(years, labels)))
    # The legend sits between the subtitle and the panel titles (the template's place collides with them).
    fig.update_layout(barmode="group", bargap=0.2, bargroupgap=0.12, showlegend=True)
    fig.update_xaxes(type="category", categoryorder="category ascending")
    fig.update_yaxes(title_text=_("servicemen"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=_("cases received"), rangemode="tozero", row=1, col=2)
    notes = (_("{years}: a reference year before the dashboard's span, shown whatever the period.").format(
        years=", ".join(map(str, reference_years))) + " " if reference_years else "")
    partly = sorted({int(y) for y in pd.concat([official["period_start"], media["period_start"]]).dt.year
                     if int(y) not in reference_years
                     and not (period.start <= pd.Timestamp(int(y), 1, 1) and pd.Timestamp(int(y), 12, 31) <= period.end)})
    if partly:
        notes += _("Each bar is a whole year; {years} lies partly outside the period.").format(
            years=", ".join(map(str, partly)))
    notes = notes.strip()
    alt = f"{title}, {subtitle}. " + "; ".join(alt_parts) + f". {notes} {source}."
    fig = new_figure(title, subtitle, source, alt, fig, notes=notes, top_px=PANEL_TITLE_PX)
    # The legend sits between the subtitle and the panel titles (the template's place collides with them).
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    fig.update_layout(legend=dict(y=1 + PANEL_TITLE_PX / plot_px, yanchor="bottom"))
    return fig


def region_groups(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Rows split into groups that can be ranked together (same article, measure, scope and date), newest
    first, each with a title that says what it counts; within a group the largest count comes first."""
    keys = ["article", "measure", "scope", "as_of", "as_of_precision"]
    groups = []
    for (article, measure, scope, as_of, precision), part in rows.groupby(keys, sort=False, dropna=False):
        label = _("{article}: {measure} {scope}, as of {date}").format(
            article=_(ARTICLE_LABELS.get(article, article)), measure=_(MEASURE_LABELS.get(measure, measure)),
            scope=_(SCOPE_LABELS.get(scope, scope)), date=format_date(as_of, precision))
        groups.append((as_of, label, part.sort_values("value", ascending=False, kind="stable")))
    groups.sort(key=lambda g: g[0], reverse=True)
    return [(label, part) for _, label, part in groups]


def build_region_figure(rows: pd.DataFrame, sources: pd.DataFrame, *, title: str, period: Period,
                        used: pd.DataFrame | None = None) -> go.Figure:
    """Counts by region as ranked horizontal bars, one panel per group of like counts (see region_groups),
    each bar labelled with its count, window and source. Raises MixedSeriesKinds for rows of several kinds."""
    subtitle = _("Ranked only within counts of the same article, measure and date") + f" · {describe_period(period)}"
    if rows.empty:
        return empty_figure(title, subtitle, _("No counts by region for this period"))
    kind = check_one_kind(combine_tables({"court_regions": rows}))
    colour = palette.series_colour(palette.KIND, kind)
    source = sources_line(used if used is not None else sources_for(rows, sources))
    groups = region_groups(rows)
    sizes = [len(part) for _, part in groups]
    # The plot holds the bars and the titles of the groups below the first (the first's is above the plot).
    plot_px = REGION_BAR_PX * sum(sizes) + REGION_GROUP_PX * (len(groups) - 1)
    # A group's title is wrapped to the narrowest plot (centred on it, it would run past the figure's edge).
    titles = [wrap_text(label, REFERENCE_PLOT_WIDTH, GROUP_TITLE_PX) for label, _ in groups]
    fig = make_subplots(rows=len(groups), cols=1, subplot_titles=titles,
                        row_heights=sizes, vertical_spacing=REGION_GROUP_PX / plot_px if len(groups) > 1 else 0)
    outlets = source_labels(rows, sources)
    # One scale for every panel: a count of 9 never looks as long as one of 496.
    reach = float(rows["value"].max()) * 2.4
    alt_parts = []
    for number, (label, part) in enumerate(groups, start=1):
        ranked = part.iloc[::-1]  # Plotly draws the first category at the bottom: the largest goes on top
        figures = [format_figure(v, bool(a), bool(lb))
                   for v, a, lb in zip(ranked["value"], ranked["approximate"], ranked["lower_bound"])]
        fig.add_trace(go.Bar(
            orientation="h", name=plotly_text(label), y=[plotly_text(r) for r in ranked["region"]],
            x=ranked["value"].astype(float).to_list(), marker=dict(color=colour),
            # The group's title says what is counted and as of when (the same for every bar in it).
            text=[f"{f} · {plotly_text(o)}" for f, o in zip(figures, outlets[ranked.index])],
            textposition="outside", cliponaxis=False, textfont=dict(size=13),
            hovertemplate="%{y}: %{text}<extra></extra>", meta={"kind": kind, "table": "court_regions"},
            showlegend=False,
        ), row=number, col=1)
        fig.update_yaxes(type="category", row=number, col=1)
        # Room right of the longest bar for its label: the axis reaches well past the largest count.
        fig.update_xaxes(range=[0, reach], showticklabels=False, showgrid=False, ticks="", zeroline=True,
                         row=number, col=1)
        alt_parts.append(f"{label}: " + ", ".join(f"{r} {f}" for r, f in zip(part["region"], figures[::-1])))
    fig.update_layout(showlegend=False)
    alt = f"{title}, {subtitle}. " + "; ".join(alt_parts) + f". {source}."
    return new_figure(title, subtitle, source, alt, fig, plot_px=plot_px,
                      top_px=PANEL_TITLE_PX + GROUP_TITLE_LINE_PX * titles[0].count("<br>"))
