"""Shared fixtures for all test layers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture
def shipped_data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped tables (not their change log), so a test can break one without touching data/."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("changelog.csv", "history", ".locks"))
    return target
