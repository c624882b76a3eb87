"""Two replicas behind HAProxy on loopback (deploy/replicas.py), driven through the balancer by Chromium.

Sessions spread over the replicas and stay on theirs (chart and deck downloads are served by the process that
made them), a newly published data version reaches both replicas without a restart, and when one replica
stops, the other keeps serving and new visitors go to it.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from desertion import publish
from tests.browser.conftest import local_only_page, wait_for_app
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "deploy"))
import replicas  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(replicas.find_haproxy() is None,
                       reason="haproxy is not installed (`bash scripts/setup.sh test` installs it from Debian)"),
]

PERIOD = "from=2023-09&to=2023-11"
# Two servers, HAProxy and Chromium share the machine (two cores in CI): allow a slow page, not a broken one.
PATIENCE_MS = 120_000
QUOTES_MATCH = re.compile(r"(\d+) of (\d+) quotes match")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A published data root holding one version: the shipped tables."""
    root = tmp_path_factory.mktemp("published")
    assert publish.main([str(REPO / "data"), "--root", str(root)]) == 0
    return root


@pytest.fixture(scope="module")
def topology(tmp_path_factory, published):
    with replicas.running(2, tmp_path_factory.mktemp("replicas"), data_dir=published) as running:
        yield running


@contextmanager
def visitor(browser, topology):
    """A fresh browser context through the balancer (nothing may leave localhost), with room for a slow page."""
    with local_only_page(browser, topology.url) as page:
        page.set_default_timeout(PATIENCE_MS)
        yield page


def settle(page, charts: int = 0) -> None:
    wait_for_app(page, charts=charts, timeout=PATIENCE_MS)


def replica_of(page) -> str | None:
    """The replica HAProxy pinned this browser context to (its sticky cookie)."""
    return next((c["value"] for c in page.context.cookies() if c["name"] == replicas.COOKIE), None)


def pin(page, topology, name: str) -> None:
    """Send this context to replica `name`, as a returning visitor with its cookie would be."""
    page.context.add_cookies([{"name": replicas.COOKIE, "value": name, "url": topology.url}])


def quotes_total(page) -> int:
    caption = page.get_by_text(QUOTES_MATCH).first
    caption.wait_for()
    return int(QUOTES_MATCH.search(caption.inner_text()).group(2))


def test_sessions_spread_over_the_replicas_and_stay_on_theirs(browser, topology):
    with ExitStack() as stack:
        pages = [stack.enter_context(visitor(browser, topology)) for _ in range(4)]
        for page in pages:
            page.goto(f"{topology.url}/requests?{PERIOD}")
            settle(page, charts=1)
        first = [replica_of(page) for page in pages]
        assert set(first) == {"r1", "r2"}, first
        for page in pages:  # a rerun over the websocket and a new page view stay on the same replica
            page.goto(f"{topology.url}/timeline?{PERIOD}")
            settle(page, charts=1)
        assert [replica_of(page) for page in pages] == first


@pytest.mark.parametrize("name", ["r1", "r2"])
def test_chart_and_deck_downloads_work_through_the_balancer(browser, topology, name, tmp_path):
    with visitor(browser, topology) as page:
        pin(page, topology, name)
        page.goto(f"{topology.url}/requests?{PERIOD}")
        settle(page, charts=1)
        page.get_by_role("button", name="Download chart").first.click()
        with page.expect_download(timeout=PATIENCE_MS) as chart:
            page.get_by_role("button", name="SVG").click()
        svg = tmp_path / chart.value.suggested_filename
        chart.value.save_as(svg)
        assert svg.suffix == ".svg" and "<svg" in svg.read_text(encoding="utf-8")[:2000]

        page.goto(f"{topology.url}/present?{PERIOD}&slide=1")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        with page.expect_download(timeout=PATIENCE_MS) as deck:
            page.get_by_role("button", name="PPTX").click()
        pptx = tmp_path / deck.value.suggested_filename
        deck.value.save_as(pptx)
        assert pptx.suffix == ".pptx" and pptx.read_bytes()[:2] == b"PK"
        assert replica_of(page) == name


def test_a_published_version_reaches_every_replica_without_a_restart(browser, topology, published, tmp_path):
    pids = topology.pids()
    with ExitStack() as stack:
        pages = {name: stack.enter_context(visitor(browser, topology)) for name in ("r1", "r2")}
        for name, page in pages.items():
            pin(page, topology, name)
            page.goto(f"{topology.url}/quotes")
            settle(page)
        before = {name: quotes_total(page) for name, page in pages.items()}
        assert len(set(before.values())) == 1, before

        # The next version: the shipped tables without the last quote (test data derived by code).
        version = tmp_path / "next"
        shutil.copytree(REPO / "data", version)
        lines = (version / "quotes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        (version / "quotes.csv").write_text("".join(lines[:-1]), encoding="utf-8")
        assert publish.main([str(version), "--root", str(published)]) == 0

        for name, page in pages.items():
            page.reload()
            settle(page)
            assert quotes_total(page) == before[name] - 1, name
            assert replica_of(page) == name
    assert topology.pids() == pids and all(s.process.poll() is None for s in topology.replicas.values())


def test_when_a_replica_stops_the_other_serves_everyone(browser, topology):
    with ExitStack() as stack:
        survivor = stack.enter_context(visitor(browser, topology))
        pin(survivor, topology, "r2")
        survivor.goto(f"{topology.url}/requests?{PERIOD}")
        settle(survivor, charts=1)

        topology.stop_replica("r1")
        time.sleep(3)  # HAProxy checks every second and takes a replica out after two failures

        returning = stack.enter_context(visitor(browser, topology))
        pin(returning, topology, "r1")  # a visitor whose replica is gone is sent to the survivor
        visitors = [returning] + [stack.enter_context(visitor(browser, topology)) for _ in range(3)]
        for page in visitors:
            page.goto(f"{topology.url}/requests?{PERIOD}")
            settle(page, charts=1)
        assert [replica_of(page) for page in visitors] == ["r2"] * len(visitors)

        survivor.goto(f"{topology.url}/timeline?{PERIOD}")
        settle(survivor, charts=1)
        assert replica_of(survivor) == "r2"
