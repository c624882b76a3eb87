"""Shared fixtures for all test layers."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
# Tests (and the servers they start) keep the validated-table cache out of the user's ~/.cache.
os.environ.setdefault("DESERTION_CACHE_DIR", tempfile.mkdtemp(prefix="desertion-test-cache-"))


@pytest.fixture
def shipped_data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped tables (not their change log), so a test can break one without touching data/."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("changelog.csv", "history", ".locks"))
    return target


# The browser files that run on the second worker: about half the layer's time (slides at three window sizes,
# and the replica tests with their own servers), so the two workers finish together.
SECOND_BROWSER_GROUP = {"test_slides_and_sources.py", "test_present.py", "test_replicas.py"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With pytest-xdist (`-n 2 --dist loadgroup`, as scripts/setup.sh runs the suite), the browser layer runs
    as two groups, each on one worker, in order, against that worker's own server and browser; the unit and
    AppTest layers fill the gaps. Each group keeps its tests in sequence: two browser tests of one group at once
    would share a server and starve each other on a 2-core machine."""
    browser_dir = REPO / "tests" / "browser"
    for item in items:
        path = Path(item.fspath)
        if browser_dir in path.parents:
            group = "browser-2" if path.name in SECOND_BROWSER_GROUP else "browser-1"
            item.add_marker(pytest.mark.xdist_group(group))
