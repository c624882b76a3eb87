"""bench/ and tests/ share their server helpers through desertion.testing and never import each other: a
benchmark must run without the test suite's fixtures, and a test must not break when a benchmark changes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO


def imported_packages(path: Path) -> set[str]:
    """The top-level package of every module a Python file imports (relative imports are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def crossings(folder: str, forbidden: str) -> list[str]:
    return sorted(str(path.relative_to(REPO)) for path in (REPO / folder).rglob("*.py")
                  if forbidden in imported_packages(path))


@pytest.mark.parametrize(("folder", "forbidden"), [("bench", "tests"), ("tests", "bench")])
def test_bench_and_tests_do_not_import_each_other(folder, forbidden):
    assert crossings(folder, forbidden) == [], f"{folder}/ imports {forbidden}/: use desertion.testing instead"


def test_the_import_check_sees_both_forms_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import bench.run\nfrom tests.conftest import REPO\nfrom . import sibling\n", encoding="utf-8")
    assert imported_packages(sample) == {"bench", "tests"}
