"""findings: one test per rule of a stated finding, and one per refusal (the title stays neutral)."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import findings
from desertion.findings import describe_change, state_interval_finding, state_snapshot_finding
from desertion.loading import load_dataset
from desertion.periods import INSIDE, PARTLY, Period, filter_table
from desertion.schema import TABLES
from tests.conftest import DATA

SUBJECT = "Requests for help to desert"
NEUTRAL = "Requests to Idite Lesom for help to desert, by reporting window"
TOTALS = "AWOL cases since mobilisation"
TOTALS_NEUTRAL = "Court cases, running total"


def windows(*rows: tuple, metric: str = "desertion_requests") -> pd.DataFrame:
    """Synthetic interval rows: (start, end, value[, lower_bound[, in_period[, approximate]]])."""
    records = []
    for row in rows:
        start, end, value, bound, where, approx = (*row, False, INSIDE, False)[:6]
        records.append(dict(period_start=pd.Timestamp(start), period_end=pd.Timestamp(end), value=value,
                            approximate=approx, lower_bound=bound, in_period=where, metric=metric))
    return pd.DataFrame(records)


def totals(*rows: tuple, scope: str = "since_mobilisation") -> pd.DataFrame:
    """Synthetic running totals: (as_of, precision, value[, lower_bound[, in_period]])."""
    records = []
    for row in rows:
        as_of, precision, value, bound, where = (*row, False, INSIDE)[:5]
        records.append(dict(as_of=pd.Timestamp(as_of), as_of_precision=precision, value=value, approximate=False,
                            lower_bound=bound, in_period=where, scope=scope, article="337",
                            measure="cases_received"))
    return pd.DataFrame(records)


JJA, SON = ("2023-06-01", "2023-08-31"), ("2023-09-01", "2023-11-30")


# ------------------------------------------------------------------ wording


@pytest.mark.parametrize("before, after, words", [
    (100, 301, "more than tripled"), (100, 300, "tripled"), (100, 201, "more than doubled"),
    (100, 200, "doubled"), (305, 577, "nearly doubled"), (100, 180, "nearly doubled"), (100, 179, "rose"),
    (100, 105, "rose"), (100, 104, "rose slightly"), (100, 100, "were unchanged"), (100, 96, "fell slightly"),
    (100, 95, "fell"), (100, 56, "fell"), (100, 55, "nearly halved"), (100, 50, "halved"),
    (100, 49, "fell by more than half"),
])
def test_wording_thresholds(before, after, words):
    assert describe_change(before, after) == words


def test_no_wording_from_zero():
    assert describe_change(0, 10) is None


def test_lower_bound_later_rise_is_at_least_and_never_a_multiple():
    # 577 is at least 89.18% above 305: rounded down, never up, and "nearly doubled" is not claimed.
    assert describe_change(305, 577, after_bound=True) == "rose by at least 89%"
    assert describe_change(100, 250, after_bound=True) == "rose by at least 150%"


def test_lower_bound_earlier_fall_is_at_least():
    assert describe_change(200, 50, before_bound=True) == "fell by at least 75%"


@pytest.mark.parametrize("before_bound, after_bound, before, after", [
    (True, False, 100, 200),   # a rise from a lower bound: the earlier figure may have been higher
    (False, True, 200, 100),   # a fall to a lower bound: the later figure may be higher
    (True, True, 100, 200),
])
def test_lower_bounds_that_could_reverse_the_direction_are_refused(before_bound, after_bound, before, after):
    assert describe_change(before, after, before_bound=before_bound, after_bound=after_bound) is None


# ------------------------------------------------------------------ interval findings


def test_the_key_finding_305_to_577():
    heading = state_interval_finding(windows((*JJA, 305), (*SON, 577)), subject=SUBJECT, neutral=NEUTRAL)
    assert heading.title == "Requests for help to desert nearly doubled: 305 → 577 (+89%)"
    assert heading.subtitle == NEUTRAL and heading.is_finding and heading.rule == findings.RULE_CHANGE


def test_the_key_finding_from_the_shipped_rows_of_jun_nov_2023():
    """Computed from the real rows: the three-month windows of Jun–Nov 2023, as a like-length panel shows them."""
    dataset = load_dataset(DATA, ["sources", "idite_lesom"])
    frame = filter_table(TABLES["idite_lesom"].timing, dataset.frames["idite_lesom"], Period.of_months("2023-06", "2023-11"))
    requests = frame[frame["metric"] == "desertion_requests"]
    panels = findings.split_by_window_length(requests)
    assert list(panels) == [12, 3, 1]
    heading = state_interval_finding(panels[3], subject=SUBJECT, neutral=NEUTRAL)
    assert heading.title == "Requests for help to desert nearly doubled: 305 → 577 (+89%)"
    # Feb 2023 – Jan 2024 reaches past the period and stands alone: no finding from it.
    assert state_interval_finding(panels[12], subject=SUBJECT, neutral=NEUTRAL).rule == findings.REFUSE_ONE_WINDOW
    months = state_interval_finding(panels[1], subject=SUBJECT, neutral=NEUTRAL)
    assert months.title == "Requests for help to desert fell: 218 (Oct 2023) → 175 (Nov 2023) (−20%)"
    # The same rows unsplit mix window lengths (and one reaches past the period): no finding.
    assert not state_interval_finding(requests, subject=SUBJECT, neutral=NEUTRAL).is_finding


def test_court_counts_by_year_compare_the_latest_two_years_and_name_them():
    rows = windows(("2022-01-01", "2022-12-31", 1001), ("2023-01-01", "2023-12-31", 5096),
                   ("2024-01-01", "2024-12-31", 10308), metric="cases_received")
    heading = state_interval_finding(rows, subject="AWOL cases received", neutral="Court cases by year",
                                     keys=("metric",))
    assert heading.title == "AWOL cases received more than doubled: 5,096 (2023) → 10,308 (2024) (+102%)"


def test_fall_is_stated_with_a_minus_sign():
    heading = state_interval_finding(windows((*JJA, 200), (*SON, 150)), subject=SUBJECT, neutral=NEUTRAL)
    assert heading.title == "Requests for help to desert fell: 200 → 150 (−25%)"


def test_approximate_figures_keep_their_sign():
    heading = state_interval_finding(windows((*JJA, 300, False, INSIDE, True), (*SON, 600)), subject=SUBJECT,
                                     neutral=NEUTRAL)
    assert heading.title == "Requests for help to desert doubled: ≈300 → 600 (+100%)"


def test_safe_lower_bound_says_at_least_and_gives_no_percentage():
    heading = state_interval_finding(windows((*JJA, 305), (*SON, 577, True)), subject=SUBJECT, neutral=NEUTRAL)
    assert heading.title == "Requests for help to desert rose by at least 89%: 305 → at least 577"


def test_refuses_one_window():
    heading = state_interval_finding(windows((*SON, 577)), subject=SUBJECT, neutral=NEUTRAL)
    assert (heading.title, heading.subtitle, heading.rule) == (NEUTRAL, None, findings.REFUSE_ONE_WINDOW)


def test_refuses_windows_of_different_lengths():
    heading = state_interval_finding(windows((*JJA, 305), ("2023-10-01", "2023-10-31", 218)), subject=SUBJECT,
                                     neutral=NEUTRAL)
    assert heading.title == NEUTRAL and heading.rule == findings.REFUSE_LENGTHS


def test_months_of_different_day_counts_are_like_length():
    heading = state_interval_finding(windows(("2024-02-01", "2024-02-29", 100), ("2024-03-01", "2024-03-31", 200)),
                                     subject=SUBJECT, neutral=NEUTRAL)
    assert heading.title == "Requests for help to desert doubled: 100 → 200 (+100%)"


def test_refuses_mixed_measures():
    rows = pd.concat([windows((*JJA, 305)), windows((*SON, 577), metric="all_requests")], ignore_index=True)
    assert state_interval_finding(rows, subject=SUBJECT, neutral=NEUTRAL).rule == findings.REFUSE_MIXED


def test_refuses_mixed_articles():
    rows = windows((*JJA, 305), (*SON, 577)).assign(article=["337", "338"])
    assert state_interval_finding(rows, subject=SUBJECT, neutral=NEUTRAL).rule == findings.REFUSE_MIXED


def test_refuses_two_figures_for_one_window():
    rows = windows(("2023-01-01", "2023-12-31", 5024), ("2023-01-01", "2023-12-31", 5096),
                   ("2024-01-01", "2024-12-31", 9000))
    assert state_interval_finding(rows, subject=SUBJECT, neutral=NEUTRAL).rule == findings.REFUSE_DUPLICATE


def test_refuses_overlapping_windows():
    rows = windows(("2023-06-01", "2023-08-31", 305), ("2023-08-01", "2023-10-31", 400))
    assert state_interval_finding(rows, subject=SUBJECT, neutral=NEUTRAL).rule == findings.REFUSE_OVERLAP


def test_refuses_a_window_partly_outside_the_period():
    rows = windows((*JJA, 305, False, PARTLY), (*SON, 577))
    assert state_interval_finding(rows, subject=SUBJECT, neutral=NEUTRAL).rule == findings.REFUSE_PARTLY


def test_refuses_from_zero():
    rows = windows((*JJA, 0), (*SON, 577))
    assert state_interval_finding(rows, subject=SUBJECT, neutral=NEUTRAL).rule == findings.REFUSE_ZERO


def test_refuses_an_unsafe_lower_bound():
    rows = windows((*JJA, 305, True), (*SON, 577))
    assert state_interval_finding(rows, subject=SUBJECT, neutral=NEUTRAL).rule == findings.REFUSE_BOUND


def test_split_by_window_length_puts_longest_first():
    rows = windows(("2023-02-01", "2024-01-31", 2086), (*JJA, 305), ("2023-10-01", "2023-10-31", 218), (*SON, 577))
    panels = findings.split_by_window_length(rows)
    assert list(panels) == [12, 3, 1]
    assert panels[3]["value"].tolist() == [305, 577]


# ------------------------------------------------------------------ running totals


def test_running_total_reached_up_from():
    rows = totals(("2023-03-21", "day", 471), ("2023-12-01", "month", 4121), ("2024-06-18", "day", 7400))
    heading = state_snapshot_finding(rows, subject=TOTALS, neutral=TOTALS_NEUTRAL)
    assert heading.title == "AWOL cases since mobilisation reached 7,400 by 18 Jun 2024, up from 471 on 21 Mar 2023"
    assert heading.subtitle == TOTALS_NEUTRAL and heading.rule == findings.RULE_RUNNING_TOTAL


def test_running_total_newest_lower_bound_says_at_least():
    rows = totals(("2023-03-21", "day", 471), ("2024-06-18", "day", 7400, True))
    heading = state_snapshot_finding(rows, subject=TOTALS, neutral=TOTALS_NEUTRAL)
    assert heading.title.startswith("AWOL cases since mobilisation reached at least 7,400 by 18 Jun 2024")


def test_running_total_orders_coarse_dates_by_their_end():
    # "as of 2023" ends after "as of 21 Mar 2023"... and before 1 Jan 2024 (a day): the newest is the day.
    rows = totals(("2024-01-01", "day", 5000), ("2023-01-01", "year", 4000))
    heading = state_snapshot_finding(rows, subject=TOTALS, neutral=TOTALS_NEUTRAL)
    assert heading.title == "AWOL cases since mobilisation reached 5,000 by 1 Jan 2024, up from 4,000 in 2023"


def test_running_total_refuses_one_snapshot():
    heading = state_snapshot_finding(totals(("2024-06-18", "day", 7400)), subject=TOTALS, neutral=TOTALS_NEUTRAL)
    assert (heading.title, heading.rule) == (TOTALS_NEUTRAL, findings.REFUSE_ONE_WINDOW)


def test_running_total_refuses_mixed_scopes():
    rows = pd.concat([totals(("2023-03-21", "day", 536)), totals(("2024-12-27", "day", 15902), scope="since_invasion")],
                     ignore_index=True)
    assert state_snapshot_finding(rows, subject=TOTALS, neutral=TOTALS_NEUTRAL).rule == findings.REFUSE_MIXED


def test_running_total_refuses_a_total_that_fell():
    rows = totals(("2023-04-01", "month", 3049), ("2024-06-18", "day", 1064))
    assert state_snapshot_finding(rows, subject=TOTALS, neutral=TOTALS_NEUTRAL).rule == findings.REFUSE_FALLING_TOTAL


def test_running_total_refuses_newest_partly_outside():
    rows = totals(("2023-03-21", "day", 471), ("2023-10-01", "quarter", 4121, False, PARTLY))
    assert state_snapshot_finding(rows, subject=TOTALS, neutral=TOTALS_NEUTRAL).rule == findings.REFUSE_PARTLY


def test_running_total_refuses_an_earlier_lower_bound():
    rows = totals(("2023-03-21", "day", 471, True), ("2024-06-18", "day", 7400))
    assert state_snapshot_finding(rows, subject=TOTALS, neutral=TOTALS_NEUTRAL).rule == findings.REFUSE_BOUND


def test_running_total_refuses_two_snapshots_on_one_date():
    rows = totals(("2024-06-18", "day", 7400), ("2024-06-18", "day", 7500))
    assert state_snapshot_finding(rows, subject=TOTALS, neutral=TOTALS_NEUTRAL).rule == findings.REFUSE_SAME_DATE


# ------------------------------------------------------------------ notes line


def test_notes_line_names_each_mark_used_in_a_fixed_order():
    rows = windows((*JJA, 305, True, PARTLY), (*SON, 577, False, INSIDE, True))
    marks = findings.marks_for(rows, per_month=True)
    assert marks == {findings.MARK_HATCHED, findings.MARK_LOWER_BOUND, findings.MARK_APPROXIMATE,
                     findings.MARK_PER_MONTH}
    line = findings.notes_line(marks)
    assert line.index("Hatched") < line.index("At least") < line.index("≈") < line.index("Per month")
    assert "Hollow" not in line


def test_notes_line_for_snapshots_says_hollow():
    rows = totals(("2023-10-01", "quarter", 4121, False, PARTLY))
    assert findings.notes_line(findings.marks_for(rows, snapshots=True)).startswith("Hollow point")


def test_notes_line_is_empty_without_marks_and_rejects_unknown_marks():
    assert findings.notes_line(findings.marks_for(windows((*JJA, 305)))) == ""
    with pytest.raises(KeyError):
        findings.notes_line({"sparkles"})


@pytest.mark.parametrize("first, second, expected", [
    # Two windows compared by name: a window reaching outside the period does not refuse the change.
    (("2023-06-01", "2023-08-31", 305, False, PARTLY), ("2023-09-01", "2023-11-30", 577, False, PARTLY),
     "Requests for help to desert nearly doubled: 305 → 577 (+89%)"),
    (("2023-10-01", "2023-10-31", 218), ("2023-11-01", "2023-11-30", 175),
     "Requests for help to desert fell: 218 → 175 (−20%)"),
    # The other rules still hold: lengths, lower bounds.
    (("2023-06-01", "2023-08-31", 305), ("2023-09-01", "2023-09-30", 577), NEUTRAL),
    (("2023-06-01", "2023-08-31", 305, True), ("2023-09-01", "2023-11-30", 577, True), NEUTRAL),
])
def test_two_named_windows_state_their_change_by_the_interval_rules(first, second, expected):
    rows = windows(first, second)
    heading = findings.state_window_change(rows.iloc[0], rows.iloc[1], subject=SUBJECT, neutral=NEUTRAL)
    assert heading.title == expected


# ------------------------------------------------------------------------------------------ in Russian

NBSP = "\u00a0"  # the group separator Babel gives Russian


def test_a_finding_title_in_russian_with_the_verb_agreeing_and_the_percent_kept():
    from desertion.i18n.active import active
    rows = windows(("2023-06-01", "2023-08-31", 305), ("2023-09-01", "2023-11-30", 577))
    with active("ru"):
        heading = state_interval_finding(rows, subject="Запросы о помощи в дезертирстве", neutral="Запросы")
    assert heading.title == "Запросы о помощи в дезертирстве почти удвоились: 305 → 577 (+89%)"
    assert heading.rule == findings.RULE_CHANGE  # the rule names stay the code's own words


def test_a_finding_in_russian_groups_digits_and_names_its_windows_in_russian_months():
    from desertion.i18n.active import active
    rows = windows(("2023-03-01", "2023-05-31", 20538, True), ("2023-06-01", "2023-08-31", 1305),
                   ("2023-09-01", "2023-11-30", 2577))
    with active("ru"):
        title = state_interval_finding(rows, subject="Запросы", neutral="n").title
    assert title == (f"Запросы почти удвоились: 1{NBSP}305 (июнь–август 2023) → 2{NBSP}577 (сентябрь–ноябрь 2023) "
                     "(+97%)")
    with active("ru"):
        bounded = state_interval_finding(windows(("2023-06-01", "2023-08-31", 1000),
                                                 ("2023-09-01", "2023-11-30", 1500, True)), subject="Дела", neutral="n")
    assert bounded.title == f"Дела выросли как минимум на 50%: 1{NBSP}000 → не менее 1{NBSP}500"


def test_every_change_wording_has_its_russian_and_english_stays_as_it_was():
    from desertion.i18n.active import active
    ratios = [3.5, 3, 2.5, 2, 1.9, 1.5, 1.01, 1, 0.99, 0.8, 0.52, 0.5, 0.3]
    english = [describe_change(100, 100 * r) for r in ratios]
    with active("ru"):
        russian = [describe_change(100, 100 * r) for r in ratios]
    assert english[4] == "nearly doubled" and russian[4] == "почти удвоились"
    assert all(r and r != e and r.isascii() is False for r, e in zip(russian, english)), list(zip(english, russian))
    assert len(set(russian)) == len(ratios)  # every step of the wording keeps its own words


def test_a_running_total_and_the_notes_line_in_russian():
    from desertion.i18n.active import active
    with active("ru"):
        title = state_snapshot_finding(totals(("2023-03-21", "day", 471), ("2024-06-18", "day", 7400)),
                                       subject="Дела о СОЧ с начала мобилизации", neutral="n").title
        notes = findings.notes_line({findings.MARK_LOWER_BOUND, findings.MARK_APPROXIMATE})
    assert title == f"Дела о СОЧ с начала мобилизации: 7{NBSP}400 на 18 июня 2024 — против 471 на 21 марта 2023"
    assert notes == ("«Не менее» (>): нижняя граница, реальное число может быть выше. "
                     "≈: приблизительное число, как его привёл источник.")
    assert findings.notes_line({findings.MARK_APPROXIMATE}) == "≈: an approximate figure, as the source gave it."
