"""One test-control interface, two implementations: LocalControl in process and HttpControl over
/__admin give the same answers to the same calls."""

import json
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from mockserver import MockServer
from mockserver.core.control import MockControl
from mockserver.core.errors import ApiError
from mockserver.core.faults import FaultSpec
from mockserver.core.verification import RequestPattern
from mockserver.harness.http_control import HttpControl
from served import call

ADMIN_TOKEN = "s3cret-admin"


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(admin_token=ADMIN_TOKEN) as running:
        yield running


@pytest.fixture(params=["in-process", "http"])
def control(request: pytest.FixtureRequest, server: MockServer) -> MockControl:
    server.reset()
    if request.param == "http":
        return HttpControl(server.url, ADMIN_TOKEN)
    return server.control


def login(server: MockServer) -> int:
    request = urllib.request.Request(
        server.url + "/v2/authentication",
        data=json.dumps({"username": "jdoe", "password": "mypassword@123"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_health_and_scenarios(control: MockControl) -> None:
    assert control.health().status == "ok" and control.health().scenario == "default"
    names = {s.name for s in control.scenarios()}
    assert {"default", "errors", "latency", "large-tenant"} <= names


def test_faults_fire_and_clear(control: MockControl, server: MockServer) -> None:
    fault = control.inject_fault(FaultSpec(operation="authenticateV2", status=503, count=2))
    assert (fault.operation, fault.status, fault.remaining) == ("authenticateV2", 503, 2)
    assert [f.id for f in control.faults()] == [fault.id]
    assert [login(server), login(server), login(server)] == [503, 503, 200]
    control.inject_fault(FaultSpec(operation="authenticateV2", status=500))
    control.clear_faults()
    assert control.faults() == [] and login(server) == 200


def test_journal_clock_and_tokens(control: MockControl, server: MockServer) -> None:
    assert login(server) == 200
    entries = control.requests(RequestPattern(path="/v2/authentication"))
    assert [(e.method, e.status) for e in entries] == [("POST", 200)]
    assert entries[0].body == {"username": "jdoe", "password": "***"}
    before = control.clock_status().now
    assert control.advance_clock(600) >= before + 600
    assert control.change_clock(freeze=True).frozen
    assert not control.change_clock(resume=True).frozen
    tokens = control.token_records()
    assert [t.kind.value for t in tokens] == ["control-room"]
    assert control.revoke_token(tokens[0].token_id) is True
    assert control.token_records()[0].revoked_reason is not None
    control.clear_requests()
    assert control.requests() == []


def test_the_journal_keeps_a_query_with_its_token_hidden(
    control: MockControl, server: MockServer
) -> None:
    for query in ("", "?token=abc.def.ghi&x=1"):
        call(f"{server.url}/v1/authentication/token{query}")  # the answer is checked, not used
    entries = control.requests(RequestPattern(path="/v1/authentication/token"))
    assert [e.query for e in entries] == ["", "token=***&x=1"]


def test_scenario_switch_and_reset(control: MockControl) -> None:
    assert control.load_scenario("errors").name == "errors"
    assert control.health().scenario == "errors"
    assert control.reset().name == "errors"
    assert control.load_scenario("default").name == "default"


def test_reload_rereads_the_scenario_file(control: MockControl) -> None:
    assert control.reload().name == "default"  # the bundled file
    control.load_scenario({"name": "inline", "tasks": []})
    with pytest.raises(ApiError) as caught:
        control.reload()  # not from a file: nothing to re-read
    assert (caught.value.status, caught.value.details) == (400, "reload")
    control.load_scenario("default")


def test_refusals_are_the_same_errors(control: MockControl) -> None:
    with pytest.raises(ApiError) as caught:
        control.change_clock(advance=1, freeze=True)
    assert caught.value.status == 400
    with pytest.raises(ApiError) as missing:
        control.revoke_token(12345)
    assert (missing.value.status, missing.value.code) == (404, "mock.token.not.found")


def test_http_control_needs_the_admin_token(server: MockServer) -> None:
    with pytest.raises(ApiError) as caught:
        HttpControl(server.url).health()
    assert (caught.value.status, caught.value.code) == (401, "admin.unauthorized")
    assert ADMIN_TOKEN not in repr(HttpControl(server.url, ADMIN_TOKEN))
