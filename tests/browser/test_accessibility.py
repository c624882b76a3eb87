"""WCAG 2.2 AA by axe-core: every page, for All time and for a short period, has no serious or critical violation.

axe-core comes from npm (`npm install`, pinned in package.json) and is injected into the page served by a real
`streamlit run`; nothing is fetched from the internet. Present is checked on each of its slides' first one (its
own layout: no sidebar).
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import ARTIFACTS, wait_for_app
from tests.conftest import REPO

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = ("serious", "critical")
PATHS = ["/", "/requests", "/court-cases", "/quotes", "/timeline", "/fact-check", "/sources", "/present", "/data"]
PERIODS = {"all-time": "", "sep-nov-2023": "?from=2023-09&to=2023-11"}


def run_axe(page) -> list[dict]:
    """The serious and critical violations axe finds in the page as it is drawn now, one dict per rule."""
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run `npm install` in the repository (axe-core is pinned in package.json)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [{"rule": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"]),
             "targets": [n["target"] for n in v["nodes"][:5]]}
            for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("path", PATHS)
def test_no_serious_or_critical_wcag_violation(page, server, path, period):
    page.goto(server.url + path + PERIODS[period])
    if path == "/present":  # no sidebar in presentation mode: wait for the slide instead
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_selector("h1")
        page.wait_for_timeout(500)
    else:
        wait_for_app(page, charts=1 if path in ("/requests", "/court-cases", "/timeline") else 0, timeout=90_000)
    violations = run_axe(page)
    ARTIFACTS.mkdir(exist_ok=True)
    name = (path.strip("/") or "overview") + "-" + period
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(violations, indent=2), encoding="utf-8")
    assert violations == [], json.dumps(violations, indent=2)
