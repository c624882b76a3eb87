"""What only the browser knows, told to the server: the window's height (a slide's chart type grows with it).

A Streamlit script cannot see the window, and a chart's fonts are set on the server (Plotly draws them in px), so
on a 1920×1080 screen a slide's chart text would stay at its 1280×720 size while the CSS-sized slide text grows.
This module mounts one invisible `st.components.v2` component whose few lines of our own JavaScript (no data in
them, nothing fetched) report `window.innerHeight`, once when mounted and again after a resize settles; the
server then sizes the chart's type like the slide's CSS does (`clamp(18px, 2.6vh, 32px)`). A report reruns the
script, so it is sent only when the height changed by a step that changes the type.
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
    const height = Math.round(window.innerHeight / 24) * 24;
    if (height > 0 && height !== window.__desertionWindowHeight) {
      window.__desertionWindowHeight = height;
      setStateValue('height', height);
    }
  };
  const onResize = () => { clearTimeout(timer); timer = setTimeout(report, 300); };
  window.__desertionWindowHeight = undefined;
  report();
  window.addEventListener('resize', onResize);
  return () => { window.removeEventListener('resize', onResize); clearTimeout(timer); };
}
"""
# The component draws nothing, and must not take a row of the slide's height either.
WINDOW_CSS = f"<style>.st-key-{WINDOW_KEY} {{ display: none !important; }}</style>"
_window = st.components.v2.component("desertion_window", js=WINDOW_JS)

# The slide's CSS sizes its text clamp(MIN, VH × window height, MAX); a chart's type follows the same rule.
SLIDE_TEXT_VH = 0.026
SLIDE_TEXT_MIN_PX = 18
SLIDE_TEXT_MAX_PX = 32


def window_height() -> int | None:
    """The browser window's height in px (rounded to 24 px steps), or None before the browser has said it (the
    first run of a session, AppTest, a script client)."""
    result = _window(key=WINDOW_KEY, on_height_change=lambda: None)
    st.html(WINDOW_CSS)
    height = getattr(result, "height", None)
    return int(height) if isinstance(height, (int, float)) and height > 0 else None


def slide_text_px(height: int | None) -> int:
    """A slide chart's smallest type for a window `height` px high: the slide CSS's rule, 18 px at 720 px and
    below (and when the height is unknown), 28 px at 1080, at most 32."""
    if height is None:
        return SLIDE_TEXT_MIN_PX
    return max(SLIDE_TEXT_MIN_PX, min(SLIDE_TEXT_MAX_PX, round(SLIDE_TEXT_VH * height)))
