"""ruff (whole repository) and mypy (the package `desertion`) pass, with the settings in pyproject.toml, and no
module of the package grows past 400 lines. ruff and mypy are in requirements-dev.txt; a failure shows their
own report."""

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


MAX_MODULE_LINES = 400


def test_no_module_in_the_package_is_over_400_lines():
    long = {str(path.relative_to(REPO)): lines for path in sorted((REPO / "desertion").rglob("*.py"))
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these along a real seam (see docs/architecture.md): {long}"
