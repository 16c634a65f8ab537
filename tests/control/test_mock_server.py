"""MockServer: a real socket in a background thread, driven from the test process."""

import urllib.error
import urllib.request

import pytest

from mockserver import MockServer
from mockserver.core.scenarios import ScenarioError
from mockserver.harness.mock_server import MockServerError
from served import call


def test_whole_flow_over_a_real_socket() -> None:
    with MockServer() as server:
        assert server.url.startswith("http://127.0.0.1:") and server.port > 0
        status, login = call(
            server.url + "/v2/authentication", {"username": "jdoe", "password": "mypassword@123"}
        )
        assert status == 200
        path = "Automation Anywhere\\Bots\\Zip Code API Task"
        status, access = call(
            server.url + "/orchestrator/v1/hotbot/config/accessdetails",
            {"botRepositoryPath": [path]},
            {"X-Authorization": login["token"]},
        )
        detail = access["accessDetails"][path]
        assert detail["url"].startswith(server.url + "/hotbot-149-knative-")
        status, result = call(
            detail["url"],
            {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}},
            detail["headers"],
        )
        assert status == 200
        assert result["hotBotResult"]["botOutput"]["Place"]["string"] == "San Jose"
        assert [e.status for e in server.requests(task=149)] == [200]


def test_methods_mirror_the_admin_api() -> None:
    with MockServer(seed=5) as server:
        _, login = call(
            server.url + "/v2/authentication", {"username": "admin", "password": "Admin#2024"}
        )
        headers = {"X-Authorization": login["token"]}
        server.advance_clock(1200)
        assert call(server.url + "/orchestrator/v1/hotbot/config", {}, headers)[0] == 401
        server.reset()
        assert server.requests() == []
        server.inject_fault(operation="authenticateV2", status=503, count=1)
        assert (
            call(
                server.url + "/v2/authentication", {"username": "admin", "password": "Admin#2024"}
            )[0]
            == 503
        )
        server.load_scenario("errors")
        assert server.control.scenario().name == "errors"


def test_stop_frees_the_port() -> None:
    server = MockServer().start()
    url = server.url
    server.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/__admin/health", timeout=2)
    with pytest.raises(MockServerError):
        _ = server.url


def test_invalid_scenario_fails_at_start() -> None:
    with pytest.raises(ScenarioError):
        MockServer("no-such-scenario").start()


def test_a_failure_in_the_server_thread_is_raised_in_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from werkzeug.serving import BaseWSGIServer

    def broken(self: BaseWSGIServer, poll_interval: float = 0.5) -> None:
        raise OSError("listener died")

    monkeypatch.setattr(BaseWSGIServer, "serve_forever", broken)
    server = MockServer()
    try:
        # Raised by start() when the thread failed at once, else by the next call.
        with pytest.raises(MockServerError, match="listener died"):
            server.start()
            assert server._thread is not None
            server._thread.join(5)
            server.reset()
    finally:
        server.stop()


def test_inject_fault_takes_snake_case_and_refuses_mistakes() -> None:
    from mockserver.core.errors import ApiError

    with MockServer() as server:
        fault = server.inject_fault(operation="executeApiTask", delay_ms=300)
        assert fault.delay_ms == 300 and fault.remaining is None  # until cleared
        with pytest.raises(ApiError, match="did you mean 'authenticateV2'"):
            server.inject_fault(operation="authenticate", status=503)
        with pytest.raises(ApiError, match="task 99999 is not a fileId"):
            server.inject_fault(task=99999, status=503)
        with pytest.raises(TypeError, match="foo"):
            server.inject_fault(foo=1)  # type: ignore[call-arg]
        server.clear_faults()
        assert server.control.faults() == []
