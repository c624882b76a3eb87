"""Chart builders: true-width bars, the source line inside the figure, alt text, escaped data text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from desertion import charts, theme
from desertion.periods import PARTLY, Period
from desertion.schema import TABLES
from desertion.periods import filter_table
from tests.fixtures import tables

ALL = Period.of_months("2022-01", "2025-06")


def _requests(period: Period = ALL) -> pd.DataFrame:
    frame = filter_table(TABLES["idite_lesom"].timing, tables.requests(), period)
    return frame[frame["metric"] == "desertion_requests"]


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
    bar = fig.data[0]
    widths_in_days = np.array(bar.width) / charts.MS_PER_DAY
    values = list(bar.y)
    by_value = dict(zip(values, widths_in_days))
    assert by_value[305] == 92 and by_value[577] == 91 and by_value[54] == 30 and by_value[218] == 31
    assert values.index(305) < values.index(54)  # wide bars first, so narrow ones are drawn on top
    assert fig.layout.template.layout.colorway  # our template
    assert fig.layout.yaxis.rangemode == "tozero"


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
    values = dict(zip(np.array(fig.data[0].width) / charts.MS_PER_DAY, fig.data[0].y))
    assert values[92] == pytest.approx(305 / 3)
    assert "per month" in fig.layout.title.subtitle.text


def test_partly_outside_bars_are_hatched():
    period = Period.of_months("2023-08", "2023-10")
    rows = _requests(period)
    fig = charts.build_interval_figure(rows, tables.sources(), series=rows["metric"], title="R", period=period,
                                       unit="requests")
    shapes = dict(zip(fig.data[0].y, fig.data[0].marker.pattern.shape))
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
    assert all("<b>Evil" not in h for h in fig.data[0].hovertext)


def test_snapshot_figure_draws_step_lines_per_series():
    frame = filter_table(TABLES["court_cumulative"].timing, tables.court_cumulative(), ALL)
    mobilisation = frame[frame["scope"] == "since_mobilisation"]
    fig = charts.build_snapshot_figure(mobilisation, tables.sources(), series=mobilisation["article"],
                                       title="Cumulative", period=ALL, unit="cases", step=True)
    assert len(fig.data) == 1
    assert fig.data[0].line.shape == "hv"
    assert list(fig.data[0].y) == [536, 10025]
    assert _source_text(fig) == "Sources: Outlet A; Originator O via Outlet B"


def test_a_running_total_reaching_past_the_period_is_hollow_and_says_so():
    frame = tables.court_cumulative()
    frame.loc[frame["record_id"] == "m2", ["as_of", "as_of_precision"]] = [pd.Timestamp("2024-04-01"), "quarter"]
    period = Period.of_months("2024-01", "2024-05")  # Q2 2024 reaches past May
    rows = filter_table(TABLES["court_cumulative"].timing, frame, period)
    rows = rows[rows["scope"] == "since_mobilisation"]
    fig = charts.build_snapshot_figure(rows, tables.sources(), series=rows["article"], title="C", period=period,
                                       unit="cases", step=True)
    (trace,) = fig.data
    assert list(trace.y) == [10025] and list(trace.marker.symbol) == ["circle-open"]
    assert trace.hovertext[0].endswith("<i>Date partly outside the period</i>")
    assert "as of Q2 2024: 10,025 (date partly outside the period)" in fig.layout.meta["alt"]
    inside = filter_table(TABLES["court_cumulative"].timing, frame, Period.of_months("2024-01", "2024-06"))
    inside = inside[inside["scope"] == "since_mobilisation"]
    fig = charts.build_snapshot_figure(inside, tables.sources(), series=inside["article"], title="C",
                                       period=Period.of_months("2024-01", "2024-06"), unit="cases", step=True)
    assert list(fig.data[0].marker.symbol) == ["circle"] and "partly" not in fig.data[0].hovertext[0]


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
    assert fig.layout.margin.l == charts.left_margin(fig) > theme.MIN_LEFT_MARGIN


def test_bar_labels_only_while_they_can_be_read():
    """Monthly counts over years would print dozens of overlapping labels; past MAX_LABELLED_WINDOWS windows the
    bars carry none (hover and alt text keep every value)."""
    months = pd.date_range("2022-01-01", periods=charts.MAX_LABELLED_WINDOWS + 1, freq="MS")
    rows = pd.DataFrame({"period_start": months, "period_end": months + pd.offsets.MonthEnd(0), "value": 100,
                         "approximate": False, "lower_bound": False, "source_id": "src-a", "in_period": "inside"})
    period = Period(months[0], months[-1] + pd.offsets.MonthEnd(0))
    many = charts.build_interval_figure(rows, tables.sources(), series=pd.Series("Art. 337", index=rows.index),
                                        title="R", period=period, unit="cases")
    few = charts.build_interval_figure(rows.iloc[1:], tables.sources(), series=pd.Series("Art. 337", index=rows.index[1:]),
                                       title="R", period=period, unit="cases")
    assert many.data[0].textposition == "none" and few.data[0].textposition == "outside"
    assert "100" in many.layout.meta["alt"]
