"""The pytest plugin: session server, per-test reset, scenario marker and option, xdist."""

import pytest

HELPERS = """
import json, urllib.request, urllib.error

def call(url, body=None, headers=None):
    request = urllib.request.Request(url, data=json.dumps(body or {}).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())

def login(server):
    return call(server.url + "/v2/authentication", {"username": "admin", "password": "Admin#2024"})[1]
"""


def test_fixture_resets_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        HELPERS
        + """
def test_first(aa_mock):
    token = login(aa_mock)["token"]
    status, _ = call(aa_mock.url + "/orchestrator/v1/hotbot/config/create", {"fileId": 250},
                     {"X-Authorization": token})
    assert len(aa_mock.requests()) == 2

def test_second_sees_a_clean_server(aa_mock, aa_mock_server):
    assert aa_mock is aa_mock_server
    assert aa_mock.requests() == []
    body = call(aa_mock.url + "/orchestrator/v1/hotbot/config", {},
                {"X-Authorization": login(aa_mock)["token"]})[1]
    assert 250 not in [item["fileId"] for item in body["list"]]
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_marker_and_option_choose_the_scenario(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
import pytest

@pytest.mark.aa_scenario("large-tenant")
def test_marked(aa_mock):
    assert aa_mock.control.scenario().name == "large-tenant"

def test_unmarked_gets_the_default_back(aa_mock):
    assert aa_mock.control.scenario().name == "errors"
""")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--aa-scenario", "errors")
    result.assert_outcomes(passed=2)


def test_clock_control_through_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        HELPERS
        + """
def test_expiry(aa_mock):
    token = login(aa_mock)["token"]
    aa_mock.advance_clock(1201)
    status, body = call(aa_mock.url + "/orchestrator/v1/hotbot/config", {},
                        {"X-Authorization": token})
    assert status == 401 and body["code"] == "token.expired"
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_xdist_workers_get_separate_servers(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
import os, pathlib, time

def _record(aa_mock):
    worker = os.environ["PYTEST_XDIST_WORKER"]
    pathlib.Path(f"port-{worker}.txt").write_text(str(aa_mock.port))
    time.sleep(0.5)  # keep both workers busy at once

def test_a(aa_mock): _record(aa_mock)
def test_b(aa_mock): _record(aa_mock)
def test_c(aa_mock): _record(aa_mock)
def test_d(aa_mock): _record(aa_mock)
""")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=4)
    ports = {p.name: p.read_text() for p in pytester.path.glob("port-gw*.txt")}
    assert set(ports) == {"port-gw0.txt", "port-gw1.txt"}
    assert len(set(ports.values())) == 2


def test_the_plugin_reads_the_same_settings_as_serve(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AA_MOCK_CONTROL_ROOM_TOKEN_TTL", "60")
    monkeypatch.setenv("AA_MOCK_PROFILE", "a360")
    pytester.makepyfile(
        HELPERS
        + """
def test_settings(aa_mock):
    assert aa_mock.control.health().profile == "a360"
    token = login(aa_mock)["token"]
    assert aa_mock.control.token_records()[0].expires_at - aa_mock.control.token_records()[0].issued_at == 60
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_a_failing_test_with_a_hostile_journal_is_reported_not_fatal(
    pytester: pytest.Pytester,
) -> None:
    """A request the journal cannot parse as JSON (nested 5,000 deep, or cut) must not turn the
    report of a failing test into an INTERNALERROR that aborts the session."""
    pytester.makepyfile(
        """
import urllib.request, urllib.error

def post(server, data):
    request = urllib.request.Request(server.url + "/v2/authentication", data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=10).read()
    except urllib.error.HTTPError as error:
        error.read()

def test_fails_after_hostile_requests(aa_mock):
    post(aa_mock, b"[" * 5000 + b"]" * 5000)
    post(aa_mock, b'{"username": "' + b"u" * 100000 + b'", "password": "s3' + b'cret"}')
    assert False, "the test's own failure"

def test_the_session_goes_on(aa_mock):
    assert aa_mock.requests() == []
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    assert result.ret == 1  # not 3 (INTERNALERROR)
    out = result.stdout.str()
    assert "aa-mockserver journal" in out and "nested deeper than 64 levels" in out
    assert "s3cret" not in out
