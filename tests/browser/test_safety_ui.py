"""Issue 16 in a real browser: a broken sources.csv leaves every page with its sidebar and the error in words;
odd or reversed periods in the address are rewritten to the period shown; a custom period is set with the
keyboard alone, the focus staying on the month menu."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from desertion.testing import start_server, stop_server
from tests.browser.conftest import PERIOD_BOX, local_only_page, screenshot, wait_for_app
from tests.conftest import DATA

pytestmark = pytest.mark.browser

PATHS = ["/", "/requests", "/court-cases", "/quotes", "/timeline", "/fact-check", "/sources", "/data"]
CRASH = "This app has encountered an error"


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


@pytest.fixture
def broken_sources_server(tmp_path):
    """A server on a copy of data/ whose sources.csv has one cell too many on its line 4."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("changelog.csv", "history", ".locks"))
    lines = (data / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ",,", 1)
    (data / "sources.csv").write_text("".join(lines), encoding="utf-8")
    server = start_server(tmp_path, data_dir=data)
    yield server
    stop_server(server)


def test_a_bad_line_in_sources_leaves_every_page_working(browser, broken_sources_server):
    server = broken_sources_server
    columns = len((DATA / "sources.csv").read_text(encoding="utf-8").splitlines()[0].split(","))
    with local_only_page(browser, server.url) as page:
        for path in PATHS:  # the first is also the very first request to the fresh server
            page.goto(server.url + path)
            wait_for_app(page, timeout=90_000)
            sidebar = page.locator('[data-testid="stSidebar"]')
            assert page.locator(PERIOD_BOX).is_visible(), path
            # The error names the file and line, what was found and what was expected, as literal text.
            assert f"sources.csv:4: found {columns + 1} cells, expected {columns} cells" in sidebar.inner_text(), path
            body = page.locator('[data-testid="stMain"]').inner_text()
            assert "Sources could not be checked" in body, path
            assert CRASH not in body, path
        # The tables whose rows are valid still show: the quotes, with the banner above them.
        page.goto(server.url + "/quotes")
        wait_for_app(page, timeout=90_000)
        assert page.locator('[data-testid="stText"]').count() > 0
        screenshot(page, "broken-sources-quotes")


@pytest.mark.parametrize(("asked", "shown"), [
    ("?from=2023-11&to=2023-09", {"from": ["2023-09"], "to": ["2023-11"]}),
    ("?from=²&to=x", {}),
])
def test_the_address_is_rewritten_to_the_period_shown(page, server, asked, shown):
    page.goto(server.url + "/" + asked)
    wait_for_app(page, timeout=90_000)
    page.wait_for_function("() => !location.search.includes('%C2%B2') && !location.search.includes('2023-11&to=2023-09')")
    assert query(page) == shown
    notice = page.locator('[data-testid="stSidebar"] [data-testid="stAlertContentWarning"]').inner_text()
    assert ("swapped" if shown else "not a month") in notice
    page.reload()  # the rewritten address is what a reader copies: it opens quietly
    wait_for_app(page, timeout=90_000)
    assert query(page) == shown
    assert page.locator('[data-testid="stSidebar"] [data-testid="stAlertContentWarning"]').count() == 0


def test_a_custom_period_is_set_by_keyboard_alone(page, server):
    page.goto(server.url + "/requests")
    wait_for_app(page, charts=1, timeout=90_000)
    period = page.locator(PERIOD_BOX)
    period.focus()
    page.keyboard.type("Custom")
    page.keyboard.press("Enter")
    from_box = page.locator('[data-testid="stSidebar"] input[aria-label="From"]')
    from_box.wait_for()
    page.keyboard.press("Tab")  # from the Period menu to the From menu
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "From"
    first = query(page)
    page.keyboard.press("ArrowDown")  # opens the menu on the selected month
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('from=')")
    wait_for_app(page, charts=1, timeout=90_000)
    assert query(page) != first and query(page)["from"] != [first.get("from", [""])[0]]
    # The menu was not rebuilt: the focus is still on it, and it shows the month now in the address.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "From"
    # Focus is visible: the focused menu has an outline of at least 2 px (our CSS; Streamlit's own is 1 px).
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                            "return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth); }")
    assert outline >= 2
    # The period shown is the one in the address.
    chosen = pd.Timestamp(query(page)["from"][0] + "-01").strftime("%b %Y")
    assert f"Showing {chosen}" in page.locator('[data-testid="stSidebar"]').inner_text()


@pytest.fixture
def hostile_server(tmp_path):
    from tests.fixtures.hostile_data import write_hostile_copy

    server = start_server(tmp_path, data_dir=write_hostile_copy(tmp_path / "data"))
    yield server
    stop_server(server)


def test_hostile_values_are_drawn_as_text(browser, hostile_server):
    """What the AppTest checks in the Markdown sent, checked in what the browser draws: no link, image, icon,
    maths or coloured text is made from a hostile cell on the Quotes and Timeline pages."""
    server = hostile_server
    with local_only_page(browser, server.url) as page:
        for path in ("/quotes", "/timeline"):
            page.goto(server.url + path)
            wait_for_app(page, timeout=90_000)
            main = page.locator('[data-testid="stMain"]')
            assert main.locator('a[href^="javascript"], a[href*="evil.example"], img[src="x"]').count() == 0, path
            assert main.locator('[data-testid="stMarkdownContainer"] [data-testid="stIconMaterial"]').count() == 0
            assert main.locator(".katex").count() == 0, path
            assert "material/home" in main.inner_text() and "evil.example" in main.inner_text(), path
