"""What only the browser knows, told to the server: the window's size (a slide's chart type grows with it).

A Streamlit script cannot see the window, and a chart's fonts are set on the server (Plotly draws them in px), so
on a 1920×1080 screen a slide's chart text would stay at its 1280×720 size while the CSS-sized slide text grows.
This module mounts one invisible `st.components.v2` component whose few lines of our own JavaScript (no data in
them, nothing fetched) report the window's inner width and height, once when mounted and again after a resize
settles; the server then scales the chart's type by the smaller of the two ratios to 1280×720, the size its labels
are laid out for. A report reruns the script, so it is sent only when the size changed by a 24 px step.
"""

from __future__ import annotations

import streamlit as st

WINDOW_KEY = "browser_window"
# Our own code only (Streamlit runs a component's JavaScript in the page): no value from data or the address in it.
WINDOW_JS = """
export default function(component) {
  const { setStateValue } = component;
  let timer = null;
  const report = () => {
    const width = Math.round(window.innerWidth / 24) * 24, height = Math.round(window.innerHeight / 24) * 24;
    const size = `${width}x${height}`;
    if (width > 0 && height > 0 && size !== window.__desertionWindowSize) {
      window.__desertionWindowSize = size;
      setStateValue('size', {width, height});
    }
  };
  const onResize = () => { clearTimeout(timer); timer = setTimeout(report, 300); };
  window.__desertionWindowSize = undefined;
  report();
  window.addEventListener('resize', onResize);
  return () => { window.removeEventListener('resize', onResize); clearTimeout(timer); };
}
"""
# The component draws nothing, and must not take a row of the slide's height either.
WINDOW_CSS = f"<style>.st-key-{WINDOW_KEY} {{ display: none !important; }}</style>"
_window = st.components.v2.component("desertion_window", js=WINDOW_JS)

# A slide is laid out for 1280×720 (slide_charts); a larger window scales its chart's type by the smaller of the
# two ratios, so labels laid out for the 1280×720 room still fit (1440×900: ×1.125; 1920×1080: ×1.5), at most 32 px.
REFERENCE_WINDOW = (1280, 720)
SLIDE_TEXT_MIN_PX = 18
SLIDE_TEXT_MAX_PX = 32


def window_size() -> tuple[int, int] | None:
    """The browser window's (width, height) in px (rounded to 24 px steps), or None before the browser has said
    it (the first run of a session, AppTest, a script client)."""
    result = _window(key=WINDOW_KEY, on_size_change=lambda: None)
    st.html(WINDOW_CSS)
    size = getattr(result, "size", None)
    try:
        width, height = int(size["width"]), int(size["height"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None
    return (width, height) if width > 0 and height > 0 else None


def slide_text_px(size: tuple[int, int] | None) -> float:
    """A slide chart's smallest type for a window of `size`: 18 px at 1280×720 and below (and when the size is
    unknown), growing with the smaller of the width and height ratios to 1280×720, at most 32 px."""
    if size is None:
        return SLIDE_TEXT_MIN_PX
    ratio = min(size[0] / REFERENCE_WINDOW[0], size[1] / REFERENCE_WINDOW[1])
    return max(SLIDE_TEXT_MIN_PX, min(SLIDE_TEXT_MAX_PX, SLIDE_TEXT_MIN_PX * ratio))
