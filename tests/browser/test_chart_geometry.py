"""Chart geometry on today's app, measured from the rendered SVG with tests/browser/chart_geometry.py.

REPORT ONLY in this wave of issue 11: it records (prints, and saves as JSON under artifacts/) the colliding
labels, the key chart's plot area, Art. 337's colour per period and the smallest slide text, and fails only
when the measurement itself breaks (no chart found, no text measured). The second wave turns the Done-when
thresholds below into assertions once the builders use findings, palette and label_layout.
"""

from __future__ import annotations

import json

import pytest

from tests.browser import chart_geometry as geometry
from tests.browser.conftest import ARTIFACTS, local_only_page, wait_for_app

pytestmark = pytest.mark.browser

VIEWPORTS = {"1440x900": {"width": 1440, "height": 900}, "1280x720": {"width": 1280, "height": 720}}
PERIODS = {"all-time": "", "sep-nov-2023": "?from=2023-09&to=2023-11"}
PAGES = ("/requests", "/court-cases", "/timeline")
# The Done-when thresholds of issue 11, for the second wave to assert.
KEY_PLOT_MIN = (560, 280)
SLIDE_MIN_TEXT_PX = 18


def measure_page(page, url: str) -> dict:
    page.goto(url)
    wait_for_app(page, charts=1)
    boxes = geometry.text_boxes(page)
    assert boxes and all(chart for chart in boxes), f"{url}: no chart text measured"
    titles = geometry.chart_titles(page)
    overlaps = geometry.chart_overlaps(page)
    return {"charts": len(boxes), "texts": sum(map(len, boxes)),
            "overlaps": {titles[i] or f"chart {i}": pairs for i, pairs in overlaps.items()},
            "plot_area": geometry.plot_area(page, 0)}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("period", list(PERIODS))
def test_report_chart_geometry(browser, server, viewport, period):
    report = {}
    with local_only_page(browser, server.url, VIEWPORTS[viewport]) as page:
        # The entrypoint first: a deep link as a fresh server's first request misses the shared sidebar
        # (Streamlit's legacy page discovery, see /work/shared/README.md), which is not what this measures.
        page.goto(server.url)
        wait_for_app(page)
        for path in PAGES:
            report[path] = measure_page(page, f"{server.url}{path}{PERIODS[period]}")
        page.goto(f"{server.url}/court-cases{PERIODS[period]}")
        wait_for_app(page, charts=1)
        report["art_337_colour"] = geometry.trace_colour(page, "Art. 337 AWOL")
    width, height = report["/requests"]["plot_area"]
    assert width > 0 and height > 0
    report["key_plot_meets_560x280"] = width >= KEY_PLOT_MIN[0] and height >= KEY_PLOT_MIN[1]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"chart-geometry-{period}-{viewport}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(f"\n{period} {viewport}: key plot {width:.0f}×{height:.0f}, Art. 337 {report['art_337_colour']}")
    for path in PAGES:
        for title, pairs in report[path]["overlaps"].items():
            print(f"  {path} {title!r}: {len(pairs)} overlapping pairs, e.g. {pairs[:4]}")


def test_report_slide_text_size(browser, server):
    with local_only_page(browser, server.url, VIEWPORTS["1280x720"]) as page:
        page.goto(f"{server.url}/present?from=2023-09&to=2023-11&slide=3")
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
        page.wait_for_timeout(500)
        size, text = geometry.min_font_px(page)
        chart_size, chart_text = geometry.min_font_px(page, geometry.CHART)
    assert size > 0 and text
    print(f"\nslide 3 at 1280×720: smallest text {size:.1f} px ({text!r}); in the chart {chart_size:.1f} px "
          f"({chart_text!r}); target ≥ {SLIDE_MIN_TEXT_PX} px")
