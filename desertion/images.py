"""Static images of charts (PNG, SVG, PDF) through Kaleido and the system's Chromium, fully offline.

Kaleido 1.x drives a Chromium it finds on the machine (Debian's /usr/bin/chromium; `BROWSER_PATH` pins
another). One sync server is kept warm per process, so a batch of images costs ~0.1 s each instead of a
browser start each. MathJax is off: it would load from a CDN, and nothing may be fetched at run time.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import plotly.graph_objects as go

from desertion.i18n import N_
from desertion.i18n.active import _

FORMATS = ("png", "svg", "pdf")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# Marked for translation, said with install_hint() (a page may say it with its own Translator).
INSTALL_HINT = N_("Image, PDF and PPTX export need a Chromium browser: on Debian or Ubuntu run "
                "`apt-get install chromium` (or set BROWSER_PATH to a Chrome/Chromium binary). "
                "CSV and XLSX exports work without it.")
_server_lock = threading.Lock()
_server_started = False


class ExportUnavailable(RuntimeError):
    """Raised when an export needs a browser that is not installed; the message says how to install it."""


def install_hint() -> str:
    """How to get image export working, in the current language."""
    return _(INSTALL_HINT)


def find_browser() -> str | None:
    """The Chromium Kaleido will use: BROWSER_PATH if set and present, else the first one on PATH."""
    pinned = os.environ.get("BROWSER_PATH")
    if pinned:
        return pinned if Path(pinned).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _ensure_server() -> None:
    """Start Kaleido's sync server once per process (MathJax off), after checking a browser exists."""
    global _server_started
    browser = find_browser()
    if browser is None:
        raise ExportUnavailable(install_hint())
    with _server_lock:
        if not _server_started:
            import kaleido

            os.environ.setdefault("BROWSER_PATH", browser)
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            _server_started = True


def render(fig: go.Figure, fmt: str, width: int = 1280, height: int | None = None, scale: float = 1.0) -> bytes:
    """The figure as PNG, SVG or PDF bytes, with everything the figure holds (title, period, source line), at
    the figure's own height (a builder sizes its panels in pixels) unless `height` is given."""
    height = height or int(fig.layout.height or 720)
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; expected one of {', '.join(FORMATS)}")
    _ensure_server()
    import kaleido

    try:
        return kaleido.calc_fig_sync(fig, opts=dict(format=fmt, width=width, height=height, scale=scale))
    except Exception as err:  # Kaleido wraps browser failures in several exception types
        if "chrom" in str(err).lower() or "browser" in str(err).lower():
            raise ExportUnavailable(f"{install_hint()} ({err})") from err
        raise
