"""The production server's lanes: most requests run inline on one thread (no GIL hand-offs), a
token signing runs beside it, and a request that may sleep gets a thread of its own."""

import http.client
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask, Response, request

from mockserver import create_app
from mockserver.core.config import Settings
from mockserver.core.faults import FaultSpec
from mockserver.http.emulated import control_of, control_room_of
from mockserver.serving.lanes import request_lanes
from mockserver.serving.production import Lane, ProductionServer, make_server
from served import call, serve, timed_beside


def lanes_app() -> Flask:
    app = Flask("lanes")

    @app.post("/echo")
    def echo() -> Response:
        return Response(request.get_data(), headers={"X-Thread": threading.current_thread().name})

    @app.get("/sleep")
    def sleep() -> Response:
        time.sleep(0.6)
        return Response(b"slept")

    return app


def by_path(environ: dict[str, Any]) -> Lane:
    """/sleep waits, ?cpu runs beside the inline thread, the rest inline."""
    if environ["PATH_INFO"] == "/sleep":
        return Lane.WAIT
    return Lane.CPU if environ.get("QUERY_STRING") == "cpu" else Lane.INLINE


@contextmanager
def running(app: Any, lane_of: Callable[[dict[str, Any]], Lane], threads: int = 8) -> Iterator[int]:
    server: ProductionServer = make_server(app, "127.0.0.1", 0, threads, lane_of).start()
    try:
        yield server.effective_port
    finally:
        server.close()


def post(
    port: int, path: str, body: bytes | Iterable[bytes], **kwargs: Any
) -> tuple[int, bytes, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", path, body, **kwargs)
        answer = connection.getresponse()
        return answer.status, answer.read(), answer.getheader("X-Thread") or ""
    finally:
        connection.close()


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def test_each_lane_gets_the_whole_body() -> None:
    with running(lanes_app(), by_path) as port:
        inline = post(port, "/echo", b"inline body")
        beside = post(port, "/echo?cpu", b"signing body")
        chunked = post(port, "/echo?cpu", iter([b"chun", b"ked"]), encode_chunked=True)
        large = post(port, "/echo?cpu", b"x" * (2 * 1024 * 1024))
    assert inline[:2] == (200, b"inline body") and not inline[2].startswith("aa-mock-")
    assert beside[:2] == (200, b"signing body") and beside[2].startswith("aa-mock-cpu")
    # A chunked or large body stays inline, where the app reads it as it arrives.
    assert chunked[:2] == (200, b"chunked") and not chunked[2].startswith("aa-mock-")
    assert large[0] == 200 and len(large[1]) == 2 * 1024 * 1024
    assert not large[2].startswith("aa-mock-")


def test_waiting_requests_wait_together_and_hold_up_nobody() -> None:
    answers: list[tuple[int, bytes]] = []
    with running(lanes_app(), by_path, threads=8) as port:
        begin = time.perf_counter()
        sleepers = [
            threading.Thread(target=lambda: answers.append(get(port, "/sleep"))) for _ in range(8)
        ]
        for sleeper in sleepers:
            sleeper.start()
        time.sleep(0.1)
        fast_begin = time.perf_counter()
        for _ in range(5):
            assert post(port, "/echo", b"quick")[:2] == (200, b"quick")
        fast = time.perf_counter() - fast_begin
        for sleeper in sleepers:
            sleeper.join(timeout=10)
        together = time.perf_counter() - begin
    assert answers == [(200, b"slept")] * 8
    # Eight 0.6 s sleeps on eight threads take about 0.6 s, not 4.8 s.
    assert fast < 0.5 and together < 2.0, (fast, together)


def test_a_ninth_waiting_request_waits_for_a_thread() -> None:
    with running(lanes_app(), by_path, threads=1) as port:
        begin = time.perf_counter()
        sleepers = [threading.Thread(target=get, args=(port, "/sleep")) for _ in range(2)]
        for sleeper in sleepers:
            sleeper.start()
        for sleeper in sleepers:
            sleeper.join(timeout=10)
    assert time.perf_counter() - begin >= 1.2


def failing_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    raise RuntimeError("broken around the app")


@pytest.mark.parametrize("lane", [Lane.INLINE, Lane.CPU, Lane.WAIT])
def test_a_failure_around_the_app_is_answered_on_every_lane(lane: Lane) -> None:
    """On a lane thread nobody else would answer: the client must not wait forever."""
    with running(failing_app, lambda environ: lane) as port:
        status, body, _ = post(port, "/anything", b"{}")
    assert (status, body) == (500, b"")


def test_the_mock_chooses_its_lanes() -> None:
    app = create_app(Settings(scenario="latency"))
    lane_of = request_lanes(app)
    scenario = control_room_of(app).scenario()
    slow = scenario.task_at("Automation Anywhere\\Bots\\Latency\\Slow Report")
    assert slow is not None and slow.latency is not None

    def lane(method: str, path: str) -> Lane:
        return lane_of({"REQUEST_METHOD": method, "PATH_INFO": path})

    tenant = scenario.tenant_uuid
    assert lane("POST", f"/hotbot-{slow.file_id}-knative-{tenant}/execute") is Lane.WAIT
    assert lane("POST", "/hotbot-999999-knative-x/execute") is Lane.INLINE  # a quick 404
    assert lane("POST", "/v2/authentication") is Lane.CPU
    assert lane("POST", "/v1/authentication/token") is Lane.CPU
    assert lane("POST", "/orchestrator/v1/hotbot/config/accessdetails") is Lane.CPU
    assert lane("GET", "/v1/authentication/token") is Lane.INLINE  # validate signs nothing
    assert lane("POST", "/orchestrator/v1/hotbot/config") is Lane.INLINE
    control_of(app).inject_fault(
        FaultSpec(operation="listApiTaskAllocations", delay_ms=100, count=1)
    )
    # A pending delay may apply to any call: every request waits on a thread of its own.
    assert lane("POST", "/orchestrator/v1/hotbot/config") is Lane.WAIT
    assert lane("GET", "/__admin/health") is Lane.WAIT
    control_of(app).clear_faults()
    assert lane("POST", "/orchestrator/v1/hotbot/config") is Lane.INLINE

    default = create_app(Settings())
    quick = control_room_of(default).scenario().tasks[0]
    assert quick.latency is None
    path = (
        f"/hotbot-{quick.file_id}-knative-{control_room_of(default).scenario().tenant_uuid}/execute"
    )
    assert request_lanes(default)({"REQUEST_METHOD": "POST", "PATH_INFO": path}) is Lane.INLINE


def test_an_injected_delay_holds_up_only_its_own_call() -> None:
    with serve("--scenario", "latency") as served:
        _, login = call(
            f"{served.base}/v2/authentication", {"username": "admin", "password": "Admin#2024"}
        )
        status, _ = call(
            f"{served.base}/__admin/faults",
            {"operation": "listApiTaskAllocations", "delayMs": 1500, "count": 1},
        )
        assert status == 201

        def list_allocations() -> None:
            status, _ = call(
                f"{served.base}/orchestrator/v1/hotbot/config",
                {"page": {"offset": 0, "length": 10}},
                {"X-Authorization": login["token"]},
            )
            assert status == 200

        fast, waited = timed_beside(list_allocations, served.base, health_checks=3)
    assert fast < 1.0 and waited >= 1.5, (fast, waited)


def lane_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("aa-mock-")]


def test_closing_the_server_ends_its_lane_threads_after_their_work() -> None:
    assert lane_threads() == []
    answers: list[tuple[int, bytes]] = []
    server = make_server(lanes_app(), "127.0.0.1", 0, 8, by_path).start()
    port = server.effective_port
    assert post(port, "/echo?cpu", b"signed")[:2] == (200, b"signed")
    sleeper = threading.Thread(target=lambda: answers.append(get(port, "/sleep")), daemon=True)
    sleeper.start()
    time.sleep(0.2)  # the request is asleep on its lane thread
    assert {t.name.split("-")[2] for t in lane_threads()} == {"cpu", "wait"}
    server.close()
    for thread in lane_threads():
        thread.join(timeout=5)  # the sleeper finishes its 0.6 s, fails to answer, and ends
    assert lane_threads() == []
    sleeper.join(timeout=15)
