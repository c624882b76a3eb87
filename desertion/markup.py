"""The only way text from the data reaches Markdown or a chart: made literal, links only from validated URLs.

Streamlit renders Markdown (and some LaTeX and HTML-like syntax) in captions, labels and `st.markdown`.
Titles, quotes, names and notes come from CSV files anyone may edit, so every piece of data text goes
through `escape_markdown`, and a link is only made from an address that matches `schema.URL_PATTERN` in
full: `<img src=x onerror=…>`, `[x](javascript:…)`, `$x$`, `:red[x]`, `:material/home:` or a bare
`https://…` in a cell shows literally. Fixed prefixes ("Source: ") are ours and stay unescaped, so they read
as written. Plotly reads a few HTML tags in its texts: `plotly_text` is the escaper for chart titles, labels
and hovers. Pure: no Streamlit.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pandas as pd

from desertion.i18n.active import _, current, ngettext
from desertion.i18n.formats import format_date
from desertion.provenance import outlet_label, outlet_labels, source_date, sources_line, split_refs
from desertion.schema import URL_PATTERN

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'@^%])")
# Streamlit's shortcodes (`:material/home:`, `:smile:`) are matched in the text *after* Markdown has removed the
# escapes, so a backslash does not stop them: a word joiner (U+2060, invisible, no width, no line break) after
# a colon that touches a word breaks the shortcode without changing what a reader sees.
SHORTCODE_COLON = re.compile(r"\\:(?=[\w/])")
# The link detector also works on unescaped text: 'https://…', 'www.…' and 'name@host' become links. The joiner
# after the scheme's colon (above), after 'www' and before '@' stops it the same way.
AUTOLINK_STARTS = re.compile(r"(?i)(?<=www)(?=\\\.)|(?=\\@)")
WORD_JOINER = "\u2060"
LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape_markdown(text: object) -> str:
    """Data text as literal Markdown: every Markdown/LaTeX/directive character backslash-escaped, shortcodes
    broken, and line breaks folded to a space (a cell's blank line would otherwise start a new block)."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", LINE_BREAKS.sub(" ", str(text)))
    escaped = AUTOLINK_STARTS.sub(WORD_JOINER, escaped)
    return SHORTCODE_COLON.sub("\\:" + WORD_JOINER, escaped)


def delta_text(text: object) -> str:
    """A metric's delta: its leading sign stays as it is (Streamlit reads it for the arrow's direction; a sign
    without a space after it starts no Markdown block), the rest is escaped."""
    value = str(text)
    sign = value[:1] if value[:1] in ("-", "+", "\u2212") else ""
    return sign + escape_markdown(value[len(sign):])


def plotly_text(value: object) -> str:
    """Data text for a Plotly title, label or hover: HTML-escaped, since Plotly reads <a href>, <b>, <i>, <br>
    and <span style> in its texts (our own tags around the escaped text still work)."""
    return html.escape(str(value), quote=False)


BADGE_COLOURS = {"red", "orange", "yellow", "green", "blue", "violet", "gray", "grey", "primary"}


def badge(label: str, colour: str) -> str:
    """A Streamlit badge with a literal label; the colour must be one of Streamlit's names (never data)."""
    if colour not in BADGE_COLOURS:
        raise ValueError(f"not a badge colour: {colour!r}")
    return f":{colour}-badge[{escape_markdown(label)}]"


def quote_permalink(quote_id: str) -> str:
    """'Permalink' to one quote on the Quotes page (in the current language); the id is percent-encoded into the
    address."""
    label = escape_markdown(_("Permalink"))
    return f"[{label}](<./quotes?quote={quote(str(quote_id), safe='')}>)"


def sources_caption(sources: pd.DataFrame, override: str | None = None) -> str:
    """The 'Source: A; B' line under a chart as Markdown: the fixed 'Source: ' / 'Sources: ' prefix as written,
    the outlet names (and the rest of the line) escaped."""
    line = sources_line(sources, override)
    prefix, _, rest = line.partition(": ")
    return f"{prefix}: {escape_markdown(rest)}"


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
        text = _("{outlet}, {date}: \u201c{title}\u201d (grade {grade})").format(
            outlet=outlet, date=format_date(date, precision, language=current()), title=title, grade=grade)
        lines.append("- " + markdown_link(text, url if isinstance(url, str) else ""))
    return "\n".join(lines) if lines else _("No sources for this selection.")


def source_links_markdown(sources_by_id: pd.DataFrame, refs: str) -> str:
    """'Source: <outlet, date (grade)>' as Markdown links for one or more ';'-separated source ids.

    `sources_by_id` is sources.csv indexed by source_id; ids it does not hold are skipped."""
    links = []
    for _row, source in sources_by_id.reindex(split_refs(refs)).dropna(subset=["source_id"]).iterrows():
        label = _("{outlet}, {published} (grade {grade})").format(
            outlet=outlet_label(source), published=source_date(source), grade=source["grade"])
        links.append(markdown_link(label, source["url"] if isinstance(source["url"], str) else ""))
    if not links:
        return _("Source: none")
    return ngettext("Source: {links}", "Sources: {links}", len(links)).format(links=" · ".join(links))
