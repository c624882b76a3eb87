"""A chart as one self-contained interactive HTML file, for offline use or embedding in an article.

plotly.js is inlined (include_plotlyjs=True), so the file opens without a network. The figure already carries
its title, the period (subtitle) and the sources line; the page adds the dashboard's name and the period in
its <title> and a line under the chart. All text from data goes through html.escape. Pure: no Streamlit.
The page's own words and its `<html lang>` are in the language asked for (default: the active one).
"""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go
import plotly.io as pio

from desertion.i18n.active import _, active, current
from desertion.provenance import DASHBOARD_NAME
from desertion.theme import TEMPLATE_NAME


def dashboard_name() -> str:
    """The dashboard's full name in the current language: the one message `provenance.DASHBOARD_NAME` declares
    (the citations say the same), not a second copy of its words."""
    return _(DASHBOARD_NAME)


def chart_title(fig: go.Figure) -> str:
    """The figure's title as plain text (tags Plotly understands, such as <b>, removed)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fig.layout.title.text or "")).strip()


def to_interactive_html(fig: go.Figure, *, period_label: str, sources: str, language: str | None = None) -> str:
    """The whole HTML page: the chart (light template, as in every export) and the dashboard's name,
    period and sources as text, in `language` (a download's callable passes its page's: it runs in a thread
    of its own, where the page's language is not active)."""
    language = language or current()
    with active(language):
        name, period = dashboard_name(), _("Period: {period}").format(period=period_label)
    export = go.Figure(fig).update_layout(template=TEMPLATE_NAME)
    title = chart_title(fig)
    body = pio.to_html(export, include_plotlyjs=True, full_html=False, config={"displaylogo": False,
                                                                               "responsive": True})
    caption = " · ".join(html.escape(part) for part in (name, period, sources) if part)
    return (f"<!DOCTYPE html>\n<html lang=\"{html.escape(language)}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)} · {html.escape(name)}</title>\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n</head>\n"
            "<body style=\"font-family: sans-serif; margin: 1rem;\">\n"
            f"{body}\n<p style=\"color:#444; font-size:14px\">{caption}</p>\n</body>\n</html>\n")
