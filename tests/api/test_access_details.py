"""Access details: execution URLs and tokens per repository path."""

import jwt
import pytest

from conftest import EPOCH, STRING_TASK, ZIP_PATH, AppFactory, CheckedClient

ACCESS = "/orchestrator/v1/hotbot/config/accessdetails"
DRAFT = "Automation Anywhere\\Bots\\Drafts\\Not Yet Allocated"
TENANT = "0a665343-88e9-17be-8189-936dad5d0144"


def test_access_details_shape_and_order(client: CheckedClient) -> None:
    paths = [STRING_TASK, ZIP_PATH]
    response = client.post(ACCESS, json={"botRepositoryPath": paths}, headers=client.login("jdoe"))
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["accessDetails", "errors"] and body["errors"] == {}
    assert list(body["accessDetails"]) == paths
    zip_detail = body["accessDetails"][ZIP_PATH]
    assert zip_detail["url"] == f"http://localhost/hotbot-149-knative-{TENANT}/execute"
    # As in the docs' example: the Zip Code task hands out X-Authorization only ...
    assert list(zip_detail["headers"]) == ["X-Authorization"]
    # ... while the swagger's Reverse String example adds API-Task-Name.
    string_headers = body["accessDetails"][STRING_TASK]["headers"]
    assert list(string_headers) == ["X-Authorization", "API-Task-Name"]
    assert string_headers["API-Task-Name"] == "Reverse String"


def test_execution_token_claims(client: CheckedClient) -> None:
    token = client.access()["headers"]["X-Authorization"]
    assert jwt.get_unverified_header(token) == {"alg": "RS512"}
    claims = jwt.decode(token, options={"verify_signature": False})
    assert list(claims) == [
        "sub",
        "tenantUuid",
        "clientType",
        "multipleLogin",
        "botId",
        "iat",
        "exp",
        "iss",
        "nanoTime",
    ]
    assert claims["sub"] == "380" and claims["botId"] == 149 and claims["tenantUuid"] == TENANT
    assert claims["exp"] - claims["iat"] == 43200 and claims["iat"] == int(EPOCH)


def test_unknown_and_unallocated_paths_go_to_errors(client: CheckedClient) -> None:
    response = client.post(
        ACCESS,
        json={"botRepositoryPath": [ZIP_PATH, "X\\Nope", DRAFT]},
        headers=client.login("jdoe"),
    )
    assert response.status_code == 200
    errors = response.get_json()["errors"]
    assert list(errors) == ["X\\Nope", DRAFT]
    assert "not found" in errors["X\\Nope"] and "not allocated" in errors[DRAFT]


def test_no_resolvable_path_is_404(client: CheckedClient) -> None:
    response = client.post(
        ACCESS, json={"botRepositoryPath": ["X\\Nope", DRAFT]}, headers=client.login("jdoe")
    )
    assert response.status_code == 404
    assert "X\\Nope" in response.get_json()["message"]


def test_path_matching_is_exact(client: CheckedClient) -> None:
    response = client.post(
        ACCESS,
        json={"botRepositoryPath": [ZIP_PATH.replace("\\", "/")]},
        headers=client.login("jdoe"),
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "botRepositoryPath"),
        ({"botRepositoryPath": []}, "botRepositoryPath"),
        ({"botRepositoryPath": "x"}, "botRepositoryPath"),
        ({"botRepositoryPath": [""]}, "botRepositoryPath[0]"),
        ({"botRepositoryPath": [ZIP_PATH, ZIP_PATH]}, "botRepositoryPath[1]"),
        ({"botRepositoryPath": [ZIP_PATH, None]}, "botRepositoryPath[1]"),
    ],
)
def test_bad_bodies_are_400(client: CheckedClient, body: dict[str, object], field: str) -> None:
    response = client.post(ACCESS, json=body, headers=client.login("jdoe"))
    assert response.status_code == 400 and field in response.get_json()["message"]


def test_user_without_rights_is_403(client: CheckedClient) -> None:
    response = client.post(
        ACCESS, json={"botRepositoryPath": [ZIP_PATH]}, headers=client.login("viewer")
    )
    assert response.status_code == 403 and "viewer" in response.get_json()["message"]


def test_public_url_setting_builds_the_url(make_app: AppFactory) -> None:
    client = make_app(public_url="https://mock.example:9443/").test_client()
    assert (
        client.access()["url"] == f"https://mock.example:9443/hotbot-149-knative-{TENANT}/execute"
    )


def test_default_url_follows_the_request_host(client: CheckedClient) -> None:
    response = client.post(
        ACCESS,
        json={"botRepositoryPath": [ZIP_PATH]},
        headers=client.login("jdoe"),
        base_url="http://aa-mock:8080",
    )
    url = response.get_json()["accessDetails"][ZIP_PATH]["url"]
    assert url.startswith("http://aa-mock:8080/hotbot-149-knative-")
