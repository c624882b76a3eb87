"""The interactive HTML download: self-contained, and it says what, when and from where."""

from __future__ import annotations

import re

import plotly.graph_objects as go

from desertion import export_html
from desertion.provenance import DASHBOARD_NAME


def test_html_is_self_contained_and_names_title_period_sources_and_dashboard():
    fig = go.Figure(go.Bar(x=[1, 2], y=[305, 577])).update_layout(title=dict(text="<b>Requests nearly doubled</b>"))
    page = export_html.to_interactive_html(fig, period_label="Jun–Nov 2023",
                                           sources="Source: The Moscow Times <script>alert(1)</script>")
    assert "<title>Requests nearly doubled · " + DASHBOARD_NAME in page
    assert "Period: Jun–Nov 2023" in page and DASHBOARD_NAME in page
    assert "Source: The Moscow Times &lt;script&gt;alert(1)&lt;/script&gt;" in page  # data text escaped
    assert not re.search(r"<script[^>]+src=", page)  # no script loaded from the network
    assert "Plotly.newPlot" in page and len(page) > 1_000_000  # plotly.js inlined
