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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With pytest-xdist (`-n 2 --dist loadgroup`, as scripts/setup.sh runs the suite), the browser layer runs
    on one worker, in order, against its one shared server and browser, while the unit and AppTest layers
    share both workers. Two browser groups at once were no faster (660 s against 605 s): a browser test's
    server and Chromium already keep both cores busy."""
    browser_dir = REPO / "tests" / "browser"
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.xdist_group("browser"))
