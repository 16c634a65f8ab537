"""Run-as users, devices and device pools under every profile, from the scenario and from the
defaults; the run-as user checks and defaults of allocations. Every answer is checked against the
profile's spec by the client."""

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import AppFactory, CheckedClient, open_client
from mockserver.core.profiles import PROFILES

RUN_AS_USERS = "/v1/devices/runasusers/list"
DEVICES = "/v2/devices/list"
POOLS = "/v2/devices/pools/list"
LIST = "/orchestrator/v1/hotbot/config"
CREATE = "/orchestrator/v1/hotbot/config/create"
MINIMAL = """
name: minimal
roles: [{id: "1", name: Admin, grants: [manageAllocations, viewDevices]}]
users: [{id: "9", username: admin, password: Admin#2024, roles: [Admin]}]
tasks:
  - {fileId: 7, path: 'Automation Anywhere\\Bots\\Seven', allocation: {runAsUserOrNone: 40}}
  - {fileId: 8, path: 'Automation Anywhere\\Bots\\Eight', allocation: {}}
"""


@pytest.fixture
def client(make_app: AppFactory, profile: str) -> Iterator[CheckedClient]:
    with open_client(make_app(profile=profile)) as test_client:
        assert isinstance(test_client, CheckedClient)
        yield test_client


def listed(client: CheckedClient, path: str, body: Any, user: str = "jdoe") -> dict[str, Any]:
    response = client.post(path, json=body, headers=client.login(user))
    assert response.status_code == 200, response.get_json()
    data: dict[str, Any] = response.get_json()
    return data


def test_run_as_users_with_their_default_devices(client: CheckedClient) -> None:
    data = listed(client, RUN_AS_USERS, {"sort": [{"field": "id", "direction": "asc"}]})
    assert data["list"] == [
        {"id": 3, "username": "ubr01_rt", "device": "DESKTOP-DBO6SIE", "deviceId": 2},
        {"id": 4, "username": "ubr02_rt", "device": "Picked at run time", "deviceId": -1},
        {"id": 12, "username": "apitaskrunner", "device": "apitask-ondemand-01", "deviceId": 1},
    ]
    assert data["page"] == {"offset": 0, "total": 3, "totalFilter": 3}
    found = listed(
        client, RUN_AS_USERS, {"filter": {"operator": "eq", "field": "username", "value": "x"}}
    )
    assert found["list"] == [] and found["page"]["totalFilter"] == 0


def test_devices_with_their_default_users(client: CheckedClient) -> None:
    data = listed(client, DEVICES, {"page": {"offset": 0, "length": 100}})
    assert [d["hostName"] for d in data["list"]] == [
        "DESKTOP-7QK2L1A",
        "DESKTOP-DBO6SIE",
        "apitask-ondemand-01",
    ]  # by id, descending
    runner = data["list"][1]
    assert runner["id"] == "2" and runner["status"] == "CONNECTED"
    assert runner["defaultUsers"] == [{"id": "3", "username": "ubr01_rt"}]
    assert runner["userId"] == "3" and runner["nickname"] == "Finance runner"
    connected = listed(
        client,
        DEVICES,
        {
            "filter": {
                "operator": "and",
                "operands": [
                    {"operator": "eq", "field": "status", "value": "CONNECTED"},
                    {"operator": "substring", "field": "hostName", "value": "desktop"},
                ],
            }
        },
    )
    assert [d["id"] for d in connected["list"]] == ["2"]


def test_pools_and_the_docs_substring_example(client: CheckedClient) -> None:
    data = listed(client, POOLS, {"sort": [{"field": "name", "direction": "asc"}]})
    assert [(p["id"], p["name"], p["deviceIds"]) for p in data["list"]] == [
        (1, "API Task On-Demand", ["1"]),
        (8, "Finance", ["2", "3"]),
    ]
    # The docs' single-parameter filter example (cloud-api-filter-request.html).
    finance = listed(
        client, POOLS, {"filter": {"operator": "substring", "field": "name", "value": "finance"}}
    )
    assert [p["name"] for p in finance["list"]] == ["Finance"]
    assert finance["list"][0]["deviceCount"] == 2


def test_defaults_when_the_scenario_names_no_devices(make_app: AppFactory, profile: str) -> None:
    with open_client(make_app(yaml_text=MINIMAL, profile=profile)) as client:
        headers = client.login()
        users = client.post(RUN_AS_USERS, json={}, headers=headers).get_json()["list"]
        assert sorted((u["id"], u["username"]) for u in users) == [
            (12, "apitaskrunner"),
            (40, "runasuser40"),  # the allocation's run-as user exists
        ]
        devices = client.post(DEVICES, json={}, headers=headers).get_json()["list"]
        assert [(d["hostName"], d["defaultUsers"]) for d in devices] == [
            ("apitask-ondemand-01", [{"id": "12", "username": "apitaskrunner"}])
        ]
        pools = client.post(POOLS, json={}, headers=headers).get_json()["list"]
        assert [(p["name"], p["deviceIds"]) for p in pools] == [("API Task On-Demand", ["1"])]
        allocations = client.post(LIST, json={}, headers=headers).get_json()["list"]
        eight = next(a for a in allocations if str(a["fileId"]) == "8")
        if PROFILES[profile].default_run_as_user:
            assert eight["runAsUserOrNone"] == "12"  # apitaskrunner
        else:
            assert "runAsUserOrNone" not in eight  # the seed spec: null means the caller


def test_allocations_without_a_run_as_user_get_apitaskrunner(
    client: CheckedClient, profile: str
) -> None:
    headers = client.login("admin")
    created = client.put(CREATE, json={"fileId": 250}, headers=headers)
    assert created.status_code == 200 and created.get_json()["runAsUserOrNone"] is None  # echo
    items = client.post(LIST, json={}, headers=headers).get_json()["list"]
    by_id = {str(item["fileId"]): item for item in items}
    if PROFILES[profile].default_run_as_user:
        assert by_id["250"]["runAsUserOrNone"] == "12"
        assert by_id["201"]["runAsUserOrNone"] == "12"  # allocated in the scenario without one
        kept = client.post(
            LIST,
            json={"filter": {"operator": "eq", "field": "runAsUserOrNone", "value": "12"}},
            headers=headers,
        ).get_json()
        assert kept["page"]["totalFilter"] == 5
    else:
        assert "runAsUserOrNone" not in by_id["250"] and "runAsUserOrNone" not in by_id["201"]


@pytest.mark.parametrize(
    "profile_name, run_as",
    # The seed create spec types runAsUserOrNone as an integer; AA's profiles take a string too.
    [("seed", 99), ("a360", 99), ("a360", "99"), ("legacy", "99")],
)
def test_create_checks_the_run_as_user(
    make_app: AppFactory, profile_name: str, run_as: Any
) -> None:
    with open_client(make_app(profile=profile_name)) as client:
        headers = client.login("admin")
        response = client.put(
            CREATE, json={"fileId": 250, "runAsUserOrNone": run_as}, headers=headers
        )
        assert response.status_code == 400
        body = response.get_json()
        assert body["details"] == "runAsUserOrNone" and "99" in body["message"]
        assert "12 (apitaskrunner)" in body["message"]
        known = client.put(CREATE, json={"fileId": 250, "runAsUserOrNone": 4}, headers=headers)
        assert known.status_code == 200


def test_who_may_see_devices_follows_the_roles(client: CheckedClient) -> None:
    viewer = client.login("viewer")
    for path in (RUN_AS_USERS, DEVICES, POOLS):
        response = client.post(path, json={}, headers=viewer)
        assert response.status_code == 403 and "viewDevices" in response.get_json()["message"]


@pytest.mark.parametrize("path", [RUN_AS_USERS, DEVICES, POOLS])
def test_page_length_follows_the_profile(client: CheckedClient, profile: str, path: str) -> None:
    response = client.post(path, json={"page": {"length": 101}}, headers=client.login())
    if PROFILES[profile].page_length_cap == 100:
        assert response.status_code == 400
        assert response.get_json()["details"] == "page.length"
        assert "maximum of 100" in response.get_json()["message"]
    else:
        assert response.status_code == 200  # AA documents no cap; neither does the mock
    huge = client.post(path, json={"page": {"length": 10**9}}, headers=client.login())
    assert huge.status_code == (400 if PROFILES[profile].page_length_cap else 200)
