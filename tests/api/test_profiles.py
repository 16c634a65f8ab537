"""Every emulated endpoint under every profile (seed, a360, legacy): each response is validated by
the checked client against the active profile's own OpenAPI files, and what differs between
profiles (ids, token claims, legacy v1 auth, the served specs) is asserted here."""

import re
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from conftest import PASSWORDS, STRING_TASK, ZIP_PATH, AppFactory, CheckedClient
from mockserver.core.profiles import PROFILES

LIST = "/orchestrator/v1/hotbot/config"
CREATE = "/orchestrator/v1/hotbot/config/create"
ACCESS = "/orchestrator/v1/hotbot/config/accessdetails"
ZIP_INPUT = {"iStrZipCode": {"type": "STRING", "string": "95134"}}


@pytest.fixture(params=list(PROFILES))
def profile(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(make_app: AppFactory, profile: str) -> Iterator[CheckedClient]:
    with make_app(profile=profile).test_client() as test_client:
        assert isinstance(test_client, CheckedClient)
        yield test_client


def strings(profile: str) -> bool:
    return PROFILES[profile].ids_as_strings


def test_v2_login_refresh_validate_logout(client: CheckedClient) -> None:
    headers = client.login("jdoe")
    refreshed = client.post("/v2/authentication/token", headers=headers)
    assert refreshed.status_code == 200 and refreshed.get_json()["ttlSeconds"] == "1200"
    new = {"X-Authorization": refreshed.get_json()["token"]}
    assert client.get("/v1/authentication/token", headers=new).get_json() == {"valid": True}
    assert client.post("/v1/authentication/logout", headers=new).status_code == 204
    assert client.get("/v1/authentication/token", headers=new).get_json() == {"valid": False}


def test_legacy_v1_auth_is_served_or_discontinued(client: CheckedClient, profile: str) -> None:
    credentials = {"username": "jdoe", "password": PASSWORDS["jdoe"]}
    login = client.post("/v1/authentication", json=credentials)
    token = client.login("jdoe")["X-Authorization"]
    refresh = client.post("/v1/authentication/token", json={"token": token})
    if PROFILES[profile].legacy_v1_auth:
        assert login.status_code == 200 and refresh.status_code == 200
    else:
        for response in (login, refresh):
            assert response.status_code == 404
            body = response.get_json()
            assert body["code"] == "endpoint.discontinued" and "v.33" in body["message"]


def test_list_allocations_ids(client: CheckedClient, profile: str) -> None:
    response = client.post(LIST, json={"page": {"offset": 0, "length": 1}}, headers=client.login())
    assert response.status_code == 200
    first = response.get_json()["list"][0]
    if strings(profile):
        assert first["fileId"] == "149" and first["runAsUserOrNone"] == "12"
    else:
        assert first["fileId"] == 149 and first["runAsUserOrNone"] == 12
    assert first["concurrencyLimit"] == 1
    filtered = client.post(
        LIST,
        json={"filter": {"operator": "eq", "field": "fileId", "value": "180"}},
        headers=client.login(),
    )
    assert filtered.get_json()["page"] == {"offset": 0, "total": 4, "totalFilter": 1}


@pytest.mark.parametrize("sent", [250, "250"])
def test_create_allocation_echo(client: CheckedClient, profile: str, sent: Any) -> None:
    response = client.put(
        CREATE,
        json={"fileId": sent, "runAsUserOrNone": 12, "concurrencyLimit": 2},
        headers=client.login(),
    )
    assert response.status_code == 200
    body = response.get_json()
    if strings(profile):
        assert body == {"fileId": "250", "runAsUserOrNone": 12, "concurrencyLimit": 2}
    else:
        assert body == {"fileId": sent, "runAsUserOrNone": 12, "concurrencyLimit": 2}


def test_access_details_and_execute(client: CheckedClient) -> None:
    zip_detail = client.access(ZIP_PATH)
    assert list(zip_detail["headers"]) == ["X-Authorization"]
    response = client.execute(zip_detail, ZIP_INPUT)
    assert response.status_code == 200
    assert response.get_json()["hotBotResult"]["botOutput"]["State"]["string"] == "California"
    string_detail = client.access(STRING_TASK)
    assert string_detail["headers"]["API-Task-Name"] == "Reverse String"
    partial = client.post(
        ACCESS, json={"botRepositoryPath": [ZIP_PATH, "Nope"]}, headers=client.login("jdoe")
    )
    assert partial.status_code == 200 and list(partial.get_json()["errors"]) == ["Nope"]


def test_errors_are_control_room_bodies(client: CheckedClient) -> None:
    missing = client.post(LIST, json={})
    assert missing.status_code == 401 and missing.get_json()["code"] == "UM1117"
    denied = client.post(LIST, json={}, headers=client.login("jdoe"))
    assert denied.status_code == 403
    bad = client.post(LIST, json={"page": {"offset": -1}}, headers=client.login())
    assert bad.status_code == 400 and "page.offset" in bad.get_json()["message"]


def test_control_room_token_claims(client: CheckedClient, profile: str) -> None:
    token = client.login("jdoe")["X-Authorization"]
    claims = jwt.decode(token, options={"verify_signature": False})
    if PROFILES[profile].a360_token_claims:
        assert list(claims) == [
            "sub",
            "clientType",
            "licenses",
            "analyticsLicensesPurchased",
            "tenantUuid",
            "iat",
            "exp",
            "iss",
            "nanoTime",
            "csrfToken",
        ]
        # As in the docs' sample: AnalyticsClient only, and a csrfToken of 32 hex characters.
        assert claims["analyticsLicensesPurchased"] == {"AnalyticsClient": False}
        # A JVM monotonic counter, around 10^14..10^15, not epoch nanoseconds (~1.7 * 10^18).
        assert 10**14 <= claims["nanoTime"] < 10**16
        assert re.fullmatch("[0-9a-f]{32}", claims["csrfToken"])
    else:
        assert list(claims) == [
            "sub",
            "tenantUuid",
            "clientType",
            "multipleLogin",
            "licenses",
            "iat",
            "exp",
            "iss",
            "nanoTime",
        ]
        assert claims["nanoTime"] > 10**18
    second = jwt.decode(
        client.login("admin")["X-Authorization"], options={"verify_signature": False}
    )
    assert second["nanoTime"] > claims["nanoTime"]
    execution = client.access()["headers"]["X-Authorization"]
    assert list(jwt.decode(execution, options={"verify_signature": False}))[:5] == [
        "sub",
        "tenantUuid",
        "clientType",
        "multipleLogin",
        "botId",
    ]


def test_health_and_openapi_name_the_profile(client: CheckedClient, profile: str) -> None:
    assert client.get("/__admin/health").get_json()["profile"] == profile
    listing = client.get("/openapi").get_json()
    assert listing == {"profile": profile, "files": list(PROFILES[profile].spec_files)}
    for name in listing["files"]:
        served = client.get(f"/openapi/{name}")
        assert served.status_code == 200 and served.data.startswith(b"openapi: 3.1.0")
    other = "a360/hotbot.yml" if profile == "seed" else "allocation-create.yml"
    assert client.get(f"/openapi/{other}").status_code == 404


def test_validate_reads_the_header_and_under_a360_only_the_header(
    client: CheckedClient, profile: str
) -> None:
    token = client.login("jdoe")["X-Authorization"]
    by_header = client.get("/v1/authentication/token", headers={"X-Authorization": token})
    assert by_header.get_json() == {"valid": True}
    by_query = client.get(f"/v1/authentication/token?token={token}")
    bare = client.get("/v1/authentication/token")
    if PROFILES[profile].validate_needs_header:
        # The query form is deprecated in favour of the header: without one, AA's missing token.
        for response in (by_query, bare):
            assert response.status_code == 401 and response.get_json()["code"] == "UM1117"
    else:
        assert by_query.get_json() == {"valid": True} and bare.get_json() == {"valid": False}


def test_bearer_takes_a_control_room_token_only_where_the_profile_says(
    client: CheckedClient, profile: str
) -> None:
    token = client.login("admin")["X-Authorization"]
    response = client.post(LIST, json={}, headers={"Authorization": f"Bearer {token}"})
    if PROFILES[profile].bearer_takes_control_room_token:
        assert response.status_code == 200
    else:
        assert response.status_code == 401
        body = response.get_json()
        assert body["code"] == "token.bearer.not.oauth" and "X-Authorization" in body["message"]


def test_v1_login_answers_the_fields_of_its_release(client: CheckedClient, profile: str) -> None:
    response = client.post(
        "/v1/authentication", json={"username": "jdoe", "password": PASSWORDS["jdoe"]}
    )
    if not PROFILES[profile].legacy_v1_auth:
        assert response.status_code == 404
        return
    user = response.get_json()["user"]
    if PROFILES[profile].v1_user_fields:
        assert set(response.get_json()) == {"token", "user"}
        assert user["id"] == 380 and user["principalId"] == 380
        assert (user["firstname"], user["lastname"]) == ("John", "Doe")
        assert user["sysAssignedRoles"] == [] and user["roles"][0]["id"] == 22
        assert "firstName" not in user
    else:
        assert user["id"] == "380" and user["firstName"] == "John"
        assert "sysAssignedRoles" not in user
