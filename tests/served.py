"""Runs `aa-mockserver serve` (the production server, as in the Docker image) in a subprocess."""

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Served:
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
        base = process.stdout.readline().rsplit(" ", 1)[1].strip()
        yield Served(base, int(base.rsplit(":", 1)[1]), process.pid)
    finally:
        process.terminate()
        process.communicate(timeout=10)
