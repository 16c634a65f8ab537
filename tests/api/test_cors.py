"""CORS over HTTP: off by default; preflights on every emulated endpoint (execution URLs with their
extra headers); the allowed origin on every response, errors included."""

import pytest

from conftest import STRING_TASK, AppFactory, CheckedClient

ORIGIN = "http://127.0.0.1:5173"
TENANT = "0a665343-88e9-17be-8189-936dad5d0144"
EMULATED = [
    ("POST", "/v2/authentication"),
    ("POST", "/v2/authentication/token"),
    ("GET", "/v1/authentication/token"),
    ("POST", "/v1/authentication/logout"),
    ("POST", "/orchestrator/v1/hotbot/config"),
    ("PUT", "/orchestrator/v1/hotbot/config/create"),
    ("POST", "/orchestrator/v1/hotbot/config/accessdetails"),
    ("POST", f"/hotbot-149-knative-{TENANT}/execute"),
]


def preflight(client: CheckedClient, path: str, method: str, origin: str = ORIGIN) -> object:
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "x-authorization, content-type",
        },
    )


@pytest.fixture
def cors_client(make_app: AppFactory) -> CheckedClient:
    client = make_app(cors_origins=(ORIGIN,)).test_client()
    assert isinstance(client, CheckedClient)
    return client


@pytest.mark.parametrize("method, path", EMULATED)
def test_preflight_on_every_emulated_endpoint(
    cors_client: CheckedClient, method: str, path: str
) -> None:
    response = preflight(cors_client, path, method)
    assert response.status_code == 204 and response.data == b""  # type: ignore[attr-defined]
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert method in headers["Access-Control-Allow-Methods"].split(", ")
    allowed = headers["Access-Control-Allow-Headers"].split(", ")
    assert {"X-Authorization", "Authorization", "Content-Type"} <= set(allowed)


def test_an_execution_preflight_allows_the_tasks_extra_headers(cors_client: CheckedClient) -> None:
    url = cors_client.access(STRING_TASK)["url"]
    response = preflight(cors_client, url, "POST")
    assert "API-Task-Name" in response.headers["Access-Control-Allow-Headers"]  # type: ignore[attr-defined]


def test_responses_and_errors_carry_the_allowed_origin(cors_client: CheckedClient) -> None:
    ok = cors_client.post(
        "/v2/authentication",
        json={"username": "jdoe", "password": "mypassword@123"},
        headers={"Origin": ORIGIN},
    )
    denied = cors_client.post("/orchestrator/v1/hotbot/config", json={}, headers={"Origin": ORIGIN})
    assert denied.status_code == 401
    for response in (ok, denied):
        assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert "Origin" in response.headers["Vary"]


def test_other_origins_and_the_admin_api_get_no_cors_headers(cors_client: CheckedClient) -> None:
    other = preflight(cors_client, "/v2/authentication", "POST", "http://evil.invalid")
    assert "Access-Control-Allow-Origin" not in other.headers  # type: ignore[attr-defined]
    admin = cors_client.get("/__admin/health", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in admin.headers


def test_cors_is_off_by_default(client: CheckedClient) -> None:
    response = client.post(
        "/v2/authentication",
        json={"username": "jdoe", "password": "mypassword@123"},
        headers={"Origin": ORIGIN},
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_setting_reads_a_comma_separated_list() -> None:
    from mockserver.core.config import Settings

    settings = Settings.from_env({"AA_MOCK_CORS_ORIGINS": "http://a.test, http://b.test/"})
    assert settings.cors_origins == ("http://a.test", "http://b.test")
