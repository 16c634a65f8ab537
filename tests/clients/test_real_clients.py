"""Real clients, unchanged, against a served mock: PyPI's automation-anywhere 2.1.7 through its
whole auth lifecycle and its automation and device lists, the hotbot flow exactly as the public
Appsmith client plays it, and the PixieBrix extension's discovery (search, interface, deploy
targets) as its code sends it. Every response they receive is validated against the active
profile's spec on its way back."""

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from automation_anywhere.base import Base
from automation_anywhere.errors import AuthenticationError
from automation_anywhere.executor import Executor
from requests.adapters import HTTPAdapter

from contract import check_raw
from mockserver import MockServer

PASSWORD = "mypassword@123"
ZIP_PATH = "Automation Anywhere\\Bots\\Zip Code API Task"


def validate_responses(monkeypatch: pytest.MonkeyPatch, profile: str) -> None:
    """Check every response `requests` reads against the profile's spec (the clients' own code
    is not touched)."""
    real_send = HTTPAdapter.send

    def checked_send(self: HTTPAdapter, prepared: Any, *args: Any, **kwargs: Any) -> Any:
        response = real_send(self, prepared, *args, **kwargs)
        check_raw(
            str(prepared.method),
            str(prepared.url),
            response.status_code,
            response.headers.get("Content-Type"),
            response.content,
            profile,
        )
        return response

    monkeypatch.setattr(HTTPAdapter, "send", checked_send)


@pytest.fixture(params=["seed", "legacy"])
def served(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A mock on a real socket, under a profile that serves the legacy v1 endpoints."""
    validate_responses(monkeypatch, str(request.param))
    with MockServer(profile=str(request.param)) as server:
        yield server.url + "/"  # the client appends paths to its base URL as given


def test_the_published_client_auth_lifecycle(served: str) -> None:
    client = Base(served)
    assert client.authenticate("jdoe", PASSWORD) == (True, None)
    assert client.user_info is not None and client.user_info["username"] == "jdoe"
    assert client.validate() == (True, None)
    first = client.token
    assert client.refresh() == (True, None)  # POST /v1/authentication/token, body token only
    assert client.token != first
    assert client.validate() == (True, None)
    assert client.logout() == (True, None)  # 204
    assert client.validate() == (False, None)


def test_the_published_client_reports_bad_credentials(served: str) -> None:
    assert Base(served).authenticate("jdoe", "wrong") == (
        False,
        "Unable to login: Invalid username/password",
    )
    with pytest.raises(AuthenticationError, match="Invalid username/password"):
        Executor(served, "jdoe", "wrong")


def test_the_published_clients_executor_logs_in(served: str) -> None:
    executor = Executor(served, "jdoe", PASSWORD, multiple_logins=True)
    assert executor.headers is not None and executor.validate() == (True, None)


def test_under_a360_the_discontinued_v1_login_fails_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    validate_responses(monkeypatch, "a360")
    with MockServer(profile="a360") as server:
        success, error = Base(server.url + "/").authenticate("jdoe", PASSWORD)
    assert success is False
    assert error is not None and error.startswith("Unknown error: POST /v1/authentication")


def test_the_hotbot_flow_as_the_appsmith_client_plays_it(served: str) -> None:
    base = served.rstrip("/")
    login = requests.post(
        f"{base}/v2/authentication", json={"username": "jdoe", "password": PASSWORD}, timeout=10
    )
    token = login.json()["token"]
    access = requests.post(
        f"{base}/orchestrator/v1/hotbot/config/accessdetails",
        json={"botRepositoryPath": [ZIP_PATH]},
        headers={"X-Authorization": token},
        timeout=10,
    ).json()
    first = next(iter(access["accessDetails"].values()))  # the first key, as the client does
    result = requests.post(
        first["url"],
        json={"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}},
        headers={"X-Authorization": first["headers"]["X-Authorization"]},  # and nothing else
        timeout=10,
    )
    assert result.status_code == 200
    assert result.json()["hotBotResult"]["botOutput"] == {
        "State": {"type": "STRING", "string": "California"},
        "Place": {"type": "STRING", "string": "San Jose"},
    }


# -- discovery: finding an API Task and its inputs before running it


def test_the_published_client_lists_automations_by_name(served: str) -> None:
    executor = Executor(served, "jdoe", PASSWORD, multiple_logins=True)
    # The client sends {"page": null, "sort": null, "filter": {eq name}} to the public workspace.
    automations, page, error = executor.list_automations(name="Zip Code API Task")
    assert error is None and automations is not None and page is not None
    assert [(a["id"], a["name"], a["type"]) for a in automations] == [
        ("149", "Zip Code API Task", "application/vnd.aa.headlessbot")
    ]
    assert page["totalFilter"] == 1 and page["total"] == 13
    none, _, error = executor.list_automations(name="No Such Task")
    assert none == [] and error is None


def test_the_published_client_lists_devices_of_a_run_as_user(served: str) -> None:
    executor = Executor(served, "jdoe", PASSWORD, multiple_logins=True)
    # It sends {"page": null, "sort": [{"field": "id", "direction": "asc"}]} and keeps the
    # devices whose defaultUsers hold the username.
    devices, page, error = executor.list_devices(run_as_user="apitaskrunner")
    assert error is None and page == {"offset": 0, "total": 3, "totalFilter": 3}
    assert devices is not None and [d["hostName"] for d in devices] == ["apitask-ondemand-01"]
    assert devices[0]["defaultUsers"] == [{"id": "12", "username": "apitaskrunner"}]


def test_the_published_clients_list_devices_without_a_user_fails_in_its_own_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """2.1.7 reads `found_devices` even when no run_as_user was given (UnboundLocalError):
    the mock answered the call with 200 before the client's own code failed."""
    validate_responses(monkeypatch, "seed")
    with MockServer() as server:
        executor = Executor(server.url + "/", "jdoe", PASSWORD, multiple_logins=True)
        with pytest.raises(UnboundLocalError, match="found_devices"):
            executor.list_devices()
        assert [r.status for r in server.requests(path="/v2/devices/list")] == [200]


@pytest.fixture(params=["seed", "a360", "legacy"])
def any_profile(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    validate_responses(monkeypatch, str(request.param))
    with MockServer(profile=str(request.param)) as server:
        yield server.url


def fetch_pages(base: str, path: str, body: dict[str, Any], token: str) -> list[dict[str, Any]]:
    """The browser extension's fetchPages: pages of 100 until totalFilter."""
    results: list[dict[str, Any]] = []
    offset, total = 0, None
    while total is None or offset < total:
        page = requests.post(
            base + path,
            json={**body, "page": {"offset": offset, "length": 100}},
            headers={"X-Authorization": token},
            timeout=10,
        )
        assert page.status_code == 200, page.text
        results += page.json()["list"]
        offset += len(page.json()["list"])
        total = page.json()["page"]["totalFilter"]
    return results


def test_the_browser_extension_finds_an_api_task_and_builds_its_input_form(
    any_profile: str,
) -> None:
    base = any_profile
    token = requests.post(
        f"{base}/v2/authentication", json={"username": "jdoe", "password": PASSWORD}, timeout=10
    ).json()["token"]
    search = {
        "sort": [{"field": "name", "direction": "asc"}],
        "filter": {
            "operator": "and",
            "operands": [
                {"operator": "substring", "field": "name", "value": "invoice"},
                {"operator": "eq", "field": "type", "value": "application/vnd.aa.headlessbot"},
            ],
        },
    }
    found = fetch_pages(base, "/v2/repository/workspaces/public/files/list", search, token)
    assert [(bot["id"], bot["name"]) for bot in found] == [("201", "Invoice Total")]
    interface = requests.get(
        f"{base}/v1/filecontent/{found[0]['id']}/interface",
        headers={"X-Authorization": token},
        timeout=10,
    ).json()
    # interfaceToInputSchema: the input variables become a form, defaults read per type.
    inputs = [v for v in interface["variables"] if v["input"]]
    form = {
        v["name"]: {
            "type": v["type"].lower(),
            "description": v["description"],
            **({"default": v["defaultValue"][v["type"].lower()]} if "defaultValue" in v else {}),
        }
        for v in inputs
    }
    assert form == {
        "iNumAmount": {"type": "number", "description": "The invoice amount before tax"},
        "iNumTaxRate": {"type": "number", "description": "The tax rate", "default": "0.2"},
        "iBoolRound": {
            "type": "boolean",
            "description": "Round the total to a whole number",
            "default": "false",
        },
    }
    # What it lists to deploy: devices, pools (by name) and run-as users, each paged.
    devices = fetch_pages(base, "/v2/devices/list", {}, token)
    pools = fetch_pages(base, "/v2/devices/pools/list", {"sort": search["sort"]}, token)
    users = fetch_pages(base, "/v1/devices/runasusers/list", {}, token)
    assert len(devices) == 3 and [p["name"] for p in pools] == ["API Task On-Demand", "Finance"]
    assert "apitaskrunner" in [u["username"] for u in users]
