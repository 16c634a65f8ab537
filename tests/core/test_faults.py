"""FaultSpec's checks (the same as the admin API's) and the registry that arms and uses up
faults."""

from typing import Any

import pytest

from mockserver.core.errors import ApiError
from mockserver.core.faults import DEFAULT_CODE, MAX_DELAY_MS, FaultRegistry, FaultSpec

TASKS = {149, 180, 201}


@pytest.mark.parametrize(
    "fields, field, fragment",
    [
        (
            {"operation": "authenticate", "status": 503},
            "operation",
            "did you mean 'authenticateV2'?",
        ),
        ({"operation": "execute", "status": 503}, "operation", "did you mean 'executeApiTask'?"),
        ({"task": 1490, "status": 503}, "task", "task 1490 is not a fileId of the scenario"),
        ({"task": "149", "status": 503}, "task", "did you mean 149?"),
        ({"task": 149}, "status", "needs a 'status', a 'delayMs' or both"),
        ({"status": 200}, "status", "400..599, not 200"),
        ({"status": "503"}, "status", "not '503'"),
        ({"status": True}, "status", "not True"),
        ({"delay_ms": 0}, "delayMs", f"at most {MAX_DELAY_MS}"),
        ({"delay_ms": MAX_DELAY_MS + 1}, "delayMs", "above 0"),
        ({"status": 500, "count": 0}, "count", "at least 1"),
        ({"status": 500, "code": 7}, "code", "code must be a string"),
    ],
)
def test_a_mistake_is_a_400_that_says_what_is_valid(
    fields: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(ApiError) as caught:
        FaultSpec(**fields).check(TASKS)
    assert (caught.value.status, caught.value.details) == (400, field)
    assert fragment in caught.value.message, caught.value.message


def test_a_valid_spec_passes_and_arms_with_defaults() -> None:
    spec = FaultSpec(operation="executeApiTask", task=149, delay_ms=250)
    spec.check(TASKS)
    fault = FaultRegistry().add(spec)
    assert (fault.id, fault.remaining, fault.status, fault.delay_ms) == (1, None, None, 250.0)
    assert fault.code == DEFAULT_CODE and fault.error() is None


def test_the_registry_uses_up_counted_faults_in_order() -> None:
    registry = FaultRegistry()
    first = registry.add(FaultSpec(operation="logout", status=503, count=2))
    second = registry.add(FaultSpec(task=149, status=500))
    assert second.id == first.id + 1
    assert registry.take("validateToken", None) is None
    taken = [registry.take("logout", None) for _ in range(3)]
    assert [f.id if f else None for f in taken] == [1, 1, None]
    assert registry.take("executeApiTask", 180) is None
    for _ in range(3):  # no count: until cleared
        fault = registry.take("executeApiTask", 149)
        assert fault is not None and fault.error() == ApiError(500, DEFAULT_CODE, fault.message)
    registry.clear()
    assert registry.list() == [] and registry.take("executeApiTask", 149) is None
