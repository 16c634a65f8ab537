"""The admin API refuses what a web page on another site can make a browser send (a "simple"
POST needs no preflight), keeps working for the dashboard, scripts and HttpControl, and the
dashboard cannot be framed."""

from typing import Any

import pytest
from flask.testing import FlaskClient

from conftest import AppFactory, CheckedClient
from mockserver import FaultSpec, MockServer
from mockserver.harness.http_control import HttpControl

SELF = "http://localhost"  # the test client's own origin (its Host is "localhost")

CROSS_SITE: list[dict[str, str]] = [
    {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    {"Origin": "https://evil.example"},  # a browser without Fetch Metadata
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # another port or subdomain is another origin
    {"Origin": "null"},  # a sandboxed frame or a data: page
    {"Origin": "http://localhost:8081"},
    {"Origin": "https://localhost"},
    {"Origin": "not an origin"},
]
WRITES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/__admin/reset", None),
    ("POST", "/__admin/clock", {"advance": 60}),
    ("POST", "/__admin/faults", {"status": 500, "count": 1}),
    ("DELETE", "/__admin/requests", None),
    ("DELETE", "/__admin/tokens", None),
    ("PUT", "/__admin/scenario", {"name": "errors"}),
]


@pytest.mark.parametrize(
    "marks", CROSS_SITE, ids=lambda m: " ".join(f"{k}={v}" for k, v in m.items())
)
def test_a_simple_cross_site_reset_is_refused(client: CheckedClient, marks: dict[str, str]) -> None:
    client.post("/v2/authentication", json={"username": "admin", "password": "x"})
    # What a form or `fetch(..., {mode: "no-cors"})` on another site sends: no preflight needed.
    response = client.post("/__admin/reset", data="", content_type="text/plain", headers=marks)
    assert response.status_code == 403
    body = response.get_json()
    assert body["code"] == "admin.cross.origin" and "another site" in body["message"]
    assert len(client.get("/__admin/requests").get_json()["requests"]) == 1  # nothing reset


@pytest.mark.parametrize("method, path, body", WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_every_state_changing_call_is_guarded(
    client: CheckedClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    marks = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    assert client.open(path, method=method, json=body, headers=marks).status_code == 403
    same = {"Origin": SELF, "Sec-Fetch-Site": "same-origin"}
    assert client.open(path, method=method, json=body, headers=same).status_code < 300


@pytest.mark.parametrize(
    "marks",
    [
        {},  # curl, HttpControl, a test: no browser marks at all
        {"Origin": SELF, "Sec-Fetch-Site": "same-origin"},  # the dashboard
        {"Origin": SELF + ":80"},
        {"Sec-Fetch-Site": "none"},  # typed in the address bar
    ],
)
def test_the_dashboard_and_programs_still_reset(
    client: CheckedClient, marks: dict[str, str]
) -> None:
    assert client.post("/__admin/reset", headers=marks).status_code == 200


def test_reads_are_not_writes(client: CheckedClient) -> None:
    # A page on another site cannot read the answer (the admin API sends no CORS headers).
    marks = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    assert client.get("/__admin/health", headers=marks).status_code == 200


def test_the_public_url_is_an_own_origin_behind_a_proxy(make_app: AppFactory) -> None:
    client = make_app(public_url="https://mock.example.com").test_client()
    proxied = {"Origin": "https://mock.example.com", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/__admin/reset", headers=proxied).status_code == 200
    assert client.post("/__admin/reset", headers={"Origin": "https://x.example"}).status_code == 403


def test_the_dashboard_cannot_be_framed(client: CheckedClient) -> None:
    plain = FlaskClient(client.application)  # the script is no spec'd answer
    for path in ("/__admin/ui", "/__admin/ui/dashboard.js"):
        response = plain.get(path)
        assert response.status_code == 200
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"


def test_http_control_passes_the_checks() -> None:
    with MockServer(admin_token="t0ken") as server:
        control = HttpControl(server.url, admin_token="t0ken")
        control.inject_fault(FaultSpec(status=500, count=1))
        control.change_clock(advance=5)
        assert control.reset().name == "default"
        control.clear_requests()
        assert control.faults() == []
