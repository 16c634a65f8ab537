"""The production server: granian's Rust HTTP/1.1 worker, run inside this process, calling the app
on Python threads (one process, so tokens, journal, counters and the clock are shared).

With a `lane_of` function, each request takes one of three lanes. Most run inline on granian's one
app thread, back to back: Python threads that take turns with the GIL hand it over several times
per request, which costs more than the mock's fast answers themselves. A request that releases the
GIL for long (RSA signing) runs on a small pool beside it, so signing uses the second core; one
that may sleep (emulated latency, an injected delay) gets a thread of its own, so it never holds
up the others. Without `lane_of`, every request runs on a pool of `threads` granian threads.

Granian's public servers run the app in child processes and bind the port there, so `--port 0`
could not report the port and the state would live in another process. This module drives the
same worker class granian's process workers use (`granian._granian.WSGIWorker`), with the app
built here: granian is pinned to one minor version in pyproject.toml for that reason, and
tests/robustness/test_production_server.py checks the parts used.
"""

import asyncio
import io
import logging
import os
import queue
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

# Granian's Rust side allocates with jemalloc, which by default keeps an arena per core and
# returns freed pages late: one arena and prompt return save `serve` 1-4 MiB of RSS under load
# (measured). Read when granian's library loads: set before the import.
os.environ.setdefault("_RJEM_MALLOC_CONF", "narenas:1,dirty_decay_ms:1000,muzzy_decay_ms:0")

import granian._futures
import granian._granian
from granian.http import HTTP1Settings

SERVER_NAME = "aa-mockserver"
_BACKLOG = 1024
# Requests the worker accepts at once; beyond the threads, they wait in Rust (no thread, no GIL).
_BACKPRESSURE = 1024
# Larger bodies, and chunked ones, stay inline, where the app reads them (and refuses them when
# over its limit) instead of the bridge holding them in memory.
_MAX_HANDED_OVER_BODY = 1024 * 1024
# An idle Python thread of the pool ends after this long (granian's default).
_THREAD_IDLE_SECONDS = 30

# Granian's own .pyi lags its binary (no `ipc` argument, no `serve_mtr`): used untyped.
_native: Any = granian._granian
_new_scheduler: Any = granian._futures._new_cbscheduler

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_log = logging.getLogger("mockserver.server")


class Lane(Enum):
    INLINE = "inline"  # granian's one app thread
    CPU = "cpu"  # beside it, one thread per core: work that releases the GIL for long
    WAIT = "wait"  # a thread of its own (up to `threads`): it may sleep


LaneOf = Callable[[dict[str, Any]], Lane]


_Work = tuple[Callable[..., Any], tuple[Any, ...]] | None  # None: the thread ends


class _ThreadLane:
    """Up to `size` daemon threads, started when work arrives and no thread is free (daemon: a
    request sleeping in emulated latency must not keep the process alive after `stop`)."""

    def __init__(self, name: str, size: int):
        self._name = name
        self._size = max(1, size)
        self._work: queue.SimpleQueue[_Work] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0
        self._pending = 0

    def submit(self, function: Callable[..., Any], *args: Any) -> None:
        with self._lock:
            self._pending += 1
            spawn = self._pending > self._idle and self._threads < self._size
            if spawn:
                self._threads += 1
                name = f"{self._name}-{self._threads}"
        self._work.put((function, args))
        if spawn:
            threading.Thread(target=self._serve, name=name, daemon=True).start()

    def close(self) -> None:
        """End each thread once it has finished what it is doing."""
        with self._lock:
            threads, self._threads = self._threads, 0
        for _ in range(threads):
            self._work.put(None)

    def _serve(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            work = self._work.get()
            with self._lock:
                self._idle -= 1
                if work is None:
                    return
                self._pending -= 1
            function, args = work
            try:
                function(*args)
            except Exception:  # the app's failures are answered in respond(): this is the send
                _log.debug("an answer could not be sent", exc_info=True)


class _StartResponse:
    __slots__ = ("headers", "status")

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[str, str]] = []

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        self.status = int(status.split(" ", 1)[0])
        self.headers = headers


def _small_body(environ: dict[str, Any]) -> bool:
    """A body of known length that may be held in memory (or none)."""
    length = environ.get("CONTENT_LENGTH")
    if length is None:
        return "HTTP_TRANSFER_ENCODING" not in environ
    return length.isdigit() and int(length) <= _MAX_HANDED_OVER_BODY


def _wsgi_callback(
    app: WsgiApp, lane_of: LaneOf | None, lanes: dict[Lane, _ThreadLane]
) -> Callable[[Any, Any], int]:
    """Granian calls this on its app thread per request: run the WSGI app there, or hand the
    request to its lane's threads, which answer later through the same protocol object."""
    base = {
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SCRIPT_NAME": "",
        "SERVER_SOFTWARE": SERVER_NAME,
        "wsgi.errors": sys.stderr,
        "wsgi.input_terminated": True,
        "wsgi.multiprocess": False,
        "wsgi.multithread": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }

    def respond(protocol: Any, environ: dict[str, Any]) -> int:
        """Run the app and hand the whole body back (the mock's answers are small; nothing
        streams)."""
        start_response = _StartResponse()
        try:
            result = app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        except Exception:
            # Flask answers the app's own errors; this is a failure around it. Answer anyway: on
            # a lane thread nobody else would, and the client would wait forever.
            _log.exception("the app failed on %s", environ.get("PATH_INFO"))
            protocol.response_bytes(500, [("Server", SERVER_NAME)], b"")
            return 500
        headers = start_response.headers
        if not any(name.lower() == "server" for name, _ in headers):
            headers = [*headers, ("Server", SERVER_NAME)]
        protocol.response_bytes(start_response.status, headers, body)
        return start_response.status

    def handle(protocol: Any, scope: Any) -> int:
        environ = base | scope
        lane = Lane.INLINE if lane_of is None else lane_of(environ)
        if lane is Lane.INLINE or not _small_body(environ):
            return respond(protocol, environ)
        # Granian's body can only be read before this callback returns: read it here.
        environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read())
        lanes[lane].submit(respond, protocol, environ)
        return 0  # answered later, from the lane's thread

    return handle


class ProductionServer:
    """Listens from construction (connections queue until `start`); `run` serves until `stop`,
    `close` or Ctrl-C."""

    def __init__(
        self, app: WsgiApp, host: str, port: int, threads: int, lane_of: LaneOf | None = None
    ):
        # Bound and listening here, as any server would (an OSError for a port in use; port 0
        # becomes a free port), then handed to granian's worker.
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listening = socket.create_server((host, port), family=family, backlog=_BACKLOG)
        self.effective_port = int(listening.getsockname()[1])
        listener = _native.SocketHolder(listening.detach(), False, _BACKLOG)
        self._worker = _native.WSGIWorker(
            1,  # worker id
            (None, listener),
            None,  # no IPC: there is no parent process
            1,  # Rust runtime threads (I/O)
            512,  # Rust blocking threads (granian's default)
            1 if lane_of else max(1, threads),  # granian's Python threads that run the app
            _THREAD_IDLE_SECONDS,
            _BACKPRESSURE,
            "1",  # HTTP/1.1, as the Control Room's API gateway speaks to these clients
            HTTP1Settings(),
            None,  # no HTTP/2 settings
            None,  # no static files
            False,  # no TLS
            None,
            None,
            None,
            "tls1.3",
            None,
            [],
            False,
            (None, None),  # no metrics
        )
        self._app = app
        self._lane_of = lane_of
        self._lanes = {
            Lane.CPU: _ThreadLane("aa-mock-cpu", os.cpu_count() or 1),
            Lane.WAIT: _ThreadLane("aa-mock-wait", threads),
        }
        self._signal = _native.WorkerSignal()
        self._stopped = threading.Event()
        self._signal.add_cb(self._stopped.set)
        self._loop = asyncio.new_event_loop()  # granian's scheduler wants one; WSGI never runs it
        self._started = False

    def start(self) -> "ProductionServer":
        """Start serving on granian's threads and return."""
        if not self._started:
            self._started = True
            callback = _wsgi_callback(self._app, self._lane_of, self._lanes)
            scheduler = _new_scheduler(self._loop, callback)
            self._worker.serve_mtr(scheduler, self._loop, self._signal)
        return self

    def stop(self) -> None:
        """Ask `run` to return (safe from a signal handler)."""
        self._signal.set()

    def run(self) -> None:
        """Serve until `stop` or `close` (from a signal handler or another thread) or Ctrl-C."""
        self.start()
        # A timeout, so that Ctrl-C is handled: the signal may land on one of granian's threads,
        # which does not wake a main thread blocked on a lock.
        while not self._stopped.wait(0.25):
            pass

    def close(self) -> None:
        if self._started and not self._stopped.is_set():
            self._signal.set()
            self._stopped.wait(10)
        for lane in self._lanes.values():
            lane.close()
        self._loop.close()


def make_server(
    app: WsgiApp, host: str, port: int, threads: int, lane_of: LaneOf | None = None
) -> ProductionServer:
    return ProductionServer(app, host, port, threads, lane_of)
