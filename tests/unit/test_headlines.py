"""Headline figures are reported values with their sources; changes are recomputed, never typed."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import headlines
from desertion.periods import Period
from tests.fixtures import tables

ALL = Period.of_months("2022-01", "2025-06")


def test_requests_headline_recomputes_the_89_percent_rise():
    headline = headlines.requests_headline(tables.requests(), ALL)
    assert headline.value == "577"
    assert headline.window == "Sep–Nov 2023"
    assert headline.delta == "+89.2% vs Jun–Aug 2023"
    assert headline.note == "Jun–Aug 2023: 305 requests."
    assert headline.source_ids == ("src-a",)


def test_requests_headline_without_a_comparable_window_has_no_change():
    headline = headlines.requests_headline(tables.requests(), Period.of_months("2024-01", "2024-01"))
    assert (headline.value, headline.window, headline.delta) == ("284", "Jan 2024", None)
    assert headline.source_ids == ("src-b",)


def test_empty_period_gives_no_headline():
    assert headlines.requests_headline(tables.requests(), Period.of_months("2021-01", "2021-12")) is None


def test_awol_headline_uses_the_latest_revision_and_says_so():
    headline = headlines.awol_headline(tables.court_counts(), tables.sources(), ALL)
    assert headline.value == "5,096"
    assert headline.window == "2023"
    assert headline.delta == "+409.1% vs 2022"
    assert "2022: 1,001 cases." in headline.note
    assert "5,024" in headline.note
    assert set(headline.source_ids) == {"src-b", "src-a"}


def test_awol_headline_for_h1_2023_is_the_reported_2076():
    headline = headlines.awol_headline(tables.court_counts(), tables.sources(), Period.of_months("2023-01", "2023-06"))
    assert (headline.value, headline.window) == ("2,076", "H1 2023")


def test_cumulative_headline_compares_within_one_scope_only():
    headline = headlines.cumulative_headline(tables.court_cumulative(), ALL)
    assert headline.value == "15,902"
    assert "since the full-scale invasion" in headline.window
    assert headline.delta is None  # the earlier snapshots count since mobilisation: not comparable
    mobilisation = headlines.cumulative_headline(tables.court_cumulative(), Period.of_months("2023-01", "2024-06"))
    assert mobilisation.value == "10,025"
    assert mobilisation.delta == "+9,489 since 21 Mar 2023"


def test_sentence_headline_is_the_longest_dated_sentence():
    headline = headlines.sentence_headline(tables.sentences(), ALL)
    assert headline.value == "13 years"
    assert headline.window.startswith("Person K, 15 Sep 2023")


def test_compare_windows_needs_exact_windows_and_never_sums():
    series = tables.requests()
    series = series[series["metric"] == "desertion_requests"]
    jja, son = Period.of_months("2023-06", "2023-08"), Period.of_months("2023-09", "2023-11")
    comparison = headlines.compare_windows(series, jja, son)
    assert (comparison.value_a, comparison.value_b) == (305, 577)
    assert comparison.change() == ("+272", "+89.2%")
    missing = headlines.compare_windows(series, Period.of_months("2023-07", "2023-09"), son)
    assert missing.value_a is None and missing.change() == ("n/a", "n/a")


def test_latest_revisions_keeps_the_newest_and_notes_the_earlier():
    frame = headlines.latest_revisions(tables.court_counts(), tables.sources(), headlines.SERIES_KEYS)
    rows = frame.set_index("record_id")
    assert "y2023" not in rows.index
    assert rows.loc["y2023-rev", "revised_from"].startswith("5,024")
    assert pd.isna(rows.loc["y2022", "revised_from"])


def test_a_window_mostly_inside_the_period_is_its_headline_marked_partly_outside():
    # Feb–Dec 2023 holds 5 of H1 2023's 6 months (the shortest window touching it): still its figure, marked.
    headline = headlines.awol_headline(tables.court_counts(), tables.sources(), Period.of_months("2023-02", "2023-12"))
    assert headline.reported and headline.value == "2,076"
    assert headline.window == "H1 2023 (window partly outside the period)"
    assert headline.label == "AWOL cases (Art. 337) received by courts, H1 2023"


def test_a_window_mostly_outside_the_period_is_not_its_headline():
    # Sep–Nov 2023 holds 3 of the whole-year count's 12 months: "AWOL cases 5,096" is not a figure for it.
    headline = headlines.awol_headline(tables.court_counts(), tables.sources(), Period.of_months("2023-09", "2023-11"))
    assert not headline.reported
    assert (headline.value, headline.window) == ("—", headlines.NOT_REPORTED)
    assert headline.note == "Nearest reported figure: 5,096 cases in 2023."
    assert headline.source_ids == ("src-b",)
    assert headline.label == headlines.AWOL_LABEL  # no window of its own to name


@pytest.mark.parametrize(("start", "end", "months", "share"), [
    ("2023-01-01", "2023-12-31", ("2023-09", "2023-11"), 91 / 365), ("2023-09-01", "2023-11-30", ("2023-09", "2023-11"), 1.0),
    ("2023-06-01", "2023-08-31", ("2023-09", "2023-11"), 0.0), ("2023-08-01", "2023-09-30", ("2023-09", "2023-11"), 30 / 61),
])
def test_share_inside_counts_days(start, end, months, share):
    assert headlines.share_inside(pd.Timestamp(start), pd.Timestamp(end), Period.of_months(*months)) == pytest.approx(share)


def test_nearest_window_prefers_shared_days_then_the_smallest_gap():
    series = tables.requests()
    series = series[series["metric"] == "desertion_requests"]
    # Dec 2023 shares no day with any window; Sep–Nov 2023 and Jan 2024 both lie a day away: the shorter wins.
    nearest = headlines.nearest_window(series, Period.of_months("2023-12", "2023-12"))
    assert (nearest["period_start"], nearest["period_end"]) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31"))
    # Nov 2023 – Feb 2024 shares 30 days with Sep–Nov 2023 and 31 with Jan 2024: most shared days first.
    nearest = headlines.nearest_window(series, Period.of_months("2023-11", "2024-02"))
    assert nearest["value"] == 284
    nearest = headlines.nearest_window(series, Period.of_months("2023-05", "2023-05"))
    assert nearest["value"] == 54  # a day after May: Jun 2023 (shorter than Jun–Aug)


@pytest.mark.parametrize("months", [("2023-09", "2023-11"), ("2022-01", "2025-06"), ("2023-01", "2023-06")])
def test_every_card_label_names_its_window_or_says_it_was_not_reported(months):
    period = Period.of_months(*months)
    cards = [headlines.requests_headline(tables.requests(), period),
             headlines.awol_headline(tables.court_counts(), tables.sources(), period)]
    for card in filter(None, cards):
        assert card.label.endswith(f", {card.window.split(' (')[0]}") or card.window == headlines.NOT_REPORTED


def test_cumulative_headline_prefers_a_total_dated_inside_the_period():
    frame = tables.court_cumulative()
    frame.loc[frame["record_id"] == "m2", ["as_of", "as_of_precision"]] = [pd.Timestamp("2024-04-01"), "quarter"]
    # Jan–May 2024: the Q2 total may be dated after May, and it is the only one: used, and marked.
    partly = headlines.cumulative_headline(frame, Period.of_months("2024-01", "2024-05"))
    assert partly.value == "10,025"
    assert partly.window == "as of Q2 2024, since mobilisation (21 Sep 2022) (date partly outside the period)"
    # 2023-01 to 2024-05: the total of 21 Mar 2023 lies inside, so it wins over the later, uncertain one.
    inside = headlines.cumulative_headline(frame, Period.of_months("2023-01", "2024-05"))
    assert inside.value == "536" and "partly" not in inside.window


def test_cumulative_headline_falls_back_to_awol_only_when_no_total_was_given():
    frame = tables.court_cumulative()
    frame.loc[frame["record_id"] == "m2", "article"] = "337"
    headline = headlines.cumulative_headline(frame, Period.of_months("2024-01", "2024-06"))
    assert headline.value == "10,025"
    assert headline.label == ("Court cases received, running total, Art. 337 AWOL only, "
                              "since mobilisation (21 Sep 2022)")
    assert headline.delta is None  # no earlier Art. 337 snapshot of that scope


@pytest.mark.parametrize(("months", "expected"), [
    (("2022-01", "2025-06"), ("2023-06", "2023-11")), (("2023-06", "2023-11"), ("2023-06", "2023-11")),
    (("2023-09", "2023-11"), ("2023-09", "2023-11")), (("2023-07", "2024-06"), ("2023-07", "2024-06")),
])
def test_the_overview_leads_with_jun_nov_2023_only_when_the_period_holds_it(months, expected):
    assert headlines.lead_period(Period.of_months(*months)) == Period.of_months(*expected)


# ------------------------------------------------------------------------------------------ in Russian

NBSP = "\u00a0"


def test_the_requests_card_in_russian():
    from desertion.i18n.active import active
    with active("ru"):
        headline = headlines.requests_headline(tables.requests(), ALL)
    assert headline.label == "Запросы в «Идите лесом» о помощи в дезертирстве, сентябрь–ноябрь 2023"
    assert (headline.value, headline.window) == ("577", "сентябрь–ноябрь 2023")
    assert headline.delta == "+89,2% к периоду июнь–август 2023"
    assert headline.note == "Июнь–август 2023: 305 запросов."


def test_the_awol_and_running_total_cards_in_russian_group_digits_and_count_in_the_right_form():
    from desertion.i18n.active import active
    with active("ru"):
        awol = headlines.awol_headline(tables.court_counts(), tables.sources(), ALL)
        total = headlines.cumulative_headline(tables.court_cumulative(), Period.of_months("2023-01", "2024-06"))
        sentence = headlines.sentence_headline(tables.sentences(), ALL)
    assert awol.value == f"5{NBSP}096" and awol.delta == "+409,1% к периоду 2022"
    assert awol.note.startswith(f"2022: 1{NBSP}001 дело. Уточнено; прежнее число: 5{NBSP}024 (опубликовано ")
    assert total.value == f"10{NBSP}025" and total.delta == f"+9{NBSP}489 с 21 марта 2023"
    assert total.window == "на 18 июня 2024, с начала мобилизации (21 сентября 2022)"
    assert sentence.value == "13 лет"
    assert [headlines.years_text(n) for n in (1, 3, 5.5)] == ["1 year", "3 years", "5.5 years"]
    with active("ru"):
        assert [headlines.years_text(n) for n in (1, 3, 5.5, 21)] == ["1 год", "3 года", "5,5 года", "21 год"]


def test_a_card_not_reported_for_the_period_says_so_in_russian():
    from desertion.i18n.active import active
    with active("ru"):
        headline = headlines.awol_headline(tables.court_counts(), tables.sources(), Period.of_months("2023-09", "2023-11"))
        comparison = headlines.compare_windows(tables.requests(), Period.of_months("2021-01", "2021-03"),
                                               Period.of_months("2023-09", "2023-11"))
        shown, change = comparison.figures(), comparison.change()
    assert not headline.reported and headline.label == "Дела о СОЧ (ст. 337), поступившие в суды"
    assert headline.window == "за этот период не опубликовано"
    assert headline.note == f"Ближайшее опубликованное число: 5{NBSP}096 дел за 2023."
    assert shown[0] == ("январь–март 2021", "не опубликовано") and change == ("н/д", "н/д")
