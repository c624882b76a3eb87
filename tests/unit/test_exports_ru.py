"""The deck and the exports in Russian: their own words follow the language they are built in, also when the file
is made later in a thread of its own (as a download button's callable runs), and English stays as it was."""

from __future__ import annotations

import io
import json
import threading
import zipfile

import openpyxl
import plotly.graph_objects as go
import pytest
from pptx import Presentation

from desertion import deck, deck_export, export, export_html, provenance
from desertion.headlines import REQUESTS_LABEL, Headline
from desertion.i18n.active import active, current
from desertion.loading import load_dataset
from desertion.periods import Period
from desertion.selection import Selection
from tests.conftest import DATA

SON = Period.of_months("2023-09", "2023-11")
LABEL = "сентябрь–ноябрь 2023"


@pytest.fixture(scope="module")
def frames():
    return load_dataset(DATA).frames


@pytest.fixture(scope="module")
def ru_deck(frames):
    with active("ru"):
        return deck.build_deck(Selection(frames, SON), LABEL, "test")


def in_a_new_thread(make):
    """What `make()` returns when called in a fresh thread: no language set there, as in a deferred download."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(value=make(), language=current()))
    worker.start()
    worker.join()
    assert result["language"] == "en"  # the thread itself speaks English: the deck must bring its own language
    return result["value"]


def test_a_russian_deck_says_its_own_words_in_russian(ru_deck):
    assert ru_deck.language == "ru"
    slides = {s.key: s for s in ru_deck.slides}
    assert (slides["title"].title, slides["title"].subtitle) == ("Монитор дезертирства",
                                                               "Дезертирство из российской армии с 2022 года")
    assert slides["title"].lines[0] == f"Период: {LABEL} (сентябрь 2023 – ноябрь 2023)"
    assert slides["title"].lines[1].startswith("Данные на ") and "(дата самого свежего источника)" in slides["title"].lines[1]
    assert slides["sources"].title == "Источники"
    assert list(slides["sources"].table.columns) == ["Издание", "Дата", "Заголовок", "Надёжность"]
    assert slides["sources"].subtitle.split(" ", 2)[1] in ("источник", "источника", "источников")
    assert slides["sentences"].subtitle == "Самые долгие известные сроки за период"
    assert slides["sentences"].title.startswith("Самый долгий известный срок: ")
    assert ru_deck.footer(slides["sources"]).startswith(f"Монитор дезертирства · Период: {LABEL} · ")
    assert ru_deck.notes(slides["title"]) == f"Период: {LABEL} (сентябрь 2023 – ноябрь 2023).\n\nНа этом слайде нет цифр."


def test_the_deck_files_keep_the_decks_language_in_a_download_thread(ru_deck):
    """The present page's buttons make the PPTX when clicked, in Streamlit's worker thread, not the page run's."""
    prs = Presentation(io.BytesIO(in_a_new_thread(lambda: deck_export.to_pptx(ru_deck))))
    for page in prs.slides:
        texts = [s.text_frame.text for s in page.shapes if s.has_text_frame]
        assert any(t.startswith(f"Монитор дезертирства · Период: {LABEL}") for t in texts)
        assert page.notes_slide.notes_text_frame.text.startswith(f"Период: {LABEL}")
    [requests] = [s for s in ru_deck.slides if s.key == "requests"]
    texts = [s.text_frame.text for page in prs.slides for s in page.shapes if s.has_text_frame]
    assert f"«{requests.quote[0]}»" in texts  # Russian quotation marks around the key quote
    fig = deck_export.slide_figure(ru_deck, ru_deck.slides[0], 1, 8)
    assert [a.text for a in fig.layout.annotations if a.name == "footer"][0].startswith("Монитор дезертирства")


def test_an_unrecorded_headline_is_said_in_the_decks_language(frames):
    with active("en"):
        assert deck.said_title(provenance.UNRECORDED_TITLE) == provenance.UNRECORDED_TITLE
    with active("ru"):
        assert deck.said_title(provenance.UNRECORDED_TITLE) == "заголовок не записан"
        assert deck.said_title("A runaway regiment") == "A runaway regiment"  # a title as published stays as it is
        built = deck.build_deck(Selection(frames, Period.of_months("2021-01", "2025-12")), "x", "test")
    [sources] = [s for s in built.slides if s.key == "sources"]
    assert "заголовок не записан" in set(sources.table["Заголовок"])


def test_an_english_deck_stays_english_under_a_russian_run(frames):
    built = deck.build_deck(Selection(frames, SON), "Sep–Nov 2023", "test")
    with active("ru"):
        assert built.footer(built.slides[0]).startswith("Desertion Monitor · Period: Sep–Nov 2023")


@pytest.mark.parametrize("years, language, expected", [
    (13.0, "ru", "13 лет"), (6.5, "ru", "6,5 года"), (1.0, "ru", "1 год"), (2.0, "ru", "2 года"),
    (21.0, "ru", "21 год"), (13.0, "en", "13 years"), (6.5, "en", "6.5 years"),
])
def test_a_sentences_length_takes_the_languages_plural(years, language, expected):
    with active(language):
        assert deck.sentence_length(years) == expected


def test_the_headlines_title_in_russian():
    lead = Headline(f"{REQUESTS_LABEL}, Sep–Nov 2023", "577", "сентябрь–ноябрь 2023", ("mt",))
    with active("ru"):
        assert deck.headlines_title((lead,), LABEL) == \
            "«Идите лесом» сообщил о 577 запросах о помощи в дезертирстве за сентябрь–ноябрь 2023"
        assert deck.headlines_title((), LABEL) == f"Главные цифры: {LABEL}"


def about(book: openpyxl.Workbook, sheet: str) -> dict[str, str]:
    return {row[0].value: row[1].value for row in book[sheet].iter_rows(min_row=2)}


def test_the_xlsx_about_sheet_is_in_the_language_asked_for_and_still_safe(frames):
    tampered = dict(frames)
    tampered["claims"] = frames["claims"].assign(claim="=HYPERLINK(\"http://evil\")")
    data = in_a_new_thread(lambda: export.data_xlsx(Selection(tampered, SON), LABEL, "test", language="ru"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "О данных" and "claims" in book.sheetnames  # the tables keep their names
    sheet = book["О данных"]
    assert [c.value for c in sheet[1]] == ["поле", "значение"]
    rows = about(book, "О данных")
    assert rows["период"] == f"{LABEL} (с 2023-09 по 2023-11, включая оба месяца)"
    assert rows["набор данных"].startswith("Монитор дезертирства")
    assert "сохранена как текст" in rows["защита электронных таблиц"]
    assert book["claims"]["B2"].value == "=HYPERLINK(\"http://evil\")" and book["claims"]["B2"].data_type == "s"
    assert not any(c.data_type == "f" for sheet in book.worksheets for row in sheet.iter_rows() for c in row)


def test_the_zip_keeps_its_keys_for_scripts_with_values_in_the_language(frames):
    with active("ru"):  # the active language is the default
        data = export.data_zip(Selection(frames, SON), LABEL, "test")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        meta = json.loads(archive.read("metadata.json"))
    assert set(meta) == set(export.ABOUT_LABELS)
    assert meta["period"].startswith(f"{LABEL} (с 2023-09") and meta["dataset"].startswith("Монитор дезертирства")


def test_english_names_the_dashboard_as_the_citations_do():
    assert export_html.dashboard_name() == provenance.DASHBOARD_NAME


def test_the_html_export_is_russian_with_its_language_marked():
    fig = go.Figure(go.Bar(x=[1, 2], y=[305, 577])).update_layout(title=dict(text="Запросы"))
    page = in_a_new_thread(lambda: export_html.to_interactive_html(
        fig, period_label=LABEL, sources="Источник: «Медиазона» <b>", language="ru"))
    assert '<html lang="ru">' in page
    assert "<title>Запросы · Монитор дезертирства: дезертирство из российской армии с 2022 года</title>" in page
    assert f"Период: {LABEL}" in page and "Источник: «Медиазона» &lt;b&gt;" in page
    english = export_html.to_interactive_html(fig, period_label="Sep–Nov 2023", sources="")
    assert '<html lang="en">' in english and "Period: Sep–Nov 2023" in english
