"""LocalControl: every test-control operation in process, on the simulated clock."""

from pathlib import Path

import pytest

from core.conftest import Built, login
from mockserver.core.clock import Clock
from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import ApiError
from mockserver.core.faults import FaultSpec
from mockserver.core.local_control import LocalControl, parse_timestamp
from mockserver.core.scenarios import ScenarioError
from mockserver.core.verification import RequestPattern

EPOCH = 1_750_000_000.0


def journal(control_room: ControlRoom, *statuses: int) -> None:
    for status in statuses:
        control_room.record_request(
            method="POST",
            path="/v2/authentication",
            query="",
            headers={},
            raw_body=b"",
            status=status,
            raw_response=b"",
            duration_ms=1.0,
            task=None,
            operation="authenticateV2",
        )


def refused(call: object, *args: object, **kwargs: object) -> ApiError:
    assert callable(call)
    with pytest.raises(ApiError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_health_counts_uptime_on_the_mocks_clock(control: LocalControl, clock: Clock) -> None:
    clock.advance(12.5)
    health = control.health()
    assert (health.status, health.scenario, health.profile, health.uptime_seconds) == (
        "ok",
        "default",
        "seed",
        12.5,
    )


def test_reset_and_switching_scenarios(control: LocalControl, control_room: ControlRoom) -> None:
    login(control_room)
    journal(control_room, 200)
    assert control.reset() == control.load_scenario("default")
    assert control.token_records() == [] and control.requests() == []
    assert control.load_scenario("errors").name == "errors" and control.scenario().name == "errors"
    with pytest.raises(ScenarioError):
        control.load_scenario("name: broken\ntasks: [{fileId: 0}]\n")
    assert control.scenario().name == "errors"  # the last valid one stays
    assert {"default", "errors", "latency"} <= {s.name for s in control.scenarios()}


def test_reload_rereads_the_file_in_force(control: LocalControl, tmp_path: Path) -> None:
    assert control.reload().name == "default"  # a bundled file
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\ntasks: []\n", encoding="utf-8")
    control.load_scenario(path)
    path.write_text("name: edited\ntasks: []\n", encoding="utf-8")
    assert control.reload().name == "edited"
    control.load_scenario({"name": "inline", "tasks": []})
    assert refused(control.reload).details == "reload"


def test_the_journal_through_patterns(control: LocalControl, control_room: ControlRoom) -> None:
    journal(control_room, 200, 401, 401)
    assert [e.status for e in control.requests()] == [200, 401, 401]
    assert [e.id for e in control.requests(RequestPattern(status=401, limit=1))] == [3]
    assert control.count_requests(RequestPattern(operation="authenticateV2")).count == 3
    assert refused(control.requests, RequestPattern(task=1490)).details == "task"
    assert refused(control.count_requests, RequestPattern(operation="login")).details == "operation"
    control.clear_requests()
    assert control.requests() == [] and control.journal_stats().dropped == 0


def test_a_full_journal_counts_what_it_dropped(build: Built) -> None:
    small = LocalControl(build(journal_capacity=2))
    journal(small.control_room, 200, 200, 200)
    assert len(small.requests()) == 2 and small.journal_stats().dropped == 1


def test_the_clock(control: LocalControl, clock: Clock) -> None:
    assert control.advance_clock(60) == EPOCH + 60
    status = control.change_clock(set="2030-01-01T00:00:00")  # UTC without an offset
    assert status.now == 1893456000.0 and status.frozen
    assert not control.change_clock(resume=True).frozen
    assert control.change_clock(freeze=True).frozen
    assert control.clock_status() == clock.status()
    assert refused(control.change_clock).status == 400
    assert refused(control.change_clock, advance=1, freeze=True).status == 400


@pytest.mark.parametrize("value", ["not a time", "2101-01-01T00:00:00Z", "1969-12-31T00:00:00Z"])
def test_a_time_outside_1970_to_2100_is_refused(value: str) -> None:
    assert refused(parse_timestamp, value).status == 400


def test_faults_are_checked_against_the_scenario(control: LocalControl) -> None:
    fault = control.inject_fault(FaultSpec(task=149, status=503, count=1))
    assert control.faults() == [fault]
    error = refused(control.inject_fault, FaultSpec(task=250 * 10, status=503))
    assert error.details == "task" and "149, 180, 201, 233, 250" in error.message
    control.clear_faults()
    assert control.faults() == []
    control.load_scenario("latency")
    assert refused(control.inject_fault, FaultSpec(task=149, status=503)).details == "task"


def test_tokens_listed_and_revoked(control: LocalControl, control_room: ControlRoom) -> None:
    token = login(control_room).token
    login(control_room, "jdoe")
    records = control.token_records()
    assert [r.subject for r in records] == ["9", "380"]
    assert control.revoke_token(records[0].token_id) is True
    assert not control_room.auth.validate(token)
    error = refused(control.revoke_token, 12345)
    assert (error.status, error.code) == (404, "mock.token.not.found")
    assert control.revoke_tokens() == 1


def test_allocation_states_show_executions_in_flight(
    control: LocalControl, control_room: ControlRoom
) -> None:
    gate = control_room.tenant.gate
    assert gate.try_enter(149, 1) and not gate.try_enter(149, 1)
    state = {s.task.file_id: s for s in control.allocation_states()}[149]
    assert (state.in_flight, state.peak, state.rejected) == (1, 1, 1)
    gate.leave(149)
    control.reset()
    state = {s.task.file_id: s for s in control.allocation_states()}[149]
    assert (state.in_flight, state.peak, state.rejected) == (0, 0, 0)
