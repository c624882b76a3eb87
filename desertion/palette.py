"""One colour per series, everywhere: a fixed map from each article, Idite Lesom metric, event category and kind
of count to a colour, for a light and a dark background.

The hues are Okabe & Ito's (2008) colour-blind-safe palette. Some of them are too pale to read as marks on
white (yellow, sky blue and orange fall below WCAG's 3:1 for graphics), and some too dark on a dark page, so
each is moved along its own lightness, hue kept, until it reaches `MIN_MARK_CONTRAST` against the background.
Colours carry no meaning through transparency: every colour here is opaque and distinct from the others of
its vocabulary (tested, also under simulated protanopia, deuteranopia and tritanopia).

Pure: no Plotly, no Streamlit. `theme.py` builds the templates from it.
"""

from __future__ import annotations

import colorsys
from collections.abc import Mapping

from desertion.schema import ARTICLES, EVENT_CATEGORIES, IDITE_LESOM_METRICS, SENTENCE_ARTICLES, SERIES_KINDS

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, str] = {
    "black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7",
}
# One neutral beside them, for the eighth Idite Lesom metric: achromatic, so every kind of colour vision
# tells it from the hues and from black by lightness alone.
HUES: dict[str, str] = {**OKABE_ITO, "grey": "#8A8A8A"}
LIGHT = "light"
DARK = "dark"
BACKGROUNDS = {LIGHT: "#FFFFFF", DARK: "#0E1117"}  # white paper; Streamlit's dark theme background
MIN_MARK_CONTRAST = 3.0  # WCAG 2.2 SC 1.4.11, non-text contrast for graphical objects

# Kinds of count that must never look alike (and are never summed): official figures, Mediazona's court
# counts, and estimates by others.
COUNT_KINDS = SERIES_KINDS  # official, media_count, estimate, ngo: the schema declares each table's kind

ARTICLE = "article"
METRIC = "metric"
EVENT = "event"
KIND = "kind"

# Eight metrics need eight colours: of them orange (people helped, running total) and vermillion (requests
# for help) come closest under deuteranopia (ΔE ≈ 6 on white, 9 on the dark page); they are never drawn in
# one chart.
SERIES_HUES: dict[str, dict[str, str]] = {
    ARTICLE: {"337": "blue", "338": "vermillion", "332": "bluish green", "334": "reddish purple", "all": "black",
              "352.1": "sky blue"},
    METRIC: {
        "desertion_requests": "vermillion", "all_requests": "black", "desertion_requests_share": "reddish purple",
        "servicemen_counselled": "sky blue", "deserters_helped": "bluish green",
        "deserters_helped_cumulative": "blue", "people_helped_cumulative": "orange",
        "draft_avoidance_helped_cumulative": "grey",
    },
    # Events leave out vermillion and orange, which a deuteranope barely tells apart once orange is darkened
    # for a white page; court charts draw events beside articles, so events are also labelled in words.
    EVENT: {"mobilisation": "reddish purple", "law": "blue", "offensive": "yellow", "ngo": "bluish green",
            "court": "sky blue", "other": "black", "proposal": "grey"},
    KIND: {"official": "black", "media_count": "blue", "estimate": "orange", "ngo": "bluish green"},
}
VOCABULARIES: dict[str, tuple[str, ...]] = {
    ARTICLE: (*ARTICLES, *[a for a in SENTENCE_ARTICLES if a not in ARTICLES]), METRIC: IDITE_LESOM_METRICS, EVENT: EVENT_CATEGORIES, KIND: COUNT_KINDS,
}


class UnknownSeries(KeyError):
    """A value with no colour: a new article, metric or category was added to the schema but not here."""


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """'#D55E00' -> (0.835, 0.369, 0.0)."""
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb_to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    r, g, b = (_linear(c) for c in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def fit_contrast(colour: str, background: str, minimum: float = MIN_MARK_CONTRAST) -> str:
    """The colour itself if it already stands out from `background` by `minimum`, else the nearest colour of
    the same hue and saturation, darker on a light background or lighter on a dark one, that does."""
    if contrast_ratio(colour, background) >= minimum:
        return colour
    h, lightness, s = colorsys.rgb_to_hls(*hex_to_rgb(colour))
    darker = relative_luminance(background) > 0.5
    for step in range(1, 101):
        level = lightness * (1 - step / 100) if darker else lightness + (1 - lightness) * step / 100
        candidate = rgb_to_hex(colorsys.hls_to_rgb(h, level, s))
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    raise ValueError(f"no shade of {colour} reaches {minimum}:1 against {background}")


def build_series_colours(mode: str = LIGHT) -> dict[str, dict[str, str]]:
    """Every vocabulary's value -> colour for a light or dark background."""
    background = BACKGROUNDS[mode]
    return {vocabulary: {value: fit_contrast(HUES[hue], background) for value, hue in hues.items()}
            for vocabulary, hues in SERIES_HUES.items()}


SERIES_COLOURS: Mapping[str, Mapping[str, Mapping[str, str]]] = {mode: build_series_colours(mode) for mode in BACKGROUNDS}


def series_colour(vocabulary: str, value: str, mode: str = LIGHT) -> str:
    """The one colour of a series ("article", "337") on every page, period, slide and export."""
    try:
        return SERIES_COLOURS[mode][vocabulary][value]
    except KeyError:
        raise UnknownSeries(f"no colour for {vocabulary} {value!r} ({mode}); add it to palette.SERIES_HUES") from None


def colourway(mode: str = LIGHT) -> list[str]:
    """The template's default colour order for anything not mapped above: Okabe–Ito, fitted to the background."""
    order = ("blue", "vermillion", "bluish green", "orange", "reddish purple", "sky blue", "yellow", "black")
    return [fit_contrast(OKABE_ITO[name], BACKGROUNDS[mode]) for name in order]


def to_lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour, for perceptual distances."""
    r, g, b = (_linear(c) for c in hex_to_rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def colour_distance(a: str, b: str) -> float:
    """CIE76 ΔE between two colours: about 2.3 is just noticeable; marks need far more to be told apart."""
    return sum((p - q) ** 2 for p, q in zip(to_lab(a), to_lab(b))) ** 0.5
