"""Load through the balancer: bench/load.py's browser sessions against 1 and 2 replicas behind HAProxy.

    python bench/replicas.py                             1 and 2 replicas, 20 sessions for 60 s each
    python bench/replicas.py --replicas 2 --sessions 10 --seconds 30

For each replica count it starts the loopback topology (deploy/replicas.py), runs bench/load.py's sessions
through the balancer, samples HAProxy's per-replica connection counts during the run, and measures the CPU
the replicas spent. Writes bench/replicas-results.json. The headless browsers run on the same machine: when
the replicas' CPU share is well below the cores, the browsers are the bottleneck and the replicas' CPU seconds
per period change are the measure that carries over to a bigger machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "deploy"))

from bench.load import cpu_seconds, rss_mb, run_load  # noqa: E402
import replicas  # noqa: E402

OUT = Path(__file__).parent / "replicas-results.json"


def measure(count: int, sessions: int, seconds: float, seed: int) -> dict:
    """One run: `sessions` browser sessions for `seconds` through a balancer in front of `count` replicas."""
    with tempfile.TemporaryDirectory(prefix="bench-replicas-") as tmp, replicas.running(count, Path(tmp)) as topology:
        pids = topology.pids()
        peak: dict[str, int] = {name: 0 for name in pids}
        done = threading.Event()

        def sample() -> None:
            while not done.wait(1.0):
                for name, current in topology.current_sessions().items():
                    peak[name] = max(peak[name], current)

        sampler = threading.Thread(target=sample, daemon=True)
        cpu_start = {name: cpu_seconds(pid) for name, pid in pids.items()}
        started = time.monotonic()
        sampler.start()
        try:
            report = asyncio.run(run_load(topology.url, sessions, seconds, seed))
        finally:
            done.set()
            sampler.join()
        wall = time.monotonic() - started
        cpu = {name: cpu_seconds(pid) - cpu_start[name] for name, pid in pids.items()}
        rss = {name: rss_mb(pid) for name, pid in pids.items()}
    changes = report["changes"]
    return {
        "replicas": count, "sessions": sessions, "seconds": seconds,
        "changes": changes, "changes_per_second": changes / seconds,
        "errors": report["errors"], "requests_off_localhost": report["requests_off_localhost"],
        "median_change_to_charts_s": report["median_change_to_charts_s"],
        "p95_change_to_charts_s": report["p95_change_to_charts_s"],
        "peak_connections_per_replica": peak,
        # Whole run, session start-up included (each session's first page load is real work too).
        "replica_cpu_seconds": cpu, "wall_seconds": wall,
        "replica_cpu_share": sum(cpu.values()) / wall,
        "replica_cpu_seconds_per_change": sum(cpu.values()) / changes if changes else None,
        "replica_rss_end_mb": rss,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    results = []
    for count in args.replicas:
        result = measure(count, args.sessions, args.seconds, args.seed)
        results.append(result)
        print(f"{count} replica(s), {args.sessions} sessions: {result['changes']} changes "
              f"({result['changes_per_second']:.2f}/s), {len(result['errors'])} errors, "
              f"p95 {result['p95_change_to_charts_s']} s, peak connections {result['peak_connections_per_replica']}, "
              f"replica CPU {result['replica_cpu_share']:.2f} cores, "
              f"{result['replica_cpu_seconds_per_change']} CPU s per change", flush=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(not r["errors"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
