"""Runs on the mock's clock, through HTTP: the statuses follow the clock (moved here, never
waited for), the outputs come from the task's rules as in real time, and a scenario, an injected
fault or a stop decides how a run ends."""

from typing import Any

import pytest

from conftest import ZIP_PATH, AppFactory, CheckedClient
from mockserver.core.faults import FaultSpec
from mockserver.http.emulated import control_of
from ondemand_steps import (
    CALIFORNIA,
    ZIP_INPUT,
    advance,
    deploy,
    execution,
    headless,
    runs,
    statuses,
)
from scenario_text import with_task


def test_a_run_moves_through_the_statuses_with_the_clock(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(149, ZIP_INPUT))
    seen = []
    for step in (0.0, 0.15, 0.1, 0.25, 0.2, 0.1):
        advance(client, step)
        [run] = runs(client, deployment_id)
        seen.append((run["status"], run["progress"]))
    assert seen == [
        ("QUEUED", 0),
        ("PENDING_EXECUTION", 0),
        ("RUNNING", 10),
        ("RUNNING", 60),
        ("COMPLETED", 100),
        ("COMPLETED", 100),
    ]


def test_a_frozen_clock_holds_every_run(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(149, ZIP_INPUT, numberOfExecutions=2))
    advance(client, 0.3)
    before = runs(client, deployment_id)
    assert [r["status"] for r in before] == ["RUNNING", "RUNNING"]
    assert runs(client, deployment_id) == before  # the fixture's clock is frozen


def test_times_are_the_clocks(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(149, ZIP_INPUT))
    advance(client, 10)
    [run] = runs(client, deployment_id)
    # The fixture's clock starts at 1_750_000_000 (2025-06-15T15:06:40Z).
    assert run["startDateTime"] == "2025-06-15T15:06:40.000000Z"
    assert run["endDateTime"] == "2025-06-15T15:06:40.700000Z"


def test_outputs_are_the_same_as_in_real_time(client: CheckedClient) -> None:
    realtime = client.execute(client.access(ZIP_PATH), ZIP_INPUT).get_json()
    deployment_id = deploy(client, headless(149, ZIP_INPUT))
    [run] = runs(client, deployment_id)
    assert execution(client, run["id"])["botOutVariables"] == {"values": {}}  # not yet
    advance(client, 1)
    assert "botOutVariables" not in runs(client, deployment_id)[0]  # the v3 list leaves them out
    found = execution(client, run["id"])
    assert found["botOutVariables"]["values"] == realtime["hotBotResult"]["botOutput"]
    assert found["botOutVariables"]["values"] == CALIFORNIA
    [older] = runs(client, deployment_id, "v2")  # the older list carries them
    assert older["botOutVariables"]["values"] == CALIFORNIA


def test_a_rules_error_fails_the_run_with_its_message(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(149, {"iStrZipCode": {"string": "9513"}}))
    advance(client, 1)
    [run] = runs(client, deployment_id)
    assert run["status"] == "RUN_FAILED"
    assert run["message"] == "iStrZipCode must be five digits"
    assert execution(client, run["id"])["botOutVariables"] == {"values": {}}


def test_both_ways_to_run_share_the_tasks_call_count(make_app: AppFactory) -> None:
    task = """\
    outputs:
      Step: {type: STRING}
    sequence:
      - outputs: {Step: first}
      - outputs: {Step: second}
"""
    client = make_app(yaml_text=with_task(task)).test_client()
    deployment_id = deploy(client, headless(7))
    advance(client, 1)
    [run] = runs(client, deployment_id)
    assert execution(client, run["id"])["botOutVariables"]["values"]["Step"]["string"] == "first"
    realtime = client.execute(client.access("Bots\\T")).get_json()
    assert realtime["hotBotResult"]["botOutput"]["Step"]["string"] == "second"


def on_demand_task(block: str) -> str:
    return with_task(f"""\
    outputs:
      Done: {{type: BOOLEAN, value: true}}
    onDemand: {block}
""")


@pytest.mark.parametrize(
    ("block", "timeline"),
    [
        (
            "{queueSeconds: 5, runSeconds: 60}",
            [(4.9, "QUEUED"), (0.15, "PENDING_EXECUTION"), (30, "RUNNING"), (31, "COMPLETED")],
        ),
        (
            "{outcome: failed, message: the portal was down}",
            [(0.25, "RUNNING"), (1, "RUN_FAILED")],
        ),
        ("{outcome: deployFailed}", [(0.15, "PENDING_EXECUTION"), (0.1, "DEPLOY_FAILED")]),
        ("{outcome: timedOut}", [(899, "RUNNING"), (2, "RUN_TIMED_OUT")]),
        ("{runSeconds: 3600}", [(899, "RUNNING"), (2, "RUN_TIMED_OUT")]),
    ],
)
def test_the_scenario_decides_how_a_run_goes(
    make_app: AppFactory, block: str, timeline: list[tuple[float, str]]
) -> None:
    client = make_app(yaml_text=on_demand_task(block)).test_client()
    deployment_id = deploy(client, headless(7))
    seen = []
    for seconds, _ in timeline:
        advance(client, seconds)
        seen.append(statuses(client, deployment_id)[0])
    assert seen == [status for _, status in timeline]


def test_failure_messages(make_app: AppFactory) -> None:
    client = make_app(
        yaml_text=on_demand_task("{outcome: failed, message: portal down}")
    ).test_client()
    deployment_id = deploy(client, headless(7))
    advance(client, 1000)
    assert runs(client, deployment_id)[0]["message"] == "portal down"
    client = make_app(
        yaml_text=on_demand_task("{runSeconds: 100}"), ondemand_timeout_seconds=30
    ).test_client()
    deployment_id = deploy(client, headless(7))
    advance(client, 31)
    [run] = runs(client, deployment_id)
    assert run["status"] == "RUN_TIMED_OUT"
    assert "on-demand timeout of 30 s" in run["message"]


def test_an_injected_execute_fault_fails_the_next_run(client: CheckedClient) -> None:
    control = control_of(client.application)
    control.inject_fault(
        FaultSpec(operation="executeApiTask", task=149, status=500, message="device lost", count=1)
    )
    failed, fine = (deploy(client, headless(149, ZIP_INPUT)) for _ in range(2))
    advance(client, 1)
    assert runs(client, failed)[0]["status"] == "RUN_FAILED"
    assert runs(client, failed)[0]["message"] == "device lost"
    assert runs(client, fine)[0]["status"] == "COMPLETED"


def test_an_injected_delay_lengthens_the_run(client: CheckedClient) -> None:
    control_of(client.application).inject_fault(
        FaultSpec(operation="executeApiTask", delay_ms=10_000, count=1)
    )
    deployment_id = deploy(client, headless(149, ZIP_INPUT))
    advance(client, 5)
    assert statuses(client, deployment_id) == ["RUNNING"]
    advance(client, 6)
    assert statuses(client, deployment_id) == ["COMPLETED"]


def test_an_injected_deploy_fault_fails_the_deploy(client: CheckedClient) -> None:
    control_of(client.application).inject_fault(
        FaultSpec(operation="deployAutomationV4", status=503, code="busy", count=1)
    )
    headers = client.login("jdoe")
    first = client.post("/v4/automations/deploy", json=headless(149, ZIP_INPUT), headers=headers)
    assert (first.status_code, first.get_json()["code"]) == (503, "busy")
    second = client.post("/v4/automations/deploy", json=headless(149, ZIP_INPUT), headers=headers)
    assert second.status_code == 200


def manage(client: CheckedClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v3/activity/manage", json=body, headers=client.login("jdoe"))
    assert response.status_code == 200, response.get_json()
    found: dict[str, Any] = response.get_json()
    return found


def test_stopping_a_run_aborts_it(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(149, ZIP_INPUT, numberOfExecutions=2))
    advance(client, 0.3)
    first, second = (run["id"] for run in runs(client, deployment_id))
    answer = manage(client, {"stop_executions": {"execution_ids": [first]}})
    assert answer == {"requests_sent_to_device": [first], "manage_action_errors": []}
    advance(client, 5)
    stopped = execution(client, first)
    assert (stopped["status"], stopped["progress"]) == ("RUN_ABORTED", 20)
    assert stopped["message"] == "The execution was stopped by jdoe"
    assert stopped["endDateTime"] == "2025-06-15T15:06:40.300000Z"
    assert execution(client, second)["status"] == "COMPLETED"
    again = manage(client, {"stop_executions": {"execution_ids": [first, "no-such-run"]}})
    assert again["requests_sent_to_device"] == []
    assert [e["execution_id"] for e in again["manage_action_errors"]] == [first, "no-such-run"]
    assert "already terminated" in again["manage_action_errors"][0]["error_response"]


def test_api_task_runs_cannot_be_paused(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(149, ZIP_INPUT))
    [run] = runs(client, deployment_id)
    answer = manage(client, {"pause_executions": {"execution_ids": [run["id"]]}})
    assert answer["requests_sent_to_device"] == []
    assert "cannot be paused" in answer["manage_action_errors"][0]["error_response"]


def test_manage_needs_one_action(client: CheckedClient) -> None:
    response = client.post(
        "/v3/activity/manage",
        json={
            "stop_executions": {"execution_ids": ["a"]},
            "pause_executions": {"execution_ids": ["a"]},
        },
        headers=client.login("jdoe"),
    )
    assert response.status_code == 400


def test_an_unknown_execution_is_404(client: CheckedClient) -> None:
    response = client.get("/v3/activity/execution/nope", headers=client.login("jdoe"))
    assert response.status_code == 404
    assert response.get_json()["code"] == "activity.execution.not.found"


def test_reset_forgets_every_deployment(client: CheckedClient) -> None:
    deploy(client, headless(149, ZIP_INPUT))
    control_of(client.application).reset()
    listing = client.post("/v3/activity/list", json={}, headers=client.login("jdoe")).get_json()
    assert listing == {"page": {"offset": 0, "total": 0, "totalFilter": 0}, "list": []}
