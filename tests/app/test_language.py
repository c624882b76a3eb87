"""The language through Streamlit's AppTest: `?lang=ru` gives a Russian shell (navigation, sidebar, the Overview's
own text) with no English string of the catalogue left in it; `?lang=en`, the switch and a Russian browser choose
the language; it stays across a period change and a page switch; two sessions at once keep their own. Every page
and every slide in Russian, with every tab, expander and menu opened, shows no English of the interface and no
number grouped with commas (tests/app/page_texts.py says what is read and what is allowed)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from desertion.i18n.catalogue import Translator, po_path
from tests.app.page_texts import comma_grouped, english_leaks, open_everything, visible_texts
from tests.app.test_pages import PAGES, TIMEOUT_S
from tests.conftest import REPO

RU_TITLES = ["Обзор", "Запросы о помощи", "Дела в военных судах", "Цитаты", "Хронология", "Проверка фактов",
             "Источники и методология", "Презентация", "Данные"]
EN_TITLES = ["Overview", "Requests", "Court cases", "Quotes", "Timeline", "Fact check", "Sources & method", "Present",
             "Data"]
# Shown in English on purpose in every language: each language's name in itself, on the switch.
NOT_TRANSLATED = {"English"}


def run(lang: str | None = None, context: dict | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT_S)
    if context:
        at.context = context
    if lang is not None:
        at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def page_titles(at: AppTest) -> list[str]:
    """The navigation's titles (AppTest keeps the pages st.navigation registered; it has no public accessor)."""
    return [info["page_name"] for info in at._registered_pages.values()]


def shell_texts(at: AppTest) -> list[str]:
    """Every piece of text the shared shell shows, and the Overview's own headings: page titles, the sidebar's
    labels, options, captions and links, the Overview's title, subheaders and introduction (Markdown escapes
    removed). The charts, cards, quotes and events the Overview draws through ui.components are not converted yet."""
    sidebar = at.sidebar
    texts = page_titles(at)
    for box in sidebar.selectbox:
        texts += [box.label, *box.options]
    for radio in sidebar.radio:
        texts += [radio.label, *radio.options]
    texts += [c.value for c in sidebar.caption] + [p.proto.label for p in sidebar.get("page_link")]
    texts += [t.value for t in at.title] + [s.value for s in at.subheader] + [at.main.caption[0].value]
    return [text.replace("\\", "") for text in texts]


def english_fragments() -> list[str]:
    """The catalogue's English, cut at its fields: 'Showing {period}' gives 'Showing '. Fragments shorter than
    four letters ('To', ': ') would match inside other words and are left out."""
    with po_path("ru").open("rb") as handle:
        catalogue = read_po(handle, locale="ru")
    fragments = set()
    for message in catalogue:
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            fragments.update(part.strip() for part in re.split(r"\{[a-z_]*\}", text) if len(part.strip()) >= 4)
    return sorted(fragments - NOT_TRANSLATED)


def test_lang_ru_gives_a_russian_shell_without_english_strings():
    at = run("ru")
    assert page_titles(at) == RU_TITLES
    assert at.sidebar.radio(key="language_switch").value == "ru"
    assert at.sidebar.radio(key="language_switch").label == "Язык"
    period = at.sidebar.selectbox(key="period_preset")
    assert period.label == "Период" and period.value == "All time" and period.options[0] == "За всё время"
    assert "С начала мобилизации (21 сентября 2022)" in period.options
    texts = shell_texts(at)
    assert any(text.startswith("Показано: ") for text in texts)
    assert any(text.startswith("Последние данные по каждому ряду:") for text in texts)
    assert "Монитор дезертирства" in texts and "Главные цифры · За всё время" in texts
    assert "Презентация за этот период" in texts
    own = [c.value.replace("\\", "") for c in at.main.caption] + [p.proto.label for p in at.main.get("page_link")]
    assert {"Подробнее о запросах", "Проверка каждого утверждения статьи"} <= set(own)
    assert any(text.startswith("На графике — июнь–ноябрь 2023: два периода роста") for text in own)
    assert any(text.startswith("Дашборд начался со статьи") for text in own)
    leaked = {fragment: text for fragment in english_fragments() for text in texts if fragment in text}
    assert leaked == {}, "English of the catalogue on a Russian page"
    assert dict(at.query_params) == {"lang": "ru"}


def test_the_english_check_would_see_an_untranslated_string():
    """The leak check is not empty: an English sidebar's texts hold the catalogue's English."""
    texts = shell_texts(run("en"))
    assert {"Showing", "All time", "Period", "Overview"} <= {f for f in english_fragments() for t in texts if f in t}


def test_a_bad_period_in_a_russian_link_is_explained_in_russian():
    at = run("ru", **{"from": "banana"})
    assert [w.value.replace("\\", "") for w in at.sidebar.warning] == [
        "Значение периода в ссылке from='banana' не похоже на месяц вида 2023-09, поэтому показан период по умолчанию."]
    assert dict(at.query_params) == {"lang": "ru"}


def test_lang_en_and_the_plain_address_give_english():
    for at in (run("en"), run()):
        assert page_titles(at) == EN_TITLES
        assert at.sidebar.selectbox(key="period_preset").options[0] == "All time"
        assert at.title[0].value == "Desertion Monitor"
    assert dict(run("en").query_params) == {"lang": "en"}  # chosen in the link: kept in it
    assert dict(run().query_params) == {}  # nothing asked for: the plain address stays plain


def test_a_russian_browser_gets_russian_on_a_first_visit_and_the_address_says_so():
    at = run(context={"locale": "ru-RU"})
    assert page_titles(at)[0] == "Обзор"
    assert at.query_params["lang"] == "ru"
    english = run(context={"locale": "en-GB"})
    assert page_titles(english)[0] == "Overview" and "lang" not in english.query_params
    assert page_titles(run("en", context={"locale": "ru-RU"}))[0] == "Overview"  # the link wins over the browser


def test_the_switch_changes_the_language_and_the_address_keeping_the_period():
    at = run(**{"from": "2023-09", "to": "2023-11"})
    at.sidebar.radio(key="language_switch").set_value("ru").run()
    assert not at.exception
    assert page_titles(at)[0] == "Обзор"
    assert dict(at.query_params) == {"from": "2023-09", "to": "2023-11", "lang": "ru"}
    assert at.sidebar.selectbox(key="period_preset").options[at.sidebar.selectbox(key="period_preset").index] \
        == "сентябрь–ноябрь 2023"
    at.sidebar.radio(key="language_switch").set_value("en").run()
    assert page_titles(at)[0] == "Overview" and at.query_params["lang"] == "en"


def test_the_language_survives_a_period_change_and_a_page_switch():
    at = run("ru")
    at.sidebar.selectbox(key="period_preset").set_value("Jun–Aug 2023").run()
    assert not at.exception
    assert dict(at.query_params) == {"from": "2023-06", "to": "2023-08", "lang": "ru"}
    assert any(c.value == "Показано: июнь 2023 – август 2023" for c in at.sidebar.caption)
    at.query_params.clear()  # a page switch in the browser drops the query string
    at.switch_page(PAGES["requests"]).run()
    assert not at.exception
    assert page_titles(at)[0] == "Обзор" and at.sidebar.radio(key="language_switch").value == "ru"
    assert dict(at.query_params) == {"from": "2023-06", "to": "2023-08", "lang": "ru"}


def test_two_sessions_at_once_keep_their_own_language():
    ru, en = run("ru"), run("en")
    for _ in range(2):  # interleaved reruns of both sessions
        ru.run()
        en.run()
    assert page_titles(ru) == RU_TITLES and page_titles(en) == EN_TITLES
    assert ru.title[0].value == "Монитор дезертирства" and en.title[0].value == "Desertion Monitor"


# ------------------------------------------------------------------------------ every page, every slide in Russian

TAB_KEYS = {"requests": ("requests_tab",), "court-cases": ("court_tab",)}
RU_HEADINGS = {
    "overview": "Монитор дезертирства", "requests": "Запросы о помощи в дезертирстве",
    "court-cases": "Дела в военных судах", "quotes": "Цитаты", "timeline": "Хронология",
    "fact-check": "Проверка фактов: «Russia is facing a growing desertion problem» (декабрь 2023)",
    "sources": "Источники и методология", "data": "Обновить данные",
}


def open_in(lang: str, page: str, **params: str) -> AppTest:
    at = run(lang, **params)
    if page != "overview":
        at.switch_page(PAGES[page]).run()
        assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("page", sorted(RU_HEADINGS))
def test_a_russian_page_shows_no_english_word_of_the_interface(page, monkeypatch):
    monkeypatch.setenv("DESERTION_EDITING", "1")  # the Data page's form too, not only its notice
    at = open_in("ru", page)
    assert at.title[0].value.replace("\\", "") == RU_HEADINGS[page]
    texts = open_everything(at, TAB_KEYS.get(page, ()))
    assert english_leaks(texts) == {}, f"English of the interface on the Russian {page} page"
    assert comma_grouped(texts) == [], "numbers grouped with commas on a Russian page"


def test_every_russian_slide_shows_no_english_word_of_the_interface():
    at = open_in("ru", "present")
    position = next(c.value for c in at.caption if c.value.startswith("Слайд 1 из "))
    total = int(position.removeprefix("Слайд 1 из "))
    assert total >= 5
    texts = visible_texts(at)
    for number in range(2, total + 1):
        slide = open_in("ru", "present", slide=str(number))
        assert f"Слайд {number} из {total}" in [c.value for c in slide.caption]
        texts += visible_texts(slide)
    assert {"Назад", "Далее", "Завершить показ"} <= set(texts)
    assert english_leaks(texts) == {}, "English of the interface on a Russian slide"
    assert comma_grouped(texts) == []


def test_the_page_check_fails_when_one_string_is_left_untranslated(monkeypatch):
    """The check can fail: with one message's translation taken away, its English is found on the page."""
    translate = Translator.gettext
    monkeypatch.setattr(Translator, "gettext", lambda self, message: message if message == "Window A"
                        else translate(self, message))
    leaks = english_leaks(open_everything(open_in("ru", "requests"), TAB_KEYS["requests"]))
    assert "Window A" in leaks.get("Window A", "")  # the menu's label, or a sentence naming the window


def test_the_page_check_fails_when_a_table_shows_the_english_notes(monkeypatch):
    """An English note is no longer an allowed data cell where its row has note_ru: with the tables' notes left
    in English, the Russian court page's tables show catalogue English ('Grade C.') and the check says so."""
    from desertion import tables
    monkeypatch.setattr(tables, "in_reader_language", lambda frame, columns: frame)
    leaks = english_leaks(open_everything(open_in("ru", "court-cases"), TAB_KEYS["court-cases"]))
    assert "Grade" in leaks


def test_the_checks_see_english_words_and_commas_but_not_allowed_names():
    assert set(english_leaks(["Скачать график", "Download chart"])) == {"Download chart", "chart"}
    assert english_leaks(["Проверка фактов: «Russia is facing a growing desertion problem» (декабрь 2023)"]) == {}
    assert english_leaks(["Источник: The Moscow Times, 5 декабря 2023 (оценка A)"]) == {}
    assert comma_grouped(["20,538 обращений", "20\u00a0538 обращений"]) == ["20,538 обращений"]


def test_chart_view_keeps_a_russian_and_an_english_figure_of_one_period_apart():
    """ui.chart_view's cache is shared by every session of the server: a Russian reader's figure must not be served
    to the next English reader of the same page and period, nor the other way round."""
    from tests.app.test_pages import figures

    def requests_chart(lang: str) -> dict:
        at = run(lang, **{"from": "2023-09", "to": "2023-11"})
        at.switch_page("pages/requests.py").run()
        assert not at.exception, [e.message for e in at.exception]
        return figures(at)[0]

    def words(figure: dict) -> str:
        return " ".join([figure["layout"]["meta"]["subtitle"]]
                        + [a["text"] for a in figure["layout"]["annotations"] if a.get("name") == "panel label"])

    russian, english, again = requests_chart("ru"), requests_chart("en"), requests_chart("ru")
    assert "сентябрь 2023 – ноябрь 2023" in words(russian) and "Периоды по месяцу" in words(russian)
    assert "Sep 2023 – Nov 2023" in words(english) and "Monthly windows" in words(english)
    assert not re.search("[а-яё]", words(english))
    assert words(again) == words(russian)
    assert russian["layout"]["separators"] == ",\u00a0" and "separators" not in english["layout"]
    assert russian["layout"]["xaxis"]["labelalias"]["Oct"] == "окт" and "labelalias" not in english["layout"]["xaxis"]
