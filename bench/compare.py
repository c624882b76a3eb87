"""Compare checkouts of the dashboard, interleaved: each round measures every checkout once, back to back.

    git worktree add /tmp/before <commit>
    python bench/compare.py /tmp/before .                          # period changes on /court-cases
    python bench/compare.py /tmp/before . --path /requests --page-loads
    python bench/compare.py /tmp/before .@ru                       # this checkout's Russian pages (?lang=ru)
    python bench/compare.py /tmp/before:bench/chart_only_app.py .:bench/chart_only_app.py --path /
                                                    # another app of each checkout: the court chart alone
    git worktree remove /tmp/before

A change worth 10-30 ms is lost in the drift of a noisy machine between two bench/run.py runs minutes apart.
Here the checkouts' servers run side by side and take turns, so drift hits them alike: the figures the
commits quote as "A/B" come from this. Only the ratios between checkouts mean anything; the absolute times
are higher than bench/run.py's, with two servers sharing the cores.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.run import PLAN, READY_JS, page_load, period_change  # noqa: E402
from desertion.testing import CHROMIUM, CHROMIUM_ARGS, period_changes_in, start_server, stop_server  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", help="folders holding a dashboard.py; FOLDER@ru opens its pages "
                        "in Russian (?lang=ru) and picks the Russian names of the periods; FOLDER:SCRIPT runs "
                        "another app of that folder (a bench app with the dashboard's Period menu)")
    parser.add_argument("--path", default="/court-cases")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--page-loads", action="store_true", help="time page loads instead of period changes")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    servers, times = [], {c: [] for c in args.checkouts}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages, paths, plans = [], [], []
            for checkout in args.checkouts:
                folder, _, language = checkout.partition("@")
                folder, _, script = folder.partition(":")
                paths.append(args.path + (f"?lang={language}" if language else ""))
                plans.append(period_changes_in(language) if language else PLAN)
                servers.append(start_server(Path(tmp), script=script or "dashboard.py", checkout=Path(folder).resolve()))
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                page.goto(servers[-1].url + paths[-1])
                page.wait_for_function(READY_JS, arg=[1, True], timeout=120_000)
                pages.append(page)
            for i in range(args.rounds + 1):  # round 0 warms every cache and is not counted
                for checkout, server, page, path, plan in zip(args.checkouts, servers, pages, paths, plans):
                    seconds = (page_load(browser, server.url + path, 1) if args.page_loads
                               else period_change(page, *plan[i % len(plan)])[0])
                    if i:
                        times[str(checkout)].append(seconds)
        finally:
            for server in servers:
                stop_server(server)
            browser.close()
    what = "page load" if args.page_loads else "period change to the charts updated"
    print(f"{what}, {args.path}, median of {args.rounds} (interquartile range)")
    for checkout, values in times.items():
        quartiles = statistics.quantiles(values, n=4)
        print(f"  {checkout:<40}{statistics.median(values) * 1000:8.0f} ms  ({(quartiles[2] - quartiles[0]) * 1000:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
