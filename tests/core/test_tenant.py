"""Tenant: what a reset keeps and what it rebuilds, and one consistent state per reader."""

import threading

from core.conftest import Built, login
from mockserver.core.clock import Clock
from mockserver.core.control_room import ControlRoom
from mockserver.core.scenarios.model import Allocation
from mockserver.core.scenarios.resolver import resolve_scenario
from mockserver.core.tokens import TokenKind


def test_a_reset_rebuilds_the_state_and_keeps_what_lasts(
    control_room: ControlRoom, clock: Clock
) -> None:
    tenant = control_room.tenant
    before = tenant.state()
    token = login(control_room).token
    before.allocate(250, Allocation(None, 1))
    tenant.gate.try_enter(149, 1)  # an execution in flight across the reset
    clock.advance(30)
    after = tenant.reset()
    assert after is tenant.state() and after is not before
    assert after.scenario is before.scenario and after.allocated_task(250) is None
    assert after.tokens.records() == [] and not control_room.auth.validate(token)
    assert clock.status().offset_seconds == 0
    assert tenant.gate.in_flight(149) == 1 and tenant.gate.peak(149) == 0
    assert (tenant.settings, tenant.clock, tenant.gate) == (
        control_room.settings,
        clock,
        control_room.tenant.gate,
    )


def test_token_ids_never_repeat_across_resets(control_room: ControlRoom) -> None:
    first = control_room.tenant.state().tokens
    login(control_room)
    old_id = first.records()[0].token_id
    control_room.tenant.reset()
    login(control_room)
    assert control_room.tenant.state().tokens.records()[0].token_id > old_id


def test_a_reset_can_switch_the_scenario(control_room: ControlRoom) -> None:
    errors = resolve_scenario("errors")
    state = control_room.tenant.reset(errors)
    assert control_room.scenario() is errors and state.known_tasks == {
        t.file_id for t in errors.tasks
    }


def test_allocations_are_a_copy(control_room: ControlRoom) -> None:
    state = control_room.tenant.state()
    copy = state.allocations()
    copy.clear()
    assert [file_id for file_id, _ in state.allocations()] == [149, 180, 201, 233]


def test_a_reader_never_sees_half_a_switch(build: Built) -> None:
    control_room = build()
    scenarios = [resolve_scenario("default"), resolve_scenario("latency")]
    torn: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            state = control_room.tenant.state()
            if not {file_id for file_id, _ in state.allocations()} <= state.known_tasks:
                torn.append(state.scenario.name)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for i in range(200):
        control_room.tenant.reset(scenarios[i % 2])
    done.set()
    for reader in readers:
        reader.join(10)
    assert torn == []


def test_the_profile_sets_the_token_claims(build: Built) -> None:
    a360 = build(profile="a360")
    token = login(a360).token
    assert a360.profile.a360_token_claims
    assert a360.auth.authenticate(token, TokenKind.CONTROL_ROOM).record.token_id > 10**14
