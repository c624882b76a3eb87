"""Browser layer: a real `streamlit run` server on a free localhost port (started and stopped by
`desertion.testing`, which the benchmarks share), driven by Debian's Chromium.

Chromium is /usr/bin/chromium from Debian (never `playwright install`). Screenshots of every page are saved
under tests/browser/artifacts/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desertion.testing import CHROMIUM, CHROMIUM_ARGS, Server, is_local, start_server, stop_server

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """One server for the session's ordinary tests (tests that need a fresh server start their own)."""
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


@contextmanager
def local_only_page(browser, base_url: str, viewport: dict | None = None, locale: str | None = None):
    """A page in a fresh browser context that records every request (HTTP and WebSocket) leaving `base_url`.
    `locale` sets the browser's language (navigator.language and Accept-Language), e.g. 'ru-RU'.

    On a normal exit it asserts that nothing left localhost and that no uncaught JavaScript error happened; the
    context is closed either way. Every test that opens its own context uses this (the `page` fixture does too).
    """
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000},
                                  **({"locale": locale} if locale else {}))
    foreign: list[str] = []
    js_errors: list[str] = []

    def watch(new_page) -> None:
        new_page.on("websocket", lambda ws: None if is_local(ws.url, base_url) else foreign.append(ws.url))
        new_page.on("pageerror", lambda error: js_errors.append(str(error)))

    context.on("request", lambda request: None if is_local(request.url, base_url) else foreign.append(request.url))
    context.on("page", watch)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
    finally:
        context.close()
    assert foreign == [], f"requests left localhost: {foreign}"
    assert js_errors == [], f"uncaught JavaScript errors in the page: {js_errors}"


@pytest.fixture
def page(browser, server):
    """A fresh browser context per test; any request to a host other than the local server fails the test."""
    with local_only_page(browser, server.url) as page:
        yield page


PERIOD_BOX = '[data-testid="stSidebar"] input[aria-label="Period"]'
CHARTS_DRAWN = '[data-testid="stPlotlyChart"]:has(.main-svg)'


def wait_for_app(page, charts: int = 0, timeout: float = 30_000) -> None:
    """Wait until the app's shared sidebar (its Period box) is drawn, the script has finished, and at least
    `charts` Plotly charts are drawn (counted per `stPlotlyChart` holding an svg).

    Waiting for the sidebar alone is not enough: on the first request after a server start, Streamlit's legacy
    page discovery draws its own sidebar (file names as links) before the app reruns through `st.navigation`.
    """
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_selector(PERIOD_BOX, timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    if charts:
        page.wait_for_function(
            f"n => document.querySelectorAll({CHARTS_DRAWN!r}).length >= n", arg=charts, timeout=timeout)
    page.wait_for_timeout(300)


def charts_drawn(page) -> int:
    """How many Plotly charts hold a drawn svg."""
    return page.locator(CHARTS_DRAWN).count()


def screenshot(page, name: str, max_height: int = 8000) -> Path:
    """Save the whole page. Streamlit scrolls inside its main container, not the document, so the viewport is
    stretched to the content's height (up to `max_height`) for the shot and then restored."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    viewport = page.viewport_size
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stSidebarContent"]')].map(e => e.scrollHeight), 0)""")
    if viewport and height > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": min(height, max_height)})
        page.wait_for_timeout(500)  # let Plotly and Streamlit re-lay out
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if viewport:
            page.set_viewport_size(viewport)
    return path
