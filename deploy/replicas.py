"""N dashboard replicas behind HAProxy on loopback: the compose topology without containers.

    python deploy/replicas.py --replicas 2                 start, print the balancer's address, stop on Ctrl-C
    python deploy/replicas.py --replicas 2 --data ROOT     replicas read a published data root (desertion/publish.py)

Each replica is a `streamlit run dashboard.py` on a free loopback port; HAProxy (Debian's `haproxy`) listens on
another and pins each visitor to one replica with a cookie, because Streamlit serves a session's downloads and
uploads from the process that made them, and its websocket must stay there. HAProxy checks /_stcore/health;
a replica that stops answering is taken out and its visitors are sent to the others. Everything started here is
stopped by its PID. As a library: `with running(2, workdir) as topology: ...` (tests/browser/test_replicas.py).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desertion.testing import Server, free_port, start_server, stop_server  # noqa: E402

COOKIE = "DMREPLICA"
HEALTH_PATH = "/_stcore/health"
# Loopback twin of deploy/haproxy.cfg (the compose one): same cookie, checks and timeouts; servers listed here.
CONFIG_TEMPLATE = """\
global
    log stdout format raw local0 warning
    maxconn 4096
    stats socket {stats} mode 600 level user

defaults
    mode http
    log global
    option httplog
    option redispatch
    retries 2
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    timeout http-request 10s

frontend dashboard
    bind 127.0.0.1:{port}
    default_backend replicas

backend replicas
    balance leastconn
    cookie {cookie} insert indirect nocache httponly attr "SameSite=Lax"
    option httpchk GET {health}
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
{servers}
"""


class TopologyError(RuntimeError):
    """HAProxy is missing, its configuration is refused, or it did not start; the message says which."""


@dataclass
class Topology:
    """The balancer's address and every process started for it."""

    url: str
    replicas: dict[str, Server]
    balancer: subprocess.Popen
    config: Path
    workdir: Path
    stopped: set[str] = field(default_factory=set)

    def stop_replica(self, name: str) -> None:
        """Stop one replica (as a crash or a rolling update would); HAProxy notices within ~2 s."""
        stop_server(self.replicas[name])
        self.stopped.add(name)

    def live(self) -> list[str]:
        return [name for name in self.replicas if name not in self.stopped]

    def pids(self) -> dict[str, int]:
        return {name: server.process.pid for name, server in self.replicas.items()}

    def current_sessions(self) -> dict[str, int]:
        """Connections each replica holds now, from HAProxy's statistics (`scur`): one websocket per open
        Streamlit session, plus any request in flight."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.workdir / "haproxy.sock"))
            sock.sendall(b"show stat\n")
            text = b"".join(iter(lambda: sock.recv(65536), b"")).decode()
        rows = list(csv.reader(text.lstrip("# ").splitlines()))
        header = rows[0]
        return {row[1]: int(row[header.index("scur")]) for row in rows[1:]
                if len(row) == len(header) and row[0] == "replicas" and row[1] in self.replicas}

    def balancer_log(self) -> str:
        return (self.workdir / "haproxy.log").read_text(encoding="utf-8", errors="replace")


def find_haproxy() -> str | None:
    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).exists()), None)


def build_config(port: int, servers: dict[str, str], stats: Path) -> str:
    """The HAProxy configuration for `servers` (name -> "127.0.0.1:port"): cookie-sticky, health-checked;
    `stats` is the absolute path of its statistics socket (read-only level, for bench/replicas.py)."""
    lines = "\n".join(f"    server {name} {address} cookie {name} check" for name, address in servers.items())
    return CONFIG_TEMPLATE.format(port=port, cookie=COOKIE, health=HEALTH_PATH, servers=lines, stats=stats)


def check_config(haproxy: str, config: Path) -> None:
    """`haproxy -c`: refuse to start on a configuration HAProxy would refuse, with its own message."""
    result = subprocess.run([haproxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
    if result.returncode != 0:
        raise TopologyError(f"haproxy refused {config}:\n{result.stdout}{result.stderr}")


def wait_healthy(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + HEALTH_PATH, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TopologyError(f"{url}{HEALTH_PATH} did not answer within {timeout:.0f}s")


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start(count: int, workdir: Path, data_dir: Path | None = None, env: dict[str, str] | None = None) -> Topology:
    """Start `count` replicas and HAProxy in front of them; return once the balancer answers health checks.
    On any failure everything already started is stopped before the error is raised."""
    haproxy = find_haproxy()
    if haproxy is None:
        raise TopologyError("haproxy is not installed (Debian: apt-get install haproxy; `bash scripts/setup.sh "
                            "test` installs it)")
    replicas: dict[str, Server] = {}
    try:
        for number in range(1, count + 1):
            replicas[f"r{number}"] = start_server(workdir, data_dir=data_dir, env=env)
        port = free_port()
        config = workdir / "haproxy.cfg"
        config.write_text(build_config(port, {name: s.url.removeprefix("http://") for name, s in replicas.items()},
                                       workdir / "haproxy.sock"),
                      encoding="utf-8")
        check_config(haproxy, config)
        log = (workdir / "haproxy.log").open("w")
        # -db: stay in the foreground (no daemon), so the PID is HAProxy's own and stops with it.
        balancer = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url)
        except TopologyError:
            stop_process(balancer)
            raise
        return Topology(url, replicas, balancer, config, workdir)
    except BaseException:
        for server in replicas.values():
            stop_server(server)
        raise


def stop(topology: Topology) -> None:
    """Stop the balancer, then every replica still running, each by its PID."""
    stop_process(topology.balancer)
    for name in topology.live():
        topology.stop_replica(name)


@contextmanager
def running(count: int, workdir: Path, data_dir: Path | None = None,
            env: dict[str, str] | None = None) -> Iterator[Topology]:
    topology = start(count, workdir, data_dir, env)
    try:
        yield topology
    finally:
        stop(topology)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--data", type=Path, help="data folder or published data root (default: the shipped data/)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    with tempfile.TemporaryDirectory(prefix="desertion-replicas-") as tmp:
        try:
            with running(args.replicas, Path(tmp), args.data.resolve() if args.data else None) as topology:
                print(f"balancer: {topology.url}  replicas: " +
                      ", ".join(f"{n}={s.url} (pid {s.process.pid})" for n, s in topology.replicas.items()),
                      flush=True)
                print("Ctrl-C stops everything", flush=True)
                signal.signal(signal.SIGTERM, _interrupt)
                while topology.balancer.poll() is None:
                    time.sleep(1)
                print(f"haproxy exited with {topology.balancer.returncode}:\n{topology.balancer_log()}",
                      file=sys.stderr)
                return 1
        except KeyboardInterrupt:
            return 0
        except TopologyError as error:
            print(f"replicas: {error}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    raise SystemExit(main())
