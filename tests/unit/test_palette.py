"""palette and theme: one colour per series, colour-blind safe, readable as marks, light and dark templates."""

from __future__ import annotations

import itertools

import plotly.io as pio
import pytest

from desertion import palette, theme
from desertion.palette import BACKGROUNDS, SERIES_COLOURS, VOCABULARIES, colour_distance, contrast_ratio, series_colour

# Machado, Oliveira & Fernandes (2009) full-severity simulation matrices, applied to linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.148602), (0.004733, 0.691367, 0.303900)),
}
# ΔE (CIE76) below which two marks of one chart are hard to tell apart; "normal" is full colour vision.
MIN_DISTANCE = {"normal": 15.0, "simulated": 10.0}
# Measured exception, documented in palette.SERIES_HUES: of the eight Idite Lesom metrics, orange
# (people helped, running total) and vermillion (requests for help) come closest under deuteranopia; they are
# never drawn in one chart.
METRIC_DEUTERANOPIA_FLOOR = 6.0
# Measured exception: with seven event categories, proposal (grey) and other (black) come 9.2 apart under
# deuteranopia; every time chart labels its events in words, so colour never carries the category alone.
EVENT_DEUTERANOPIA_FLOOR = 9.0


def simulate(colour: str, matrix) -> str:
    linear = [palette._linear(c) for c in palette.hex_to_rgb(colour)]
    mixed = [sum(row[j] * linear[j] for j in range(3)) for row in matrix]

    def encode(v: float) -> float:
        v = min(max(v, 0.0), 1.0)
        return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055

    return palette.rgb_to_hex(tuple(encode(v) for v in mixed))


@pytest.mark.parametrize("mode", list(BACKGROUNDS))
@pytest.mark.parametrize("vocabulary", list(VOCABULARIES))
def test_every_vocabulary_value_has_a_colour(mode, vocabulary):
    for value in VOCABULARIES[vocabulary]:
        assert series_colour(vocabulary, value, mode).startswith("#")
    assert set(SERIES_COLOURS[mode][vocabulary]) == set(VOCABULARIES[vocabulary])


def test_an_unknown_value_is_a_clear_error():
    with pytest.raises(palette.UnknownSeries, match="article '339'"):
        series_colour("article", "339")


@pytest.mark.parametrize("mode", list(BACKGROUNDS))
def test_every_mark_colour_reaches_3_to_1_against_its_background(mode):
    for vocabulary, colours in SERIES_COLOURS[mode].items():
        for value, colour in colours.items():
            assert contrast_ratio(colour, BACKGROUNDS[mode]) >= 3.0, (vocabulary, value, colour)
    for colour in palette.colourway(mode):
        assert contrast_ratio(colour, BACKGROUNDS[mode]) >= 3.0, colour


@pytest.mark.parametrize("mode", list(BACKGROUNDS))
@pytest.mark.parametrize("vocabulary", list(VOCABULARIES))
def test_colours_of_a_vocabulary_are_distinct_for_every_kind_of_colour_vision(mode, vocabulary):
    colours = list(SERIES_COLOURS[mode][vocabulary].values())
    assert len(set(colours)) == len(colours)
    assert min(colour_distance(a, b) for a, b in itertools.combinations(colours, 2)) >= MIN_DISTANCE["normal"]
    for name, matrix in CVD.items():
        seen = [simulate(c, matrix) for c in colours]
        closest = min(colour_distance(a, b) for a, b in itertools.combinations(seen, 2))
        floor = {("metric", "deuteranopia"): METRIC_DEUTERANOPIA_FLOOR,
                 ("event", "deuteranopia"): EVENT_DEUTERANOPIA_FLOOR}.get((vocabulary, name), MIN_DISTANCE["simulated"])
        assert closest >= floor, (name, round(closest, 1))


def test_colours_are_opaque_hex_and_the_same_on_every_call():
    for colours in SERIES_COLOURS[palette.LIGHT].values():
        for colour in colours.values():
            assert len(colour) == 7  # #RRGGBB: no alpha channel, so no meaning carried by transparency
    assert series_colour("article", "337") == series_colour("article", "337") == "#0072B2"


def test_fit_contrast_keeps_a_colour_that_already_stands_out_and_darkens_one_that_does_not():
    assert palette.fit_contrast("#0072B2", "#FFFFFF") == "#0072B2"
    darker = palette.fit_contrast("#F0E442", "#FFFFFF")
    assert contrast_ratio(darker, "#FFFFFF") >= 3.0 > contrast_ratio("#F0E442", "#FFFFFF")
    lighter = palette.fit_contrast("#000000", BACKGROUNDS[palette.DARK])
    assert contrast_ratio(lighter, BACKGROUNDS[palette.DARK]) >= 3.0


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_dark_template_is_registered_and_matches_the_dark_page():
    assert {theme.TEMPLATE_NAME, theme.DARK_TEMPLATE_NAME} <= set(pio.templates)
    dark = pio.templates[theme.DARK_TEMPLATE_NAME].layout
    assert dark.paper_bgcolor == dark.plot_bgcolor == BACKGROUNDS[palette.DARK]
    assert contrast_ratio(dark.font.color, dark.paper_bgcolor) >= 4.5
    assert contrast_ratio(dark.annotations[0].font.color, dark.paper_bgcolor) >= 4.5
    assert list(dark.colorway) == palette.colourway(palette.DARK)
    assert dark.annotations[0].name == theme.SOURCE_ANNOTATION
    assert theme.template_name(dark=True) == theme.DARK_TEMPLATE_NAME
    assert theme.template_name(dark=False) == theme.TEMPLATE_NAME


def test_light_template_text_reads_on_white():
    light = pio.templates[theme.TEMPLATE_NAME].layout
    assert contrast_ratio(light.font.color, light.paper_bgcolor) >= 4.5
    assert contrast_ratio(light.annotations[0].font.color, light.paper_bgcolor) >= 4.5
