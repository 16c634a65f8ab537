"""Real clients of on-demand API Tasks, unchanged, against a served mock: PyPI's
automation-anywhere 2.1.7 (`deploy`, v3, then `status` until COMPLETED) and the headless flow as
the Appsmith ASW package and the PixieBrix extension play it (v4 deploy, poll the activity list
by deploymentId, then read the execution's botOutVariables). Every response is validated against
the active profile's spec on its way back. Where a client waits between polls, the test moves the
mock's clock by that interval instead of sleeping."""

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from automation_anywhere.executor import Executor
from test_real_clients import validate_responses

from mockserver import MockServer

PASSWORD = "mypassword@123"
ZIP_INPUT = {"iStrZipCode": {"type": "STRING", "string": "95134"}}
CALIFORNIA = {
    "State": {"type": "STRING", "string": "California"},
    "Place": {"type": "STRING", "string": "San Jose"},
}


@pytest.fixture(params=["seed", "legacy"])
def server(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[MockServer]:
    """A served mock under a profile with the v1 login the 2.1.7 client uses."""
    validate_responses(monkeypatch, str(request.param))
    with MockServer(profile=str(request.param)) as running:
        yield running


def test_the_published_client_deploys_and_follows_the_run(server: MockServer) -> None:
    server.control.change_clock(freeze=True)  # only the test moves it
    executor = Executor(server.url + "/", "jdoe", PASSWORD)
    success, error, deployment_id, name = executor.deploy(149, [9], bot_input=ZIP_INPUT)
    assert (success, error) == (True, None)
    assert name.startswith("Zip Code API Task.") and name.endswith(".jdoe")
    seen = []
    for _ in range(10):
        ok, error, data = executor.status(deploy_id=deployment_id)
        assert (ok, error) == (True, None)
        [run] = data["executions"]
        seen.append(run["status"])
        if run["status"] == "COMPLETED":
            break
        server.control.advance_clock(0.15)
    assert seen[0] == "QUEUED" and seen[-1] == "COMPLETED"
    assert "RUNNING" in seen
    assert data["page"] == {"offset": 0, "total": 1, "totalFilter": 1}
    by_name = executor.status(deploy_name=name)[2]["executions"]
    assert [run["deploymentId"] for run in by_name] == [deployment_id]


def test_the_published_client_reports_deploy_errors(server: MockServer) -> None:
    executor = Executor(server.url + "/", "jdoe", PASSWORD)
    assert executor.deploy(1490, [9])[:2] == (False, "Not Found")
    success, error, *_ = executor.deploy(149, [77], bot_input=ZIP_INPUT)
    assert success is False
    assert error.startswith("Bad Request - INVALID_ARGUMENT: Some or all users provided")


def run_headless(
    base: str, bot_id: Any, clock_step: Any, *, shape: str, polls: int = 20
) -> dict[str, Any]:
    """The headless flow as the ASW package and PixieBrix write it: deploy (v4), poll the
    activity list by deploymentId, throw on a failure status, read the execution's outputs."""
    login = requests.post(
        f"{base}/v2/authentication", json={"username": "jdoe", "password": PASSWORD}, timeout=10
    )
    headers = {"X-Authorization": login.json()["token"]}
    body: dict[str, Any] = {
        "botId": bot_id,
        "automationName": "ASW headless",
        "headlessRequest": {"numberOfExecutions": 1, "sharedRunAsUserId": 380},
        "botInput": ZIP_INPUT,
    }
    if shape == "pixiebrix":
        body["executionType"] = "RUN_NOW"
        body["headlessRequest"]["queueOnSlotsExhaustion"] = False
    deployed = requests.post(
        f"{base}/v4/automations/deploy", json=body, headers=headers, timeout=10
    )
    assert deployed.status_code == 200
    deployment_id = deployed.json()["deploymentId"]
    query = {"filter": {"operator": "eq", "field": "deploymentId", "value": deployment_id}}
    if shape == "asw":
        query["page"] = {"offset": 0, "length": 1}
    for _ in range(polls):
        clock_step()
        listing = requests.post(f"{base}/v3/activity/list", json=query, headers=headers, timeout=10)
        status = listing.json()["list"][0]["status"]
        if status in ("RUN_FAILED", "DEPLOY_FAILED", "STOPPED"):
            raise RuntimeError(f"Execution failed: {status}")
        if status == "COMPLETED":
            execution_id = listing.json()["list"][0]["id"]
            found = requests.get(
                f"{base}/v3/activity/execution/{execution_id}", headers=headers, timeout=10
            )
            outputs: dict[str, Any] = found.json()["botOutVariables"]["values"]
            return outputs
    raise RuntimeError("Polling timed out.")


@pytest.mark.parametrize(("shape", "bot_id"), [("asw", "149"), ("pixiebrix", 149)])
def test_the_headless_flow_as_public_clients_play_it(
    server: MockServer, shape: str, bot_id: Any
) -> None:
    server.control.change_clock(freeze=True)
    outputs = run_headless(
        server.url, bot_id, lambda: server.control.advance_clock(1.5), shape=shape
    )
    assert outputs == CALIFORNIA


def test_a_run_completes_by_itself_within_about_a_second(server: MockServer) -> None:
    # The real clock, as a client polling every 1.5 s for 30 s sees it: the default run is done
    # within a second, so here a poll every 0.1 s with a deadline of 5 s is plenty.
    pause = threading.Event()
    outputs = run_headless(server.url, 149, lambda: pause.wait(0.1), shape="asw", polls=50)
    assert outputs == CALIFORNIA


def test_a_failing_run_makes_the_client_throw(server: MockServer) -> None:
    server.control.change_clock(freeze=True)
    server.inject_fault(operation="executeApiTask", task=149, status=500, count=1)
    with pytest.raises(RuntimeError, match="Execution failed: RUN_FAILED"):
        run_headless(server.url, 149, lambda: server.control.advance_clock(1.5), shape="asw")
