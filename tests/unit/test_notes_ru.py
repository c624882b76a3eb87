"""The data's notes in the reader's language (issue 14): every note a reader sees has its Russian (`note_ru`),
validated at its cell; a Russian page's tables and a clicked point's card show it, an English page the English
note exactly as before. Built on the shipped tables, so a note left in English anywhere fails here."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import point_sources, tables
from desertion.i18n.active import _, active
from desertion.loading import load_dataset, parse_table
from desertion.schema import TABLES
from tests.conftest import REPO
from tests.fixtures import tables as fixtures

NOTED_TABLES = ("idite_lesom", "court_counts", "court_cumulative", "court_regions", "official_counts", "estimates",
                "sentence_patterns", "sentences", "claims", "sources")
# Every page table that ends in the Source and Note columns (tables._sourced), by the table it shows.
PAGE_TABLES = {"idite_lesom": tables.idite_lesom_table, "court_counts": tables.court_counts_table,
               "court_cumulative": tables.snapshots_table, "court_regions": tables.snapshots_table,
               "official_counts": tables.official_counts_table, "estimates": tables.estimates_table,
               "sentences": tables.sentences_table}
COURT_HEADER = "record_id,period_start,period_end,article,measure,value,approximate,lower_bound,source_id,note,note_ru\n"
ENGLISH, RUSSIAN = "As of 29 Dec 2023.", "По состоянию на 29 декабря 2023 года."
RULE = ("expected a Russian text (a column ending in _ru) wherever its English column is filled (an outlet's own "
        "Russian name only where it has one)")


@pytest.fixture(scope="module")
def shipped() -> dict[str, pd.DataFrame]:
    return load_dataset(REPO / "data").frames


def court_counts(note: str, note_ru: str) -> str:
    return COURT_HEADER + f"y2023,2023-01-01,2023-12-31,337,cases_received,5024,false,false,src-a,{note},{note_ru}\n"


@pytest.mark.parametrize("name", NOTED_TABLES)
def test_every_shipped_note_has_its_russian(shipped, name):
    column = next(c for c in TABLES[name].columns if c.name == "note_ru")
    assert column.translation_of == "note" and "russian_where_english" in TABLES[name].rules
    frame = shipped[name]
    noted = frame[frame["note"].notna()]
    assert not noted.empty and noted["note_ru"].notna().all()
    assert noted["note_ru"].str.contains("[А-Яа-яЁё]").all(), f"{name}.note_ru has a note with no Russian word"


def test_an_english_note_without_its_russian_is_rejected_naming_file_line_and_column():
    result = parse_table(court_counts(ENGLISH, "").encode(), TABLES["court_counts"], "court_counts.csv",
                         source_ids={"src-a"})
    assert [str(i) for i in result.issues] == [
        f"court_counts.csv:2: column 'note_ru': found an empty cell where 'note' is filled, {RULE}"]
    assert parse_table(court_counts(ENGLISH, RUSSIAN).encode(), TABLES["court_counts"], "court_counts.csv",
                       source_ids={"src-a"}).ok


def test_a_source_may_lack_a_russian_name_but_not_its_notes_russian():
    header = "source_id,outlet,outlet_ru,originator,originator_ru,title,published,published_precision,url,language,grade"
    row = "mt,The Moscow Times,,,,A title,2023-12-05,day,https://www.themoscowtimes.com/a,en,A"
    noted = f"{header},note,note_ru\n{row},Title from a stored copy.,\n"
    result = parse_table(noted.encode(), TABLES["sources"], "sources.csv")
    assert [str(i) for i in result.issues] == [
        f"sources.csv:2: column 'note_ru': found an empty cell where 'note' is filled, {RULE}"]
    assert parse_table(f"{header},note,note_ru\n{row},,\n".encode(), TABLES["sources"], "sources.csv").ok


@pytest.mark.parametrize("name", PAGE_TABLES)
def test_a_page_table_shows_each_note_in_the_readers_language(shipped, name):
    frame, sources = shipped[name], shipped["sources"]
    english = PAGE_TABLES[name](frame, sources)["Note"]
    with active("ru"):
        russian = PAGE_TABLES[name](frame, sources)["Примечание"]
    noted = frame["note"].notna().to_numpy()
    assert english[noted].to_list() == frame["note"][noted].to_list()
    assert russian[noted].to_list() == frame["note_ru"][noted].to_list()


def test_a_russian_sentences_table_names_people_courts_and_charges_in_russian(shipped):
    frame = shipped["sentences"]
    with active("ru"):
        russian = tables.sentences_table(frame, shipped["sources"])
        headers = {column: _(column.capitalize()) for column in tables.SENTENCE_TEXT}
    for column, header in headers.items():
        assert russian[header].to_list() == frame[f"{column}_ru"].to_list(), column
    assert tables.sentences_table(frame, shipped["sources"])["Person"].to_list() == frame["person"].to_list()


def test_a_clicked_point_opens_its_note_in_the_readers_language():
    rows = fixtures.make_table("court_counts", court_counts(ENGLISH, RUSSIAN))
    sources = fixtures.sources().set_index("source_id", drop=False)
    point = {"customdata": ["y2023"], "y": 5024}
    assert point_sources.describe_point(rows, sources, point).text == ENGLISH
    with active("ru"):
        assert point_sources.describe_point(rows, sources, point).text == RUSSIAN
        # No note: the source's title as it was published, in whatever language that was.
        bare = point_sources.describe_point(rows.assign(note=None, note_ru=None), sources, point)
        assert bare.text == "First report"


def test_a_clicked_event_opens_its_title_and_description_in_the_readers_language(shipped):
    events = shipped["events"]
    sources = shipped["sources"].set_index("source_id", drop=False)
    event = events.iloc[0]
    point = {"customdata": [event["event_id"]]}
    english = point_sources.describe_point(events, sources, point)
    with active("ru"):
        russian = point_sources.describe_point(events, sources, point)
    assert (english.figure, english.text) == (event["title"], event["description"])
    assert (russian.figure, russian.text) == (event["title_ru"], event["description_ru"])


@pytest.mark.parametrize(("query", "person"), [("Малышев", "Maxim Malyshev"), ("malyshev", "Maxim Malyshev"),
                                                ("Мурманский", "Maxim Malyshev")])
def test_the_sentence_search_finds_what_either_language_shows(shipped, query, person):
    found = tables.filter_sentences(shipped["sentences"], [], "any", query)
    assert found["person"].to_list() == [person]
    assert tables.filter_sentences(shipped["sentences"].iloc[:0], [], "any", query).empty
