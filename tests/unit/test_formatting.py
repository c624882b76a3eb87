"""How numbers, dates and flagged figures read."""

from __future__ import annotations

import pandas as pd

from desertion.formatting import format_change, format_date, format_figure


def test_formats():
    assert format_figure(1000, lower_bound=True) == ">1,000"
    assert format_figure(1500, approximate=True) == "≈1,500"
    assert format_figure(4.3, unit="percent") == "4.3%"
    assert format_date(pd.Timestamp("2023-10-01"), "quarter") == "Q4 2023"
    assert format_date(pd.NaT) == "date unknown"
    assert format_change(305, 577) == ("+272", "+89.2%")
    assert format_change(10, 5) == ("−5", "−50.0%")


def test_formats_follow_the_language_of_the_code_running_now():
    from desertion.formatting import describe_period, describe_window, format_count, format_span
    from desertion.i18n.active import active
    from desertion.periods import Period
    june, august = pd.Timestamp("2023-06-01"), pd.Timestamp("2023-08-31")
    with active("ru"):
        assert format_count(20538) == "20\u00a0538" and format_figure(1000, lower_bound=True) == ">1\u00a0000"
        assert format_change(305, 577) == ("+272", "+89,2%")
        assert format_date(pd.Timestamp("2023-10-01"), "quarter") == "IV кв. 2023"
        assert format_span(pd.Timestamp("2022-12-06"), pd.Timestamp("2022-12-14")) == "6–14 декабря 2022"
        assert describe_window(june, august) == "июнь–август 2023"
        assert describe_period(Period.of_months("2023-09", "2023-11")) == "сентябрь 2023 – ноябрь 2023"
    assert format_count(20538) == "20,538" and describe_window(june, august) == "Jun–Aug 2023"
    assert format_span(pd.Timestamp("2022-12-06"), pd.Timestamp("2022-12-14")) == "6–14 Dec 2022"
