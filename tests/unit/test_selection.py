"""Selection: each table filtered once by its own timing, and the sources narrowed with the rows."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import deck, export, headlines, periods, selection, views
from desertion.periods import Period
from desertion.records import MONTHLY, monthly_counts
from desertion.selection import Selection
from desertion.schema import TABLES
from tests.fixtures import tables

ALL = Period.of_months("2020-01", "2026-12")
Y2023 = Period.of_months("2023-01", "2023-12")


def fixture_tables() -> dict[str, pd.DataFrame]:
    return {"sources": tables.sources(), "idite_lesom": tables.requests(), "sentences": tables.sentences(),
            "quotes": tables.quotes()}


@pytest.fixture
def counted(monkeypatch):
    """Count every call of the period filter that Selection uses."""
    calls: list[int] = []
    real = selection.filter_table

    def counting(timing, frame, period):
        calls.append(id(frame))
        return real(timing, frame, period)

    monkeypatch.setattr(selection, "filter_table", counting)
    return calls


def test_a_table_is_filtered_once_however_often_it_is_asked_for(counted):
    sel = Selection(fixture_tables(), Y2023)
    first = sel.rows("idite_lesom")
    assert sel.rows("idite_lesom") is first
    sel.in_period()
    _ = sel.period_sources  # computing them must not filter again
    assert counted.count(id(sel.tables["idite_lesom"])) == 1
    assert sel.rows("court_counts") is None and sel.rows("court_counts") is None


def test_rows_are_the_tables_own_timing_filter():
    frames = fixture_tables()
    sel = Selection(frames, Y2023)
    for name in ("idite_lesom", "sentences", "quotes"):
        expected = periods.filter_table(TABLES[name].timing, frames[name], Y2023)
        pd.testing.assert_frame_equal(sel.rows(name), expected)


def test_a_derived_table_is_filtered_by_its_declared_timing():
    monthly = monthly_counts(pd.DataFrame({
        "date_received": pd.to_datetime(["2023-01-05", "2023-02-01", "2024-03-01"]),
        "article": ["337", "337", "338"], "source_id": ["src-a", "src-a", "src-b"]}))
    rows = Selection({MONTHLY: monthly}, Y2023).rows(MONTHLY)
    assert list(rows["period_start"].dt.strftime("%Y-%m")) == ["2023-01", "2023-02"]
    assert set(rows["in_period"]) == {periods.INSIDE}


def test_sources_are_narrowed_with_the_rows():
    frames = fixture_tables()
    everything = Selection(frames, ALL)
    nothing = Selection(frames, Period.of_months("2001-01", "2001-12"))
    assert set(nothing.in_period()["sources"]["source_id"]) == set()
    assert nothing.period_sources.empty
    cited = set(everything.period_sources["source_id"])
    in_rows = {i for name in ("idite_lesom", "sentences", "quotes") for i in everything.rows(name)["source_id"]}
    assert cited == in_rows
    assert list(everything.in_period()) == ["sources", "idite_lesom", "sentences", "quotes"]


def test_sources_for_keeps_the_order_of_citation():
    sel = Selection(fixture_tables(), ALL)
    rows = pd.DataFrame({"source_id": ["src-c", "src-a", "src-c"]})
    assert list(sel.sources_for(rows)["source_id"]) == ["src-c", "src-a"]
    assert list(sel.sources_for(None, rows)["source_id"]) == ["src-c", "src-a"]


def test_a_missing_sources_table_gives_an_empty_frame_with_its_columns():
    sel = Selection({"idite_lesom": tables.requests()}, ALL)
    assert sel.sources.empty and list(sel.sources.columns) == list(TABLES["sources"].column_names)
    assert "sources" not in sel.in_period()


def test_views_headlines_slides_and_exports_share_one_selection(counted):
    sel = Selection(fixture_tables(), ALL)
    views.requests_view(sel)
    views.helped_view(sel)
    headlines.overview_headlines(sel)
    deck.build_deck(sel, period_label="All time", version="test")
    export.data_zip(sel, period_label="All time", version="test")
    for name in ("idite_lesom", "sentences", "quotes"):
        assert counted.count(id(sel.tables[name])) == 1, name


def test_a_view_lists_the_sources_its_rows_cite_and_the_figure_says_so():
    view = views.requests_view(Selection(fixture_tables(), ALL))
    assert list(view.sources["source_id"]) == list(dict.fromkeys(view.rows["source_id"]))


def test_views_are_registered_as_functions():
    assert views.VIEWS["requests_view"] is views.requests_view
    assert views.registered_name(views.timeline_view) == "timeline_view"
    with pytest.raises(KeyError):
        views.registered_name(views.all_chart_views)
