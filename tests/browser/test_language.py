"""The language in a real browser: a Russian browser's first visit opens in Russian with `?lang=ru` in the
address; the sidebar's switch is a labelled radio group changed from the keyboard, and the language it sets stays
in the address with the period and across a page link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import local_only_page, screenshot

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
