"""Latency, the real-time limit, faults and the per-allocation concurrency limit."""

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from conftest import AppFactory, CheckedClient
from mockserver.core.clock import Clock
from mockserver.http.emulated import control_room_of
from scenario_text import with_task

OUT = "    outputs:\n      R: {type: STRING, value: ok}\n"


def client_for(make_app: AppFactory, task: str, **settings: Any) -> CheckedClient:
    client = make_app(yaml_text=with_task(OUT + task), **settings).test_client()
    assert isinstance(client, CheckedClient)
    return client


def test_fixed_latency_waits(make_app: AppFactory, clock: Clock) -> None:
    client = client_for(make_app, "    latency: {fixedMs: 1500}\n")
    detail = client.access("Bots\\T")
    before = clock.now()
    assert client.execute(detail).status_code == 200
    assert clock.now() - before == 1.5  # the test's sleep advances the injected clock


def test_random_latency_stays_in_range_and_is_seeded(make_app: AppFactory, clock: Clock) -> None:
    def delays(seed: int) -> list[float]:
        client = client_for(make_app, "    latency: {minMs: 100, maxMs: 300}\n", seed=seed)
        detail = client.access("Bots\\T")
        found = []
        for _ in range(5):
            before = clock.now()
            client.execute(detail)
            found.append(round(clock.now() - before, 6))
        return found

    first = delays(3)
    assert all(0.1 <= d <= 0.3 for d in first) and len(set(first)) > 1
    assert delays(3) == first


def test_latency_over_the_real_time_limit_times_out(make_app: AppFactory, clock: Clock) -> None:
    client = client_for(make_app, "    latency: {fixedMs: 65000}\n")
    detail = client.access("Bots\\T")
    before = clock.now()
    response = client.execute(detail)
    assert response.status_code == 504
    assert response.get_json()["code"] == "hotbot.execution.timeout"
    assert clock.now() - before == 60  # waited the limit, not the whole latency


def test_timeout_limit_is_configurable(make_app: AppFactory) -> None:
    client = client_for(make_app, "    latency: {fixedMs: 200}\n", realtime_timeout_seconds=0.1)
    assert client.execute(client.access("Bots\\T")).status_code == 504


def test_fail_first_n_calls(make_app: AppFactory) -> None:
    task = """\
    faults:
      failFirst: {count: 2, error: {status: 503, code: warming.up, message: Warming up}}
"""
    client = client_for(make_app, task)
    detail = client.access("Bots\\T")
    statuses = [client.execute(detail).status_code for _ in range(4)]
    assert statuses == [503, 503, 200, 200]


def test_error_rate_is_seeded(make_app: AppFactory) -> None:
    task = """\
    faults:
      errorRate: {rate: 0.5, error: {status: 500, code: boom, message: Boom}}
"""

    def pattern(seed: int) -> list[int]:
        client = client_for(make_app, task, seed=seed)
        detail = client.access("Bots\\T")
        return [client.execute(detail).status_code for _ in range(20)]

    first = pattern(11)
    assert set(first) == {200, 500}
    assert pattern(11) == first
    assert pattern(12) != first


def test_concurrency_limit_is_exact(
    make_app: AppFactory, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = "    latency: {fixedMs: 10}\n"
    app = make_app(
        yaml_text=with_task(OUT + task).replace("concurrencyLimit: 5", "concurrencyLimit: 3")
    )
    gate = control_room_of(app).tenant.gate
    release = threading.Event()
    entered = threading.Semaphore(0)

    def held_sleep(_seconds: float) -> None:
        entered.release()
        assert release.wait(10)

    monkeypatch.setattr(clock, "sleep", held_sleep)
    detail = app.test_client().access("Bots\\T")

    def call() -> int:
        return app.test_client().execute(detail).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        holders = [pool.submit(call) for _ in range(3)]
        for _ in range(3):
            assert entered.acquire(timeout=10)
        assert gate.in_flight(7) == 3
        rejected = [pool.submit(call).result(timeout=10) for _ in range(4)]
        assert rejected == [429] * 4
        release.set()
        assert [h.result(timeout=10) for h in holders] == [200] * 3
    assert gate.in_flight(7) == 0
    after = app.test_client()
    response = after.execute(detail)
    assert response.status_code == 200


def test_concurrency_rejection_body(make_app: AppFactory) -> None:
    app = make_app(yaml_text=with_task(OUT).replace("concurrencyLimit: 5", "concurrencyLimit: 1"))
    gate = control_room_of(app).tenant.gate
    client = app.test_client()
    detail = client.access("Bots\\T")
    assert gate.try_enter(7, 1)  # one execution already in flight
    response = client.execute(detail)
    assert response.status_code == 429
    body = response.get_json()
    assert (
        body["code"] == "hotbot.concurrency.limit.exceeded"
        and "concurrencyLimit" in body["message"]
    )
    assert response.headers["Retry-After"] == "1"
