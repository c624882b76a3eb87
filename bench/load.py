"""Load test: many concurrent browser sessions changing period and page at random, against a local server.

    python bench/load.py                          # 30 sessions for 60 s against a server it starts
    python bench/load.py --sessions 5 --seconds 20
    python bench/load.py --url http://127.0.0.1:8501   # an already running local server

Every session runs in its own Chromium context (Debian's /usr/bin/chromium), so each is a real Streamlit
session with its own websocket. Each loops until the time is up: pick a preset in the Period menu or
open another page from the sidebar, then wait until the page shows the new state (URL, page title,
every chart's subtitle on the new period). Sessions connect one after another and the timed window starts
when all are connected. Reports errors (exceptions on the page, JavaScript errors,
timeouts: must be zero), the 95th percentile of the time from a change to its charts updated, and the
server's memory at the start and the end. Only the local server is ever contacted; the loops are
bounded by the deadline and stop by themselves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desertion.testing import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, cpu_seconds, is_local, rss_mb, start_server, stop_server,
)

# Page link label in the sidebar -> (path, page title, charts drawn on it)
PAGES = {
    "Overview": ("/", "Desertion Monitor", 0),
    "Requests": ("/requests", "Requests for help to desert", 1),
    "Court cases": ("/court-cases", "Cases in military courts", 1),
    "Quotes": ("/quotes", "Quotes", 0),
    "Timeline": ("/timeline", "Timeline", 1),
    "Fact check": ("/fact-check", None, 0),
    "Sources & method": ("/sources", "Sources & method", 0),
}
# Preset label -> (URL query it must produce, what chart subtitles then start with)
PRESETS = {
    "2023": ("from=2023-01&to=2023-12", "Jan 2023 – Dec 2023"),
    "2024": ("from=2024-01&to=2024-12", "Jan 2024 – Dec 2024"),
    "H1 2023": ("from=2023-01&to=2023-06", "Jan 2023 – Jun 2023"),
    "Sep–Nov 2023": ("from=2023-09&to=2023-11", "Sep 2023 – Nov 2023"),
    "Jun–Aug 2023": ("from=2023-06&to=2023-08", "Jun 2023 – Aug 2023"),
}
TIMEOUT_MS = 120_000
SETTLED_JS = """([title, charts, subtitle]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const h1 = document.querySelector('h1');
  if (!h1 || (title && h1.textContent.trim() !== title)) return false;
  const drawn = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(c => c.querySelector('.main-svg'));
  if (drawn.length < charts) return false;
  return !subtitle || drawn.every(c => [...c.querySelectorAll('svg text')].some(t => t.textContent.includes(subtitle)));
}"""


@dataclass
class Tally:
    """What all sessions saw."""

    changes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    per_session: list[int] = field(default_factory=list)


async def settle(page, title: str | None, charts: int, subtitle: str | None) -> None:
    await page.wait_for_function(SETTLED_JS, arg=[title, charts, subtitle], timeout=TIMEOUT_MS, polling=50)
    if await page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"exception shown on {page.url}")


async def session(number: int, browser, url: str, seconds: float, seed: int, tally: Tally, ramp: float,
                  ready: list[asyncio.Event], go: asyncio.Event) -> None:
    """Connect (sessions start `ramp` seconds apart), wait until all are connected, then change period and
    page at random for `seconds`."""
    await asyncio.sleep(number * ramp)
    rng = random.Random(seed + number)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda r: None if is_local(r.url, url) else tally.foreign.append(r.url))
    page = await context.new_page()
    page.on("pageerror", lambda e: tally.errors.append(f"session {number}: javascript: {e}"))
    label = rng.choice(list(PAGES))
    path, title, charts = PAGES[label]
    subtitle = None
    done = 0
    try:
        await page.goto(url + path, wait_until="commit", timeout=TIMEOUT_MS)
        await settle(page, title, charts, None)
        ready[number].set()
        await go.wait()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if rng.random() < 0.5:
                preset = rng.choice(list(PRESETS))
                query, subtitle = PRESETS[preset]
                await page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
                await page.keyboard.type(preset)  # the menu draws only the options in view: narrow it first
                start = time.perf_counter()
                await page.get_by_role("option", name=preset, exact=True).click()
                await page.wait_for_url(f"**{path.rstrip('/')}*{query}*", timeout=TIMEOUT_MS)
            else:
                label = rng.choice([p for p in PAGES if PAGES[p][0] != path])
                path, title, charts = PAGES[label]
                start = time.perf_counter()
                await page.locator('[data-testid="stSidebarNav"]').get_by_text(label, exact=True).click()
            await settle(page, title, charts, subtitle if charts else None)
            tally.changes.append(time.perf_counter() - start)
            done += 1
    except Exception as err:  # every failure is a finding, reported with the session that hit it
        await page.screenshot(path=str(Path(tempfile.gettempdir()) / f"load-error-{number}.png"))
        tally.errors.append(f"session {number} on {page.url}: {type(err).__name__}: {' | '.join(str(err).splitlines()[:6])}")
    finally:
        ready[number].set()
        tally.per_session.append(done)
        await context.close()


async def run_load(url: str, sessions: int, seconds: float, seed: int, pid: int | None = None,
                   ramp: float = 1.0) -> dict:
    """Connect `sessions` sessions (one every `ramp` seconds, so 30 page loads do not all compete for the
    same two cores at once), then hold them all busy for `seconds`; return the report."""
    from playwright.async_api import async_playwright

    tally = Tally()
    ready = [asyncio.Event() for _ in range(sessions)]
    go = asyncio.Event()

    window: dict[str, float] = {}

    async def start_when_connected() -> None:
        await asyncio.gather(*(event.wait() for event in ready))
        window["start"], window["cpu_start"] = time.monotonic(), cpu_seconds(pid) if pid else 0.0
        go.set()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        rss_start = rss_mb(pid) if pid else None
        await asyncio.gather(start_when_connected(),
                             *(session(i, browser, url, seconds, seed, tally, ramp, ready, go) for i in range(sessions)))
        window["end"], window["cpu_end"] = time.monotonic(), cpu_seconds(pid) if pid else 0.0
        await browser.close()
    changes = sorted(tally.changes)
    wall = window.get("end", 0.0) - window.get("start", 0.0)
    server_cpu = window.get("cpu_end", 0.0) - window.get("cpu_start", 0.0)
    p95 = changes[min(len(changes) - 1, int(0.95 * len(changes)))] if changes else None
    return {
        "sessions": sessions, "seconds": seconds, "changes": len(changes),
        "changes_per_session": tally.per_session, "errors": tally.errors, "requests_off_localhost": tally.foreign,
        "p95_change_to_charts_s": p95, "median_change_to_charts_s": statistics.median(changes) if changes else None,
        "rss_start_mb": rss_start, "rss_end_mb": rss_mb(pid) if pid else None,
        # How busy the server itself was in the timed window (1.0 = one core all the time): when this is low
        # and changes are slow, the browsers sharing the machine are the bottleneck, not the dashboard.
        "server_cpu_share": server_cpu / wall if pid and wall > 0 else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--ramp", type=float, default=1.0, help="seconds between session starts")
    parser.add_argument("--url", help="a local server already running (default: start one)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "load-results.json")
    args = parser.parse_args(argv)
    if args.url:
        report = asyncio.run(run_load(args.url, args.sessions, args.seconds, args.seed, ramp=args.ramp))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            server = start_server(Path(tmp))
            try:
                report = asyncio.run(run_load(server.url, args.sessions, args.seconds, args.seed, server.process.pid,
                                                  args.ramp))
            finally:
                stop_server(server)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{report['sessions']} sessions, {report['seconds']:.0f} s: {report['changes']} changes, "
          f"{len(report['errors'])} errors, {len(report['requests_off_localhost'])} requests off localhost")
    if report["p95_change_to_charts_s"] is not None:
        print(f"change to charts updated: median {report['median_change_to_charts_s']:.2f} s, "
              f"p95 {report['p95_change_to_charts_s']:.2f} s")
    if report["rss_start_mb"] is not None:
        print(f"server memory: {report['rss_start_mb']:.0f} MB at the start, {report['rss_end_mb']:.0f} MB at the end; "
              f"server busy {report['server_cpu_share']:.0%} of one core in the timed window")
    for error in report["errors"][:20]:
        print("  error:", error)
    return 1 if report["errors"] or report["requests_off_localhost"] else 0


if __name__ == "__main__":
    sys.exit(main())
