"""The test-control interface: what `/__admin`, `MockServer` and the pytest plugin can do to a
mock. `ControlRoomBackend` implements it in process; `mockserver.harness.http_control.HttpControl`
implements it over HTTP against a served mock (the shape of WireMock's `Admin`)."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from mockserver._version import __version__
from mockserver.core.clock import ClockStatus
from mockserver.core.errors import bad_request, did_you_mean
from mockserver.core.faults import InjectedFault
from mockserver.core.journal import JournalEntry
from mockserver.core.profiles import CONTROL_ROOM_OPERATIONS
from mockserver.core.tokens import TokenRecord
from mockserver.core.verification import CountResult, RequestPattern

MAX_DELAY_MS = 600_000
LATEST_CLOCK = 4102444800.0  # 2100-01-01, as in openapi/admin.yml


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

    def load_scenario(self, ref: Any, *, relative_to: Sequence[Path] = ()) -> ScenarioSummary: ...

    def scenarios(self) -> list[ScenarioInfo]: ...

    def requests(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        task: int | None = None,
        since: float | None = None,
        limit: int | None = None,
    ) -> list[JournalEntry]: ...

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
    ) -> InjectedFault: ...

    def clear_faults(self) -> None: ...

    def token_records(self) -> list[TokenRecord]: ...

    def revoke_tokens(self) -> int: ...

    def revoke_token(self, token_id: int) -> bool: ...


def filter_journal(
    entries: list[JournalEntry],
    *,
    method: str | None = None,
    path: str | None = None,
    status: int | None = None,
    task: int | None = None,
    since: float | None = None,
    limit: int | None = None,
) -> list[JournalEntry]:
    """Oldest first; `path` matches a substring; `limit` keeps the newest entries."""
    selected = [
        e
        for e in entries
        if (method is None or e.method == method.upper())
        and (path is None or path in e.path)
        and (status is None or e.status == status)
        and (task is None or e.task == task)
        and (since is None or e.time >= since)
    ]
    return selected[-limit:] if limit else selected


def parse_timestamp(value: object) -> float:
    """An epoch number or an ISO 8601 time (UTC when it has no offset), within 1970..2100."""
    if isinstance(value, int | float):
        return float(value)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise bad_request(f"set: {value!r} is not an epoch number or ISO 8601 time") from None
    stamp = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    if not 0 <= stamp <= LATEST_CLOCK:
        raise bad_request(f"set: {value!r} is outside 1970..2100", details="set")
    return stamp


def new_fault(
    *,
    operation: str | None,
    task: int | None,
    status: int | None,
    code: str | None,
    message: str | None,
    delay_ms: float | None,
    count: int | None,
    known_tasks: Collection[int],
) -> InjectedFault:
    """A checked fault (its id is given when it is registered); a mistake is a 400 that says
    what is valid, so a resilience test cannot pass without its fault firing."""
    if operation is not None and operation not in CONTROL_ROOM_OPERATIONS:
        raise bad_request(
            f"operation {operation!r} is not an operationId of the Control Room"
            + did_you_mean(operation, CONTROL_ROOM_OPERATIONS)
            + f"; valid: {', '.join(CONTROL_ROOM_OPERATIONS)}",
            details="operation",
        )
    if task is not None and task not in known_tasks:
        raise bad_request(
            f"task {task} is not a fileId of the scenario; valid: "
            + ", ".join(map(str, sorted(known_tasks))),
            details="task",
        )
    if status is None and delay_ms is None:
        raise bad_request("A fault needs a 'status', a 'delayMs' or both", details="status")
    delay = float(delay_ms or 0)
    if delay_ms is not None and not 0 < delay <= MAX_DELAY_MS:
        raise bad_request(f"delayMs must be above 0 and at most {MAX_DELAY_MS}", details="delayMs")
    if status is not None and not 400 <= int(status) <= 599:
        raise bad_request("status must be 400..599", details="status")
    if count is not None and int(count) < 1:
        raise bad_request("count must be at least 1 (or null: until cleared)", details="count")
    return InjectedFault(
        id=0,
        operation=operation,
        task=task,
        remaining=None if count is None else int(count),
        status=None if status is None else int(status),
        code=code or "mock.injected.fault",
        message=message or "Fault injected through the admin API",
        delay_ms=delay,
    )
