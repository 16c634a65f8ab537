"""Every scenario docs/scenarios.md shows serves as it is: `validate` warns about none of them,
and its user logs in and gets each allocated task's execution URL (or deploys on demand); the
starter runs its task end to end, served on a socket as `serve` would."""

import json
import urllib.request
from typing import Any

import pytest
import yaml

from conftest import AppFactory
from contract import check_raw
from doc_pages import DOCS, Block, blocks
from mockserver import MockServer
from mockserver.core.scenarios import load_scenario_text
from mockserver.core.scenarios.reachability import warnings

SCENARIOS = [b for b in blocks(DOCS / "scenarios.md", "yaml") if "tasks:" in b.text]


def the_user(document: dict[str, Any]) -> dict[str, str]:
    [user] = document["users"]
    return {"username": user["username"], "password": user["password"]}


def test_every_scenario_block_is_served_here() -> None:
    names = {yaml.safe_load(b.text)["name"] for b in SCENARIOS}
    assert len(SCENARIOS) == 11 and "doc-starter" in names


@pytest.mark.parametrize("block", SCENARIOS, ids=str)
def test_the_example_serves_and_its_user_reaches_every_task(
    make_app: AppFactory, block: Block
) -> None:
    assert warnings(load_scenario_text(block.text)) == []
    document = yaml.safe_load(block.text)
    client = make_app(yaml_text=block.text).test_client()
    login = client.post("/v2/authentication", json=the_user(document))
    assert login.status_code == 200, login.get_json()
    headers = {"X-Authorization": login.get_json()["token"]}
    allocated = [t["path"] for t in document["tasks"] if t.get("allocation") is not None]
    if allocated:
        access = client.post(
            "/orchestrator/v1/hotbot/config/accessdetails",
            json={"botRepositoryPath": allocated},
            headers=headers,
        ).get_json()
        assert sorted(access["accessDetails"]) == sorted(allocated) and access["errors"] == {}
    else:  # on demand only: every task deploys
        for task in document["tasks"]:
            inputs = {
                name: {"type": "STRING", "string": "x"}
                for name, spec in task.get("inputs", {}).items()
                if spec.get("required")
            }
            deployed = client.post(
                "/v4/automations/deploy",
                json={"botId": task["fileId"], "headlessRequest": {}, "botInput": inputs},
                headers=headers,
            )
            assert deployed.status_code == 200, deployed.get_json()


def post(url: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        check_raw("POST", url, response.status, response.headers["Content-Type"], raw)
        return json.loads(raw)


def test_the_starter_runs_its_task_end_to_end() -> None:
    [starter] = [b for b in SCENARIOS if "name: doc-starter" in b.text]
    document = yaml.safe_load(starter.text)
    [task] = document["tasks"]
    with MockServer(starter.text) as server:
        token = post(server.url + "/v2/authentication", the_user(document))["token"]
        access = post(
            server.url + "/orchestrator/v1/hotbot/config/accessdetails",
            {"botRepositoryPath": [task["path"]]},
            {"X-Authorization": token},
        )
        detail = access["accessDetails"][task["path"]]
        result = post(
            detail["url"],
            {"botInput": {"iStrName": {"type": "STRING", "string": "Ada"}}},
            detail["headers"],
        )
    assert result["hotBotResult"]["botOutput"]["Greeting"] == {
        "type": "STRING",
        "string": "Hello, Ada",
    }
