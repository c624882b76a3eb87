"""The language in a real browser: a Russian browser's first visit opens in Russian with `?lang=ru` in the
address; the sidebar's switch is a labelled radio group changed from the keyboard, and the language it sets stays
in the address with the period and across a page link. Every page and every slide opens in both languages at
1440×900 and 1280×720 with `<html lang>` set, its heading in the language, Russian numbers grouped with spaces, and a
screenshot of each in tests/browser/artifacts/ (language-<lang>-<size>-<page>.png) for a person to look at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.app.page_texts import comma_grouped
from tests.browser.conftest import ARTIFACTS, local_only_page, screenshot

pytestmark = pytest.mark.browser
NAV = '[data-testid="stSidebarNav"]'
# The Period box by its widget key, in any language (its aria-label is the translated label).
PERIOD = '[data-testid="stSidebar"] .st-key-period_preset input'


def wait_for_sidebar(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_selector(PERIOD)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(300)


def test_a_russian_browser_opens_the_russian_dashboard(browser, server):
    with local_only_page(browser, server.url, locale="ru-RU") as page:
        page.goto(server.url)
        wait_for_sidebar(page)
        expect(page.locator(NAV)).to_contain_text("Обзор")
        expect(page.locator(NAV)).to_contain_text("Дела в военных судах")
        expect(page.locator(PERIOD)).to_have_value("За всё время")
        expect(page).to_have_url(re.compile(r"[?&]lang=ru\b"))
        screenshot(page, "language-ru-first-visit")


def test_the_switch_works_from_the_keyboard_and_the_language_stays(browser, server):
    with local_only_page(browser, server.url, locale="en-US") as page:
        page.goto(f"{server.url}/?from=2023-09&to=2023-11")
        wait_for_sidebar(page)
        expect(page.locator(NAV)).to_contain_text("Overview")
        switch = page.get_by_role("radiogroup", name="Language")
        expect(switch).to_be_visible()
        english = switch.get_by_role("radio", name="English")
        expect(english).to_be_checked()
        english.focus()
        page.keyboard.press("ArrowLeft")  # a radio group moves its choice with the arrow keys
        expect(page.locator(NAV)).to_contain_text("Обзор")
        expect(page.get_by_role("radiogroup", name="Язык").get_by_role("radio", name="Русский")).to_be_checked()
        expect(page).to_have_url(re.compile(r"from=2023-09&to=2023-11&lang=ru$"))
        expect(page.locator(PERIOD)).to_have_value("сентябрь–ноябрь 2023")
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Источники и методология").last.click()
        expect(page).to_have_url(re.compile(r"/sources\?.*lang=ru"))
        wait_for_sidebar(page)
        expect(page.locator(NAV)).to_contain_text("Хронология")
        screenshot(page, "language-ru-sources")


# ------------------------------------------------------------------ every page and slide, both languages, two sizes

SIZES = {"1440x900": {"width": 1440, "height": 900}, "1280x720": {"width": 1280, "height": 720}}
PAGE_PATHS = {"overview": "", "requests": "requests", "court-cases": "court-cases", "quotes": "quotes",
              "timeline": "timeline", "fact-check": "fact-check", "sources": "sources", "data": "data"}
HEADINGS = {
    "ru": {"overview": "Монитор дезертирства", "requests": "Запросы о помощи в дезертирстве",
           "court-cases": "Дела в военных судах", "quotes": "Цитаты", "timeline": "Хронология",
           "fact-check": "Проверка фактов", "sources": "Источники и методология", "data": "Обновить данные"},
    "en": {"overview": "Desertion Monitor", "requests": "Requests for help to desert",
           "court-cases": "Cases in military courts", "quotes": "Quotes", "timeline": "Timeline",
           "fact-check": "Fact check", "sources": "Sources & method", "data": "Update the data"},
}
SLIDE_POSITION = {"ru": re.compile(r"Слайд (\d+) из (\d+)"), "en": re.compile(r"Slide (\d+) of (\d+)")}


def screenshot_path(name: str):
    """Where a slide's shot goes: the window itself (a slide is made to fit it, so no stretching)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def wait_for_script(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_selector("h1")
    page.wait_for_timeout(500)


def assert_in_language(page, lang: str) -> None:
    """The document says its language (`<html lang>`, set by ui.language.mark_page_language), and a Russian page
    groups its numbers with spaces: no '20,538' outside the data's own text."""
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if lang == "ru":
        text = page.locator('[data-testid="stMain"]').inner_text()
        grouped = comma_grouped(text.splitlines())
        assert grouped == [], f"numbers grouped with commas on a Russian page: {grouped}"


# Russian at both sizes; English at the smaller (its pages and slides at 1440×900 are the English browser tests'
# own), which keeps the browser layer, CI's longest path, a minute shorter.
LANGUAGE_SIZES = [("ru", "1280x720"), ("ru", "1440x900"), ("en", "1280x720")]


@pytest.mark.parametrize(("lang", "size"), LANGUAGE_SIZES)
def test_every_page_in_both_languages(browser, server, lang, size):
    problems = []  # every page is opened and shot even when one fails, and the failure names them all
    with local_only_page(browser, server.url, viewport=SIZES[size]) as page:
        for name, path in PAGE_PATHS.items():
            page.goto(f"{server.url}/{path}?lang={lang}")
            wait_for_sidebar(page)
            screenshot(page, f"language-{lang}-{size}-{name}")
            try:
                expect(page.locator("h1").first).to_contain_text(HEADINGS[lang][name])
                expect(page).to_have_url(re.compile(rf"[?&]lang={lang}\b"))
                assert_in_language(page, lang)
            except AssertionError as error:
                problems.append(f"{name}: {error}")
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize(("lang", "size"), LANGUAGE_SIZES)
def test_every_slide_in_both_languages(browser, server, lang, size):
    problems = []
    with local_only_page(browser, server.url, viewport=SIZES[size]) as page:
        number, total = 1, 1
        while number <= total:
            page.goto(f"{server.url}/present?slide={number}&lang={lang}")
            wait_for_script(page)
            page.screenshot(path=str(screenshot_path(f"language-{lang}-{size}-slide-{number}")))
            position = page.get_by_text(SLIDE_POSITION[lang]).first
            expect(position).to_be_visible()
            shown, total = (int(n) for n in SLIDE_POSITION[lang].search(position.inner_text()).groups())
            assert shown == number
            try:
                expect(page.get_by_role("button", name="Далее" if lang == "ru" else "Next")).to_be_visible()
                assert_in_language(page, lang)
            except AssertionError as error:
                problems.append(f"slide {number}: {error}")
            number += 1
        assert total >= 5
    assert not problems, "\n\n".join(problems)
