"""Faults injected at run time through test control: the next N matching calls fail or stall.

`FaultSpec` is what a test asks for (every door builds one: the admin view from its JSON body,
`ControlShortcuts.inject_fault` from keywords, `HttpControl` sends one); `InjectedFault` is one
armed in the registry, with its id and the calls it has left."""

import threading
from collections.abc import Collection
from dataclasses import dataclass, replace

from mockserver.core.errors import ApiError, bad_request, is_int
from mockserver.core.selectors import check_operation, check_task

MAX_DELAY_MS = 600_000
DEFAULT_CODE = "mock.injected.fault"
DEFAULT_MESSAGE = "Fault injected through the admin API"


@dataclass(frozen=True)
class FaultSpec:
    """Make calls fail or stall.

    operation: an operationId (see CONTROL_ROOM_OPERATIONS); None matches every operation.
    task: an API Task fileId of the scenario; None matches every task.
    status, code, message: the error answered (status 400..599).
    delay_ms: wait this long first (the mock's clock sleeps).
    count: how many calls; None until the faults are cleared.
    """

    operation: str | None = None
    task: int | None = None
    status: int | None = None
    code: str | None = None
    message: str | None = None
    delay_ms: float | None = None
    count: int | None = None

    def check(self, known_tasks: Collection[int]) -> None:
        """Raise a 400 ApiError that says what is valid, so a resilience test cannot pass
        without its fault firing."""
        check_operation(self.operation)
        check_task(self.task, known_tasks)
        if self.status is None and self.delay_ms is None:
            raise bad_request("A fault needs a 'status', a 'delayMs' or both", details="status")
        if self.delay_ms is not None and not (
            isinstance(self.delay_ms, int | float)
            and not isinstance(self.delay_ms, bool)
            and 0 < self.delay_ms <= MAX_DELAY_MS
        ):
            raise bad_request(
                f"delayMs must be a number above 0 and at most {MAX_DELAY_MS}", details="delayMs"
            )
        if self.status is not None and not (is_int(self.status) and 400 <= self.status <= 599):
            raise bad_request(
                f"status must be an integer 400..599, not {self.status!r}", details="status"
            )
        if self.count is not None and not (is_int(self.count) and self.count >= 1):
            raise bad_request("count must be at least 1 (or null: until cleared)", details="count")
        for name, text in (("code", self.code), ("message", self.message)):
            if text is not None and not isinstance(text, str):
                raise bad_request(f"{name} must be a string, not {text!r}", details=name)


@dataclass(frozen=True)
class InjectedFault:
    """Applies to calls of `operation` (an operationId) and/or of API Task `task`; None = any."""

    id: int
    operation: str | None
    task: int | None
    remaining: int | None  # None: until the faults are cleared
    status: int | None
    code: str
    message: str
    delay_ms: float

    @classmethod
    def armed(cls, fault_id: int, spec: FaultSpec) -> "InjectedFault":
        return cls(
            id=fault_id,
            operation=spec.operation,
            task=spec.task,
            remaining=spec.count,
            status=spec.status,
            code=spec.code or DEFAULT_CODE,
            message=spec.message or DEFAULT_MESSAGE,
            delay_ms=float(spec.delay_ms or 0),
        )

    def matches(self, operation: str, task: int | None) -> bool:
        return (self.operation is None or self.operation == operation) and (
            self.task is None or self.task == task
        )

    def error(self) -> ApiError | None:
        if self.status is None:
            return None
        return ApiError(self.status, self.code, self.message)


class FaultRegistry:
    def __init__(self) -> None:
        self._faults: list[InjectedFault] = []
        self._lock = threading.Lock()
        self._next_id = 1

    def add(self, spec: FaultSpec) -> InjectedFault:
        """Arm a fault (checked by the caller, who knows the scenario's tasks)."""
        with self._lock:
            fault = InjectedFault.armed(self._next_id, spec)
            self._next_id += 1
            self._faults.append(fault)
            return fault

    def take(self, operation: str, task: int | None) -> InjectedFault | None:
        """Use up one call of the first matching fault, if any."""
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault.matches(operation, task):
                    if fault.remaining is None:
                        return fault
                    if fault.remaining <= 1:
                        del self._faults[i]
                    else:
                        self._faults[i] = replace(fault, remaining=fault.remaining - 1)
                    return fault
        return None

    def list(self) -> list[InjectedFault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
