"""Chart builders: true-width bars, the source line inside the figure, alt text, escaped data text."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from desertion import charts, palette, theme, views
from desertion.labels import ARTICLE_LABELS
from desertion.selection import Selection
from desertion.periods import PARTLY, Period
from desertion.schema import TABLES
from desertion.periods import filter_table
from tests.fixtures import tables

ALL = Period.of_months("2022-01", "2025-06")


def _requests(period: Period = ALL) -> pd.DataFrame:
    frame = filter_table(TABLES["idite_lesom"].timing, tables.requests(), period)
    return frame[frame["metric"] == "desertion_requests"]


def _bars(fig) -> dict[float, tuple]:
    """Every bar of a figure, across its panels: value -> (width in days, y axis, pattern shape)."""
    found = {}
    for trace in fig.data:
        if trace.type == "bar":
            for y, w, shape in zip(trace.y, trace.width, trace.marker.pattern.shape):
                found[y] = (w / charts.MS_PER_DAY, trace.yaxis, shape)
    return found


def _source_text(fig) -> str:
    return [a for a in fig.layout.annotations if a.templateitemname == theme.SOURCE_ANNOTATION][0].text


def test_template_is_registered_once_with_a_colour_blind_safe_palette():
    assert theme.TEMPLATE_NAME in pio.templates
    template = pio.templates[theme.TEMPLATE_NAME]
    assert tuple(template.layout.colorway) == theme.COLORWAY
    assert template.layout.annotations[0].name == theme.SOURCE_ANNOTATION


def test_interval_bars_span_their_reporting_windows():
    rows = _requests()
    fig = charts.build_interval_figure(rows, tables.sources(), series=rows["metric"], title="Requests",
                                       period=ALL, unit="requests")
    bars = _bars(fig)
    by_value = {v: b[0] for v, b in bars.items()}
    assert by_value[305] == 92 and by_value[577] == 91 and by_value[54] == 30 and by_value[218] == 31
    # Issue 11: windows of different lengths are never overlaid: the three-month and the monthly windows are
    # in panels of their own (was: one overlay, wide bars drawn first).
    assert bars[305][1] == bars[577][1] != bars[54][1] == bars[218][1]
    assert fig.layout.template.layout.colorway  # our template
    assert fig.layout.yaxis.range[0] == 0 == fig.layout.yaxis2.range[0]  # was rangemode "tozero": ranges are now set


def test_every_chart_states_period_source_and_alt_text():
    rows = _requests(Period.of_months("2023-09", "2023-11"))
    fig = charts.build_interval_figure(rows, tables.sources(), series=rows["metric"], title="Requests",
                                       period=Period.of_months("2023-09", "2023-11"), unit="requests")
    assert fig.layout.title.text == "Requests"
    assert fig.layout.title.subtitle.text == "Sep 2023 – Nov 2023"
    assert _source_text(fig) == "Source: Outlet A"
    assert "Sep–Nov 2023: 577" in fig.layout.meta["alt"]


def test_per_month_divides_by_window_length():
    rows = _requests()
    fig = charts.build_interval_figure(rows, tables.sources(), series=rows["metric"], title="R", period=ALL,
                                       unit="requests", per_month=True)
    values = {b[0]: v for v, b in _bars(fig).items()}
    assert values[92] == pytest.approx(305 / 3)
    assert "per month" in fig.layout.title.subtitle.text


def test_partly_outside_bars_are_hatched():
    period = Period.of_months("2023-08", "2023-10")
    rows = _requests(period)
    fig = charts.build_interval_figure(rows, tables.sources(), series=rows["metric"], title="R", period=period,
                                       unit="requests")
    shapes = {v: b[2] for v, b in _bars(fig).items()}
    assert shapes[305] == "/" and shapes[218] == ""
    assert (rows["in_period"] == PARTLY).sum() == 2


def test_empty_selection_says_so_instead_of_drawing_nothing():
    rows = _requests(Period.of_months("2021-01", "2021-02"))
    fig = charts.build_interval_figure(rows, tables.sources(), series=rows["metric"], title="R",
                                       period=Period.of_months("2021-01", "2021-02"), unit="requests")
    assert any(a.text == "No data for this period" for a in fig.layout.annotations)


def test_data_text_is_escaped_for_plotly():
    assert charts.plotly_text('<a href="javascript:alert(1)">x</a>') == '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'
    sources = tables.sources()
    sources.loc[0, "outlet"] = "<b>Evil</b>"
    rows = _requests(Period.of_months("2023-09", "2023-11"))
    fig = charts.build_interval_figure(rows, sources, series=rows["metric"], title="R",
                                       period=Period.of_months("2023-09", "2023-11"), unit="requests")
    assert "<b>Evil</b>" not in _source_text(fig) and "&lt;b&gt;Evil" in _source_text(fig)
    assert all("<b>Evil" not in h for t in fig.data if t.hovertext for h in t.hovertext)


def test_snapshot_figure_draws_points_joined_per_series():
    frame = filter_table(TABLES["court_cumulative"].timing, tables.court_cumulative(), ALL)
    mobilisation = frame[frame["scope"] == "since_mobilisation"]
    fig = charts.build_snapshot_figure(mobilisation, tables.sources(), series=mobilisation["article"],
                                       title="Cumulative", period=ALL, unit="cases", step=True)
    # Issue 11: points, never a step line held flat; these two snapshots are 15 months apart, too far to join.
    lines, points = fig.data
    assert lines.mode == "lines" and lines.line.shape != "hv" and None in lines.y
    assert list(points.y) == [536, 10025] and points.mode == "markers"
    assert _source_text(fig) == "Sources: Outlet A; Originator O via Outlet B"


def test_a_running_total_reaching_past_the_period_is_hollow_and_says_so():
    frame = tables.court_cumulative()
    frame.loc[frame["record_id"] == "m2", ["as_of", "as_of_precision"]] = [pd.Timestamp("2024-04-01"), "quarter"]
    period = Period.of_months("2024-01", "2024-05")  # Q2 2024 reaches past May
    rows = filter_table(TABLES["court_cumulative"].timing, frame, period)
    rows = rows[rows["scope"] == "since_mobilisation"]
    fig = charts.build_snapshot_figure(rows, tables.sources(), series=rows["article"], title="C", period=period,
                                       unit="cases", step=True)
    trace = fig.data[-1]
    assert list(trace.y) == [10025] and list(trace.marker.symbol) == ["circle-open"]
    assert trace.hovertext[0].endswith("<i>Date partly outside the period</i>")
    assert "as of Q2 2024: 10,025 (date partly outside the period)" in fig.layout.meta["alt"]
    inside = filter_table(TABLES["court_cumulative"].timing, frame, Period.of_months("2024-01", "2024-06"))
    inside = inside[inside["scope"] == "since_mobilisation"]
    fig = charts.build_snapshot_figure(inside, tables.sources(), series=inside["article"], title="C",
                                       period=Period.of_months("2024-01", "2024-06"), unit="cases", step=True)
    assert list(fig.data[-1].marker.symbol) == ["circle"] and "partly" not in fig.data[-1].hovertext[0]


def test_timeline_and_sentences_figures_have_one_point_per_row():
    sentences = filter_table(TABLES["sentences"].timing, tables.sentences(), ALL)
    fig = charts.build_sentences_figure(sentences, tables.sources(), title="S", period=ALL)
    assert sum(len(t.y) for t in fig.data) == 2
    events = tables.make_table("events", "event_id,date_start,date_end,date_precision,title,category,description,source_id\n"
                               "e1,2023-06-13,,day,Law signed,law,Signed.,src-a\n"
                               "e2,2023-12-06,2023-12-19,day,Detained,court,Detained and moved.,src-c\n")
    fig = charts.build_timeline_figure(events, tables.sources(), title="T", period=ALL)
    markers = [t for t in fig.data if t.mode == "markers"]
    assert sum(len(t.x) for t in markers) == 2
    assert any(t.mode == "lines" for t in fig.data)  # the span of e2


def test_left_margin_fits_the_widest_tick_label_and_axis_title():
    """Automargin is off (it redraws every chart twice in the browser), so each figure sizes its own margin."""
    assert pio.templates[theme.TEMPLATE_NAME].layout.yaxis.automargin is False
    big = go.Figure(go.Bar(x=[1, 2], y=[120, 1_250_000])).update_yaxes(title_text="cases")
    small = go.Figure(go.Bar(x=[1, 2], y=[1, 13]))
    named = go.Figure(go.Scatter(x=[1, 2], y=["law", "mobilisation"]))
    # '1,250,000' and a spare digit at 9 px each, plus the title; the small one keeps the template's minimum.
    assert charts.left_margin(big) == 16 + 10 * charts.TICK_CHAR_PX + charts.AXIS_TITLE_PX
    assert charts.left_margin(small) == theme.MIN_LEFT_MARGIN
    assert charts.left_margin(named) == 16 + len("mobilisation") * charts.TICK_CHAR_PX
    hidden = go.Figure(go.Scatter(x=[1], y=["a very long hidden category"])).update_yaxes(showticklabels=False)
    assert charts.left_margin(hidden) == theme.MIN_LEFT_MARGIN
    rows = _requests()
    fig = charts.build_interval_figure(rows, tables.sources(), series=rows["metric"], title="R", period=ALL,
                                       unit="requests")
    # Bar panels carry no y-axis title any more (issue 11: the subtitle says what is counted): was "> MIN".
    assert fig.layout.margin.l == charts.left_margin(fig) >= theme.MIN_LEFT_MARGIN


def _label_boxes(fig):
    return [a for a in fig.layout.annotations if a.name == "value label"]


def test_bar_labels_never_collide_and_every_value_stays_in_the_alt_text():
    """Issue 11: value labels are placed by label_layout (was: Plotly's own text, turned off past 16 windows).
    Forty monthly bars cannot all carry a label at the reference width: some are left out, none overlap."""
    months = pd.date_range("2022-01-01", periods=40, freq="MS")
    rows = pd.DataFrame({"period_start": months, "period_end": months + pd.offsets.MonthEnd(0), "value": 100,
                         "approximate": False, "lower_bound": False, "source_id": "src-a", "in_period": "inside"})
    period = Period(months[0], months[-1] + pd.offsets.MonthEnd(0))
    many = charts.build_interval_figure(rows, tables.sources(), series=pd.Series("Art. 337", index=rows.index),
                                        title="R", period=period, unit="cases")
    labels = _label_boxes(many)
    assert 0 < len(labels) < 40
    xs = sorted(pd.Timestamp(a.x) for a in labels)
    # Same height, so labels sit on one row: neighbours must be at least a label's width apart.
    gap_px = min((b - a) / (xs[-1] - xs[0]) for a, b in zip(xs, xs[1:])) * (len(xs) - 1)
    assert gap_px > 0
    assert "100" in many.layout.meta["alt"]


def fixture_tables() -> dict[str, pd.DataFrame]:
    return {"sources": tables.sources(), "idite_lesom": tables.requests(), "court_counts": tables.court_counts()}


# Issue 11: like with like, honest scales, no held lines, one colour per series ---------------------------------

def test_a_window_partly_outside_the_period_never_sets_the_scale_and_is_cut_with_its_value():
    start = pd.to_datetime(["2023-02-01", "2023-10-01", "2023-11-01"])
    end = pd.to_datetime(["2024-01-31", "2023-10-31", "2023-11-30"])
    rows = pd.DataFrame({"period_start": start, "period_end": end, "value": [2086, 218, 175],
                         "approximate": False, "lower_bound": False, "source_id": "src-a",
                         "in_period": [PARTLY, "inside", "inside"]})
    # One window length, so the partly-outside bar shares the panel with the in-period ones.
    rows.loc[0, ["period_start", "period_end"]] = [pd.Timestamp("2023-09-01"), pd.Timestamp("2023-09-30")]
    period = Period.of_months("2023-10", "2023-11")
    fig = charts.build_interval_figure(rows, tables.sources(), series=pd.Series("Requests", index=rows.index),
                                       title="R", period=period, unit="requests")
    assert fig.layout.yaxis.range[1] == pytest.approx(218 * charts.HEADROOM)
    labels = [a.text for a in fig.layout.annotations if a.name == "value label"]
    assert "2,086 ↑" in labels
    assert charts.CUT_NOTE in fig.layout.meta["alt"]
    # The x axis spans the period chosen, not the windows drawn.
    assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [period.start, period.end + pd.Timedelta(days=1)]


def test_a_panel_only_partly_inside_takes_the_scale_of_the_panel_above():
    rows = _requests(Period.of_months("2023-09", "2023-11"))  # 577 (3 months, inside); 218, 175 (months)
    twelve = pd.DataFrame({"period_start": [pd.Timestamp("2023-02-01")], "period_end": [pd.Timestamp("2024-01-31")],
                           "value": [2086], "approximate": [False], "lower_bound": [False], "source_id": ["src-a"],
                           "in_period": [PARTLY], "metric": ["desertion_requests"]})
    rows = pd.concat([rows, twelve], ignore_index=True)
    fig = charts.build_interval_figure(rows, tables.sources(), series=rows["metric"], title="R",
                                       period=Period.of_months("2023-09", "2023-11"), unit="requests")
    tops = [fig.layout[f"yaxis{i if i > 1 else ''}"].range[1] for i in (1, 2, 3)]
    assert max(tops) < 2086  # the hatched twelve-month bar is cut, whichever panel it is in
    assert any(a.text == "2,086 ↑" for a in fig.layout.annotations)


def test_running_totals_are_never_a_line_held_flat():
    """The 'all articles' 1,064 of Apr 2023 and 10,025 of Jun 2024 are 14 months apart: two points, no line
    (was: a step line held at 1,064 for 14 months, below its own subset)."""
    frame = pd.DataFrame({
        "as_of": pd.to_datetime(["2023-03-21", "2023-04-03", "2023-04-01", "2024-06-18"]),
        "as_of_precision": ["day", "day", "month", "day"], "value": [536, 708, 1064, 10025],
        "approximate": False, "lower_bound": False, "source_id": "src-a", "in_period": "inside",
        "article": "all", "scope": "since_mobilisation", "measure": "cases_received"})
    fig = charts.build_snapshot_figure(frame, tables.sources(), series=frame["article"], title="C", period=ALL,
                                       unit="cases", step=True)
    lines = [t for t in fig.data if t.mode == "lines"]
    (line,) = lines
    assert line.line.shape != "hv"
    # Joined 536 → 708 → 1,064 (days apart), broken before 10,025.
    assert list(line.y) == [536, 708, 1064, None, 10025]
    falling = frame.assign(value=[536, 708, 600, 10025])
    (line,) = [t for t in charts.build_snapshot_figure(falling, tables.sources(), series=falling["article"], title="C",
                                                       period=ALL, unit="cases", step=True).data if t.mode == "lines"]
    assert list(line.y) == [536, 708, None, 600, None, 10025]  # a total that fell is two counters, never joined


def test_each_series_keeps_its_colour_whatever_else_is_shown():
    colours = {}
    for period in (ALL, Period.of_months("2023-09", "2023-11"), Period.of_months("2024-01", "2024-12")):
        for view in views.court_counts_views(Selection(fixture_tables(), period)):
            for trace in view.figure.data:
                if trace.type == "bar":
                    colours.setdefault(trace.name, set()).add(trace.marker.color)
    assert colours, "no bars drawn"
    for name, found in colours.items():
        assert len(found) == 1, f"{name} drawn in {found}"
    for code, name in ARTICLE_LABELS.items():
        if name in colours:
            assert colours[name] == {palette.series_colour(palette.ARTICLE, code)}


def test_a_view_carries_alt_text_and_a_reader_table():
    view = views.requests_view(Selection(fixture_tables(), Period.of_months("2023-06", "2023-11")))
    assert view.alt.startswith(view.figure.layout.title.text.replace("<br>", " ")[:30])
    assert "577" in view.alt and "Source" in view.alt
    assert list(view.table.columns) == views.TABLE_COLUMNS
    assert len(view.table) == len(view.rows)
    assert not view.table.astype(str).apply(lambda c: c.str.contains("src-|desertion_requests")).any().any()


def shipped_view_notes(view) -> str:
    return " ".join(a.text for a in view.figure.layout.annotations if a.name == "notes").replace("<br>", " ")


def test_a_revised_count_is_marked_on_the_bar_and_its_earlier_value_named_in_the_notes():
    from desertion.loading import load_dataset
    from desertion.periods import table_bounds

    frames = load_dataset("data").frames
    annual = views.court_counts_views(Selection(frames, table_bounds(frames)))[0]
    labels = [a.text for a in annual.figure.layout.annotations if a.name != "notes"]
    assert "5,096*" in labels  # Art. 337, 2023: Mediazona revised 5,024 to 5,096
    notes = shipped_view_notes(annual)
    assert "*: a count revised by a later publication." in notes
    assert "Art. 337 AWOL, 2023: 5,024 (published 29 Dec 2023)" in notes
    # A chart of rows with no revision history carries no mark and no note about one.
    monthly = views.court_counts_views(Selection(frames, table_bounds(frames)))[1]
    assert "revised" not in shipped_view_notes(monthly)


def test_the_compact_lead_chart_draws_only_its_findings_panel_and_names_the_rest():
    from desertion.loading import load_dataset

    frames = load_dataset("data").frames
    sel = Selection(frames, Period.of_months("2023-06", "2023-11"))
    full, compact = views.requests_view(sel), views.requests_view(sel, compact=True)
    assert compact.figure.layout.height < full.figure.layout.height
    bars = [y for t in compact.figure.data if t.type == "bar" for y in t.y]
    assert sorted(bars) == [305, 577] and sorted(compact.table["Value"]) == ["305", "577"]
    assert "Also reported for this period: monthly windows, 12-month windows" in shipped_view_notes(compact)
    assert not [t for t in compact.figure.data if t.name and t.name.startswith("event:")]  # no event strip


def test_a_wrapped_title_never_breaks_a_findings_figures_apart():
    from desertion.charts import _wrapped
    for title in ("Requests for help to desert nearly doubled: 305 → 577 (+89%)",
                  "Запросы о помощи в дезертирстве почти удвоились: 305 → 577 (+89,2%)"):
        for width in range(20, 70):
            text, _ = _wrapped(title, width)
            assert any("305 → 577 (+89" in line for line in text.split("<br>")), (width, text)
    assert _wrapped("Cases: 20\u00a0538 (all)", 10)[0] == "Cases:<br>20\u00a0538<br>(all)"  # other spaces still break
