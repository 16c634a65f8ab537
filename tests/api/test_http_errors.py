"""Transport-level errors: unknown paths, wrong methods, content types, bodies, sizes."""

import pytest
import yaml

from conftest import AppFactory, CheckedClient

LIST = "/orchestrator/v1/hotbot/config"


def test_unknown_path_is_404_error_body(client: CheckedClient) -> None:
    response = client.post("/orchestrator/v1/hotbot/nope", json={})
    assert response.status_code == 404 and response.get_json()["code"] == "not.found"


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_wrong_method_is_405_with_allow(client: CheckedClient, method: str) -> None:
    response = getattr(client, method)(LIST)
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert method.upper() in response.get_json()["message"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "application/x-www-form-urlencoded"]
)
def test_wrong_content_type_is_415(client: CheckedClient, content_type: str) -> None:
    response = client.post(
        LIST, data="{}", headers={**client.login(), "Content-Type": content_type}
    )
    assert response.status_code == 415 and "Content-Type" in response.get_json()["details"]


def test_json_with_charset_is_accepted(client: CheckedClient) -> None:
    response = client.post(
        LIST,
        data="{}",
        headers={**client.login(), "Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("data", [b"{", b"[1,", b"\xff\xfe", b"nul"])
def test_non_json_body_is_400(client: CheckedClient, data: bytes) -> None:
    response = client.post(
        LIST, data=data, headers={**client.login(), "Content-Type": "application/json"}
    )
    assert response.status_code == 400 and "JSON" in response.get_json()["message"]


def test_missing_body_is_400(client: CheckedClient) -> None:
    response = client.post(LIST, headers={**client.login(), "Content-Type": "application/json"})
    assert response.status_code == 400 and "body" in response.get_json()["message"].lower()


@pytest.mark.parametrize("body", [[], "x", 5, None])
def test_non_object_body_is_400(client: CheckedClient, body: object) -> None:
    response = client.post(LIST, json=body, headers=client.login())
    assert response.status_code == 400


def test_body_over_limit_is_413(make_app: AppFactory) -> None:
    client = make_app(max_body_bytes=1000).test_client()
    response = client.post(LIST, json={"pad": "x" * 2000}, headers=client.login())
    assert response.status_code == 413 and response.get_json()["code"] == "payload.too.large"


def test_unknown_request_fields_are_ignored(client: CheckedClient) -> None:
    response = client.post(
        LIST,
        json={"page": {"offset": 0, "length": 1, "sort": "x"}, "owner": 1},
        headers=client.login(),
    )
    assert response.status_code == 200


def test_both_specs_are_served(client: CheckedClient) -> None:
    listing = client.get("/openapi").get_json()["files"]
    assert "automation-anywhere-api-task-execution-openapi.yml" in listing
    assert "control-room-extensions.yml" in listing
    for name in listing:
        response = client.get(f"/openapi/{name}")
        assert response.status_code == 200 and yaml.safe_load(response.data)["openapi"] == "3.1.0"
    assert client.get("/openapi/nope.yml").status_code == 404


def test_seed_spec_is_served_unchanged(client: CheckedClient) -> None:
    from mockserver.core.resources import openapi_dir

    seed = openapi_dir() / "automation-anywhere-api-task-execution-openapi.yml"
    served = client.get("/openapi/automation-anywhere-api-task-execution-openapi.yml").data
    assert served == seed.read_bytes()
