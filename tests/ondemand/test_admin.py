"""Test control of on-demand runs: the admin API lists deployments with their runs and drives a
deployment's runs to their end without waiting for the clock."""

from conftest import AppFactory, CheckedClient
from ondemand_steps import CALIFORNIA, ZIP_INPUT, advance, deploy, execution, headless, runs


def test_deployments_are_listed_with_their_runs(client: CheckedClient) -> None:
    first = deploy(client, headless(149, ZIP_INPUT, numberOfExecutions=2))
    advance(client, 0.3)
    second = deploy(client, {**headless(250), "callbackInfo": {"url": "http://127.0.0.1:9/cb"}})
    listing = client.get("/__admin/deployments").get_json()["deployments"]
    assert [d["deploymentId"] for d in listing] == [first, second]
    assert [r["status"] for r in listing[0]["executions"]] == ["RUNNING", "RUNNING"]
    assert listing[0]["fileId"] == 149 and listing[0]["api"] == "v4"
    assert listing[0]["createdBy"] == "380" and listing[0]["callback"] is None
    assert listing[1]["executions"][0]["callback"] == {
        "state": "pending",
        "attempts": 0,
        "detail": "",
    }


def test_a_deployment_is_driven_to_its_end_now(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(149, ZIP_INPUT))
    driven = client.post(
        f"/__admin/deployments/{deployment_id}/state", json={"status": "COMPLETED"}
    )
    assert driven.status_code == 200
    [run] = driven.get_json()["executions"]
    assert (run["status"], run["outputs"]) == ("COMPLETED", CALIFORNIA)
    [listed] = runs(client, deployment_id)
    assert listed["status"] == "COMPLETED"
    assert execution(client, listed["id"])["botOutVariables"]["values"] == CALIFORNIA
    advance(client, 60)  # the clock no longer changes it
    assert runs(client, deployment_id)[0]["status"] == "COMPLETED"


def test_driving_a_failure_keeps_runs_that_already_ended(client: CheckedClient) -> None:
    ended = deploy(client, headless(149, ZIP_INPUT))
    advance(client, 1)
    running = deploy(client, headless(149, ZIP_INPUT))
    for deployment_id in (ended, running):
        client.post(
            f"/__admin/deployments/{deployment_id}/state",
            json={"status": "RUN_FAILED", "message": "the portal was down"},
        )
    assert runs(client, ended)[0]["status"] == "COMPLETED"
    [failed] = runs(client, running)
    assert (failed["status"], failed["message"]) == ("RUN_FAILED", "the portal was down")


def test_driving_checks_its_arguments(client: CheckedClient) -> None:
    missing = client.post("/__admin/deployments/nope/state", json={"status": "COMPLETED"})
    assert missing.status_code == 404
    assert missing.get_json()["code"] == "mock.deployment.not.found"
    deployment_id = deploy(client, headless(149, ZIP_INPUT))
    for body in ({"status": "RUNNING"}, {}, {"status": "COMPLETED", "colour": "red"}):
        response = client.post(f"/__admin/deployments/{deployment_id}/state", json=body)
        assert response.status_code == 400, body


def test_the_admin_token_guards_the_deployments(make_app: AppFactory) -> None:
    client = make_app(admin_token="letmein").test_client()
    assert client.get("/__admin/deployments").status_code == 401
    headers = {"X-Admin-Token": "letmein"}
    assert client.get("/__admin/deployments", headers=headers).get_json() == {"deployments": []}
