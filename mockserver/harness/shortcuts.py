"""Test-control shortcuts shared by MockServer and the Testcontainers module: the few calls a
test makes most, on whatever MockControl `control` is, plus `verify` with its near misses."""

from collections.abc import Mapping
from typing import Any

from mockserver.core.control import MockControl, ScenarioSummary
from mockserver.core.faults import InjectedFault
from mockserver.core.journal import JournalEntry
from mockserver.core.verification import CountResult, RequestPattern, expectation_failure


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


class ControlShortcuts:
    """Mixed into a class with a `control` property (in process or over HTTP)."""

    @property
    def control(self) -> MockControl:
        raise NotImplementedError

    def reset(self) -> ScenarioSummary:
        return self.control.reset()

    def advance_clock(self, seconds: float) -> float:
        return self.control.advance_clock(seconds)

    def requests(self, **filters: Any) -> list[JournalEntry]:
        """The journal: filters `method`, `path` (substring), `status`, `task`, `since`, `limit`."""
        return self.control.requests(**filters)

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
