"""The benchmark's period changes in each language: the English plan is the one every earlier benchmark used, so
a Russian run compares like with like (the same two periods, named as the Russian page names them)."""

from desertion.testing import PERIOD_CHANGES, period_changes_in


def test_the_english_plan_is_the_benchmarks_plan():
    assert period_changes_in("en") == PERIOD_CHANGES


def test_the_russian_plan_names_the_same_periods_in_russian():
    assert period_changes_in("ru") == [("сентябрь–ноябрь 2023", "сентябрь 2023 – ноябрь 2023"),
                                       ("2024", "январь 2024 – декабрь 2024")]
