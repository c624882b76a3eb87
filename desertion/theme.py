"""The one Plotly template every chart uses, registered on import as "desertion".

Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), a legible sans-serif at sizes
that survive a projector, a white background that prints, and a named source annotation at the foot that
each chart fills through `templateitemname`, so the source line is inside the figure on screen, in a PNG
and on a slide.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from desertion import palette

TEMPLATE_NAME = "desertion"
DARK_TEMPLATE_NAME = "desertion_dark"
SOURCE_ANNOTATION = "source"
FONT_FAMILY = "Source Sans Pro, DejaVu Sans, Arial, sans-serif"
# Okabe & Ito (2008), each shade fitted to 3:1 against white (palette.py): blue, vermillion, bluish green,
# orange, reddish purple, sky blue, yellow, black.
COLORWAY = tuple(palette.colourway(palette.LIGHT))
MUTED = "#6b6b6b"
GRID = "#e6e6e6"
MIN_LEFT_MARGIN = 64
# Plotly's decimal point and thousands separator (its axis ticks), per language: the template's are English;
# `separators` gives a figure built in another language its own, which stays when a page or an export swaps the
# template (dark, light). Russian: a decimal comma and a no-break space, as `i18n.formats` writes numbers.
SEPARATORS = {"en": ".,", "ru": ",\u00a0"}


@dataclass(frozen=True)
class Scheme:
    """The colours of one template: page, text, secondary text, grid and axis lines, and series."""

    mode: str
    background: str
    text: str
    muted: str
    grid: str
    axis: str


LIGHT_SCHEME = Scheme(palette.LIGHT, palette.BACKGROUNDS[palette.LIGHT], "#1f1f1f", MUTED, GRID, "#9a9a9a")
# Streamlit's dark theme: its background and text colours, a muted grey at 4.5:1 on it, a grid that recedes.
DARK_SCHEME = Scheme(palette.DARK, palette.BACKGROUNDS[palette.DARK], "#FAFAFA", "#A3A8B8", "#31333F", "#6B6F7A")


def build_template(scheme: Scheme = LIGHT_SCHEME) -> go.layout.Template:
    """The template itself, for a light page (the default, which prints) or a dark one; pure, so tests can
    inspect it."""
    # A clicked point is selected (it opens its source row): the selection styles are declared, so Plotly.js
    # does not read a missing `selected.textfont` of a labelled bar (an uncaught error in the browser).
    selection = dict(selected=dict(textfont=dict(color=scheme.text)),
                     unselected=dict(textfont=dict(color=scheme.text)))
    return go.layout.Template(
        data=dict(bar=[go.Bar(**selection)], scatter=[go.Scatter(**selection)]),
        layout=go.Layout(
            font=dict(family=FONT_FAMILY, size=15, color=scheme.text),
            title=dict(font=dict(size=20), x=0, xanchor="left", y=0.97, yanchor="top", pad=dict(l=4)),
            colorway=palette.colourway(scheme.mode),
            paper_bgcolor=scheme.background,
            plot_bgcolor=scheme.background,
            # Fixed margins, no automargin: Plotly's automargin measures every tick label in the browser and
            # then draws the chart a second time, on every update (28 ms instead of 13 ms per court chart in
            # Chromium). charts.new_figure widens the left margin to the figure's own labels instead.
            margin=dict(l=MIN_LEFT_MARGIN, r=90, t=150, b=96),
            xaxis=dict(showgrid=False, linecolor=scheme.axis, ticks="outside", automargin=False),
            yaxis=dict(gridcolor=scheme.grid, zeroline=True, zerolinecolor=scheme.axis, rangemode="tozero",
                       automargin=False, separatethousands=True),
            legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=13)),
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14)),
            separators=SEPARATORS["en"],
            annotations=[
                dict(name=SOURCE_ANNOTATION, text="", xref="paper", yref="paper", x=0, y=-0.02,
                     xanchor="left", yanchor="top", yshift=-48, showarrow=False, align="left",
                     font=dict(size=12, color=scheme.muted)),
            ],
        )
    )


def template_name(dark: bool) -> str:
    """The template for the reader's colour scheme (the browser's prefers-color-scheme, as Streamlit's
    theme reports it): the dark one on a dark page, else the light one, which is also the one for exports."""
    return DARK_TEMPLATE_NAME if dark else TEMPLATE_NAME


def localise(fig: go.Figure, language: str) -> go.Figure:
    """A figure's numbers as `i18n.formats` writes them in `language` ('20 538', '4,3' in Russian), on the figure
    itself (so they stay when a page or an export swaps the template), and whole numbers on its value axes
    ('25 000', not Plotly's English '25k'). English keeps the template's, unchanged."""
    if SEPARATORS.get(language, SEPARATORS["en"]) != SEPARATORS["en"]:
        fig.update_layout(separators=SEPARATORS[language])
        fig.update_yaxes(exponentformat="none")
    return fig


pio.templates[TEMPLATE_NAME] = build_template(LIGHT_SCHEME)
pio.templates[DARK_TEMPLATE_NAME] = build_template(DARK_SCHEME)
