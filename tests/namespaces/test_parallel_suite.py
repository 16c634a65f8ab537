"""A parallel suite against one running mock (`--aa-url`): every xdist worker in a namespace of
its own, every test resetting, moving its clock and injecting faults, none seeing another's.
Every emulated answer in the suite is checked against the spec (tests/contract.py)."""

from pathlib import Path

import pytest

from mockserver.harness.http_control import HttpControl
from mockserver.harness.mock_server import MockServer

TESTS = Path(__file__).resolve().parents[1]

SUITE = """
import json, sys, urllib.error, urllib.request
import pytest
sys.path.insert(0, {tests!r})
from contract import check_raw

def call(url, body=None, headers=None, method="POST"):
    data = None if method == "GET" else json.dumps(body or {{}}).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={{"Content-Type": "application/json", **(headers or {{}})}})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, raw, kind = response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        status, raw, kind = error.code, error.read(), error.headers["Content-Type"]
    check_raw(method, url, status, kind, raw)
    return status, json.loads(raw or b"null")

@pytest.mark.parametrize("n", range(12))
def test_a_worker_owns_its_world(aa_mock, n):
    assert "/ns/" in aa_mock.url
    assert aa_mock.requests() == []
    assert aa_mock.control.clock_status().offset_seconds == 0
    aa_mock.advance_clock(1000 + n)
    login = {{"username": "jdoe", "password": "mypassword@123"}}
    status, body = call(aa_mock.url + "/v2/authentication", login)
    assert status == 200
    token = {{"X-Authorization": body["token"]}}
    status, body = call(aa_mock.url + "/orchestrator/v1/hotbot/config/accessdetails",
                        {{"botRepositoryPath": [{zip!r}]}}, token)
    assert status == 200, body
    detail = body["accessDetails"][{zip!r}]
    assert detail["url"].startswith(aa_mock.url + "/")
    status, body = call(detail["url"], {{"botInput": {{"iStrZipCode": {{"type": "STRING", "string": "95134"}}}}}},
                        detail["headers"])
    assert status == 200, body
    aa_mock.inject_fault(operation="authenticateV2", status=503, count=1)
    assert call(aa_mock.url + "/v2/authentication", login)[0] == 503
    assert aa_mock.control.clock_status().offset_seconds == 1000 + n
    assert len(aa_mock.requests()) == 4
"""


@pytest.mark.parametrize("run", range(2))
def test_four_workers_on_one_mock_each_in_its_namespace(
    pytester: pytest.Pytester, run: int
) -> None:
    from conftest import ZIP_PATH

    pytester.makepyfile(SUITE.format(tests=str(TESTS), zip=ZIP_PATH))
    with MockServer() as server:
        result = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", "-n", "4", "--aa-url", server.url
        )
        result.assert_outcomes(passed=12)
        root = HttpControl(server.url)
        assert root.namespaces() == []  # each worker deleted its own at the end
        assert root.requests() == []  # and the root saw none of it
