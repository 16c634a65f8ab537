"""RemoteMock: one namespace of a mock already running elsewhere (a CI service container), with
the same test control as MockServer; what the pytest plugin hands a test under `--aa-url`."""

import secrets
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from mockserver.core.control import ScenarioSummary
from mockserver.core.errors import ApiError
from mockserver.core.scenarios.resolver import ScenarioRef
from mockserver.harness.http_control import HttpControl
from mockserver.harness.shortcuts import ControlShortcuts


def namespace_for(worker: str | None) -> str:
    """A namespace name for one test process: its xdist worker id (`gw0`, or `main` without
    xdist) and a random suffix, so two pipelines' `gw0` never meet on one shared mock."""
    return f"{worker or 'main'}-{secrets.token_hex(4)}"


class RemoteMock(ControlShortcuts):
    """Namespace `namespace` of the mock at `base_url`: made by `start()`, deleted by `stop()`."""

    def __init__(self, base_url: str, namespace: str, *, admin_token: str | None = None):
        self._control = HttpControl(base_url, admin_token, namespace=namespace)
        # What the current scenario was loaded by (what the pytest plugin compares); None: the
        # namespace's own default, so the plugin loads the one it wants first.
        self.scenario_ref: object = None

    def __repr__(self) -> str:
        return f"RemoteMock({self.url!r})"

    @property
    def url(self) -> str:
        """The Control Room URL to give a client: inside the namespace."""
        return self._control.url

    @property
    def control(self) -> HttpControl:
        return self._control

    def start(self) -> "RemoteMock":
        self._control.create_namespace()
        return self

    def stop(self) -> None:
        try:
            self._control.delete_namespace()
        except ApiError as exc:
            if exc.status != 404:  # already expired or deleted: nothing left to do
                raise

    def load_scenario(
        self, scenario: ScenarioRef, *, relative_to: Sequence[Path] = ()
    ) -> ScenarioSummary:
        summary = self._control.load_scenario(scenario, relative_to=relative_to)
        self.scenario_ref = scenario
        return summary

    def __enter__(self) -> "RemoteMock":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
