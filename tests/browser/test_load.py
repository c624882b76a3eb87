"""A short run of the load script (bench/load.py): a few concurrent sessions, no errors, all local."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import run_load


@pytest.mark.browser
def test_concurrent_sessions_change_period_and_page_without_errors(server):
    # Its own thread: the session's sync Playwright already runs an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(asyncio.run, run_load(server.url, sessions=3, seconds=12, seed=7,
                                                   pid=server.process.pid)).result()
    assert report["errors"] == []
    assert report["requests_off_localhost"] == []
    assert all(done >= 1 for done in report["changes_per_session"]), report["changes_per_session"]
    assert report["p95_change_to_charts_s"] is not None
