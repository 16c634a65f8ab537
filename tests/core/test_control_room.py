"""ControlRoom: its services over one tenant, injected faults on the simulated clock, the
journal it records into, and which calls may wait."""

import pytest

from mockserver.core.clock import Clock
from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import ApiError
from mockserver.core.faults import FaultSpec
from mockserver.core.services.allocations import AllocationService
from mockserver.core.services.auth import AuthService
from mockserver.core.services.execution import ExecutionService

EXECUTE_149 = "/hotbot-149-knative-0a665343-88e9-17be-8189-936dad5d0144/execute"


def test_it_composes_one_service_per_api(control_room: ControlRoom) -> None:
    assert isinstance(control_room.auth, AuthService)
    assert isinstance(control_room.allocations, AllocationService)
    assert isinstance(control_room.execution, ExecutionService)
    assert control_room.scenario().name == "default" and control_room.profile.name == "seed"


def test_an_injected_fault_waits_then_fails(control_room: ControlRoom, clock: Clock) -> None:
    faults = control_room.tenant.state().faults
    faults.add(FaultSpec(operation="logout", delay_ms=1500, status=503, count=1))
    before = clock.now()
    with pytest.raises(ApiError) as caught:
        control_room.apply_injected_fault("logout", None)
    assert caught.value.status == 503 and clock.now() - before == 1.5
    control_room.apply_injected_fault("logout", None)  # used up: nothing happens
    assert clock.now() - before == 1.5


def test_a_delay_alone_only_waits(control_room: ControlRoom, clock: Clock) -> None:
    control_room.tenant.state().faults.add(FaultSpec(task=149, delay_ms=200, count=1))
    control_room.apply_injected_fault("executeApiTask", 180)
    assert clock.status().offset_seconds == 0
    control_room.apply_injected_fault("executeApiTask", 149)
    assert clock.status().offset_seconds == pytest.approx(0.2)


def test_requests_are_recorded_on_the_mocks_clock(control_room: ControlRoom, clock: Clock) -> None:
    clock.advance(42)
    entry = control_room.record_request(
        method="GET",
        path="/v1/authentication/token",
        query="",
        headers={},
        raw_body=b"",
        status=200,
        raw_response=b'{"valid": false}',
        duration_ms=0.1,
        task=None,
    )
    assert entry.time == clock.now() and entry.response == {"valid": False}
    assert control_room.tenant.state().journal.entries() == [entry]
