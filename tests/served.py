"""Runs `aa-mockserver` in a subprocess: `serve` (the production server, as in the Docker image)
and one-shot commands."""

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from contract import check_raw


@dataclass(frozen=True)
class Served:
    banner: str
    base: str
    port: int
    pid: int


@contextlib.contextmanager
def serve(*args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Start on a free loopback port, yield where it listens, always stop it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        base = banner.rsplit(" ", 1)[1].strip()
        yield Served(banner, base, int(base.rsplit(":", 1)[1]), process.pid)
    finally:
        process.terminate()
        process.communicate(timeout=10)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run one `aa-mockserver` command to its end."""
    return subprocess.run(
        [sys.executable, "-m", "mockserver", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def call(
    url: str, body: Any = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, Any]:
    """One JSON call to a served mock (POST with a body, else GET); the answer is checked against
    the spec before it is returned."""
    method = method or ("POST" if body is not None else "GET")
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, content_type, raw = (
                response.status,
                response.headers["Content-Type"],
                response.read(),
            )
    except urllib.error.HTTPError as error:
        status, content_type, raw = error.code, error.headers["Content-Type"], error.read()
    check_raw(method, url, status, content_type, raw)
    return status, json.loads(raw) if raw else None


def execution_access(base: str, path: str) -> dict[str, Any]:
    """Log in as the bundled scenarios' jdoe and return the task's access details (url, headers)."""
    _, login = call(f"{base}/v2/authentication", {"username": "jdoe", "password": "mypassword@123"})
    _, details = call(
        f"{base}/orchestrator/v1/hotbot/config/accessdetails",
        {"botRepositoryPath": [path]},
        {"X-Authorization": login["token"]},
    )
    detail: dict[str, Any] = details["accessDetails"][path]
    return detail


def timed_beside(slow: Callable[[], None], base: str, health_checks: int) -> tuple[float, float]:
    """Run `slow` on a thread and, once it is under way (0.2 s), time `health_checks` health
    checks to `base` (each must answer 200): (seconds the checks took, seconds `slow` took)."""
    took: list[float] = []

    def timed() -> None:
        begin = time.perf_counter()
        slow()
        took.append(time.perf_counter() - begin)

    worker = threading.Thread(target=timed)
    worker.start()
    time.sleep(0.2)
    begin = time.perf_counter()
    for _ in range(health_checks):
        assert call(f"{base}/__admin/health")[0] == 200
    checks = time.perf_counter() - begin
    worker.join(timeout=10)
    return checks, took[0] if took else float("nan")
