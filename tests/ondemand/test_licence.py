"""The scenario's licence through HTTP: concurrent slots (queue or refuse), the execution quota
and its runtime threshold, on the mock's clock."""

from typing import Any

from conftest import AppFactory, CheckedClient
from ondemand_steps import advance, deploy, headless, runs, statuses
from scenario_text import with_task

TASK = """\
    outputs:
      Done: {type: BOOLEAN, value: true}
    onDemand: {queueSeconds: 0, runSeconds: 10}
"""


def licensed(make_app: AppFactory, block: str) -> CheckedClient:
    text = with_task(TASK).replace("tasks:\n", f"licence: {block}\ntasks:\n", 1)
    client = make_app(yaml_text=text).test_client()
    assert isinstance(client, CheckedClient)
    return client


def try_deploy(client: CheckedClient, **request: Any) -> Any:
    return client.post(
        "/v4/automations/deploy", json=headless(7, **request), headers=client.login("jdoe")
    )


def test_past_the_slots_runs_queue_until_a_slot_frees(make_app: AppFactory) -> None:
    client = licensed(make_app, "{concurrentOnDemand: 1}")
    first = deploy(client, headless(7))
    second = deploy(client, headless(7, queueOnSlotsExhaustion=True))
    advance(client, 5)
    assert statuses(client, first) + statuses(client, second) == ["RUNNING", "QUEUED"]
    advance(client, 5.1)  # the first ends at 10.1 s
    assert statuses(client, first) + statuses(client, second) == ["COMPLETED", "PENDING_EXECUTION"]
    advance(client, 0.1)
    assert statuses(client, second) == ["RUNNING"]


def test_past_the_slots_a_deploy_that_does_not_queue_is_refused(make_app: AppFactory) -> None:
    client = licensed(make_app, "{concurrentOnDemand: 2}")
    deploy(client, headless(7, numberOfExecutions=2))
    refused = try_deploy(client, queueOnSlotsExhaustion=False)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert refused.get_json()["code"] == "license.concurrency.limit.exceeded"
    assert refused.get_json()["details"] == "headlessRequest.queueOnSlotsExhaustion"
    advance(client, 10.2)
    assert try_deploy(client, queueOnSlotsExhaustion=False).status_code == 200


def test_stopping_a_run_frees_its_slot_now(make_app: AppFactory) -> None:
    client = licensed(make_app, "{concurrentOnDemand: 1}")
    first = deploy(client, headless(7))
    second = deploy(client, headless(7))
    advance(client, 2)
    [running] = runs(client, first)
    stopped = client.post(
        "/v3/activity/manage",
        json={"stop_executions": {"execution_ids": [running["id"]]}},
        headers=client.login("jdoe"),
    )
    assert stopped.status_code == 200
    assert statuses(client, second) == ["PENDING_EXECUTION"]
    advance(client, 0.1)
    assert statuses(client, second) == ["RUNNING"]


def test_past_the_quota_a_deploy_is_refused(make_app: AppFactory) -> None:
    client = licensed(make_app, "{executionQuota: 3}")
    deploy(client, headless(7, numberOfExecutions=2))
    too_many = try_deploy(client, numberOfExecutions=2)
    assert too_many.status_code == 403
    assert too_many.get_json()["code"] == "license.execution.quota.exhausted"
    assert try_deploy(client).status_code == 200
    assert try_deploy(client).status_code == 403


def test_long_runs_count_once_per_runtime_threshold(make_app: AppFactory) -> None:
    client = licensed(make_app, "{executionQuota: 2, runtimeThresholdSeconds: 4}")
    deploy(client, headless(7))
    advance(client, 3)
    assert try_deploy(client).status_code == 200  # 3 s of running: one block
    advance(client, 2)
    # The first run has now run 5 s (two blocks); with the second, the quota is used up.
    assert try_deploy(client).status_code == 403


def test_without_a_licence_block_nothing_is_limited(client: CheckedClient) -> None:
    for _ in range(3):
        deploy(client, headless(250, numberOfExecutions=100, queueOnSlotsExhaustion=False))
    listing = client.post("/v3/activity/list", json={}, headers=client.login("jdoe")).get_json()
    assert listing["page"]["total"] == 300
