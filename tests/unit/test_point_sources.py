"""A clicked bar or point opens its source row, with the arithmetic of any figure the dashboard derived."""

from __future__ import annotations

import pytest

from desertion import point_sources
from tests.fixtures import tables


@pytest.fixture
def requests():
    frame = tables.requests()
    return frame[frame["metric"] == "desertion_requests"]


@pytest.fixture
def sources_by_id():
    return tables.sources().set_index("source_id", drop=False)


def test_a_point_resolves_by_the_id_in_its_customdata(requests, sources_by_id):
    card = point_sources.describe_point(requests, sources_by_id, {"customdata": ["son"], "y": 577})
    assert (card.figure, card.window, card.grade) == ("577", "Sep–Nov 2023", sources_by_id.loc["src-a", "grade"])
    assert card.url == sources_by_id.loc["src-a", "url"]
    assert card.arithmetic == ("+89.2% = 577 / 305 − 1, against Jun–Aug 2023",)


def test_the_change_is_computed_against_the_whole_table_not_the_period(requests, sources_by_id):
    son_only = requests[requests["record_id"] == "son"]
    card = point_sources.describe_point(son_only, sources_by_id, {"customdata": "son"}, whole_table=requests)
    assert card.arithmetic == ("+89.2% = 577 / 305 − 1, against Jun–Aug 2023",)
    assert point_sources.describe_point(son_only, sources_by_id, {"customdata": "son"}).arithmetic == ()


def test_a_per_month_point_says_how_it_was_divided(requests, sources_by_id):
    card = point_sources.describe_point(requests, sources_by_id, {"customdata": ["jja"], "y": 305 / 3.0})
    assert card.arithmetic == ("101.7 per month = 305 / 3.0 months",)


def test_without_an_id_only_a_unique_value_resolves(requests, sources_by_id):
    assert point_sources.describe_point(requests, sources_by_id, {"y": 218}).window == "Oct 2023"
    doubled = requests.assign(value=[54, 54, 577, 218, 284])
    assert point_sources.describe_point(doubled, sources_by_id, {"y": 54}) is None  # never guessed
    assert point_sources.describe_point(requests, sources_by_id, {"customdata": ["nope"], "y": 1}) is None
    assert point_sources.describe_point(requests, sources_by_id, {}) is None


def test_a_russian_card_says_its_window_and_arithmetic_in_russian(requests, sources_by_id):
    from desertion.i18n.active import active
    with active("ru"):
        card = point_sources.describe_point(requests, sources_by_id, {"customdata": ["son"], "y": 577})
        rate = point_sources.describe_point(requests, sources_by_id, {"customdata": ["jja"], "y": 305 / 3.0})
        helped = point_sources.window_of(tables.requests().set_index("record_id").loc["helped"])
    assert card.window == "сентябрь–ноябрь 2023" and helped == "29 февраля 2024"
    assert card.arithmetic == ("+89,2% = 577 / 305 − 1; база сравнения — июнь–август 2023",)
    assert rate.arithmetic == ("101,7 в месяц = 305 / 3,0 мес.",)
