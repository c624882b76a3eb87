"""Region names in the reader's language: `court_regions.region_ru` is required wherever `region` is filled
(validated at its cell), and a Russian page's By region chart (bars, hover, alt text), its reader tables and the
rows named in words show it, while an English page shows the English exactly as before and the rows behind the
chart keep the English key. Built on the shipped tables, so a region left in English anywhere fails here."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import tables, views
from desertion.i18n.active import active
from desertion.loading import load_dataset, parse_table
from desertion.periods import table_bounds
from desertion.schema import TABLES
from desertion.selection import Selection
from tests.conftest import REPO

ENGLISH_AWOL = ["Moscow region", "Sverdlovsk region", "Orenburg region"]  # largest first
RUSSIAN_AWOL = ["Московский регион", "Свердловская область", "Оренбургская область"]
HEADER = ("record_id,as_of,as_of_precision,scope,region,region_ru,article,measure,value,approximate,lower_bound,"
          "source_id,note,note_ru\n")
TEXT = "text of at most 200 characters without control characters"


@pytest.fixture(scope="module")
def shipped() -> dict[str, pd.DataFrame]:
    return load_dataset(REPO / "data").frames


def region_view(frames: dict[str, pd.DataFrame], language: str) -> views.ChartView:
    with active(language):
        view = views.court_regions_view(Selection(frames, table_bounds(frames)))
    assert view is not None
    return view


def test_every_shipped_region_has_its_russian_name(shipped):
    column = next(c for c in TABLES["court_regions"].columns if c.name == "region_ru")
    assert column.translation_of == "region" and column.required
    regions = shipped["court_regions"]
    assert regions["region_ru"].notna().all()
    assert regions["region_ru"].str.fullmatch("[А-Яа-яЁё -]+").all()
    assert dict(zip(regions["region"], regions["region_ru"]))["Sevastopol"] == "Севастополь"


@pytest.mark.parametrize(("language", "awol", "sevastopol"), [("en", ENGLISH_AWOL, "Sevastopol"),
                                                               ("ru", RUSSIAN_AWOL, "Севастополь")])
def test_the_region_chart_names_each_region_in_the_readers_language(shipped, language, awol, sevastopol):
    view = region_view(shipped, language)
    assert [list(trace.y)[::-1] for trace in view.figure.data] == [awol, [sevastopol]]  # bars and their hover
    assert all(trace.hovertemplate.startswith("%{y}") for trace in view.figure.data)
    alt = view.alt
    assert all(name in alt for name in [*awol, sevastopol])
    assert list(view.table.iloc[:, 0].str.split(",").str[0]) == [*awol, sevastopol]
    other = RUSSIAN_AWOL if language == "en" else ENGLISH_AWOL
    assert not any(name in alt or name in view.table.to_string() for name in other)


def test_the_russian_chart_ranks_and_counts_exactly_as_the_english(shipped):
    english, russian = region_view(shipped, "en"), region_view(shipped, "ru")
    assert [list(t.x) for t in russian.figure.data] == [list(t.x) for t in english.figure.data]
    assert [t.marker.color for t in russian.figure.data] == [t.marker.color for t in english.figure.data]
    # The rows behind the chart (downloads, a clicked bar's source) keep the English key in both languages.
    assert list(russian.rows["region"]) == list(english.rows["region"]) == [*ENGLISH_AWOL, "Sevastopol"]


@pytest.mark.parametrize(("language", "names"), [("en", [*ENGLISH_AWOL, "Sevastopol"]),
                                                 ("ru", [*RUSSIAN_AWOL, "Севастополь"])])
def test_the_region_table_and_the_rows_in_words_name_regions_in_the_readers_language(shipped, language, names):
    regions = shipped["court_regions"]
    with active(language):
        table = tables.snapshots_table(regions, shipped["sources"])
        words = tables.describe_rows("court_regions", regions)
    assert list(table.iloc[:, 0]) == names
    assert [w.split(",")[0] for w in words] == names


def test_a_region_without_its_russian_name_is_rejected_naming_file_line_and_column():
    row = "cr-1,2024-04-12,day,since_mobilisation,Moscow region,{ru},337,cases_received,496,false,false,src-a,,\n"
    missing = parse_table((HEADER + row.format(ru="")).encode(), TABLES["court_regions"], "court_regions.csv",
                          source_ids={"src-a"})
    # `region` is required, so its Russian is too: reported at the Russian cell, as any empty required cell.
    assert [str(i) for i in missing.issues] == [
        f"court_regions.csv:2: column 'region_ru': found an empty cell, expected {TEXT}"]
    assert parse_table((HEADER + row.format(ru="Московская область")).encode(), TABLES["court_regions"],
                       "court_regions.csv", source_ids={"src-a"}).ok
