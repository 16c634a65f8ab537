"""Forged, stale and misused tokens are all rejected with 401."""

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from conftest import EPOCH, ZIP_PATH, CheckedClient
from mockserver.core.clock import Clock
from mockserver.core.tokens import load_or_generate_key
from mockserver.http.emulated import control_room_of

LIST = "/orchestrator/v1/hotbot/config"
ZIP_INPUT = {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_of(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def unsigned(claims: dict[str, Any]) -> str:
    header = b64(json.dumps({"alg": "none"}).encode())
    return f"{header}.{b64(json.dumps(claims).encode())}."


def hs256_with_public_key(claims: dict[str, Any], public_pem: bytes) -> str:
    """Algorithm confusion: HMAC keyed with the server's public key."""
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def tampered(token: str, **changes: Any) -> str:
    header, _, signature = token.split(".")
    return f"{header}.{b64(json.dumps({**claims_of(token), **changes}).encode())}.{signature}"


Forge = Callable[[str, CheckedClient, rsa.RSAPrivateKey], str]
ATTACKS: list[tuple[str, Forge]] = [
    ("alg none", lambda t, c, k: unsigned(claims_of(t))),
    (
        "HS256 with the public key",
        lambda t, c, k: hs256_with_public_key(
            claims_of(t), control_room_of(c.application).auth.public_key_pem()
        ),
    ),
    ("tampered payload", lambda t, c, k: tampered(t, sub="1")),
    ("tampered expiry", lambda t, c, k: tampered(t, exp=claims_of(t)["exp"] + 10**6)),
    (
        "wrong issuer",
        lambda t, c, k: jwt.encode({**claims_of(t), "iss": "Someone"}, k, algorithm="RS512"),
    ),
    (
        "signed by another mock instance",
        lambda t, c, k: jwt.encode(claims_of(t), load_or_generate_key(None), algorithm="RS512"),
    ),
    (
        "not yet valid",
        lambda t, c, k: jwt.encode(
            {**claims_of(t), "iat": int(EPOCH) + 3600, "exp": int(EPOCH) + 7200},
            k,
            algorithm="RS512",
        ),
    ),
    (
        "already expired",
        lambda t, c, k: jwt.encode(
            {**claims_of(t), "iat": int(EPOCH) - 7200, "exp": int(EPOCH) - 3600},
            k,
            algorithm="RS512",
        ),
    ),
    (
        "string expiry",
        lambda t, c, k: jwt.encode({**claims_of(t), "exp": "never"}, k, algorithm="RS512"),
    ),
    ("no signature", lambda t, c, k: t.rsplit(".", 1)[0] + "."),
    ("truncated", lambda t, c, k: t[: len(t) // 2]),
]


@pytest.mark.parametrize("label, forge", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_forged_control_room_tokens_are_401(
    client: CheckedClient, signing_key: rsa.RSAPrivateKey, label: str, forge: Forge
) -> None:
    token = client.login()["X-Authorization"]
    response = client.post(
        LIST, json={}, headers={"X-Authorization": forge(token, client, signing_key)}
    )
    assert response.status_code == 401, label
    assert client.post(LIST, json={}, headers={"X-Authorization": token}).status_code == 200


@pytest.mark.parametrize("label, forge", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_forged_execution_tokens_are_401(
    client: CheckedClient, signing_key: rsa.RSAPrivateKey, label: str, forge: Forge
) -> None:
    detail = client.access()
    forged = forge(detail["headers"]["X-Authorization"], client, signing_key)
    response = client.post(
        detail["url"], json=ZIP_INPUT, headers={**detail["headers"], "X-Authorization": forged}
    )
    assert response.status_code == 401, label


def test_execution_token_of_another_task(client: CheckedClient) -> None:
    other = client.access("Automation Anywhere\\Bots\\API_task_String 01 1708025672.bot")
    detail = client.access()
    headers = {**detail["headers"], "X-Authorization": other["headers"]["X-Authorization"]}
    assert client.post(detail["url"], json=ZIP_INPUT, headers=headers).status_code == 401


def test_execution_token_on_control_room_and_back(client: CheckedClient) -> None:
    detail = client.access()
    exec_token = {"X-Authorization": detail["headers"]["X-Authorization"]}
    assert client.post(LIST, json={}, headers=exec_token).status_code == 401
    assert client.post("/v2/authentication/token", headers=exec_token).status_code == 401
    assert client.post("/v1/authentication/logout", headers=exec_token).status_code == 401
    cr_token = client.login()
    response = client.post(detail["url"], json=ZIP_INPUT, headers={**detail["headers"], **cr_token})
    assert response.status_code == 401


def test_token_after_logout_or_refresh(client: CheckedClient) -> None:
    logged_out = client.login()
    client.post("/v1/authentication/logout", headers=logged_out)
    refreshed = client.login()
    client.post("/v2/authentication/token", headers=refreshed)
    for stale in (logged_out, refreshed):
        response = client.post(LIST, json={}, headers=stale)
        assert response.status_code == 401 and response.get_json()["code"] == "token.revoked"
        assert client.post("/v2/authentication/token", headers=stale).status_code == 401


def test_expired_by_the_clock(client: CheckedClient, clock: Clock) -> None:
    headers = client.login()
    detail = client.access()
    clock.advance(43200)
    assert client.post(LIST, json={}, headers=headers).status_code == 401
    assert client.execute(detail, ZIP_INPUT["botInput"]).status_code == 401


def test_a_token_for_another_tenant_path_is_refused(client: CheckedClient) -> None:
    detail = client.access()
    other_tenant = detail["url"].replace("0a665343", "1b665343")
    response = client.post(other_tenant, json=ZIP_INPUT, headers=detail["headers"])
    assert response.status_code == 404  # no hotbot there at all, before any token check
    assert ZIP_PATH
