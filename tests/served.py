"""Runs `aa-mockserver` in a subprocess: `serve` (the production server, as in the Docker image)
and one-shot commands."""

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Served:
    banner: str
    base: str
    port: int
    pid: int


@contextlib.contextmanager
def serve(*args: str) -> Iterator[Served]:
    """Start on a free loopback port, yield where it listens, always stop it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
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
