"""The second wave's tabs in a real browser: Official statistics and By region draw, each with its sources and a
staleness note (today fixed to 1 Dec 2026), and screenshots are saved for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from desertion.testing import start_server, stop_server
from tests.browser.conftest import local_only_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

TABS = {"Official statistics": ("Official convictions and Mediazona", "no newer figure found since 2024"),
        "By region": ("Regions with the most cases", "no newer count found since May 2025")}


def test_new_tabs_draw_with_sources_and_staleness_notes(browser, tmp_path):
    server = start_server(tmp_path, env={"DESERTION_TODAY": "2026-12-01"})
    try:
        with local_only_page(browser, server.url, viewport={"width": 1440, "height": 900}) as page:
            page.goto(server.url + "/court-cases")
            wait_for_app(page, charts=1)
            for tab, (title, stale) in TABS.items():
                page.get_by_role("tab", name=tab).click()
                panel = page.get_by_role("tabpanel", name=tab)
                chart = panel.locator('[data-testid="stPlotlyChart"] .main-svg').first
                expect(chart).to_be_visible(timeout=20_000)
                wait_for_app(page, charts=1)
                assert title in panel.locator(".gtitle").first.text_content()
                expect(panel.get_by_text(stale)).to_be_visible()
                expect(panel.get_by_text("Source", exact=False).first).to_be_visible()
                screenshot(page, "court-" + tab.lower().replace(" ", "-"))
            sidebar = page.locator('[data-testid="stSidebar"]')
            expect(sidebar.get_by_text("Mediazona's court counts: May 2025", exact=False)).to_be_visible()
    finally:
        stop_server(server)
