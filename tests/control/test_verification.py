"""Verification: count requests by operation, task, typed inputs and headers, in process, over
HTTP and from the pytest fixture; a failed expectation lists the nearest requests and how each
differs; strict mode; a failing test's report shows its journal."""

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from mockserver import MockServer
from mockserver.core.errors import ApiError
from mockserver.core.verification import RequestPattern
from mockserver.harness.http_control import HttpControl
from mockserver.harness.shortcuts import VerificationError
from served import call

ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"
TEXT = "Automation Anywhere\\Bots\\API_task_String 01 1708025672.bot"


def post(url: str, body: Any, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def execute(server: MockServer, path: str, bot_input: dict[str, Any]) -> int:
    login = urllib.request.Request(
        server.url + "/v2/authentication",
        json.dumps({"username": "jdoe", "password": "mypassword@123"}).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(login, timeout=10) as response:
        token = json.loads(response.read())["token"]
    access = urllib.request.Request(
        server.url + "/orchestrator/v1/hotbot/config/accessdetails",
        json.dumps({"botRepositoryPath": [path]}).encode(),
        {"Content-Type": "application/json", "X-Authorization": token},
    )
    with urllib.request.urlopen(access, timeout=10) as response:
        detail = json.loads(response.read())["accessDetails"][path]
    return post(detail["url"], {"botInput": bot_input}, detail["headers"])


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer() as running:
        yield running


@pytest.fixture
def called(server: MockServer) -> MockServer:
    server.reset()
    assert execute(server, ZIP, {"iStrZipCode": {"type": "STRING", "string": "95134"}}) == 200
    assert execute(server, ZIP, {"iStrZipCode": {"type": "STRING", "string": "10001"}}) == 200
    text = {"iStrText": {"type": "STRING", "string": "abc"}}
    assert execute(server, TEXT, text) == 200
    return server


def test_counts_by_operation_task_inputs_and_headers(called: MockServer) -> None:
    assert called.verify(operation="executeApiTask", times=3).count == 3
    assert called.verify(task=149, inputs={"iStrZipCode": "95134"}, times=1).count == 1
    called.verify(task=180, headers={"api-task-name": "Reverse String"}, times=1)
    called.verify(operation="authenticateV2", at_least=3)
    called.verify(operation="logout", never=True)


def test_a_failed_expectation_shows_the_near_misses(called: MockServer) -> None:
    with pytest.raises(VerificationError) as caught:
        called.verify(task=149, inputs={"iStrZipCode": "94105"}, times=1)
    message = str(caught.value)
    assert message.startswith(
        "expected exactly 1 request(s) matching task 149, input iStrZipCode = '94105', but 0 matched"
    )
    assert "nearest requests:" in message
    assert "input iStrZipCode is '10001', not '94105'" in message
    assert "input iStrZipCode is '95134', not '94105'" in message
    assert "mypassword" not in message and "eyJ" not in message


def test_the_same_over_http(called: MockServer) -> None:
    control = HttpControl(called.url)
    result = control.count_requests(RequestPattern(task=149, inputs={"iStrZipCode": "94105"}))
    assert result.count == 0
    assert result.near_misses[0].differences == ("input iStrZipCode is '10001', not '94105'",)
    status = post(called.url + "/__admin/requests/count", {"taks": 149})
    assert status == 400  # a mistyped key is refused, not silently counted


PLUGIN_TESTS = """
import json, urllib.request, urllib.error
import pytest

def call(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code

def test_verify_from_the_fixture(aa_mock):
    assert call(aa_mock.url + "/v2/authentication", {"username": "jdoe", "password": "x"}) == 401
    aa_mock.verify(operation="authenticateV2", status=401, times=1)

def test_fails_and_shows_the_journal(aa_mock):
    call(aa_mock.url + "/v2/authentication", {"username": "jdoe", "password": "mypassword@123"})
    aa_mock.verify(operation="logout", times=1)

@pytest.mark.aa_strict
def test_strict_catches_an_unknown_route(aa_mock):
    call(aa_mock.url + "/v2/authentications", {})

@pytest.mark.aa_strict(allow=[401])
def test_strict_allows_what_it_is_told(aa_mock):
    assert call(aa_mock.url + "/v2/authentication", {"username": "jdoe", "password": "x"}) == 401
"""


def test_the_fixture_verifies_reports_and_is_strict(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(PLUGIN_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    # The strict test passes its call and errors at teardown: pytest counts it in both.
    result.assert_outcomes(passed=3, failed=1, errors=1)
    out = result.stdout.str()
    assert "expected exactly 1 request(s) matching operation 'logout'" in out
    journal = out.split("aa-mockserver journal", 1)[1].split("\n=", 1)[0]
    assert "POST /v2/authentication -> 200 (authenticateV2, jdoe)" in journal
    assert '"password": "***"' in journal and "mypassword@123" not in journal
    assert "eyJ" not in journal
    assert "strict mode" in out and "POST /v2/authentications -> 404 not.found (no route)" in out


# -- a pattern that could never match what the test meant is refused, never counted as 0


@pytest.mark.parametrize(
    "pattern, field, fragments",
    [
        (
            {"operation": "execute"},
            "operation",
            ["'execute' is not an operationId", "(did you mean 'executeApiTask'?)"],
        ),
        ({"task": 1490}, "task", ["task 1490 is not a fileId", "(did you mean 149?)"]),
        (
            {"operation": "executeApiTask", "status": "200"},
            "status",
            ["status '200' is not an HTTP status", "(did you mean 200?)"],
        ),
        ({"status": 600}, "status", ["status 600 is not an HTTP status"]),
        ({"method": "PSOT"}, "method", ["'PSOT' is not an HTTP method", "(did you mean 'POST'?)"]),
    ],
)
def test_verify_refuses_a_pattern_that_cannot_match(
    called: MockServer, pattern: dict[str, Any], field: str, fragments: list[str]
) -> None:
    for control in (called, HttpControl(called.url)):
        with pytest.raises(ApiError) as caught:
            control.verify(**pattern, never=True)
        assert caught.value.status == 400 and str(caught.value.details).split(":")[0] == field
        if control is called or field != "status":  # over HTTP the spec refuses a string first
            for fragment in fragments:
                assert fragment in caught.value.message, caught.value.message


def test_http_control_verifies_like_mock_server(called: MockServer) -> None:
    control = HttpControl(called.url)
    assert control.verify(operation="executeApiTask", times=3).count == 3
    assert control.verify(task=149, inputs={"iStrZipCode": "95134"}, times=1).count == 1
    with pytest.raises(VerificationError) as caught:
        control.verify(task=149, inputs={"iStrZipCode": "94105"}, times=1)
    assert "input iStrZipCode is '10001', not '94105'" in str(caught.value)
    later = called.control.clock_status().now + 1
    assert control.verify(operation="executeApiTask", since=later, never=True).count == 0


@pytest.mark.parametrize(
    "body, field, fragment",
    [
        ({"operation": "executeApiTsk"}, "operation", "did you mean 'executeApiTask'?"),
        ({"task": 1490}, "task", "task 1490 is not a fileId"),
        ({"status": "200"}, "status", "status: '200' is not of type 'integer'"),
        ({"method": "PSOT"}, "method", "did you mean 'POST'?"),
    ],
)
def test_the_count_over_http_refuses_a_pattern_that_cannot_match(
    called: MockServer, body: dict[str, Any], field: str, fragment: str
) -> None:
    for path in ("/__admin/requests/count", "/__admin/requests/find"):
        status, answer = call(called.url + path, body)
        assert status == 400 and fragment in answer["message"], answer
        assert field in answer["details"]


def test_the_journal_query_refuses_what_it_does_not_know(called: MockServer) -> None:
    status, answer = call(called.url + "/__admin/requests?operation=executeApiTsk")
    assert (status, answer["details"]) == (400, "operation")
    status, answer = call(called.url + "/__admin/requests?taks=149")
    assert status == 400 and "taks: unknown key (did you mean 'task'?)" in answer["message"]
    status, answer = call(called.url + "/__admin/requests?operation=executeApiTask&limit=2")
    assert status == 200 and [e["task"] for e in answer["requests"]] == [149, 180]


def test_requests_take_the_whole_pattern_in_process_and_over_http(called: MockServer) -> None:
    pattern = RequestPattern(task=149, inputs={"iStrZipCode": "10001"})
    for control in (called.control, HttpControl(called.url)):
        assert [e.status for e in control.requests(pattern)] == [200]
        assert len(control.requests(RequestPattern(operation="executeApiTask", limit=2))) == 2
    assert [e.task for e in called.requests(operation="executeApiTask", limit=1)] == [180]
