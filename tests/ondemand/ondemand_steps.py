"""Small helpers for the on-demand tests: deploy, read the activity, move the clock."""

from typing import Any

from conftest import CheckedClient
from mockserver.http.emulated import control_of

ZIP_INPUT = {"iStrZipCode": {"type": "STRING", "string": "95134"}}
CALIFORNIA = {
    "State": {"type": "STRING", "string": "California"},
    "Place": {"type": "STRING", "string": "San Jose"},
}


def headless(bot_id: Any = 149, bot_input: Any = None, **request: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "botId": bot_id,
        "headlessRequest": {"numberOfExecutions": 1, **request},
    }
    if bot_input is not None:
        body["botInput"] = bot_input
    return body


def deploy(client: CheckedClient, body: dict[str, Any], user: str = "jdoe") -> str:
    response = client.post("/v4/automations/deploy", json=body, headers=client.login(user))
    assert response.status_code == 200, response.get_json()
    deployment_id: str = response.get_json()["deploymentId"]
    return deployment_id


def runs(client: CheckedClient, deployment_id: str, version: str = "v3") -> list[dict[str, Any]]:
    body = {"filter": {"operator": "eq", "field": "deploymentId", "value": deployment_id}}
    response = client.post(f"/{version}/activity/list", json=body, headers=client.login("jdoe"))
    assert response.status_code == 200, response.get_json()
    found: list[dict[str, Any]] = response.get_json()["list"]
    return found


def statuses(client: CheckedClient, deployment_id: str) -> list[str]:
    return [run["status"] for run in runs(client, deployment_id)]


def execution(client: CheckedClient, execution_id: str) -> dict[str, Any]:
    response = client.get(f"/v3/activity/execution/{execution_id}", headers=client.login("jdoe"))
    assert response.status_code == 200, response.get_json()
    found: dict[str, Any] = response.get_json()
    return found


def advance(client: CheckedClient, seconds: float) -> None:
    control_of(client.application).advance_clock(seconds)
