"""The test-control interface: what `/__admin`, `MockServer` and the pytest plugin can do to a
mock. `mockserver.core.local_control.LocalControl` implements it in process over a ControlRoom;
`mockserver.harness.http_control.HttpControl` implements it over HTTP against a served mock (the
shape of WireMock's `Admin`). Each operation takes one value per idea: a `RequestPattern` to find
requests, a `FaultSpec` to inject a fault."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mockserver._version import __version__
from mockserver.core.clock import ClockStatus
from mockserver.core.faults import FaultSpec, InjectedFault
from mockserver.core.journal import JournalEntry
from mockserver.core.tokens import TokenRecord
from mockserver.core.verification import CountResult, RequestPattern


@dataclass(frozen=True)
class Health:
    status: str
    scenario: str
    uptime_seconds: float
    profile: str
    version: str = __version__


@dataclass(frozen=True)
class ScenarioSummary:
    name: str
    tasks: int


@dataclass(frozen=True)
class ScenarioInfo:
    """A scenario that can be loaded by name; `problem` is set when its file is invalid."""

    name: str
    description: str
    problem: str | None = None


class MockControl(Protocol):
    """Every test-control operation; each front door goes through one implementation of it."""

    def health(self) -> Health: ...

    def reset(self) -> ScenarioSummary: ...

    def reload(self) -> ScenarioSummary: ...

    def load_scenario(self, ref: Any, *, relative_to: Sequence[Path] = ()) -> ScenarioSummary: ...

    def scenarios(self) -> list[ScenarioInfo]: ...

    def requests(self, pattern: RequestPattern | None = None) -> list[JournalEntry]: ...

    def count_requests(self, pattern: RequestPattern) -> CountResult: ...

    def clear_requests(self) -> None: ...

    def clock_status(self) -> ClockStatus: ...

    def change_clock(
        self,
        *,
        advance: float | None = None,
        set: float | str | None = None,
        freeze: bool = False,
        resume: bool = False,
    ) -> ClockStatus: ...

    def advance_clock(self, seconds: float) -> float: ...

    def faults(self) -> list[InjectedFault]: ...

    def inject_fault(self, spec: FaultSpec) -> InjectedFault: ...

    def clear_faults(self) -> None: ...

    def token_records(self) -> list[TokenRecord]: ...

    def revoke_tokens(self) -> int: ...

    def revoke_token(self, token_id: int) -> bool: ...
