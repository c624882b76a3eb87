"""Where a period change spends its time in the browser: phases and a JavaScript CPU profile.

    python bench/profile_change.py                       # /court-cases, 8 changes
    python bench/profile_change.py /timeline --changes 12
    python bench/profile_change.py / --script bench/chart_only_app.py
    python bench/profile_change.py / --script bench/menu_baseline_app.py
    python bench/profile_change.py --slider          # the baseline app's slider, for comparison
    python bench/profile_change.py --checkout /tmp/before   # an older worktree's dashboard, the same probe

For each change (a preset picked in the sidebar menu, as in bench/run.py, or with --slider a step of the
baseline's slider) it records, in the page's own clock from the key press that makes the choice: when the
rerun request left the browser, when the first and the last message of the rerun arrived, and when every
chart showed the new period (or the slider's new bar count). Chrome's sampling profiler (DevTools
protocol) runs during the changes only; its samples are summed per script file, counting a sample for every
file on its stack, so 'PlotlyChart' is all the time spent inside Plotly and what it calls. The profiler
slows the page down: compare files with each other, not with bench/run.py's timings.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections import Counter
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import PLAN, READY_JS, SUBTITLES_JS, choose_period, open_period_menu  # noqa: E402
from desertion.testing import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

# Timestamps of the key press that makes the choice (the first after a reset), of the rerun request (the
# first message the page sends) and of every message received.
WEBSOCKET_PROBE = """
window.__probe = {key: null, sent: [], received: []};
document.addEventListener('keydown', () => { window.__probe.key ??= performance.now(); }, {capture: true});
const NativeWebSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const socket = new NativeWebSocket(url, protocols);
  const send = socket.send.bind(socket);
  socket.send = (data) => { window.__probe.sent.push(performance.now()); return send(data); };
  socket.addEventListener('message', () => window.__probe.received.push(performance.now()));
  return socket;
};
window.WebSocket.prototype = NativeWebSocket.prototype;
Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
"""


def by_file(profile: dict) -> Counter:
    """Milliseconds per script file, a sample counting for every file on its stack."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    totals: Counter = Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        files, current = set(), sample
        while current is not None:
            url = nodes[current]["callFrame"]["url"]
            if url:
                files.add(url.rsplit("/", 1)[-1].split(".")[0])
            current = parent.get(current)
        for name in files:
            totals[name] += delta / 1000
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/court-cases")
    parser.add_argument("--script", default="dashboard.py")
    parser.add_argument("--changes", type=int, default=8)
    parser.add_argument("--checkout", type=Path, default=REPO,
                        help="the folder to run the dashboard from (an older worktree, to compare phases)")
    parser.add_argument("--slider", action="store_true", help="step bench/baseline_app.py's slider instead")
    args = parser.parse_args(argv)
    if args.slider:
        args.path, args.script = "/", "bench/baseline_app.py"

    from playwright.sync_api import sync_playwright

    phases: dict[str, list[float]] = {"request sent": [], "first message": [], "last message": [],
                                      "charts updated": []}
    files: Counter = Counter()
    messages: list[int] = []  # messages in a rerun: how many elements the page sent again
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        server = start_server(Path(tmp), script=args.script, checkout=args.checkout.resolve())
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(WEBSOCKET_PROBE)
            page = context.new_page()
            page.goto(server.url + args.path)
            page.wait_for_function(READY_JS, arg=[1, False], timeout=120_000)  # not every app has a title
            cdp = context.new_cdp_session(page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            for i in range(args.changes + 1):  # the first change warms caches and is not counted
                if args.slider:  # the baseline starts at 6 bars: step to 7 and back
                    page.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
                    key, bars = ("ArrowRight", 7) if i % 2 == 0 else ("ArrowLeft", 6)
                    choose, expected = partial(page.keyboard.press, key), f"Baseline with {bars} bars"
                else:
                    label, expected = PLAN[i % len(PLAN)]
                    open_period_menu(page, label)
                    choose = partial(choose_period, page)
                page.evaluate("window.__probe = {key: null, sent: [], received: []}")
                if i:
                    cdp.send("Profiler.start")
                choose()
                page.wait_for_function(SUBTITLES_JS, arg=expected, timeout=120_000, polling=5)
                done = page.evaluate("performance.now()")
                page.wait_for_timeout(300)  # let the rest of the rerun arrive before reading the probe
                if not i:
                    continue
                files.update(by_file(cdp.send("Profiler.stop")["profile"]))
                probe = page.evaluate("window.__probe")
                start = probe["key"]
                phases["request sent"].append(probe["sent"][0] - start)
                phases["first message"].append(probe["received"][0] - start)
                phases["last message"].append(probe["received"][-1] - start)
                phases["charts updated"].append(done - start)
                messages.append(len(probe["received"]))
            browser.close()
        finally:
            stop_server(server)

    print(f"{args.script} {args.path}: milliseconds after the {'slider step' if args.slider else 'menu choice'} "
          f"(median of {args.changes})")
    for name, values in phases.items():
        print(f"  {name:<16}{statistics.median(values):8.1f}")
    print(f"  messages per rerun {statistics.median(messages):6.0f}")
    print("JavaScript CPU per change, by script file (profiled, so slower than unprofiled):")
    for name, ms in files.most_common(12):
        print(f"  {name:<34}{ms / args.changes:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
