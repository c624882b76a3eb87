"""The data's own text in Russian (issue 14): the Russian columns are declared, validated and filled in every
shipped row; a quote says which of its texts is the printed wording and who translated the other; search finds
either language; `data_text` picks what a reader of each language sees."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import docs, quotes
from desertion.data_text import DataText, data_text, original_label, original_of, shown_text, translation_label
from desertion.i18n.active import active
from desertion.loading import load_dataset, parse_table
from desertion.schema import TABLES
from tests.conftest import REPO
from tests.fixtures import tables

DATA = REPO / "data"
QUOTES_HEADER = ("quote_id,date,date_precision,speaker,speaker_ru,role,role_ru,organisation,organisation_ru,language,"
                 "text,text_translated_by,text_ru,text_ru_translated_by,original_text,original_language,kind,topics,"
                 "verification,source_id,note,note_ru")
# One valid quote printed in English, with the cells a test changes named.
GOOD_QUOTE = {"quote_id": "q1", "date": "2023-12-05", "date_precision": "day", "speaker": "Grigory Sverdlin",
              "speaker_ru": "Григорий Свердлин", "role": "", "role_ru": "", "organisation": "", "organisation_ru": "",
              "language": "en", "text": "We helped him.", "text_translated_by": "", "text_ru": "Мы ему помогли.",
              "text_ru_translated_by": "project", "original_text": "", "original_language": "", "kind": "verbatim",
              "topics": "ngo", "verification": "verified", "source_id": "src-a", "note": "", "note_ru": ""}


@pytest.fixture(scope="module")
def shipped() -> dict[str, pd.DataFrame]:
    dataset = load_dataset(DATA)
    assert not dataset.issues, [str(i) for i in dataset.issues]
    return dataset.frames


def quote_issues(**cells: str) -> list[str]:
    row = {**GOOD_QUOTE, **cells}
    body = QUOTES_HEADER + "\n" + ",".join(row[c] for c in QUOTES_HEADER.split(",")) + "\n"
    result = parse_table(body.encode(), TABLES["quotes"], "quotes.csv", source_ids={"src-a"})
    return [str(i) for i in result.issues]


def test_a_valid_quote_has_no_issue():
    assert quote_issues() == []


@pytest.mark.parametrize(("cells", "expected"), [
    # Printed in English: the Russian is a translation and must say by whom.
    ({"text_ru_translated_by": ""},
     "quotes.csv:2: column 'text_ru_translated_by': found an empty cell for the ru text of a quote printed in 'en', "
     "expected a translator (source or project)"),
    # Printed in Russian: now the English is the translation.
    ({"language": "ru", "text_ru_translated_by": ""},
     "quotes.csv:2: column 'text_translated_by': found an empty cell for the en text of a quote printed in 'ru', "
     "expected a translator (source or project)"),
    ({"text_ru_translated_by": "google"},
     "quotes.csv:2: column 'text_ru_translated_by': found 'google', expected one of source, project"),
    ({"text_ru": ""}, "quotes.csv:2: column 'text_ru': found an empty cell, expected text of at most"),
    ({"role": "Head"}, "quotes.csv:2: column 'role_ru': found an empty cell where 'role' is filled, expected a "
                       "Russian text (a column ending in _ru) wherever its English column is filled"),
    ({"original_language": "ru", "original_text": "Мы ему помогли."},
     "quotes.csv:2: column 'original_language': found 'ru', expected one of uk, de, fr, hy, no"),
])
def test_a_quote_without_its_translator_or_its_russian_is_rejected_at_its_cell(cells, expected):
    issues = quote_issues(**cells)
    assert any(issue.startswith(expected) for issue in issues), issues


def test_an_event_without_its_russian_title_is_rejected_naming_file_line_and_column():
    body = ("event_id,date_start,date_end,date_precision,title,title_ru,category,description,description_ru,"
            "source_id\nev-1,2023-01-10,,day,Law passed,,law,A law.,Закон.,src-a\n")
    result = parse_table(body.encode(), TABLES["events"], "events.csv", source_ids={"src-a"})
    assert [str(i) for i in result.issues] == [
        "events.csv:2: column 'title_ru': found an empty cell, expected text of at most 200 characters without "
        "control characters"]


@pytest.mark.parametrize("table", ["events", "claims", "sentences", "quotes", "estimates"])
def test_every_shipped_row_has_its_russian_text(shipped, table):
    schema = TABLES[table]
    pairs = [(c.translation_of, c.name) for c in schema.columns if c.translation_of]
    assert pairs, f"{table} declares no Russian column"
    frame = shipped[table]
    for english, russian in pairs:
        missing = frame[frame[english].notna() & frame[russian].isna()]
        assert missing.empty, f"{table}.{russian} is empty beside {english} in {list(missing[schema.id_column])}"
        cyrillic = pd.Series(frame[russian].dropna().unique()).str.contains("[А-Яа-яЁё]")
        # Brand names stay Latin (Frontelligence Insight); everything else reads in Cyrillic.
        assert cyrillic.mean() > 0.8, f"{table}.{russian} is mostly not Russian"


def test_outlets_with_a_russian_name_carry_it(shipped):
    sources = shipped["sources"].drop_duplicates("outlet").set_index("outlet")
    assert sources.loc["Mediazona", "outlet_ru"] == "Медиазона"
    assert pd.isna(sources.loc["The Moscow Times", "outlet_ru"])  # no Russian name: the outlet is shown
    assert "Русская служба Би-би-си" in set(shipped["sources"]["originator_ru"].dropna())


@pytest.mark.parametrize("query", ["Свердлин", "Sverdlin", "свёрдлин", "SVERDLIN"])
def test_search_finds_a_speaker_in_either_alphabet(shipped, query):
    found = quotes.filter_quotes(shipped["quotes"], quotes.QuoteFilter(query=query))
    assert len(found) >= 5 and set(found["speaker"]) == {"Grigory Sverdlin"}


def test_search_finds_russian_words_in_the_russian_texts(shipped):
    found = quotes.filter_quotes(shipped["quotes"], quotes.QuoteFilter(query="дезертир"))
    said = found[found["text_ru"].str.lower().str.contains("дезертир")]
    assert len(said) >= 3  # «дезертировать», «дезертиров», «дезертира»: found through text_ru alone
    assert not found["text"].str.lower().str.contains("дезертир").any()
    russian = found[["text_ru", "speaker_ru", "role_ru"]].fillna("").agg(" ".join, axis=1).str.lower()
    assert russian.str.contains("дезертир").all()  # the rest by the speaker's Russian name or role


def test_no_quote_passes_a_translation_by_this_project_as_printed_russian(shipped):
    frame = shipped["quotes"]
    printed_in_english = frame[frame["language"] == "en"]
    assert (printed_in_english["text_ru_translated_by"] == "project").all()
    # Gorbatsevich spoke Russian, but his words are not recorded: both texts are ours, neither the original.
    gorbatsevich = frame.set_index("quote_id").loc["q-2023-05-26-gorbatsevich"]
    assert gorbatsevich["text_translated_by"] == gorbatsevich["text_ru_translated_by"] == "project"
    assert original_of(gorbatsevich, "text", "ru") is None and original_of(gorbatsevich, "text", "en") is None


def test_a_russian_reader_sees_the_translation_marked_with_the_printed_english_beside_it():
    q1 = tables.quotes().set_index("quote_id").loc["q1"]
    shown = data_text(q1, "text", "ru")
    assert shown == DataText("Ротации нет.", "ru", "project", "en")
    assert original_of(q1, "text", "ru") == DataText("There is no rotation.", "en")
    assert data_text(q1, "text", "en") == DataText("There is no rotation.", "en") and original_of(q1, "text", "en") is None
    with active("ru"):
        assert translation_label(shown) == "Перевод проекта с английского"
        assert original_label(DataText("x", "en")) == "Оригинал (en)"
    with active("en"):
        assert translation_label(shown) == "Translated by this project from English"


def test_a_quote_printed_in_russian_is_the_original_on_a_russian_page_and_a_translation_on_an_english_one():
    q2 = tables.quotes().set_index("quote_id").loc["q2"]
    assert data_text(q2, "text", "ru") == DataText("Мы лишили армию полка", "ru")
    english = data_text(q2, "text", "en")
    assert english.is_translation and english.translated_from == "ru"
    assert original_of(q2, "text", "en") == DataText("Мы лишили армию полка", "ru")
    with active("en"):
        assert original_label(DataText("x", "ru")) == "Original (ru)"  # as the English page showed it before


def test_other_tables_fall_back_to_english_only_where_russian_is_absent():
    event = {"title": "Law passed", "title_ru": "Закон принят"}
    assert shown_text(event, "title", "ru") == "Закон принят" and shown_text(event, "title", "en") == "Law passed"
    assert data_text(event, "title", "ru").translated_by == "project"
    outlet = {"outlet": "The Moscow Times", "outlet_ru": float("nan")}
    assert data_text(outlet, "outlet", "ru") == DataText("The Moscow Times", "en")
    assert data_text({"outlet": "Mediazona", "outlet_ru": "Медиазона"}, "outlet", "ru") == DataText("Медиазона", "ru")
    assert data_text({"title": float("nan")}, "title", "ru") == DataText("", "ru")


def test_the_byline_and_facets_read_in_the_language_of_the_run():
    frame = tables.quotes()
    q1 = frame.set_index("quote_id").loc["q1"]
    with active("ru"):
        assert quotes.byline(q1) == "Докладчик Один, директор, Организация Один · 5 декабря 2023"
    with active("en"):
        assert quotes.byline(q1) == "Speaker One, Director, Org One · 5 Dec 2023"
    labels = quotes.facet_labels(frame, "ru")
    assert labels["speaker"]["Speaker Two"] == "Докладчик Два" and labels["organisation"]["Org One"] == "Организация Один"


def test_the_data_dictionary_lists_the_russian_columns_and_their_rules():
    dictionary = docs.render_document()
    for column in ("title_ru", "description_ru", "claim_ru", "finding_ru", "correction_ru", "charge_ru",
                   "speaker_ru", "text_ru", "text_translated_by", "text_ru_translated_by", "estimator_ru", "outlet_ru"):
        assert f"`{column}`" in dictionary, column
    assert "a translator (source or project)" in dictionary
    assert (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == dictionary
