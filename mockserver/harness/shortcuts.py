"""Test-control shortcuts: the few calls a test makes most, in keyword form, on whatever
MockControl `control` is (MockServer in process, AaMockContainer over HTTP), and `verify` with
its near misses (also on HttpControl). Each builds the one value the interface takes: a
RequestPattern or a FaultSpec."""

from collections.abc import Mapping
from typing import Any

from mockserver.core.control import MockControl, ScenarioSummary
from mockserver.core.faults import FaultSpec, InjectedFault
from mockserver.core.journal import JournalEntry
from mockserver.core.verification import CountResult, RequestPattern, VerificationError, expect

__all__ = ["ControlShortcuts", "VerificationError", "Verifies", "verify"]


def verify(
    control: MockControl,
    pattern: RequestPattern,
    *,
    times: int | None = None,
    at_least: int | None = None,
    never: bool = False,
) -> CountResult:
    """Check an expectation about journalled requests against any MockControl: exactly `times`,
    `at_least` (1 when nothing is given) or `never`. A pattern naming an unknown operation, task
    or method, or a status that is no HTTP status, is refused (ApiError 400), never counted."""
    if sum((times is not None, at_least is not None, never)) > 1:
        raise ValueError("give one of times, at_least or never")
    result = control.count_requests(pattern)
    return expect(pattern, result, times=times, at_least=at_least, never=never)


class Verifies:
    """`verify` in keyword form, mixed into a class with a `control` property."""

    @property
    def control(self) -> MockControl:
        raise NotImplementedError

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
        since: float | None = None,
        times: int | None = None,
        at_least: int | None = None,
        never: bool = False,
    ) -> CountResult:
        """Assert how often matching requests were made: exactly `times`, `at_least` (1 when
        nothing is given) or `never`. A failure is an AssertionError that lists the nearest
        requests and how each differs; an unknown operation, task or method, or a status that
        is no HTTP status, raises ApiError (400) saying what is valid."""
        pattern = RequestPattern(
            operation=operation,
            task=task,
            method=method,
            path=path,
            status=status,
            inputs=dict(inputs or {}),
            headers=dict(headers or {}),
            since=since,
        )
        return verify(self.control, pattern, times=times, at_least=at_least, never=never)


class ControlShortcuts(Verifies):
    """Mixed into a class with a `control` property (in process or over HTTP)."""

    def reset(self) -> ScenarioSummary:
        return self.control.reset()

    def advance_clock(self, seconds: float) -> float:
        return self.control.advance_clock(seconds)

    def requests(self, **filters: Any) -> list[JournalEntry]:
        """The journal, oldest first: any RequestPattern field as a keyword (`operation`,
        `task`, `method`, `path` (substring), `status`, `inputs`, `headers`, `since`, `limit`)."""
        return self.control.requests(RequestPattern(**filters))

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
        raises ApiError (400) saying what is valid (see FaultSpec)."""
        spec = FaultSpec(
            operation=operation,
            task=task,
            status=status,
            code=code,
            message=message,
            delay_ms=delay_ms,
            count=count,
        )
        return self.control.inject_fault(spec)

    def clear_faults(self) -> None:
        self.control.clear_faults()
