"""A chart as one self-contained interactive HTML file, for offline use or embedding in an article.

plotly.js is inlined (include_plotlyjs=True), so the file opens without a network. The figure already carries
its title, the period (subtitle) and the sources line; the page adds the dashboard's name and the period in
its <title> and a line under the chart. All text from data goes through html.escape. Pure: no Streamlit.
"""

from __future__ import annotations

import html
import re

import plotly.graph_objects as go
import plotly.io as pio

from desertion.provenance import DASHBOARD_NAME
from desertion.theme import TEMPLATE_NAME


def chart_title(fig: go.Figure) -> str:
    """The figure's title as plain text (tags Plotly understands, such as <b>, removed)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fig.layout.title.text or "")).strip()


def to_interactive_html(fig: go.Figure, *, period_label: str, sources: str) -> str:
    """The whole HTML page: the chart (light template, as in every export) and the dashboard's name,
    period and sources as text."""
    export = go.Figure(fig).update_layout(template=TEMPLATE_NAME)
    title = chart_title(fig)
    body = pio.to_html(export, include_plotlyjs=True, full_html=False, config={"displaylogo": False,
                                                                               "responsive": True})
    caption = " · ".join(html.escape(part) for part in (DASHBOARD_NAME, f"Period: {period_label}", sources) if part)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)} · {html.escape(DASHBOARD_NAME)}</title>\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n</head>\n"
            "<body style=\"font-family: sans-serif; margin: 1rem;\">\n"
            f"{body}\n<p style=\"color:#444; font-size:14px\">{caption}</p>\n</body>\n</html>\n")
