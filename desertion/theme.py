"""The one Plotly template every chart uses, registered on import as "desertion".

Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), a legible sans-serif at sizes
that survive a projector, a white background that prints, and a named source annotation at the foot that
each chart fills through `templateitemname`, so the source line is inside the figure on screen, in a PNG
and on a slide.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "desertion"
SOURCE_ANNOTATION = "source"
FONT_FAMILY = "Source Sans Pro, DejaVu Sans, Arial, sans-serif"
# Okabe & Ito (2008), without black: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow.
COLORWAY = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442")
MUTED = "#6b6b6b"
GRID = "#e6e6e6"
MIN_LEFT_MARGIN = 64


def build_template() -> go.layout.Template:
    """The template itself; pure, so tests can inspect it."""
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT_FAMILY, size=15, color="#1f1f1f"),
            title=dict(font=dict(size=20), x=0, xanchor="left", y=0.97, yanchor="top", pad=dict(l=4)),
            colorway=list(COLORWAY),
            paper_bgcolor="white",
            plot_bgcolor="white",
            # Fixed margins, no automargin: Plotly's automargin measures every tick label in the browser and
            # then draws the chart a second time, on every update (28 ms instead of 13 ms per court chart in
            # Chromium). charts.new_figure widens the left margin to the figure's own labels instead.
            margin=dict(l=MIN_LEFT_MARGIN, r=90, t=150, b=96),
            xaxis=dict(showgrid=False, linecolor="#9a9a9a", ticks="outside", automargin=False),
            yaxis=dict(gridcolor=GRID, zeroline=True, zerolinecolor="#9a9a9a", rangemode="tozero",
                       automargin=False, separatethousands=True),
            legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=13)),
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14)),
            separators=".,",
            annotations=[
                dict(name=SOURCE_ANNOTATION, text="", xref="paper", yref="paper", x=0, y=-0.02,
                     xanchor="left", yanchor="top", yshift=-48, showarrow=False, align="left",
                     font=dict(size=12, color=MUTED)),
            ],
        )
    )


pio.templates[TEMPLATE_NAME] = build_template()
