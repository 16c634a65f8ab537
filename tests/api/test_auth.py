"""Authentication: login (v2 and v1), refresh, validate, logout, multi-login, expiry."""

import jwt
import pytest

from conftest import EPOCH, CheckedClient
from mockserver.core.clock import Clock

ADMIN = {"username": "admin", "password": "Admin#2024"}


def test_login_returns_the_documented_shape(client: CheckedClient) -> None:
    response = client.post("/v2/authentication", json=ADMIN)
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["token", "user", "permissions", "tenantUuid", "ttlSeconds"]
    assert body["ttlSeconds"] == "0"
    assert body["user"]["id"] == "9" and body["user"]["roles"] == [{"id": "1", "name": "AAE_Admin"}]
    assert body["tenantUuid"] == "0a665343-88e9-17be-8189-936dad5d0144"
    assert {"action": "View", "resourceType": "Settings"} in body["permissions"]


def test_token_has_control_room_claims(client: CheckedClient) -> None:
    token = client.post("/v2/authentication", json=ADMIN).get_json()["token"]
    assert jwt.get_unverified_header(token) == {"alg": "RS512"}
    claims = jwt.decode(token, options={"verify_signature": False})
    assert list(claims)[:4] == ["sub", "tenantUuid", "clientType", "multipleLogin"]
    assert claims["sub"] == "9" and claims["iss"] == "AutomationAnywhere"
    assert claims["iat"] == int(EPOCH) and claims["exp"] - claims["iat"] == 1200
    assert isinstance(claims["nanoTime"], int)


def test_legacy_v1_login_works_like_v2(client: CheckedClient) -> None:
    response = client.post("/v1/authentication", json=ADMIN)
    assert response.status_code == 200 and response.get_json()["user"]["username"] == "admin"


def test_api_key_login(client: CheckedClient) -> None:
    response = client.post(
        "/v2/authentication",
        json={"username": "jdoe", "apiKey": "JDOEkey00000000000000000000000000000000b"},
    )
    assert response.status_code == 200
    assert (
        jwt.decode(response.get_json()["token"], options={"verify_signature": False})[
            "multipleLogin"
        ]
        is True
    )


@pytest.mark.parametrize(
    "body",
    [
        {"username": "admin", "password": "wrong"},
        {"username": "nobody", "password": "Admin#2024"},
        {"username": "jdoe", "apiKey": "not-the-key"},
        {"username": "viewer", "apiKey": "viewer-pass"},  # the user has no API key at all
    ],
)
def test_bad_credentials_are_401(client: CheckedClient, body: dict[str, str]) -> None:
    response = client.post("/v2/authentication", json=body)
    assert response.status_code == 401
    assert response.get_json()["code"] == "authentication.failed"


def test_password_and_api_key_together_is_400(client: CheckedClient) -> None:
    response = client.post("/v2/authentication", json={**ADMIN, "apiKey": "x"})
    assert response.status_code == 400
    assert "password" in response.get_json()["message"]
    assert "apiKey" in response.get_json()["message"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"password": "x"}, "username"),
        ({"username": "admin"}, "body"),
        ({"username": 5, "password": "x"}, "username"),
        ({"username": "admin", "password": "Admin#2024", "multipleLogin": "yes"}, "multipleLogin"),
    ],
)
def test_malformed_login_is_400_naming_the_field(
    client: CheckedClient, body: dict[str, object], field: str
) -> None:
    response = client.post("/v2/authentication", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["message"]


def test_unknown_login_fields_are_ignored(client: CheckedClient) -> None:
    response = client.post("/v2/authentication", json={**ADMIN, "multiLogin": True, "x": [1]})
    assert response.status_code == 200


def test_single_login_user_loses_earlier_token_on_new_login(client: CheckedClient) -> None:
    first = client.login("jdoe")
    second = client.login("jdoe")
    body = {"botRepositoryPath": ["Automation Anywhere\\Bots\\Zip Code API Task"]}
    old = client.post("/orchestrator/v1/hotbot/config/accessdetails", json=body, headers=first)
    assert old.status_code == 401 and "newer login" in old.get_json()["message"]
    new = client.post("/orchestrator/v1/hotbot/config/accessdetails", json=body, headers=second)
    assert new.status_code == 200


def test_multi_login_user_keeps_earlier_tokens(client: CheckedClient) -> None:
    first = client.login("admin")
    client.login("admin")
    response = client.post("/orchestrator/v1/hotbot/config", json={}, headers=first)
    assert response.status_code == 200


def test_refresh_v2_issues_new_token_and_retires_old(client: CheckedClient) -> None:
    old = client.login()
    response = client.post("/v2/authentication/token", headers=old)
    assert response.status_code == 200
    assert response.get_json()["ttlSeconds"] == "1200"
    new = {"X-Authorization": response.get_json()["token"]}
    assert client.post("/orchestrator/v1/hotbot/config", json={}, headers=new).status_code == 200
    stale = client.post("/orchestrator/v1/hotbot/config", json={}, headers=old)
    assert stale.status_code == 401 and stale.get_json()["code"] == "token.revoked"


def test_refresh_v1_takes_token_in_body(client: CheckedClient) -> None:
    headers = client.login()
    response = client.post(
        "/v1/authentication/token", json={"token": headers["X-Authorization"]}, headers=headers
    )
    assert response.status_code == 200 and set(response.get_json()) == {"token"}
    new = {"X-Authorization": response.get_json()["token"]}
    assert client.post("/orchestrator/v1/hotbot/config", json={}, headers=new).status_code == 200


def test_refresh_v1_with_the_body_token_alone(client: CheckedClient) -> None:
    # As a published client does it: no X-Authorization, the token in the body only.
    token = client.login()["X-Authorization"]
    response = client.post("/v1/authentication/token", json={"token": token})
    assert response.status_code == 200
    new = {"X-Authorization": response.get_json()["token"]}
    assert client.post("/orchestrator/v1/hotbot/config", json={}, headers=new).status_code == 200
    stale = client.post("/v1/authentication/token", json={"token": token})
    assert stale.status_code == 401 and stale.get_json()["code"] == "token.revoked"


def test_refresh_v1_refuses_a_dead_header_token(client: CheckedClient) -> None:
    token = client.login()["X-Authorization"]
    response = client.post(
        "/v1/authentication/token", json={"token": token}, headers={"X-Authorization": "x.y.z"}
    )
    assert response.status_code == 401 and response.get_json()["code"] == "token.invalid"


def test_refresh_without_token_is_401_um1117(client: CheckedClient) -> None:
    response = client.post("/v2/authentication/token")
    assert response.status_code == 401 and response.get_json()["code"] == "UM1117"


def test_validate_token(client: CheckedClient) -> None:
    token = client.login()["X-Authorization"]
    assert client.get(f"/v1/authentication/token?token={token}").get_json() == {"valid": True}
    assert client.get(
        "/v1/authentication/token", headers={"X-Authorization": token}
    ).get_json() == {"valid": True}
    assert client.get("/v1/authentication/token?token=abc").get_json() == {"valid": False}
    assert client.get("/v1/authentication/token").get_json() == {"valid": False}


def test_logout_is_204_and_revokes(client: CheckedClient) -> None:
    headers = client.login()
    response = client.post("/v1/authentication/logout", headers=headers)
    assert response.status_code == 204 and response.data == b""
    assert "Content-Type" not in response.headers
    after = client.post("/orchestrator/v1/hotbot/config", json={}, headers=headers)
    assert after.status_code == 401
    assert client.get("/v1/authentication/token", headers=headers).get_json() == {"valid": False}


def test_token_expires_when_the_clock_moves(client: CheckedClient, clock: Clock) -> None:
    headers = client.login()
    clock.advance(1199)
    assert (
        client.post("/orchestrator/v1/hotbot/config", json={}, headers=headers).status_code == 200
    )
    clock.advance(1)
    response = client.post("/orchestrator/v1/hotbot/config", json={}, headers=headers)
    assert response.status_code == 401 and response.get_json()["code"] == "token.expired"


def test_bearer_header_is_accepted(client: CheckedClient) -> None:
    token = client.login()["X-Authorization"]
    response = client.post(
        "/orchestrator/v1/hotbot/config", json={}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200


def test_both_auth_headers_is_400(client: CheckedClient) -> None:
    token = client.login()["X-Authorization"]
    response = client.post(
        "/orchestrator/v1/hotbot/config",
        json={},
        headers={"Authorization": f"Bearer {token}", "X-Authorization": token},
    )
    assert response.status_code == 400
    assert "X-Authorization" in response.get_json()["message"]


def test_non_bearer_authorization_is_401(client: CheckedClient) -> None:
    response = client.post(
        "/orchestrator/v1/hotbot/config", json={}, headers={"Authorization": "Basic YWRtaW46eA=="}
    )
    assert response.status_code == 401 and "Bearer" in response.get_json()["message"]


def test_missing_token_is_the_documented_um1117(client: CheckedClient) -> None:
    response = client.post("/orchestrator/v1/hotbot/config", json={})
    assert response.status_code == 401
    assert response.get_json() == {
        "code": "UM1117",
        "details": None,
        "message": "Access token expected in the 'X-Authorization' header",
    }


def test_garbage_token_is_401(client: CheckedClient) -> None:
    response = client.post(
        "/orchestrator/v1/hotbot/config", json={}, headers={"X-Authorization": "not.a.jwt"}
    )
    assert response.status_code == 401 and response.get_json()["code"] == "token.invalid"
