"""Numbers, dates and periods in Russian and English (exact text, Babel's no-break space included), English
identical to the English-only functions the pages use today, and the rule that picks a visitor's language."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desertion import formatting, periods
from desertion.i18n import formats
from desertion.i18n.choice import (
    LanguageChoice,
    accept_language_tags,
    browser_language,
    choose_language,
    parse_language,
    primary_language,
)
from desertion.periods import Period, build_presets

NBSP = "\u00a0"  # Babel's (CLDR's) group separator for Russian
T = pd.Timestamp


# ------------------------------------------------------------------------------------------ numbers

@pytest.mark.parametrize(("value", "ru", "en"), [
    (20538, f"20{NBSP}538", "20,538"),
    (2076, f"2{NBSP}076", "2,076"),
    (305, "305", "305"),
    (4.3, "4,3", "4.3"),
    (1234567.25, f"1{NBSP}234{NBSP}567,2", "1,234,567.2"),
    (float("nan"), "н/д", "n/a"),
])
def test_counts(value, ru, en):
    assert formats.format_count(value, language="ru") == ru
    assert formats.format_count(value, language="en") == en


def test_figures_keep_their_qualifiers():
    assert formats.format_figure(1000, lower_bound=True, language="ru") == f">1{NBSP}000"
    assert formats.format_figure(1500, approximate=True, language="ru") == f"≈1{NBSP}500"
    assert formats.format_figure(36.5, unit="percent", language="ru") == "36,5%"


@pytest.mark.parametrize(("before", "after", "ru"), [
    (305, 577, ("+272", "+89,2%")),
    (5096, 3200, (f"−1{NBSP}896", "−37,2%")),
    (0, 12, ("+12", "н/д")),
])
def test_changes(before, after, ru):
    assert formats.format_change(before, after, language="ru") == ru


@pytest.mark.parametrize(("n", "ru", "en"), [
    (1, "1 запрос", "1 request"), (3, "3 запроса", "3 requests"), (20538, f"20{NBSP}538 запросов", "20,538 requests"),
])
def test_quantities(n, ru, en):
    assert formats.format_quantity(n, "request", language="ru") == ru
    assert formats.format_quantity(n, "request", language="en") == en
    assert formats.format_quantity(2, "case", language="ru") == "2 дела"
    assert formats.format_quantity(5, "table", language="ru") == "5 таблиц"


# ------------------------------------------------------------------------------------------ dates and periods

@pytest.mark.parametrize(("precision", "ru", "en"), [
    ("day", "5 декабря 2023", "5 Dec 2023"),
    ("month", "декабрь 2023", "Dec 2023"),
    ("quarter", "IV кв. 2023", "Q4 2023"),
    ("year", "2023", "2023"),
])
def test_dates_at_their_precision(precision, ru, en):
    assert formats.format_date(T("2023-12-05"), precision, language="ru") == ru
    assert formats.format_date(T("2023-12-05"), precision, language="en") == en


def test_every_quarter_in_roman_numerals():
    assert [formats.format_date(T(f"2024-{m:02d}-01"), "quarter", language="ru") for m in (1, 4, 7, 10)] == [
        "I кв. 2024", "II кв. 2024", "III кв. 2024", "IV кв. 2024"]
    assert formats.format_date(None, language="ru") == "дата неизвестна"


@pytest.mark.parametrize(("start", "end", "ru", "en"), [
    ("2023-09-01", "2023-11-30", "сентябрь–ноябрь 2023", "Sep–Nov 2023"),
    ("2023-10-01", "2023-10-31", "октябрь 2023", "Oct 2023"),
    ("2023-01-01", "2023-12-31", "2023", "2023"),
    ("2024-01-01", "2024-06-30", "I полугодие 2024", "H1 2024"),
    ("2024-07-01", "2024-12-31", "II полугодие 2024", "H2 2024"),
    ("2022-09-01", "2023-03-31", "сентябрь 2022 – март 2023", "Sep 2022 – Mar 2023"),
    ("2023-09-05", "2023-10-20", "5 сентября 2023 – 20 октября 2023", "5 Sep 2023 – 20 Oct 2023"),
])
def test_windows(start, end, ru, en):
    assert formats.describe_window(T(start), T(end), language="ru") == ru
    assert formats.describe_window(T(start), T(end), language="en") == en


def test_periods_and_months():
    period = Period.of_months("2023-09", "2023-11")
    assert formats.describe_period(period, language="ru") == "сентябрь 2023 – ноябрь 2023"
    assert formats.describe_period(Period.of_months("2024-05", "2024-05"), language="ru") == "май 2024"
    assert formats.month_label(T("2023-09-01"), language="ru") == "сентябрь 2023"


def test_presets_are_named_in_the_language():
    presets = build_presets(Period.of_months("2022-01", "2024-12"))
    ru = [formats.preset_label(p, language="ru") for p in presets]
    assert ru[0] == "За всё время"
    assert "С начала мобилизации (21 сентября 2022)" in ru
    assert {"2023", "I полугодие 2023", "июнь–август 2023", "сентябрь–ноябрь 2023"} <= set(ru)
    assert [formats.preset_label(p, language="en") for p in presets] == [p.label for p in presets]


def test_a_figure_date_is_a_window_or_a_date_at_its_precision():
    assert formats.format_when(T("2023-09-01"), T("2023-11-30"), "window", language="ru") == "сентябрь–ноябрь 2023"
    assert formats.format_when(T("2025-05-01"), T("2025-05-31"), "month", language="ru") == "май 2025"


def test_a_language_must_be_named():
    with pytest.raises(TypeError):
        formats.format_count(1)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unsupported language"):
        formats.format_date(T("2023-01-01"), language="de")


# English is exactly what the pages show today, so a page can switch call by call.
MONTHS = st.dates(min_value=pd.Timestamp("2000-01-01").date(), max_value=pd.Timestamp("2030-12-31").date())
NUMBERS = st.one_of(st.integers(-10**9, 10**9), st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 3)))


@given(NUMBERS, NUMBERS)
def test_english_numbers_are_the_english_functions(a, b):
    assert formats.format_count(a, language="en") == formatting.format_count(a)
    assert formats.format_figure(a, True, False, "percent", language="en") == formatting.format_figure(a, True, False,
                                                                                                        "percent")
    assert formats.format_change(a, b, language="en") == formatting.format_change(a, b)


@given(MONTHS, MONTHS, st.sampled_from(["day", "month", "quarter", "year"]), st.booleans())
def test_english_dates_and_windows_are_the_english_functions(first, second, precision, whole):
    start, end = sorted((T(first), T(second)))
    if whole:
        start, end = start.replace(day=1), periods.month_end(end)
    assert formats.describe_window(start, end, language="en") == periods.describe_window(start, end)
    assert formats.format_date(start, precision, language="en") == formatting.format_date(start, precision)
    period = Period(start.replace(day=1), periods.month_end(end))
    assert formats.describe_period(period, language="en") == period.describe()
    assert formats.month_label(start, language="en") == periods.month_label(start)


# ------------------------------------------------------------------------------------------ choosing the language

@pytest.mark.parametrize(("value", "language"), [
    ("ru", "ru"), (" EN ", "en"), (["en", "ru"], "ru"), ("de", None), ("", None), (None, None), ([], None),
    ("ru-RU", None), ("<script>", None),
])
def test_the_lang_parameter(value, language):
    assert parse_language(value) == language


def test_accept_language_is_read_by_weight():
    assert accept_language_tags("de-DE,de;q=0.9,ru;q=0.8,en;q=0.7") == ["de-DE", "de", "ru", "en"]
    assert accept_language_tags("en;q=0.5, ru") == ["ru", "en"]
    assert accept_language_tags("ru;q=0, en, garbage;;, *;q=0.1") == ["en", "*"]
    assert accept_language_tags(None) == [] and accept_language_tags("") == []


@pytest.mark.parametrize(("locale", "header", "language"), [
    ("ru-RU", None, "ru"), ("ru", "en-US,en;q=0.9", "ru"), ("en-US", "ru-RU,ru;q=0.9", "en"),
    (None, "ru-RU,ru;q=0.9,en-US;q=0.8", "ru"), (None, "uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.7", "ru"),
    ("uk-UA", "uk,en;q=0.9,ru;q=0.8", "en"), ("de-DE", None, "en"), (None, None, "en"), ("", "", "en"),
])
def test_the_browser_language(locale, header, language):
    assert browser_language(locale, header) == language
    assert primary_language("en_GB") == "en"


def test_the_address_wins_then_the_session_then_the_browser():
    remembered = LanguageChoice("en", in_url=True)
    assert choose_language("ru", remembered, "en-US", None) == LanguageChoice("ru", True)
    assert choose_language(None, remembered, "ru-RU", None) == remembered
    assert choose_language("xx", None, "ru-RU", None) == LanguageChoice("ru", True)  # detected Russian: in the address
    assert choose_language(None, None, "en-US", None) == LanguageChoice("en", False)  # plain address
    assert LanguageChoice("en", False).params == {} and LanguageChoice("en", True).params == {"lang": "en"}
