"""Start and stop a real `streamlit run` server, and read its CPU time and memory: one home for the browser
tests (tests/browser/conftest.py) and the benchmarks (bench/*.py), so neither imports the other.

Servers are started with `subprocess.Popen` on a free localhost port and stopped by their own PID (a shell's
`$!` would be the shell, and killing it leaves Streamlit running). Health answers before the app works: the
script first runs when a browser connects, so callers still wait for the page itself.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
# Debian's Chromium, never a browser downloaded by `playwright install`; the flags keep it off the network.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
STARTUP_TIMEOUT_S = 60
# The period changes the benchmark makes and its reference apps must answer: a preset's label in the Period
# menu, and how chart subtitles describe that period (bench/run.py waits for it; tests/app checks the apps).
PERIOD_CHANGES = [("Sep–Nov 2023", "Sep 2023 – Nov 2023"), ("2024", "Jan 2024 – Dec 2024")]
PERIOD_CHANGE_WINDOWS = [("2023-09", "2023-11"), ("2024-01", "2024-12")]


def period_changes_in(language: str) -> list[tuple[str, str]]:
    """PERIOD_CHANGES as a page in `language` shows them: the preset's name in its menu and the period in the
    charts' subtitles ('сентябрь–ноябрь 2023', 'сентябрь 2023 – ноябрь 2023')."""
    from desertion.i18n import formats
    from desertion.periods import Period, Preset

    periods = [Period.of_months(start, end) for start, end in PERIOD_CHANGE_WINDOWS]
    return [(formats.preset_label(Preset("", period), language=language),
             formats.describe_period(period, language=language)) for period in periods]


def free_port() -> int:
    """A localhost port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running `streamlit run`: its process, its address and the file its output goes to."""

    process: subprocess.Popen
    url: str
    log: Path

    def output(self) -> str:
        """Everything the server printed so far (shown when a test or a benchmark fails)."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(tmp: Path, data_dir: Path | None = None, script: str = "dashboard.py",
                 env: dict[str, str] | None = None, checkout: Path = REPO) -> Server:
    """Start `streamlit run <script>` (the dashboard by default) on a free port and wait for its health check.

    `checkout` is the folder it runs in (bench/compare.py runs an older checkout beside this one); its output
    goes to a log in `tmp`. Raises RuntimeError with that output if the server exits or does not answer within
    STARTUP_TIMEOUT_S (the process is killed then).
    """
    port = free_port()
    log = tmp / f"streamlit-{port}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    if data_dir is not None:
        env["DESERTION_DATA_DIR"] = str(data_dir)
    with log.open("w") as handle:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=checkout, env=env, stdout=handle, stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.output()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"streamlit did not answer within {STARTUP_TIMEOUT_S}s:\n{server.output()}")


def stop_server(server: Server) -> None:
    """Terminate the server by its PID; kill it if it has not exited within 10 s."""
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def is_local(url: str, base_url: str) -> bool:
    """True for a request to the local server itself (same host and port), or for a data:/blob:/about: URL."""
    target, base = urlsplit(url), urlsplit(base_url)
    if target.scheme in ("data", "blob", "about"):
        return True
    return target.scheme in ("http", "https", "ws", "wss") and target.netloc == base.netloc


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, from /proc/<pid>/stat.

    The fields are counted after the command name's closing parenthesis (a name may hold spaces): utime and
    stime are the 14th and 15th fields of the line, in clock ticks. Raises OSError if the process is gone.
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of the process in MiB, from VmRSS in /proc/<pid>/status.

    Raises RuntimeError when there is no VmRSS line (a process that has exited but not been reaped), so a
    missing figure is never recorded as a number.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"process {pid} reports no resident memory (VmRSS): it has exited")
