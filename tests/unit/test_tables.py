"""Tables for readers show words (issue 11, item 10): sources by outlet, date and grade, never by internal id; no
code of a vocabulary; no URL slug.

Every chart's table (every registered view) and every page table, built from the shipped data for All time
and for Sep–Nov 2023, is searched with tests/fixtures/reader_words. The checker itself is tested on the
cells the tables showed before (a source id, '337', 'deserters_listed'), so it can fail.
"""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import tables, updates, views
from desertion.loading import load_dataset
from desertion.periods import Period, table_bounds
from desertion.selection import Selection
from tests.conftest import DATA
from tests.fixtures import reader_words
from tests.fixtures import tables as fixtures


def test_the_requests_table_names_outlets_not_source_ids():
    frame, sources = fixtures.requests(), fixtures.sources()
    shown = tables.idite_lesom_table(frame, sources)["Source"].to_list()
    assert not set(shown) & set(frame["source_id"])
    first = sources.set_index("source_id").loc[frame["source_id"].iloc[0]]
    assert shown[0].startswith(str(first["outlet"])) and shown[0].endswith(f"(grade {first['grade']})")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return load_dataset(DATA).frames


@pytest.fixture(scope="module")
def changes() -> pd.DataFrame:
    return updates.latest_update(updates.read_changelog(DATA / updates.CHANGELOG))


@pytest.fixture(scope="module")
def rules(frames, changes) -> tuple[set[str], set[str], set[str]]:
    return (reader_words.internal_ids(frames), reader_words.labelled_codes(),
            reader_words.data_text(frames, changes["note"].dropna().astype(str)))


PERIODS = {"all time": None, "Sep–Nov 2023": Period.of_months("2023-09", "2023-11")}


def selection(frames, period: str) -> Selection:
    return Selection(frames, PERIODS[period] or table_bounds(frames))


def chart_tables(sel: Selection) -> dict[str, pd.DataFrame]:
    """The table of every chart a page can draw: every registered view at its default settings, and the
    events table of each chart with an event strip."""
    built: dict[str, pd.DataFrame] = {}
    for view in views.VIEWS.values():
        made = view(sel)
        for chart in made if isinstance(made, list) else [made]:
            if chart is not None:
                built[chart.key] = chart.table
                if len(chart.events):
                    built[f"{chart.key}: events"] = chart.events
    return built


def page_tables(sel: Selection, frames, changes) -> dict[str, pd.DataFrame]:
    """Every table a page shows beside its charts, as the pages build them."""
    rows, sources = sel.rows, sel.sources
    return {
        "requests: all figures": tables.idite_lesom_table(rows("idite_lesom"), sources),
        "court cases: running totals": tables.snapshots_table(rows("court_cumulative"), sources),
        "court cases: counts": tables.court_counts_table(rows("court_counts"), sources),
        "court cases: official": tables.official_counts_table(rows("official_counts"), sources),
        "court cases: regions": tables.snapshots_table(rows("court_regions"), sources),
        "court cases: sentences": tables.sentences_table(frames["sentences"], sources),  # with the undated ones
        "court cases: estimates": tables.estimates_table(rows("estimates"), sources),
        "overview: latest update": tables.changes_table(changes, sources, frames),
        "sources: every source": reader_sources(frames),
    }


def reader_sources(frames) -> pd.DataFrame:
    """The Sources & method listing as ui.render_sources_table builds it."""
    from desertion.provenance import sources_table
    listing = sources_table(frames["sources"])
    return listing.assign(**{"Used by": frames["sources"]["source_id"].map(tables.source_usage(frames)).fillna("")})


@pytest.mark.parametrize("period", PERIODS)
def test_no_chart_table_shows_an_id_a_code_or_a_slug(frames, rules, period):
    built = chart_tables(selection(frames, period))
    assert {"requests", "court_cumulative", "court_annual", "sentences", "timeline", "official_counts",
            "court_regions"} <= set(built)
    found = {key: reader_words.problems(table, *rules) for key, table in built.items()}
    assert not any(found.values()), {k: v[:3] for k, v in found.items() if v}


@pytest.mark.parametrize("period", PERIODS)
def test_no_page_table_shows_an_id_a_code_or_a_slug(frames, changes, rules, period):
    built = page_tables(selection(frames, period), frames, changes)
    assert all(len(table) for name, table in built.items() if period == "all time"), "a table came out empty"
    found = {name: reader_words.problems(table, *rules) for name, table in built.items()}
    assert not any(found.values()), {k: v[:3] for k, v in found.items() if v}


def test_the_checker_finds_what_the_tables_showed_before(frames, rules):
    source_id, record_id = frames["sources"]["source_id"].iloc[1], frames["court_counts"]["record_id"].iloc[0]
    before = pd.DataFrame({"Article": ["337"], "What": ["deserters_listed"], "Type": ["osint"], "Source": [source_id],
                           "Row": [f"Mediazona's counts: {record_id}"], "Title": ["pomosch-s-dezertirstvom"],
                           "Table": ["court_counts"], "Value": ["337"]})
    found = reader_words.problems(before, *rules)
    assert [f.split(":")[0] for f in found] == ["Article", "What", "Type", "Source", "Row", "Title", "Table"]
    assert not reader_words.problems(before[["Value"]].assign(What="deserters listed"), *rules)


def test_every_source_is_named_by_outlet_date_and_grade(frames):
    sources = frames["sources"]
    cited = frames["court_counts"].head(3)
    names = tables.source_names(cited, sources)
    first = sources.set_index("source_id").loc[cited["source_id"].iloc[0]]
    assert str(first["outlet"]) in names[0] and names[0].endswith(f"(grade {first['grade']})")
    details = tables.source_details(cited["source_id"], sources)
    assert list(details.columns) == views.TABLE_COLUMNS[-3:]
    assert details["Grade"].iloc[0].startswith(f"{first['grade']}: ")


def test_a_cell_citing_two_sources_names_both_and_an_unknown_id_says_so(frames):
    sources = frames["sources"]
    two = ";".join(sources["source_id"].iloc[:2])
    names = tables.source_names(pd.DataFrame({"source_id": [two, "no-such-source"]}), sources)
    assert names[0].count("(grade ") == 2 and "; " in names[0]
    assert names[1] == tables.UNKNOWN_SOURCE


def test_the_region_table_is_the_running_totals_table_with_its_region_first(frames):
    sources = frames["sources"]
    regions = tables.snapshots_table(frames["court_regions"], sources)
    totals = tables.snapshots_table(frames["court_cumulative"], sources)
    assert list(regions.columns) == ["Region", *totals.columns]


def test_reader_tables_in_russian_and_in_english_as_before():
    from desertion.i18n.active import active
    frame, sources = fixtures.requests(), fixtures.sources()
    english = tables.idite_lesom_table(frame, sources)
    with active("ru"):
        russian = tables.idite_lesom_table(frame, sources)
        sentences = tables.sentences_table(fixtures.sentences(), sources)
        details = tables.source_details(frame["source_id"], sources)
    assert list(english.columns) == ["Figure", "When", "Value", "In period", "Source", "Note"]
    assert list(russian.columns) == ["Показатель", "Когда", "Значение", "В периоде", "Источник", "Примечание"]
    assert "запросы о помощи в дезертирстве" in set(russian["Показатель"])
    assert "сентябрь–ноябрь 2023" in set(russian["Когда"]) and set(russian["В периоде"]) <= {"целиком", "частично"}
    assert russian["Источник"].iloc[0].endswith("(надёжность A)") and "декабря" in russian["Источник"].iloc[0]
    assert set(sentences["Условно"]) <= {"да", "нет", "неизвестно"} and "Ст. 337 (СОЧ)" in set(sentences["Статья"])
    assert list(details.columns) == views.TABLE_COLUMNS[-3:]  # keys for the chart's table, which heads them
    assert details["Grade"].iloc[0] == "A: первоисточник"
