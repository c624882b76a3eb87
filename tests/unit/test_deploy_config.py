"""The container and balancer files: HAProxy accepts both configurations, and they agree on what matters."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "deploy"))
import replicas  # noqa: E402

COMPOSE_CFG = REPO / "deploy" / "haproxy.cfg"
# Directives both configurations must share: stickiness, health checks, failover and websocket timeouts.
SHARED = ("balance", "option redispatch", "option httpchk", "http-check expect", "retries", "timeout")


def directives(text: str) -> set[str]:
    lines = {re.sub(r"\s+", " ", line.strip()) for line in text.splitlines()}
    return {line for line in lines if line.startswith(SHARED)}


def cookie_name(text: str) -> str:
    return re.search(r"^\s*cookie (\S+) insert", text, re.M).group(1)


def loopback_config() -> str:
    return replicas.build_config(8080, {"r1": "127.0.0.1:8501", "r2": "127.0.0.1:8502"}, Path("/run/dm/haproxy.sock"))


def test_the_loopback_config_matches_the_compose_config():
    compose, loopback = COMPOSE_CFG.read_text(), loopback_config()
    assert directives(compose) == directives(loopback)
    assert {"option httpchk GET /_stcore/health", "timeout tunnel 1h"} <= directives(compose)
    assert cookie_name(compose) == cookie_name(loopback) == replicas.COOKIE
    assert "server r2 127.0.0.1:8502 cookie r2 check" in loopback


@pytest.mark.skipif(replicas.find_haproxy() is None,
                    reason="haproxy is not installed (bash scripts/setup.sh test installs it)")
@pytest.mark.parametrize("which", ["compose", "loopback"])
def test_haproxy_accepts_the_config(tmp_path, which):
    config = COMPOSE_CFG
    if which == "loopback":
        config = tmp_path / "haproxy.cfg"
        config.write_text(loopback_config())
    result = subprocess.run([replicas.find_haproxy(), "-c", "-f", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_config_haproxy_refuses_is_reported(tmp_path):
    if replicas.find_haproxy() is None:
        pytest.skip("haproxy is not installed")
    config = tmp_path / "haproxy.cfg"
    config.write_text(loopback_config().replace("balance leastconn", "balance nonsense"))
    with pytest.raises(replicas.TopologyError, match="haproxy refused"):
        replicas.check_config(replicas.find_haproxy(), config)


def test_the_image_runs_as_a_user_with_a_health_check_and_compose_mounts_data_read_only():
    dockerfile = (REPO / "Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\S+)$", dockerfile, re.M)
    assert stages == ["balancer", "dashboard"]
    users = re.findall(r"^USER (\S+)$", dockerfile, re.M)
    assert len(users) == 2 and "root" not in users
    assert re.search(r"^HEALTHCHECK .*\n.*/_stcore/health", dockerfile, re.M)
    assert "COPY deploy/haproxy.cfg /etc/haproxy/haproxy.cfg" in dockerfile
    compose = (REPO / "compose.yaml").read_text()
    assert re.findall(r"context: \.\n\s+target: (\S+)$", compose, re.M) == ["dashboard", "balancer"]
    assert "read_only: true\n" in compose.split("balancer:")[0].split("volumes:")[1]  # the data mount
    assert "server-template dashboard 1-16 dashboard:8501" in COMPOSE_CFG.read_text()
    assert "condition: service_healthy" in compose
