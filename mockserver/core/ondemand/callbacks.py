"""Callbacks: when a run ends, POST its outcome to the deployment's `callbackInfo.url` with its
headers, from a small pool of background threads, with a bounded timeout and a few retries.

AA's deploy swagger says the callback carries "device ID, user ID, deployment ID, status of the
bot, and bot output details" but gives no body; the body here is the mock's choice (one POST per
run; docs/on-demand.md). It never carries a Control Room token.
"""

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from mockserver.core.ondemand.activity import iso
from mockserver.core.ondemand.model import ExecutionView
from mockserver.core.values import to_wire

# (url, headers, body, timeout seconds) -> the HTTP status; raises OSError when nothing answers.
Sender = Callable[[str, Mapping[str, str], bytes, float], int]
# (state "delivered" or "failed", attempts, what happened) -> None
Done = Callable[[str, int, str], None]

ATTEMPTS = 3
TIMEOUT_SECONDS = 5.0
BACKOFF_SECONDS = (0.2, 1.0)


def callback_body(item: ExecutionView) -> dict[str, Any]:
    run = item.execution
    body: dict[str, Any] = {
        "deploymentId": run.deployment_id,
        "executionId": run.id,
        "automationName": run.automation_name,
        "fileId": str(run.file_id),
        "fileName": run.file_name,
        "status": item.status.value,
        "startDateTime": iso(run.created_at),
        "endDateTime": iso(item.ended_at if item.ended_at is not None else run.created_at),
        "botOutput": {name: to_wire(value) for name, value in item.outputs.items()},
    }
    if run.run_as_id is not None:
        body["userId"] = run.run_as_id
    if item.message:
        body["message"] = item.message
    return body


def post_json(url: str, headers: Mapping[str, str], body: bytes, timeout: float) -> int:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "aa-mockserver", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


class CallbackDispatcher:
    """Sends callbacks in the background; `close()` drops what has not been sent."""

    def __init__(
        self,
        sender: Sender = post_json,
        *,
        attempts: int = ATTEMPTS,
        timeout: float = TIMEOUT_SECONDS,
        backoff: tuple[float, ...] = BACKOFF_SECONDS,
        workers: int = 2,
    ):
        self._sender = sender
        self._attempts = attempts
        self._timeout = timeout
        self._backoff = backoff
        self._closed = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aa-mock-callback")

    def submit(
        self, url: str, headers: Mapping[str, str], body: Mapping[str, Any], done: Done
    ) -> None:
        if self._closed.is_set():
            return
        data = json.dumps(body).encode()
        try:
            self._pool.submit(self._deliver, url, dict(headers), data, done)
        except RuntimeError:  # shut down between the check and the submit
            return

    def _deliver(self, url: str, headers: dict[str, str], data: bytes, done: Done) -> None:
        detail = ""
        for attempt in range(1, self._attempts + 1):
            if self._closed.is_set():
                return
            try:
                status = self._sender(url, headers, data, self._timeout)
            except (OSError, ValueError) as exc:  # refused, timed out, unresolvable, bad URL
                detail = f"attempt {attempt}: {type(exc).__name__}: {exc}"
            else:
                if 200 <= status < 300:
                    done("delivered", attempt, f"HTTP {status}")
                    return
                detail = f"attempt {attempt}: HTTP {status}"
            if attempt < self._attempts:
                pause = self._backoff[min(attempt - 1, len(self._backoff) - 1)]
                if self._closed.wait(pause):
                    return
        done("failed", self._attempts, detail)

    def close(self) -> None:
        self._closed.set()
        self._pool.shutdown(wait=False, cancel_futures=True)


class Ticker:
    """Calls `action` every `interval` seconds of real time on a daemon thread while it answers
    True (work is left), until stopped: runs end by the mock's clock, and something has to
    notice to send their callbacks. `start()` again after it went idle."""

    def __init__(self, action: Callable[[], bool], interval: float = 0.2):
        self._action = action
        self._interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._stop.is_set() or (self._thread is not None and self._thread.is_alive()):
                return
            self._thread = threading.Thread(
                target=self._loop, name="aa-mock-ondemand-ticker", daemon=True
            )
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            if not self._action():
                return

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)
