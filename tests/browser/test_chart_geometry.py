"""Chart geometry, measured from the rendered SVG with tests/browser/chart_geometry.py (issue 11, Done when):
at 1440×900 and 1280×720, for All time and Sep–Nov 2023, on every tab of Requests and Court cases and on
Timeline and Overview, no two text labels of any chart overlap; the key requests chart's plot area is at least
560×280 px at 1440×900; Art. 337 keeps one colour across periods. Each measurement is also saved as JSON under
artifacts/, and every chart is saved as a screenshot for All time, Jun–Nov 2023 and Sep–Nov 2023 to be looked at.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from desertion import palette
from desertion.label_layout import key_letter
from tests.browser import chart_geometry as geometry
from tests.browser.conftest import ARTIFACTS, local_only_page, wait_for_app

pytestmark = pytest.mark.browser

VIEWPORTS = {"1440x900": {"width": 1440, "height": 900}, "1280x720": {"width": 1280, "height": 720}}
PERIODS = {"all-time": "", "sep-nov-2023": "?from=2023-09&to=2023-11"}
SHOT_PERIODS = {**PERIODS, "jun-nov-2023": "?from=2023-06&to=2023-11"}
# (page, tab to open or None for the page's first view)
VIEWS = (("/", None), ("/requests", None), ("/requests", "People helped"), ("/court-cases", None),
         ("/court-cases", "Counts by year and month"), ("/court-cases", "Notable sentences"), ("/timeline", None))
KEY_PLOT_MIN = (560, 280)
SLIDE_MIN_TEXT_PX = 18
ART_337 = "Art. 337 AWOL"


def open_view(page, url: str, tab: str | None) -> None:
    page.goto(url)
    # The Overview may have no chart yet; every other view draws at least one.
    wait_for_app(page, charts=0 if url.split("?")[0].endswith("/") else 1, timeout=60_000)
    if tab:
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tabpanel", name=tab).locator('[data-testid="stPlotlyChart"] .main-svg').first) \
            .to_be_visible(timeout=60_000)
        wait_for_app(page, charts=1, timeout=60_000)


def measure(page, where: str) -> dict:
    boxes = geometry.text_boxes(page)
    titles = geometry.chart_titles(page)
    overlaps = geometry.chart_overlaps(page)
    return {"where": where, "charts": len(boxes), "texts": sum(map(len, boxes)),
            "overlaps": {titles[i] or f"chart {i}": pairs for i, pairs in overlaps.items()}}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("period", list(PERIODS))
def test_no_chart_text_overlaps_and_the_key_chart_is_large_enough(browser, server, viewport, period):
    reports = []
    with local_only_page(browser, server.url, VIEWPORTS[viewport]) as page:
        # The entrypoint first: a deep link as a fresh server's first request misses the shared sidebar
        # (Streamlit's legacy page discovery, see /work/shared/README.md), which is not what this measures.
        page.goto(server.url)
        wait_for_app(page)
        for path, tab in VIEWS:
            open_view(page, f"{server.url}{path}{PERIODS[period]}", tab)
            report = measure(page, f"{path} {tab or ''}".strip())
            if path != "/":  # the Overview may have no chart yet; every other view draws at least one
                assert report["charts"] and report["texts"], f"{report['where']}: no chart text measured"
            if path == "/requests" and tab is None:
                report["key_plot"] = geometry.plot_area(page, 0)
            reports.append(report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"chart-geometry-{period}-{viewport}.json").write_text(json.dumps(reports, indent=1, ensure_ascii=False))
    collisions = {r["where"]: r["overlaps"] for r in reports if r["overlaps"]}
    assert not collisions, f"{period} {viewport}: overlapping chart text: {collisions}"
    if viewport == "1440x900":
        width, height = next(r["key_plot"] for r in reports if "key_plot" in r)
        assert width >= KEY_PLOT_MIN[0] and height >= KEY_PLOT_MIN[1], \
            f"{period}: the requests chart's plot area is {width:.0f}×{height:.0f}, below {KEY_PLOT_MIN}"


# The time charts with an event strip: Requests, Court cases' running totals and counts by year and month.
STRIP_VIEWS = (("/requests", None), ("/court-cases", None), ("/court-cases", "Counts by year and month"))
LETTERS = re.compile(r"^([A-Z]+)(?:–([A-Z]+))?$")


def keyed_letters(label: str) -> list[str]:
    """The letters a strip label stands for: 'C' -> ['C'], 'C–F' -> ['C', 'D', 'E', 'F']."""
    first, last = LETTERS.match(label).groups()
    names = [key_letter(n) for n in range(26 * 27)]
    return names[names.index(first):names.index(last or first) + 1]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("period", list(SHOT_PERIODS))
def test_every_lettered_event_is_in_the_key_drawn_inside_its_chart(browser, server, viewport, period):
    """Issue 11 item 4, as drawn: a letter on an event strip always has its entry in the key under the chart,
    and the key lies inside the chart's SVG (nothing cut off at its edge), so no event needs a hover."""
    with local_only_page(browser, server.url, VIEWPORTS[viewport]) as page:
        page.goto(server.url)
        wait_for_app(page)
        for path, tab in STRIP_VIEWS:
            open_view(page, f"{server.url}{path}{SHOT_PERIODS[period]}", tab)
            for chart, svg in zip(geometry.text_boxes(page), geometry.svg_boxes(page)):
                keys = [b for b in chart if b.text.startswith("Events by letter:")]
                letters = [b.text for b in chart if LETTERS.match(b.text)]
                where = f"{path} {tab or ''} {period} {viewport}"
                if not letters:
                    assert not keys, f"{where}: a key without letters on the strip"
                    continue
                [key] = keys
                assert svg[0] - 1 <= key.left and key.right <= svg[2] + 1 and key.bottom <= svg[3] + 1, \
                    f"{where}: the key leaves its chart ({key} in {svg})"
                for label in letters:
                    for letter in keyed_letters(label):
                        # textContent joins the key's lines without a space: 'law;D 13 Jun', 'law; D13 Jun'.
                        entry = rf"[;:] ?{letter} ?(?:\d|Q\d|[A-Z][a-z]{{2}} \d)"
                        assert re.search(entry, key.text), f"{where}: {letter} is not in the key"


def test_art_337_keeps_one_colour_across_periods(browser, server):
    expected = palette.series_colour(palette.ARTICLE, "337")
    with local_only_page(browser, server.url, VIEWPORTS["1440x900"]) as page:
        page.goto(server.url)
        wait_for_app(page)
        found = {}
        for name, query in PERIODS.items():
            for tab in (None, "Counts by year and month"):
                open_view(page, f"{server.url}/court-cases{query}", tab)
                found[f"{name} {tab or 'Running totals'}"] = geometry.trace_colour(page, ART_337)
    assert set(found.values()) == {expected}, f"Art. 337 should be {expected} everywhere: {found}"


def test_screenshots_of_every_chart(browser, server):
    """Every chart for All time, Jun–Nov 2023 and Sep–Nov 2023, saved one file per chart to be looked at."""
    saved = 0
    ARTIFACTS.mkdir(exist_ok=True)
    with local_only_page(browser, server.url, VIEWPORTS["1440x900"]) as page:
        page.goto(server.url)
        wait_for_app(page)
        for name, query in SHOT_PERIODS.items():
            for path, tab in VIEWS[1:]:
                open_view(page, f"{server.url}{path}{query}", tab)
                charts = page.locator('[data-testid="stPlotlyChart"]:visible')
                for index in range(charts.count()):
                    label = f"{path.strip('/')}-{(tab or 'first').lower().replace(' ', '-')}-{index}"
                    charts.nth(index).screenshot(path=str(ARTIFACTS / f"chart-{label}-{name}.png"))
                    saved += 1
    assert saved >= 3 * 6


def test_report_slide_text_size(browser, server):
    """Report only: slides belong to another helper's part of issue 11."""
    with local_only_page(browser, server.url, VIEWPORTS["1280x720"]) as page:
        page.goto(f"{server.url}/present?from=2023-09&to=2023-11&slide=3")
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
        page.wait_for_timeout(500)
        size, text = geometry.min_font_px(page)
        chart_size, chart_text = geometry.min_font_px(page, geometry.CHART)
    assert size > 0 and text
    print(f"\nslide 3 at 1280×720: smallest text {size:.1f} px ({text!r}); in the chart {chart_size:.1f} px "
          f"({chart_text!r}); target ≥ {SLIDE_MIN_TEXT_PX} px")
