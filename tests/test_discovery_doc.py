"""docs/discovery.md's example scenario loads and answers as its text says."""

import re
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from conftest import AppFactory, CheckedClient

DOC = Path(__file__).resolve().parent.parent / "docs" / "discovery.md"
EXAMPLES = {
    yaml.safe_load(block)["name"]: block
    for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
}


def open_client(app: Flask) -> CheckedClient:
    client = app.test_client()
    assert isinstance(client, CheckedClient)
    return client


def post(client: CheckedClient, path: str, body: Any, token: dict[str, str]) -> Any:
    response = client.post(path, json=body, headers=token)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_every_example_is_checked() -> None:
    assert set(EXAMPLES) == {"doc-discovery"}


def test_the_discovery_example(make_app: AppFactory) -> None:
    client = open_client(make_app(yaml_text=EXAMPLES["doc-discovery"], profile="a360"))
    response = client.post("/v2/authentication", json={"username": "dev", "password": "dev-pass"})
    token = {"X-Authorization": response.get_json()["token"]}
    search = {"filter": {"operator": "substring", "field": "name", "value": "quote"}}
    found = post(client, "/v2/repository/workspaces/public/files/list", search, token)
    assert sorted((item["id"], item["name"]) for item in found["list"]) == [
        ("40", "Quote API Task"),
        ("50", "Quote Builder"),
    ]
    folder = client.get(f"/v2/repository/files/{found['list'][0]['parentId']}", headers=token)
    assert folder.get_json()["name"] == "Sales"
    private = post(client, "/v2/repository/workspaces/private/files/list", {}, token)
    assert "Try Quote" in [item["name"] for item in private["list"]]
    interface = client.get("/v1/filecontent/40/interface", headers=token).get_json()
    assert [v["name"] for v in interface["variables"]] == ["iNumQuantity", "iStrCurrency", "Price"]
    assert interface["variables"][1]["defaultValue"] == {"type": "STRING", "string": "EUR"}
    users = post(client, "/v1/devices/runasusers/list", {}, token)["list"]
    assert {u["username"]: u["device"] for u in users} == {
        "apitaskrunner": "apitask-ondemand-01",
        "sales_runner": "Picked at run time",
    }
