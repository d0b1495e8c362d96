"""Real servers on loopback for the security tests: gunicorn with several workers, a private Redis."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.auth.conftest import editor  # noqa: F401  (an editor of caue-53, shared with the auth tests)
from wizard.config import ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60.0) -> None:
    """Poll ``url`` until it answers (any status), or fail with the time waited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} n'a pas répondu en {seconds:.0f} s")


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A throw-away Redis on a free loopback port (no persistence), or skip when redis-server is absent."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("REQUIRE_POSTGRES") == "1":  # CI installs redis-server with PostgreSQL
            pytest.fail("redis-server absent")
        pytest.skip("redis-server absent : test multi-instances non exécuté")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def gunicorn_server(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start ``wizard:create_app(config)`` under gunicorn with N workers; return its base URL."""
    started: list[subprocess.Popen] = []
    logs: list = []

    def start(config: dict, workers: int = 4) -> str:
        port = free_port()
        log = (tmp_path / f"gunicorn-{port}.log").open("w")
        logs.append(log)
        cmd = [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "4",
               "--timeout", "60", f"wizard:create_app({config!r})"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        started.append(proc)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/connexion")
        return base

    yield start
    for proc in started:
        proc.terminate()
        proc.wait(timeout=20)
    for log in logs:
        log.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """The fuzzers' figures (requests sent, 5xx found) at the end of the run."""
    from tests.security.fuzz_counts import COUNTS

    if COUNTS.requests:
        terminalreporter.write_line(f"Fuzzing — {COUNTS.summary()}")
