"""Period presets, URL round trips and row selection: wholly inside, partly outside, snapshots by date."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import periods
from desertion.periods import INSIDE, PARTLY, Period
from desertion.schema import TABLES
from tests.fixtures import tables

ALL = Period.of_months("2022-01", "2025-06")


def test_presets_cover_years_halves_mobilisation_and_the_article_windows():
    labels = [p.label for p in periods.build_presets(ALL)]
    assert labels[0] == "All time"
    for label in ("2022", "2025", "H1 2023", "H2 2024", "Since mobilisation (21 Sep 2022)", "Jun–Aug 2023", "Sep–Nov 2023"):
        assert label in labels
    presets = {p.label: p.period for p in periods.build_presets(ALL)}
    assert presets["H2 2023"] == Period(pd.Timestamp("2023-07-01"), pd.Timestamp("2023-12-31"))
    assert presets["Since mobilisation (21 Sep 2022)"].from_month == "2022-09"


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ALL),
    ({"from": "2023-09", "to": "2023-11"}, Period.of_months("2023-09", "2023-11")),
    ({"from": "2024-02", "to": "2024-02"}, Period(pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"))),
    ({"from": "2023-01"}, Period.of_months("2023-01", "2025-06")),
    ({"from": ["2020-01", "2023-05"], "to": "2023-06"}, Period.of_months("2023-05", "2023-06")),
])
def test_valid_links_give_their_period(params, expected):
    parsed = periods.parse_period(params, ALL)
    assert parsed.notice is None
    assert parsed.period == expected


@pytest.mark.parametrize("params", [
    {"from": "banana"}, {"from": "2023-13", "to": "2023-12"}, {"from": "2023-9"}, {"to": "<script>"},
    {"from": "1900-01"}, {"from": "2023-01-01"},
])
def test_invalid_links_fall_back_to_the_default_with_a_notice(params):
    parsed = periods.parse_period(params, ALL)
    assert parsed.period == ALL
    assert parsed.notice and "default period" in parsed.notice


def test_a_reversed_period_is_swapped_with_a_notice():
    parsed = periods.parse_period({"from": "2024-01", "to": "2023-01"}, ALL)
    assert parsed.period == Period.of_months("2023-01", "2024-01")
    assert parsed.notice and "swapped" in parsed.notice


@pytest.mark.parametrize(("value", "expected"), [
    ("3", 3), (" 2 ", 2), (["9", "4"], 4), (None, 1), ("", 1), ("  ", 1), ("²", 1), ("①", 1), ("٣", 1),
    ("1²", 1), ("0", 1), ("-1", 1), ("99", 8), ("9" * 7, 1), ("9" * 5000, 1), ("1e3", 1), ("3.0", 1), ([], 1),
])
def test_slide_values_fall_back_quietly_to_the_first_slide(value, expected):
    assert periods.parse_slide(value, total=8) == expected


def test_canonical_params_give_the_address_of_what_is_shown():
    reversed_link = {"from": "2023-11", "to": "2023-09", "slide": "²", "quote": "<b>", "embed": "true"}
    assert periods.canonical_params(reversed_link, ALL, slide_count=8) == {
        "embed": "true", "from": "2023-09", "to": "2023-11"}
    assert periods.canonical_params({"from": "banana", "slide": ["1", "3"], "quote": "q-1"}, ALL, slide_count=8) == {
        "slide": "3", "quote": "q-1"}
    assert periods.canonical_params({"from": ALL.from_month, "to": ALL.to_month, "slide": "1"}, ALL, 8) == {}


def test_period_params_round_trip_and_the_default_leaves_the_url_clean():
    period = Period.of_months("2023-09", "2023-11")
    params = periods.format_period_params(period, ALL)
    assert params == {"from": "2023-09", "to": "2023-11"}
    assert periods.parse_period(params, ALL).period == period
    assert periods.format_period_params(ALL, ALL) == {}


def test_interval_rows_inside_or_partly_outside_never_cut():
    frame = tables.requests()
    chosen = periods.filter_table(TABLES["idite_lesom"].timing, frame, Period.of_months("2023-08", "2023-10"))
    marks = dict(zip(chosen["record_id"], chosen["in_period"]))
    assert marks == {"jja": PARTLY, "son": PARTLY, "oct": INSIDE}
    assert chosen.loc[chosen["record_id"] == "jja", "value"].item() == 305  # not pro-rated


def test_snapshots_are_selected_by_their_as_of_date():
    frame = tables.requests()
    assert "helped" in set(periods.filter_table(TABLES["idite_lesom"].timing, frame, Period.of_months("2024-02", "2024-02"))["record_id"])
    assert "helped" not in set(periods.filter_table(TABLES["idite_lesom"].timing, frame, Period.of_months("2024-03", "2024-12"))["record_id"])


def test_a_running_total_known_to_the_quarter_counts_as_its_whole_quarter():
    # Idite Lesom's "more than 400 deserters helped" is dated Q4 2023 (stored as 2023-10-01, quarter).
    frame = tables.make_table("court_cumulative",
                              "record_id,as_of,as_of_precision,scope,article,measure,value,approximate,lower_bound,source_id,note\n"
                              "q4,2023-10-01,quarter,since_mobilisation,all,cases_received,400,false,true,src-a,\n"
                              "d,2023-11-21,day,since_mobilisation,all,cases_received,4121,false,false,src-a,\n")
    timing = TABLES["court_cumulative"].timing

    def marks(period):
        return dict(zip(*periods.filter_table(timing, frame, period)[["record_id", "in_period"]].T.values))

    assert marks(Period.of_months("2023-09", "2023-11")) == {"q4": PARTLY, "d": INSIDE}
    assert marks(Period.of_months("2023-10", "2023-12")) == {"q4": INSIDE, "d": INSIDE}
    assert marks(Period.of_months("2023-12", "2024-06")) == {"q4": PARTLY}
    assert marks(Period.of_months("2024-01", "2024-06")) == {}


def test_a_month_precise_date_counts_as_its_whole_month():
    frame = tables.quotes()  # q2 is dated Jan 2025 to the month
    inside = periods.filter_table(TABLES["quotes"].timing, frame, Period.of_months("2025-01", "2025-01"))
    assert inside.set_index("quote_id").loc["q2", "in_period"] == INSIDE
    overlapping = periods.filter_table(TABLES["quotes"].timing, frame, Period(pd.Timestamp("2025-01-10"), pd.Timestamp("2025-03-31")))
    assert overlapping.set_index("quote_id").loc["q2", "in_period"] == PARTLY


def test_undated_rows_fall_in_no_period():
    chosen = periods.filter_table(TABLES["sentences"].timing, tables.sentences(), ALL)
    assert set(chosen["record_id"]) == {"k", "i"}


def test_empty_period_selects_nothing():
    chosen = periods.filter_table(TABLES["court_counts"].timing, tables.court_counts(), Period.of_months("2021-01", "2021-03"))
    assert chosen.empty


@pytest.mark.parametrize(("start", "end", "label"), [
    ("2023-06-01", "2023-08-31", "Jun–Aug 2023"), ("2023-10-01", "2023-10-31", "Oct 2023"),
    ("2023-01-01", "2023-12-31", "2023"), ("2023-01-01", "2023-06-30", "H1 2023"),
    ("2022-09-01", "2024-02-29", "Sep 2022 – Feb 2024"), ("2024-01-01", "2024-08-11", "1 Jan 2024 – 11 Aug 2024"),
])
def test_windows_are_described_in_words(start, end, label):
    assert periods.describe_window(pd.Timestamp(start), pd.Timestamp(end)) == label


def test_window_months_are_exact_for_whole_months():
    starts = pd.Series(pd.to_datetime(["2023-06-01", "2024-02-01", "2024-01-01"]))
    ends = pd.Series(pd.to_datetime(["2023-08-31", "2024-02-29", "2024-01-15"]))
    months = periods.window_months(starts, ends)
    assert months[0] == 3 and months[1] == 1
    assert 0.4 < months[2] < 0.6
