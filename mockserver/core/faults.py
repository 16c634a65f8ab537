"""Faults injected at run time through the admin API: the next N matching calls fail or stall."""

import threading
from dataclasses import dataclass, replace

from mockserver.core.errors import ApiError


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

    def add(self, fault: InjectedFault) -> InjectedFault:
        with self._lock:
            fault = replace(fault, id=self._next_id)
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
