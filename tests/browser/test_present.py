"""The presentation page in a real browser: slides fit the window, ?slide=N opens a slide, Next moves on."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, local_only_page

PERIOD = "from=2023-09&to=2023-11"
SLIDES = 8
# Each slide's title states its point, computed from the shipped data (tests/unit/test_deck.py has the rules).
REQUESTS_TITLE = "Requests for help to desert fell: 218 → 175 (−20%)"
COMPARISON_TITLE = "Requests for help to desert nearly doubled: 305 → 577 (+89%)"


def wait_for_slide(page, title: str | None = None) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_selector("h1")
    if title:
        page.wait_for_function("t => document.querySelector('h1')?.textContent.trim() === t", arg=title)
    page.wait_for_timeout(400)


def overflow(page) -> dict:
    """How far the content reaches past the window, for the page and for Streamlit's scrolling main area."""
    return page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        const block = document.querySelector('[data-testid="stMainBlockContainer"]');
        return {page: document.documentElement.scrollHeight - window.innerHeight,
                main: main ? main.scrollHeight - main.clientHeight : 0,
                content: block ? block.getBoundingClientRect().bottom - window.innerHeight : 0};
    }""")


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
def test_every_slide_fits_the_window_without_scrolling(browser, server, size):
    width, height = size
    with local_only_page(browser, server.url, {"width": width, "height": height}) as page:
        for number in range(1, SLIDES + 1):
            page.goto(f"{server.url}/present?{PERIOD}&slide={number}")
            wait_for_slide(page)
            assert page.locator('[data-testid="stException"]').count() == 0
            assert not page.locator('[data-testid="stSidebar"]').is_visible()
            spill = overflow(page)
            assert spill["page"] <= 0 and spill["main"] <= 2 and spill["content"] <= 0, (number, spill)
            footer = page.get_by_text("Desertion Monitor · Period: Sep–Nov 2023", exact=False)
            assert footer.count() >= 1 and footer.first.is_visible()
            if number == 3:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"present-slide3-{width}x{height}.png"))


@pytest.mark.browser
def test_slide_link_and_next_previous(browser, server):
    with local_only_page(browser, server.url, {"width": 1280, "height": 720}) as page:
        page.goto(f"{server.url}/present?{PERIOD}&slide=3")
        wait_for_slide(page, REQUESTS_TITLE)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
        page.get_by_role("button", name="Next").click()
        wait_for_slide(page, COMPARISON_TITLE)
        assert "slide=4" in page.url and "from=2023-09" in page.url and "to=2023-11" in page.url
        assert page.get_by_text("305 → 577").count() >= 1
        page.keyboard.press("ArrowLeft")
        wait_for_slide(page, REQUESTS_TITLE)
        assert "slide=3" in page.url
        page.goto(f"{server.url}/present?{PERIOD}&slide={SLIDES}&embed=true")
        wait_for_slide(page, "Sources")
        assert page.get_by_role("button", name="Next").is_disabled()
