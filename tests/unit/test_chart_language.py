"""Charts in the reader's language (issue 14): every view built under `i18n.active("ru")` has Russian words where
the chart modules make them (subtitle, notes, panel titles, hover, alt text, reader-table headers), Russian month
ticks, numbers grouped with a no-break space; in English the figures are what they were (no tick aliases, no
separators of their own). The words layer (findings, labels, provenance) is translated on its own."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from desertion import chart_text, slide_charts, theme, views
from desertion.i18n import formats
from desertion.i18n.active import active
from desertion.label_layout import text_width
from desertion.loading import load_dataset
from desertion.periods import Period, table_bounds
from desertion.selection import Selection
from tests.conftest import REPO

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
NBSP = "\u00a0"
TIME_CHARTS = {"requests", "helped", "court_cumulative", "court_annual", "court_monthly", "sentences", "timeline"}
SEP_NOV = Period.of_months("2023-09", "2023-11")
RUSSIAN_EVENT_COLUMNS = ["На графике", "Дата", "Событие", "Тип", "Источник", "Дата источника", "Надёжность"]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return load_dataset(REPO / "data").frames


def built(frames: dict[str, pd.DataFrame], period: Period | None, language: str) -> list[views.ChartView]:
    sel = Selection(frames, period or table_bounds(frames))
    with active(language):
        made = [*views.all_chart_views(sel), views.official_counts_view(sel), views.court_regions_view(sel),
                views.requests_view(sel, compact=True, room=slide_charts.WIDE_ROOM)]
    return [view for view in made if view is not None]


def texts(view: views.ChartView, name: str) -> list[str]:
    return [a.text for a in view.figure.layout.annotations if a.name == name]


@pytest.mark.parametrize("period", [None, SEP_NOV], ids=["all-time", "sep-nov-2023"])
def test_every_view_built_in_russian_says_its_own_words_in_russian(frames, period):
    chosen = period or table_bounds(frames)
    for view in built(frames, period, "ru"):
        meta, fig = view.figure.layout.meta, view.figure
        where = view.key
        # The subtitle: what is counted (the chart's own words) and the period in Russian, on its own line.
        counted, _, when = meta["subtitle"].rpartition(" · ")
        assert when == formats.describe_period(chosen, language="ru") and CYRILLIC.search(counted), where
        assert CYRILLIC.search(view.alt), where
        if not fig.data:  # the figure that says there is nothing to draw
            assert view.alt.endswith("Нет данных за этот период") and "Source" not in meta["source"], where
        for label in texts(view, "panel label"):
            assert label.startswith("Периоды"), (where, label)
        hovers = [h for trace in fig.data for h in (trace.hovertext or ())]
        assert all("Source:" not in h for h in hovers), where
        assert not hovers or any("Источник: " in h for h in hovers), where
        # Reader tables: Russian headers (built under the English names, shown translated).
        assert "Показатель" in view.table.columns and "Series" not in view.table.columns, where
        assert list(view.events.columns) in ([], RUSSIAN_EVENT_COLUMNS), where
        # Numbers: Plotly's ticks with a decimal comma and a no-break space, whole ('25 000', not '25k').
        assert fig.layout.separators == "," + NBSP, where
        assert all(axis.exponentformat == "none" for axis in fig.select_yaxes()), where
        for label in texts(view, "value label"):
            assert not re.search(r"\d,\d{3}", label), (where, label)
        if view.key in TIME_CHARTS and fig.data:
            aliases = fig.layout.xaxis.labelalias
            assert aliases["Sep<br>2023"] == "сен<br>2023" and aliases["May 2024"] == "май 2024", where


def test_russian_values_are_grouped_with_a_no_break_space(frames):
    annual = next(v for v in built(frames, None, "ru") if v.key == "court_annual")
    assert "10" + NBSP + "308" in texts(annual, "value label")
    assert any("запросов: 2" + NBSP + "086" in h for v in built(frames, None, "ru") if v.key == "requests"
               for trace in v.figure.data for h in (trace.hovertext or ()))


def test_english_views_are_built_as_before_without_aliases_or_separators_of_their_own(frames):
    for view in built(frames, None, "en"):
        fig = view.figure
        assert fig.layout.separators is None and fig.layout.xaxis.labelalias is None, view.key
        assert all(axis.exponentformat is None for axis in fig.select_yaxes()), view.key
        assert fig.layout.meta["subtitle"].endswith("Jan 2021 – Dec 2025"), view.key
        assert list(view.table.columns) == views.TABLE_COLUMNS or view.key == "timeline"
    assert pio_separators() == ".,"  # the template's, shared by both languages


def pio_separators() -> str:
    import plotly.io as pio

    return pio.templates[theme.TEMPLATE_NAME].layout.separators


def test_a_build_in_russian_leaves_the_next_english_build_english(frames):
    built(frames, SEP_NOV, "ru")
    [requests, *_] = built(frames, SEP_NOV, "en")
    assert requests.figure.layout.meta["subtitle"].endswith("Sep 2023 – Nov 2023")


def test_russian_month_ticks_are_three_letters_of_babels_names_and_no_wider_than_english():
    months = [chart_text.tick_month(m, "ru") for m in range(1, 13)]
    assert months == ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
    # Plotly spaces month ticks for the widest: the widest Russian month is about as wide as the widest English one.
    widest = {language: max(text_width(chart_text.tick_month(m, language), 15) for m in range(1, 13))
              for language in ("en", "ru")}
    assert widest["ru"] <= widest["en"] * 1.1, widest
    assert chart_text.tick_aliases([pd.Timestamp("2023-01-01"), pd.Timestamp("2024-01-01")], "en") == {}


def test_a_russian_slide_keeps_its_own_date_ticks_over_the_charts_format_stops(frames):
    with active("ru"):
        view = views.court_cumulative_view(Selection(frames, table_bounds(frames)), room=slide_charts.WIDE_ROOM)
        fitted = slide_charts.fit_slide_chart(view.figure, slide_charts.WIDE_ROOM)
    assert view.figure.layout.xaxis.tickformatstops  # the page's chart lets Plotly choose, months over years
    assert fitted.layout.xaxis.tickformatstops == () and fitted.layout.xaxis.tickformat in ("%b %Y", "%Y")
    assert fitted.layout.xaxis.labelalias["Jan 2024"] == "янв 2024"


def test_a_russian_chart_names_its_events_and_sentences_in_the_datas_russian(frames):
    requests = next(view for view in built(frames, SEP_NOV, "ru") if view.key == "requests")  # not the compact one
    assert texts(requests, "event label") == ["Максим Кочетков приговорён к 13 годам"]
    assert "Свердлин" in " ".join(texts(requests, "event key")) and "Sverdlin" not in requests.alt
    assert all(CYRILLIC.search(title) for title in requests.events["Событие"])
    sentences = {view.key: view for view in built(frames, None, "ru")}["sentences"]
    assert "Максим Кочетков" in sentences.alt and "Kochetkov" not in sentences.alt
    english = next(view for view in built(frames, SEP_NOV, "en") if view.key == "requests")
    assert texts(english, "event label") == ["Maxim Kochetkov sentenced to 13 years"]
