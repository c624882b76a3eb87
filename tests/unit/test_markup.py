"""Markup: data text reaches Markdown only escaped, and links only from validated http(s) addresses."""

from __future__ import annotations

from desertion.markup import escape_markdown, markdown_link, source_links_markdown, sources_markdown
from tests.fixtures import tables


def test_markdown_escaping_defuses_links_html_and_math():
    escaped = escape_markdown("<img src=x onerror=alert(1)> [x](javascript:alert(1)) $x$ **b**")
    assert escaped == (r"\<img src\=x onerror\=alert\(1\)\> \[x\]\(javascript\:alert\(1\)\) \$x\$ \*\*b\*\*")
    assert markdown_link("a [label]", "javascript:alert(1)") == escape_markdown("a [label]")
    assert markdown_link("Outlet", "https://a.example/x_(y)") == "[Outlet](<https://a.example/x_(y)>)"


def test_source_lists_escape_titles_and_link_only_http_addresses():
    sources = tables.sources().assign(title=["[x](javascript:alert(1))", "b", "c"])
    lines = sources_markdown(sources.assign(url=["javascript:alert(1)", "https://b.example/r", None])).splitlines()
    assert lines[0] == "- " + escape_markdown("Outlet A, 5 Dec 2023: \u201c[x](javascript:alert(1))\u201d (grade A)")
    assert lines[1].startswith("- [") and lines[1].endswith("](<https://b.example/r>)")
    assert sources_markdown(sources.iloc[0:0]) == "No sources for this selection."


def test_source_links_skip_unknown_ids():
    by_id = tables.sources().set_index("source_id", drop=False)
    assert source_links_markdown(by_id, "nope") == "Source: none"
    assert source_links_markdown(by_id, "src-a; nope") == "Source: " + markdown_link(
        "Outlet A, 5 Dec 2023 (grade A)", "https://a.example/report")
    assert source_links_markdown(by_id, "src-a;src-c").startswith("Sources: ")
