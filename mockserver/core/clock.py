"""The injectable clock: every time-based decision (token expiry, latency, journal) reads it."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ClockStatus:
    now: float
    offset_seconds: float
    frozen: bool


class Clock:
    """Wall time from `source`, shifted by an offset, optionally frozen; safe across threads.

    `simulate_sleep` makes `sleep` move the clock instead of waiting: unit tests run latency and
    timeouts in no time. A served mock waits for real even while frozen, so concurrent executions
    still overlap."""

    def __init__(
        self,
        source: Callable[[], float] = time.time,
        *,
        frozen_at: float | None = None,
        simulate_sleep: bool = False,
    ):
        self._source = source
        self._simulate_sleep = simulate_sleep
        self._offset = 0.0
        self._frozen_at = frozen_at
        self._initial_frozen_at = frozen_at
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return self._source() + self._offset

    def advance(self, seconds: float) -> float:
        # While frozen the offset still counts the shifts, so status() reports them.
        with self._lock:
            self._offset += seconds
            if self._frozen_at is not None:
                self._frozen_at += seconds
                return self._frozen_at
            return self._source() + self._offset

    def set(self, timestamp: float) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._offset += timestamp - self._frozen_at
                self._frozen_at = timestamp
            else:
                self._offset = timestamp - self._source()

    def freeze(self) -> None:
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = self._source() + self._offset

    def resume(self) -> None:
        """Run again from the frozen instant (the offset absorbs the time spent frozen)."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - self._source()
                self._frozen_at = None

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` (latency, injected delays, the real-time limit)."""
        if self._simulate_sleep:
            self.advance(seconds)
        else:
            time.sleep(seconds)

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen_at = self._initial_frozen_at

    def status(self) -> ClockStatus:
        with self._lock:
            frozen = self._frozen_at is not None
            now = self._frozen_at if self._frozen_at is not None else self._source() + self._offset
            return ClockStatus(now=now, offset_seconds=self._offset, frozen=frozen)
