"""The README stays short and points at docs/; every relative link in it and in docs/ leads to a file; the
method text the Sources & method page shows is docs/method.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desertion import docs
from tests.conftest import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
MAX_README_LINES = 200
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def relative_links(path: Path) -> list[str]:
    """Targets of Markdown links that are not web addresses."""
    return [t for t in LINK.findall(path.read_text(encoding="utf-8")) if not re.match(r"[a-z]+:", t)]


def test_readme_is_at_most_200_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_README_LINES, f"README.md has {len(lines)} lines: move details to docs/"


@pytest.mark.parametrize("document", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_every_relative_link_leads_to_a_file(document):
    links = relative_links(document)
    missing = [t for t in links if not (document.parent / t).exists()]
    assert missing == [], f"{document.name} links to files that do not exist: {missing}"


def test_the_readme_links_every_document_in_docs():
    linked = {(REPO / t).resolve() for t in relative_links(README)}
    assert {p.resolve() for p in DOCS.glob("*.md")} <= linked


def test_the_link_check_would_see_a_missing_file(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("[a](docs/nope.md) [b](https://example.org/x.md) [c](page.md#top)", encoding="utf-8")
    assert relative_links(page) == ["docs/nope.md", "page.md"]


def test_the_method_is_the_file_without_its_heading():
    text = (DOCS / "method.md").read_text(encoding="utf-8")
    assert text.startswith("# Method\n")
    assert docs.read_method() == text.removeprefix("# Method\n").strip()


def test_the_architecture_note_names_every_module_of_the_package():
    layout = (DOCS / "architecture.md").read_text(encoding="utf-8").split("## Data flow")[0]
    named = set(re.findall(r"[\w]+\.py", layout))
    modules = {path.name for path in (REPO / "desertion").rglob("*.py") if path.name != "__init__.py"}
    assert modules <= named, f"docs/architecture.md's layout does not name {sorted(modules - named)}"
