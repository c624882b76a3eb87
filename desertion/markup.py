"""The only way text from the data reaches Markdown: escaped as plain text, links only from validated URLs.

Streamlit renders Markdown (and some LaTeX and HTML-like syntax) in captions, labels and `st.markdown`.
Titles, quotes, names and notes come from CSV files anyone may edit, so every piece of data text goes
through `escape_markdown`, and a link is only made from an address that matches `schema.URL_PATTERN` in
full: `<img src=x onerror=…>`, `[x](javascript:…)` or `$x$` in a cell shows literally. Pure: no Streamlit.
"""

from __future__ import annotations

import re

import pandas as pd

from desertion.formatting import format_date
from desertion.provenance import outlet_label, outlet_labels, source_date, split_refs
from desertion.schema import URL_PATTERN

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every Markdown/LaTeX-significant character, so data can sit in a Markdown label."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def markdown_link(label: str, url: str) -> str:
    """A Markdown link with an escaped label; the loader only lets http(s) addresses through."""
    if not re.fullmatch(URL_PATTERN, url or ""):
        return escape_markdown(label)
    return f"[{escape_markdown(label)}](<{url}>)"


def sources_markdown(sources: pd.DataFrame) -> str:
    """One line per source: outlet, date, title, grade and a link, all data text escaped."""
    lines = []
    for outlet, date, precision, title, grade, url in zip(
            outlet_labels(sources), sources["published"], sources["published_precision"], sources["title"],
            sources["grade"], sources["url"]):
        text = f"{outlet}, {format_date(date, precision)}: \u201c{title}\u201d (grade {grade})"
        lines.append("- " + markdown_link(text, url if isinstance(url, str) else ""))
    return "\n".join(lines) if lines else "No sources for this selection."


def source_links_markdown(sources_by_id: pd.DataFrame, refs: str) -> str:
    """'Source: <outlet, date (grade)>' as Markdown links for one or more ';'-separated source ids.

    `sources_by_id` is sources.csv indexed by source_id; ids it does not hold are skipped."""
    links = []
    for _, source in sources_by_id.reindex(split_refs(refs)).dropna(subset=["source_id"]).iterrows():
        label = f"{outlet_label(source)}, {source_date(source)} (grade {source['grade']})"
        links.append(markdown_link(label, source["url"] if isinstance(source["url"], str) else ""))
    if not links:
        return "Source: none"
    return ("Sources: " if len(links) > 1 else "Source: ") + " · ".join(links)
