"""Markup: data text reaches Markdown only escaped, and links only from validated http(s) addresses."""

from __future__ import annotations

import pytest

from desertion.markup import escape_markdown, markdown_link, source_links_markdown, sources_markdown
from tests.fixtures import tables


def test_markdown_escaping_defuses_links_html_and_math():
    escaped = escape_markdown("<img src=x onerror=alert(1)> [x](javascript:alert(1)) $x$ **b**")
    # The word joiner (U+2060) after a colon touching a word breaks Streamlit's shortcodes (see markup.py).
    assert escaped == (r"\<img src\=x onerror\=alert\(1\)\> \[x\]\(javascript\:" "\u2060"
                       r"alert\(1\)\) \$x\$ \*\*b\*\*")
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


def test_shortcodes_directives_maths_and_bare_links_stay_literal():
    """Streamlit matches `:material/…:` and emoji shortcodes after Markdown has dropped the escapes, so the
    escaper also breaks them with an invisible word joiner; the rest is backslash-escaped."""
    assert escape_markdown(":material/home:") == "\\:\u2060material/home\\:"
    assert escape_markdown(":red[x]") == "\\:\u2060red\\[x\\]"
    assert escape_markdown("$x^2$") == "\\$x\\^2\\$"
    assert escape_markdown("https://evil.example") == "https\\:\u2060//evil\\.example"
    assert escape_markdown("first line\n\n- a list item") == "first line \\- a list item"
    assert escape_markdown("Source: x") == "Source\\: x"  # a colon before a space needs no joiner
    # Streamlit's link detector also reads unescaped text (checked in Chromium): 'www.' and 'name@host' too.
    assert escape_markdown("www.evil.example") == "www\u2060\\.evil\\.example"
    assert escape_markdown("a@b.example") == "a\u2060\\@b\\.example"


def test_deltas_keep_their_sign_and_badges_their_colour():
    from desertion.markup import badge, delta_text

    assert delta_text("+89.2% vs Jun–Aug 2023") == "+89\\.2\\% vs Jun–Aug 2023"
    assert delta_text("−47.1%") == "−47\\.1\\%" and delta_text("-3") == "-3"
    assert badge("date corrected [x]", "orange") == ":orange-badge[date corrected \\[x\\]]"
    with pytest.raises(ValueError):
        badge("x", "red]:material/home:[")


def test_source_captions_keep_the_prefix_and_escape_the_outlets():
    from desertion.markup import sources_caption

    sources = tables.sources().assign(outlet=[":red[x]", "[l](javascript:a)", "c"], originator=None)
    assert sources_caption(sources.iloc[:1]) == "Source: " + escape_markdown(":red[x]")
    assert sources_caption(sources) == "Sources: " + escape_markdown(":red[x]; [l](javascript:a); c")
    assert sources_caption(sources.iloc[0:0]) == "Source: none for this selection"


def test_permalinks_and_plotly_text():
    from desertion.markup import plotly_text, quote_permalink

    assert quote_permalink("q-1") == "[Permalink](<./quotes?quote=q-1>)"
    assert quote_permalink("a>b)") == "[Permalink](<./quotes?quote=a%3Eb%29>)"
    assert plotly_text('<a href="x">y</a><br>') == '&lt;a href="x"&gt;y&lt;/a&gt;&lt;br&gt;'
