"""AA's documented request examples, replayed as they are written (the pages docs/fidelity.md cites):
the answers have the documented shape (keys, nesting, JSON types) under the a360 profile, and the
seed spec's shape (integer ids on the list) under seed."""

from typing import Any

import pytest

from conftest import AppFactory, CheckedClient
from mockserver.core.resources import scenarios_dir

# The docs' examples, verbatim.
LOGIN_PASSWORD = {"username": "jdoe", "password": "mypassword@123", "multipleLogin": True}
LOGIN_API_KEY = {"username": "jdoe", "apiKey": "JDOEkey00000000000000000000000000000000b"}
LIST = {"page": {"offset": 0, "length": 100}}
CREATE = {"fileId": "5", "runAsUserOrNone": 3, "concurrencyLimit": 2}
ACCESS = {"botRepositoryPath": ["Automation Anywhere\\Bots\\Zip Code API Task"]}
EXECUTE = {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}}

# The documented answers, reduced to their shape.
USER_SHAPE = {
    "id": "string",
    "username": "string",
    "domain": "null",
    "firstName": "string",
    "lastName": "string",
    "principalId": "string",
    "email": "string",
    "emailVerified": "boolean",
    "passwordSet": "boolean",
    "questionsSet": "boolean",
    "enableAutoLogin": "boolean",
    "licenseFeatures": ["string"],
    "roles": [{"id": "string", "name": "string"}],
    "multipleLoginAllowed": "boolean",
    "deleted": "boolean",
}
LOGIN_SHAPE = {
    "token": "string",
    "user": USER_SHAPE,
    "permissions": [{"action": "string", "resourceType": "string"}],
    "tenantUuid": "string",
    "ttlSeconds": "string",
}
ACCESS_SHAPE = {
    "accessDetails": {
        ACCESS["botRepositoryPath"][0]: {"url": "string", "headers": {"X-Authorization": "string"}}
    },
    "errors": {},
}
EXECUTE_SHAPE = {
    "hotBotResult": {
        "botOutput": {
            "State": {"type": "string", "string": "string"},
            "Place": {"type": "string", "string": "string"},
        }
    }
}


def list_shape(id_type: str) -> dict[str, Any]:
    return {
        "list": [
            {
                "fileId": id_type,
                "filePath": "string",
                "fileName": "string",
                "runAsUserOrNone": id_type,
                "concurrencyLimit": "integer",
            }
        ],
        "page": {"offset": "integer", "total": "integer", "totalFilter": "integer"},
    }


CREATE_SHAPE = {"fileId": "string", "runAsUserOrNone": "integer", "concurrencyLimit": "integer"}


def shape(value: Any) -> Any:
    """Keys, nesting and JSON types; a list by the shape of its first item."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if value is None:
        return "null"
    return "string"


@pytest.fixture(params=["a360", "seed"])
def profile(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(make_app: AppFactory, profile: str) -> CheckedClient:
    # The default tenant plus the create example's API Task (fileId 5).
    text = (scenarios_dir() / "default.yaml").read_text(encoding="utf-8")
    text += (
        "\n  - fileId: 5\n    path: 'Automation Anywhere\\Bots\\Example'\n    allocation: null\n"
    )
    test_client = make_app(yaml_text=text, profile=profile).test_client()
    assert isinstance(test_client, CheckedClient)
    return test_client


@pytest.mark.parametrize("body", [LOGIN_PASSWORD, LOGIN_API_KEY], ids=["password", "apiKey"])
def test_v2_login_example(client: CheckedClient, body: dict[str, Any]) -> None:
    response = client.post("/v2/authentication", json=body)
    assert response.status_code == 200
    assert shape(response.get_json()) == LOGIN_SHAPE
    assert response.get_json()["ttlSeconds"] == "0"


def test_list_example(client: CheckedClient, profile: str) -> None:
    response = client.post("/orchestrator/v1/hotbot/config", json=LIST, headers=client.login())
    assert response.status_code == 200
    expected = list_shape("string" if profile == "a360" else "integer")
    assert shape(response.get_json()) == expected
    assert response.get_json()["page"] == {"offset": 0, "total": 4, "totalFilter": 4}


def test_create_example(client: CheckedClient) -> None:
    response = client.put(
        "/orchestrator/v1/hotbot/config/create", json=CREATE, headers=client.login()
    )
    assert response.status_code == 200
    assert response.get_json() == CREATE  # echoed, as in the docs, under both profiles
    assert shape(response.get_json()) == CREATE_SHAPE


def test_access_details_and_execute_examples(client: CheckedClient) -> None:
    access = client.post(
        "/orchestrator/v1/hotbot/config/accessdetails", json=ACCESS, headers=client.login("jdoe")
    )
    assert access.status_code == 200 and shape(access.get_json()) == ACCESS_SHAPE
    detail = next(iter(access.get_json()["accessDetails"].values()))
    assert detail["url"].startswith("http://") and detail["url"].endswith("/execute")
    response = client.post(detail["url"], json=EXECUTE, headers=detail["headers"])
    assert response.status_code == 200 and shape(response.get_json()) == EXECUTE_SHAPE
    assert response.get_json()["hotBotResult"]["botOutput"]["State"]["string"] == "California"
