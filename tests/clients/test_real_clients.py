"""Real clients, unchanged, against a served mock: PyPI's automation-anywhere 2.1.7 through its
whole auth lifecycle, and the hotbot flow exactly as the public Appsmith client plays it. Every
response they receive is validated against the active profile's spec on its way back."""

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
