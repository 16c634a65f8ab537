"""MockServer: the real server on a real socket in a background thread, for use inside tests."""

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from mockserver.core.backend import ControlRoomBackend
from mockserver.core.config import Settings
from mockserver.core.control import MockControl, ScenarioSummary
from mockserver.core.faults import InjectedFault
from mockserver.core.journal import JournalEntry
from mockserver.core.scenarios.resolver import ScenarioRef, resolve_scenario
from mockserver.core.verification import CountResult, RequestPattern, expectation_failure
from mockserver.http.app import create_app


class _QuietHandler(WSGIRequestHandler):
    """Leaves request logging to the mock's own access log (and out of the test's output)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class VerificationError(AssertionError):
    """Requests were not made as a test expected; the message shows the near misses."""


def verify(
    control: MockControl,
    pattern: RequestPattern,
    *,
    times: int | None = None,
    at_least: int | None = None,
    never: bool = False,
) -> CountResult:
    """Check an expectation about journalled requests against any MockControl."""
    if sum((times is not None, at_least is not None, never)) > 1:
        raise ValueError("give one of times, at_least or never")
    result = control.count_requests(pattern)
    if never:
        expected, holds = "no", result.count == 0
    elif times is not None:
        expected, holds = f"exactly {times}", result.count == times
    else:
        least = 1 if at_least is None else at_least
        expected, holds = f"at least {least}", result.count >= least
    failure = expectation_failure(pattern, result, expected, holds)
    if failure is not None:
        raise VerificationError(failure)
    return result


class MockServerError(RuntimeError):
    """The server could not start, or failed while serving."""


class MockServer:
    """Run the mock on 127.0.0.1 (port 0 picks a free port); use as a context manager."""

    def __init__(
        self,
        scenario: ScenarioRef = "default",
        *,
        port: int = 0,
        seed: int = 0,
        host: str = "127.0.0.1",
        startup_timeout: float = 5.0,
        **settings: Any,
    ):
        # Settings name a scenario; text, a dict or a Scenario are handed to the resolver as is.
        named = str(scenario) if isinstance(scenario, str | Path) else "default"
        self.settings = Settings(
            host=host, port=port, seed=seed, scenario=named, **settings
        ).validated()
        self.startup_timeout = startup_timeout
        self._scenario = scenario
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._watcher: Any = None
        self.backend: ControlRoomBackend | None = None
        # What the current scenario was loaded by (what the pytest plugin compares).
        self.scenario_ref: object = scenario

    # -- lifecycle

    def start(self) -> "MockServer":
        if self._server is not None:
            return self
        scenario = resolve_scenario(self._scenario, self.settings.scenario_dirs)
        self.backend = ControlRoomBackend(self.settings, scenario)
        app = create_app(self.settings, backend=self.backend)
        if self.settings.watch:
            from mockserver.run.watcher import ScenarioWatcher

            self._watcher = ScenarioWatcher(self.backend, interval=0.2).start()
        self._server = make_server(
            self.settings.host,
            self.settings.port,
            app,
            threaded=True,
            request_handler=_QuietHandler,
        )
        started = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(started,), name="aa-mockserver", daemon=True
        )
        self._thread.start()
        if not started.wait(self.startup_timeout):
            self.stop()
            raise MockServerError(f"server did not start within {self.startup_timeout} s")
        if self._failure is not None:
            self.stop()  # closes the socket, then raises the thread's failure
        return self

    def _serve(self, started: threading.Event) -> None:
        assert self._server is not None
        started.set()
        try:
            self._server.serve_forever(poll_interval=0.05)
        except BaseException as exc:  # surfaced in the caller by raise_if_failed()
            self._failure = exc

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._server is not None:
            if self._thread is not None and self._thread.is_alive():
                self._server.shutdown()  # waits for serve_forever, so only while it runs
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None
        self.raise_if_failed()

    def raise_if_failed(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise MockServerError(f"the mock server thread failed: {failure!r}") from failure

    def __enter__(self) -> "MockServer":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what tests use

    @property
    def port(self) -> int:
        if self._server is None:
            raise MockServerError("the server is not running")
        return int(self._server.server_port)

    @property
    def url(self) -> str:
        return f"http://{self.settings.host}:{self.port}"

    @property
    def control(self) -> ControlRoomBackend:
        """The test-control interface (`mockserver.core.control.MockControl`) of this mock."""
        if self.backend is None:
            raise MockServerError("the server is not running")
        self.raise_if_failed()
        return self.backend

    def reset(self) -> ScenarioSummary:
        return self.control.reset()

    def advance_clock(self, seconds: float) -> float:
        return self.control.advance_clock(seconds)

    def requests(self, **filters: Any) -> list[JournalEntry]:
        """The journal: filters `method`, `path` (substring), `status`, `task`, `since`, `limit`."""
        return self.control.requests(**filters)

    def load_scenario(
        self, scenario: ScenarioRef, *, relative_to: Sequence[Path] = ()
    ) -> ScenarioSummary:
        """Switch to a bundled or configured name, a file path, YAML text, a dict or a
        Scenario; relative paths are tried against `relative_to` first."""
        summary = self.control.load_scenario(scenario, relative_to=relative_to)
        self.scenario_ref = scenario
        return summary

    def verify(
        self,
        *,
        operation: str | None = None,
        task: int | None = None,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        inputs: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        times: int | None = None,
        at_least: int | None = None,
        never: bool = False,
    ) -> CountResult:
        """Assert how often matching requests were made: exactly `times`, `at_least` (1 when
        nothing is given) or `never`. A failure is an AssertionError that lists the nearest
        requests and how each differs."""
        pattern = RequestPattern(
            operation, task, method, path, status, dict(inputs or {}), dict(headers or {})
        )
        return verify(self.control, pattern, times=times, at_least=at_least, never=never)

    def inject_fault(
        self,
        *,
        operation: str | None = None,
        task: int | None = None,
        status: int | None = None,
        code: str | None = None,
        message: str | None = None,
        delay_ms: float | None = None,
        count: int | None = None,
    ) -> InjectedFault:
        """Make calls fail or stall: `operation` (an operationId such as "executeApiTask") and/or
        `task` (a fileId) choose the calls, `status` (with `code`, `message`) the error,
        `delay_ms` a wait first; `count` calls, or until `clear_faults()` when None. A mistake
        raises ApiError (400) saying what is valid."""
        return self.control.inject_fault(
            operation=operation,
            task=task,
            status=status,
            code=code,
            message=message,
            delay_ms=delay_ms,
            count=count,
        )

    def clear_faults(self) -> None:
        self.control.clear_faults()
