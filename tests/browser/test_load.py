"""A short run of the load script (bench/load.py, run as a program like a maintainer runs it): a few
concurrent sessions, no errors, all local."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.browser
def test_concurrent_sessions_change_period_and_page_without_errors(server, tmp_path):
    out = tmp_path / "load.json"
    run = subprocess.run(
        [sys.executable, "bench/load.py", "--url", server.url, "--sessions", "3", "--seconds", "12", "--seed", "7",
         "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert out.exists(), f"bench/load.py wrote no report (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == []
    assert report["requests_off_localhost"] == []
    assert all(done >= 1 for done in report["changes_per_session"]), report["changes_per_session"]
    assert report["p95_change_to_charts_s"] is not None
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
