"""MockServer: the real server on a real socket in a background thread, for use inside tests."""

import threading
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from mockserver.core.config import Settings
from mockserver.core.control import ScenarioSummary
from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import did_you_mean
from mockserver.core.local_control import LocalControl
from mockserver.core.namespaces import NamespaceRegistry
from mockserver.core.scenarios.resolver import ScenarioRef, resolve_scenario
from mockserver.harness.shortcuts import ControlShortcuts
from mockserver.http.app import create_app
from mockserver.http.emulated import control_of
from mockserver.http.namespaces import registry_of


class _QuietHandler(WSGIRequestHandler):
    """Leaves request logging to the mock's own access log (and out of the test's output)."""

    # What Werkzeug's HTTP parser refuses before the app sees it (over 100 headers: 431; a
    # malformed request line: 400) is answered with a Control Room body too (the standard
    # library's documented hooks), repeating nothing of the request.
    error_content_type = "application/json"
    error_message_format = (
        '{"code": "http.error", "details": null, '
        '"message": "HTTP %(code)d: the request could not be read"}'
    )

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class MockServerError(RuntimeError):
    """The server could not start, or failed while serving."""


class MockServer(ControlShortcuts):
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
        known = [f.name for f in fields(Settings)]
        for name in settings:
            if name not in known:
                raise TypeError(
                    f"MockServer() got an unexpected keyword argument {name!r}"
                    f"{did_you_mean(name, [*known, 'startup_timeout'])}"
                )
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
        self._control: LocalControl | None = None
        self._namespaces: NamespaceRegistry | None = None
        # What the current scenario was loaded by (what the pytest plugin compares).
        self.scenario_ref: object = scenario

    # -- lifecycle

    def start(self) -> "MockServer":
        if self._server is not None:
            return self
        scenario = resolve_scenario(self._scenario, self.settings.scenario_dirs)
        app = create_app(self.settings, control_room=ControlRoom(self.settings, scenario))
        self._control = control_of(app)
        self._namespaces = registry_of(app)
        if self.settings.watch:
            from mockserver.core.watcher import ScenarioWatcher

            self._watcher = ScenarioWatcher(self._control, interval=0.2).start()
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
        if self._control is not None:
            self._control.control_room.close()
        if self._namespaces is not None:
            self._namespaces.close()
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
    def control(self) -> LocalControl:
        """The test-control interface (`mockserver.core.control.MockControl`) of this mock."""
        if self._control is None:
            raise MockServerError("the server is not running")
        self.raise_if_failed()
        return self._control

    def load_scenario(
        self, scenario: ScenarioRef, *, relative_to: Sequence[Path] = ()
    ) -> ScenarioSummary:
        """Switch to a bundled or configured name, a file path, YAML text, a dict or a
        Scenario; relative paths are tried against `relative_to` first."""
        summary = self.control.load_scenario(scenario, relative_to=relative_to)
        self.scenario_ref = scenario
        return summary
