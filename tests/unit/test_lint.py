"""ruff (whole repository) and mypy (the package `desertion`) pass, with the settings in pyproject.toml.
Both are in requirements-dev.txt; a failure shows their own report."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize("tool", [["ruff", "check", "--no-cache", "."], ["mypy"]], ids=["ruff", "mypy"])
def test_the_linter_passes(tool):
    run = subprocess.run([sys.executable, "-m", *tool], cwd=REPO, capture_output=True, text=True, check=False,
                         timeout=600)
    assert run.returncode == 0, f"python -m {' '.join(tool)} failed:\n{run.stdout}\n{run.stderr}"
