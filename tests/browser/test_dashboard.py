"""Browser tests: the dashboard as a reader sees it, in Debian's Chromium against a real `streamlit run` server.

Most tests share the session's server; the deep-link tests start a fresh server each (the first request after a
server start is the one Streamlit's legacy page discovery gets wrong), and the XSS test starts one on a copy of
the data with a hostile quote added. No request may leave localhost: the `page` fixture and `local_only_page`
assert it.
"""

from __future__ import annotations

import csv
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from desertion.testing import start_server, stop_server
from tests.browser.conftest import PERIOD_BOX, charts_drawn, local_only_page, screenshot, wait_for_app
from tests.conftest import DATA

pytestmark = pytest.mark.browser

# Path, page title (the h1), and how many Plotly charts the page draws at least.
PAGES = {
    "/": ("Desertion Monitor", 1),  # the Overview leads with the requests chart
    "/requests": ("Requests for help to desert", 1),  # the open tab only; other tabs draw when opened
    "/court-cases": ("Cases in military courts", 1),
    "/quotes": ("Quotes", 0),
    "/timeline": ("Timeline", 1),
    "/fact-check": ("Fact check", 0),
    "/sources": ("Sources & method", 0),
}
NAV_TITLES = ["Overview", "Requests", "Court cases", "Quotes", "Timeline", "Fact check", "Sources & method"]
LEGACY_NAV = {"dashboard", "overview", "requests", "court-cases", "quotes", "timeline", "fact-check", "sources"}
SEP_NOV = {"from": ["2023-09"], "to": ["2023-11"]}
SEP_NOV_URL = re.compile(r"[?&]from=2023-09&to=2023-11(&|$)")
SEP_NOV_LABEL = "Sep 2023 – Nov 2023"
QUOTE_CONTAINERS = '[data-testid="stMain"] [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"]' \
                   ':has([data-testid="stText"])'
QUOTES_MATCH = re.compile(r"(\d+) of (\d+) quotes match")
SEARCH_LABEL = "Search the quotes (English or Russian)"
XSS_TEXT = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"


def page_name(path: str) -> str:
    return path.strip("/") or "overview"


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def chart_subtitles(page) -> list[str]:
    return [node.text_content() for node in page.locator('[data-testid="stPlotlyChart"] .gtitle-subtitle').all()]


def wait_for_subtitles(page, text: str, at_least: int) -> None:
    """Wait until at least `at_least` charts are drawn and every chart subtitle reads `text`, then assert it."""
    try:
        page.wait_for_function(
            """([text, n]) => {
                const subs = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .gtitle-subtitle')];
                // Issue 11: the subtitle says what is counted, then the period on its last line.
                return subs.length >= n && subs.every(s => s.textContent.endsWith(text));
            }""", arg=[text, at_least], timeout=20_000)
    except PlaywrightTimeout:
        pass  # the assertion below says what was found instead
    subtitles = chart_subtitles(page)
    assert len(subtitles) >= at_least and all(s.endswith(text) for s in subtitles), \
        f"chart subtitles should all end with {text!r} (at least {at_least}), found {subtitles}"


def assert_navigation(page) -> None:
    """The sidebar lists the st.navigation page titles, not the file names of Streamlit's legacy page discovery."""
    nav = page.locator('[data-testid="stSidebarNavLink"] [data-testid="stMarkdownContainer"]').all_inner_texts()
    assert set(NAV_TITLES) <= set(nav) and not set(nav) & LEGACY_NAV, \
        f"the sidebar should list the st.navigation page titles, not legacy file names: {nav}"


def expect_no_exception(page) -> None:
    expect(page.locator('[data-testid="stException"]'), "the page shows a Python exception").to_have_count(0)


@contextmanager
def fresh_server(tmp_path: Path, data_dir: Path | None = None):
    """A server of the test's own; a failure inside the block carries the server's log in its message."""
    server = start_server(tmp_path, data_dir=data_dir)
    try:
        yield server
    except Exception as exc:  # noqa: BLE001  (re-raised with the log attached)
        stop_server(server)
        raise AssertionError(f"{exc}\n--- streamlit log ---\n{server.output()}") from exc
    stop_server(server)


def quote_rows() -> list[dict[str, str]]:
    with (DATA / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# 1. Deep links as the very first request to a freshly started server ------------------------------------------

@pytest.mark.parametrize(("path", "preset", "title", "charts", "subtitle"), [
    ("/court-cases?from=2023-09&to=2023-11", "Sep–Nov 2023", "Cases in military courts", 1, "Sep 2023 – Nov 2023"),
    ("/requests?from=2023-06&to=2023-08", "Jun–Aug 2023", "Requests for help to desert", 1, "Jun 2023 – Aug 2023"),
], ids=["court-cases", "requests"])
def test_deep_link_is_first_request_to_fresh_server(browser, tmp_path, path, preset, title, charts, subtitle):
    with fresh_server(tmp_path) as server, local_only_page(browser, server.url) as page:
        page.goto(server.url + path)
        expect(page.locator(PERIOD_BOX), "the sidebar's Period box is missing or does not show the link's period"
               ).to_have_value(preset, timeout=45_000)
        wait_for_app(page, charts=charts)
        expect(page.locator("h1").first).to_have_text(title)
        assert_navigation(page)
        expect_no_exception(page)
        assert charts_drawn(page) >= charts
        wait_for_subtitles(page, subtitle, charts)
        assert query(page.url) == query(path), f"the URL lost its period: {page.url}"
        screenshot(page, f"deep-link-{page_name(urlsplit(path).path)}")


# 2. Every page loads -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", list(PAGES), ids=[page_name(p) for p in PAGES])
def test_page_loads_without_exception(page, server, path):
    title, charts = PAGES[path]
    page.goto(server.url + path)
    wait_for_app(page, charts=charts)
    expect(page.locator("h1").first).to_contain_text(title)
    expect(page.locator(PERIOD_BOX)).to_be_visible()
    expect(page.locator(PERIOD_BOX)).to_have_value("All time")
    assert_navigation(page)
    expect_no_exception(page)
    expect(page.locator('[data-testid="stAlertContentError"]'), "a table failed to load").to_have_count(0)
    shot = screenshot(page, page_name(path))
    assert shot.stat().st_size > 10_000, f"{shot} looks empty"


# 3. Chart pages draw their charts ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [p for p, (_, charts) in PAGES.items() if charts],
                         ids=[page_name(p) for p, (_, charts) in PAGES.items() if charts])
def test_chart_pages_draw_their_charts(page, server, path):
    _, charts = PAGES[path]
    page.goto(server.url + path)
    wait_for_app(page, charts=charts)
    drawn = charts_drawn(page)
    assert drawn >= charts, f"{path}: {drawn} Plotly charts drawn, expected at least {charts}"
    titles = [t.text_content() for t in page.locator('[data-testid="stPlotlyChart"] .gtitle').all()]
    assert len(titles) >= charts and all(t.strip() for t in titles), f"{path}: chart titles {titles}"


# Every tick label and axis title inside its figure, and the y title clear of the tick labels: the margins
# are fixed (charts.left_margin), not measured by Plotly's automargin.
LABEL_BOXES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
  const svg = chart.querySelector('.main-svg').getBoundingClientRect();
  // Plotly keeps a tick label it hides (the range's last tick, at its very edge) with an empty box at 0, 0.
  const boxes = sel => [...chart.querySelectorAll(sel)].filter(t => t.textContent.trim())
                                                        .map(t => t.getBoundingClientRect())
                                                        .filter(r => r.width > 0 && r.height > 0);
  const yticks = boxes('g[class$="ytick"] text, g[class*="y2tick"] text');
  const labels = [...yticks, ...boxes('g[class$="xtick"] text'), ...boxes('[class^="g-y"][class$="title"] text')];
  const title = boxes('[class^="g-y"][class$="title"] text');
  return {title: chart.querySelector('.gtitle').textContent,
          leftmost: Math.min(...labels.map(r => r.left)) - svg.left,
          rightmost: svg.right - Math.max(...labels.map(r => r.right)),
          gap: title.length && yticks.length ? Math.min(...yticks.map(r => r.left)) - title[0].right : null};
})"""


@pytest.mark.parametrize(("path", "tab"), [("/requests", None), ("/requests", "People helped"),
                                           ("/court-cases", None), ("/court-cases", "Counts by year and month"),
                                           ("/court-cases", "Notable sentences"), ("/timeline", None)])
@pytest.mark.parametrize("period", ["", "?from=2023-09&to=2023-11"], ids=["all-time", "sep-nov-2023"])
def test_axis_labels_fit_inside_every_chart(page, server, path, tab, period):
    page.goto(server.url + path + period)
    wait_for_app(page, charts=1)
    if tab:
        page.get_by_role("tab", name=tab).click()
        # Only the open tab is built, so its panel's chart appears once the rerun has drawn it.
        expect(page.get_by_role("tabpanel", name=tab).locator('[data-testid="stPlotlyChart"] .main-svg').first) \
            .to_be_visible(timeout=60_000)  # a loaded machine was seen to need more than 20 s
        wait_for_app(page, charts=1)
    for chart in page.evaluate(LABEL_BOXES_JS):
        assert chart["leftmost"] >= 0 and chart["rightmost"] >= 0, f"{path} {tab}: a label is clipped: {chart}"
        assert chart["gap"] is None or chart["gap"] >= 0, f"{path} {tab}: y title overlaps tick labels: {chart}"


# 4. The period follows the reader: sidebar -> URL -> charts -> other pages -> a new browser ----------------------

def test_period_choice_updates_url_charts_and_survives_navigation(page, browser, server):
    page.goto(server.url + "/requests")
    wait_for_app(page, charts=1)
    assert "from" not in query(page.url) and "to" not in query(page.url)

    page.locator(PERIOD_BOX).click()
    # The menu lists every year and half-year since the first dated row (the longer the data, the longer the list),
    # so it scrolls and draws only the options in view: type to narrow it, as a reader would.
    page.keyboard.type("Sep–Nov 2023")
    page.get_by_role("option", name="Sep–Nov 2023", exact=True).click()
    expect(page).to_have_url(SEP_NOV_URL)
    assert query(page.url) == SEP_NOV
    expect(page.locator(PERIOD_BOX)).to_have_value("Sep–Nov 2023")
    wait_for_subtitles(page, SEP_NOV_LABEL, 1)

    page.locator('[data-testid="stSidebarNavLink"]', has_text="Court cases").click()
    expect(page.locator("h1").first).to_have_text("Cases in military courts")
    wait_for_app(page, charts=1)
    expect(page).to_have_url(re.compile(r"/court-cases\?"))
    expect(page).to_have_url(SEP_NOV_URL)
    expect(page.locator(PERIOD_BOX)).to_have_value("Sep–Nov 2023")
    wait_for_subtitles(page, SEP_NOV_LABEL, 1)
    page.get_by_role("tab", name="Counts by year and month").click()  # a tab's charts draw when it opens
    wait_for_app(page, charts=2)
    wait_for_subtitles(page, SEP_NOV_LABEL, 2)
    shared = page.url

    with local_only_page(browser, server.url) as other:
        other.goto(shared)
        wait_for_app(other, charts=1)
        expect(other.locator("h1").first).to_have_text("Cases in military courts")
        expect(other.locator(PERIOD_BOX)).to_have_value("Sep–Nov 2023")
        assert query(other.url) == SEP_NOV
        wait_for_subtitles(other, SEP_NOV_LABEL, 1)


# 5. Quote search -----------------------------------------------------------------------------------------------

def match_counts(page) -> tuple[int, int]:
    caption = page.get_by_text(QUOTES_MATCH)
    expect(caption).to_have_count(1)
    found = QUOTES_MATCH.search(caption.inner_text())
    return int(found[1]), int(found[2])


def search_quotes(page, text: str, before: str) -> None:
    """Type a query, press Enter, and wait until the match caption changes from `before`."""
    box = page.get_by_label(SEARCH_LABEL)
    box.fill(text)
    box.press("Enter")
    expect(page.get_by_text(QUOTES_MATCH)).not_to_have_text(before)
    wait_for_app(page)


def test_quote_search_narrows_the_list(page, server):
    page.goto(server.url + "/quotes")
    wait_for_app(page)
    total = len(quote_rows())
    shown, of = match_counts(page)
    assert (shown, of) == (total, total), f"all {total} quotes should match an empty search, got {shown} of {of}"
    assert page.locator(QUOTE_CONTAINERS).count() == total

    search_quotes(page, "rotation", page.get_by_text(QUOTES_MATCH).inner_text())
    shown, of = match_counts(page)
    assert 0 < shown < total and of == total, f"'rotation' should narrow the list: {shown} of {of}"
    containers = page.locator(QUOTE_CONTAINERS)
    expect(containers).to_have_count(shown)
    for text in containers.all_inner_texts():
        assert "rotation" in text.lower(), f"a quote shown for 'rotation' does not contain it: {text!r}"

    search_quotes(page, "полка", page.get_by_text(QUOTES_MATCH).inner_text())
    shown, _ = match_counts(page)
    assert shown >= 1
    containers = page.locator(QUOTE_CONTAINERS)
    expect(containers).to_have_count(shown)
    texts = containers.all_inner_texts()
    assert all("полка" in t.lower() for t in texts), texts
    sverdlin = [t for t in texts if "Grigory Sverdlin" in t and "regiment" in t]
    assert sverdlin, f"the translated Sverdlin 'regiment' quote was not found for 'полка': {texts}"
    assert "Original (ru)" in sverdlin[0]


# 6. Quote permalinks ---------------------------------------------------------------------------------------------

def test_quote_permalink_shows_that_quote_first(page, server):
    rows = quote_rows()
    # The oldest quote: without the link it would be last in the newest-first list.
    linked = min(rows, key=lambda r: r["date"])
    page.goto(f"{server.url}/quotes?quote={linked['quote_id']}")
    wait_for_app(page)
    expect_no_exception(page)
    first = page.locator(QUOTE_CONTAINERS).first
    expect(first.get_by_text("Linked quote")).to_be_visible()
    expect(page.get_by_text("Linked quote")).to_have_count(1)
    expect(first.locator('[data-testid="stText"]').first).to_have_text(f"\u201c{linked['text']}\u201d")
    expect(first).to_contain_text(linked["speaker"])


def test_unknown_quote_permalink_warns(page, server):
    page.goto(f"{server.url}/quotes?quote=no-such-quote")
    wait_for_app(page)
    expect(page.locator('[data-testid="stMain"] [data-testid="stAlertContentWarning"]')
           ).to_contain_text("not in the data")
    expect(page.get_by_text("Linked quote")).to_have_count(0)
    expect_no_exception(page)
    total = len(quote_rows())
    assert match_counts(page) == (total, total)


# 7. Hostile text in the data stays text --------------------------------------------------------------------------

def test_hostile_quote_is_shown_as_text(browser, tmp_path, shipped_data_copy: Path):
    quotes_csv = shipped_data_copy / "quotes.csv"
    with quotes_csv.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    quote_id = "q-2023-10-xss-probe"
    hostile = {column: "" for column in header}
    hostile.update(quote_id=quote_id, date="2023-10-01", date_precision="month", speaker="Test Probe",
                   text=XSS_TEXT, language="en", kind="verbatim", topics="requests", verification="verified",
                   source_id=rows[0]["source_id"], speaker_ru="Тестовый зонд", text_ru=XSS_TEXT,
                   text_ru_translated_by="project")  # a valid row: the Russian is required beside the English
    # Verified, on requests and said inside Sep–Nov 2023: the Requests chart shows it first, beside the chart.
    with quotes_csv.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header).writerow(hostile)

    with fresh_server(tmp_path, data_dir=shipped_data_copy) as server, local_only_page(browser, server.url) as page:
        dialogs: list[str] = []

        def record(dialog) -> None:
            dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", record)
        for path in (f"/quotes?quote={quote_id}", "/requests?from=2023-09&to=2023-11"):
            page.goto(server.url + path)
            wait_for_app(page)
            expect_no_exception(page)
            page.wait_for_timeout(500)  # give an injected onerror handler time to fire
            assert page.locator('img[src="x"]').count() == 0, f"{path}: the quote became an <img>"
            assert page.locator('a[href^="javascript"]').count() == 0, f"{path}: the quote became a link"
            assert dialogs == [], f"{path}: a script from the data ran: {dialogs}"
            shown = page.locator('[data-testid="stMain"] [data-testid="stText"]').filter(has_text=XSS_TEXT)
            expect(shown.first, f"{path}: the hostile quote is not shown as literal text").to_be_visible()
            expect(shown.first).to_contain_text("<img src=x onerror=alert(1)>")
            expect(shown.first).to_contain_text("[x](javascript:alert(1))")
            screenshot(page, f"xss-{page_name(urlsplit(path).path)}")


# 8. A broken link falls back to the default period ---------------------------------------------------------------

def test_invalid_period_in_url_warns_and_still_draws(page, server):
    page.goto(server.url + "/timeline?from=banana")
    wait_for_app(page, charts=1)
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stAlertContentWarning"]')
           ).to_contain_text("not a month")
    expect(page.locator(PERIOD_BOX)).to_have_value("All time")
    expect(page.locator("h1").first).to_have_text("Timeline")
    expect_no_exception(page)
    assert charts_drawn(page) >= 1
