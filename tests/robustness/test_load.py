"""Load and concurrency on loopback, bounded in count and time: no 5xx, exact limits, bounded
memory, and scenario switches and resets under load."""

import http.client
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract import check_raw
from mockserver import MockServer
from served import serve

SLOW_TASK = """\
name: load
roles:
  - {id: "1", name: AAE_Admin, grants: [manageAllocations, accessDetails]}
users:
  - {id: "9", username: admin, password: Admin#2024, roles: [AAE_Admin], multipleLoginAllowed: true}
tasks:
  - fileId: 7
    path: 'Load\\Slow'
    allocation: {concurrencyLimit: 3}
    outputs:
      R: {type: STRING, value: ok}
    latency: {fixedMs: 150}
"""


_VALIDATED: set[tuple[str, str, int]] = set()


class Client:
    """A keep-alive HTTP client for one thread; a context manager that closes its socket."""

    def __init__(self, base: str):
        host, port = base.split("//")[1].split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.close()

    def post(
        self, path: str, body: Any, headers: dict[str, str] | None = None, method: str = "POST"
    ) -> tuple[int, Any]:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.connection.request(
            method, path, payload, {"Content-Type": "application/json", **(headers or {})}
        )
        response = self.connection.getresponse()
        raw = response.read()
        # Each distinct (method, path, status) is validated against the spec once: validating
        # all 20,000 responses would add about a minute to the run.
        shape = (method, path, response.status)
        if shape not in _VALIDATED:
            check_raw(method, path, response.status, response.getheader("Content-Type"), raw)
            _VALIDATED.add(shape)
        return response.status, json.loads(raw) if raw else None


def post_once(base: str, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    with Client(base) as client:
        return client.post(path, body, headers)


def login(base: str) -> dict[str, str]:
    status, body = post_once(
        base, "/v2/authentication", {"username": "admin", "password": "Admin#2024"}
    )
    assert status == 200
    return {"X-Authorization": body["token"]}


def test_parallel_executions_never_exceed_the_limit(tmp_path: Path) -> None:
    scenario = tmp_path / "load.yaml"
    scenario.write_text(SLOW_TASK, encoding="utf-8")
    with MockServer(scenario) as server:
        _, access = post_once(
            server.url,
            "/orchestrator/v1/hotbot/config/accessdetails",
            {"botRepositoryPath": ["Load\\Slow"]},
            login(server.url),
        )
        detail = access["accessDetails"]["Load\\Slow"]
        path = "/" + detail["url"].split("/", 3)[3]
        statuses: Counter[int] = Counter()
        lock = threading.Lock()

        def hammer() -> None:
            with Client(server.url) as client:
                for _ in range(6):
                    status, _ = client.post(path, {}, detail["headers"])
                    with lock:
                        statuses[status] += 1

        threads = [threading.Thread(target=hammer) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        state = {s.task.file_id: s for s in server.control.allocation_states()}[7]
        assert state.peak == 3
        assert set(statuses) == {200, 429}
        assert sum(statuses.values()) == 72 and statuses[200] >= 3
        assert state.in_flight == 0


@pytest.fixture
def served_process() -> Iterator[tuple[str, int]]:
    with serve() as served:
        yield served.base, served.pid


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def mixed_load(base: str, total: int, threads: int = 8) -> Counter[int]:
    admin = login(base)
    _, access = post_once(
        base,
        "/orchestrator/v1/hotbot/config/accessdetails",
        {"botRepositoryPath": ["Automation Anywhere\\Bots\\Zip Code API Task"]},
        admin,
    )
    detail = next(iter(access["accessDetails"].values()))
    execute = "/" + detail["url"].split("/", 3)[3]
    zip_input = {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}}
    requests: list[tuple[str, Any, dict[str, str], str]] = [
        ("/orchestrator/v1/hotbot/config", {"page": {"offset": 0, "length": 10}}, admin, "POST"),
        (execute, zip_input, detail["headers"], "POST"),
        ("/orchestrator/v1/hotbot/config", {"page": {"offset": -1}}, admin, "POST"),  # 400
        ("/orchestrator/v1/hotbot/config", {}, {}, "POST"),  # 401
        ("/orchestrator/v1/hotbot/nope", {}, admin, "POST"),  # 404
        ("/orchestrator/v1/hotbot/config", b"{", admin, "POST"),  # 400
        (
            execute,
            {"botInput": {"iStrZipCode": {"type": "NUMBER", "number": "1"}}},
            detail["headers"],
            "POST",
        ),  # 400
        ("/v1/authentication/token", {}, {}, "GET"),
    ]
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def worker(offset: int) -> None:
        mine: Counter[int] = Counter()
        with Client(base) as client:
            for n in range(offset, total, threads):
                path, body, headers, method = requests[n % len(requests)]
                mine[client.post(path, body, headers, method)[0]] += 1
        with lock:
            statuses.update(mine)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(300)
    return statuses


def test_20000_mixed_requests_no_5xx_bounded_memory(served_process: tuple[str, int]) -> None:
    base, pid = served_process
    warm = mixed_load(base, 2000)
    after_warm_up = rss_mib(pid)
    statuses = mixed_load(base, 20_000)
    grown = rss_mib(pid) - after_warm_up
    assert sum(statuses.values()) == 20_000
    assert not [s for s in statuses if s >= 500], statuses
    assert {200, 400, 401, 404} <= set(statuses) and not [s for s in warm if s >= 500]
    assert grown < 25, f"RSS grew {grown:.1f} MiB over 20,000 requests"
    if os.environ.get("AA_MOCK_REPORT"):
        print(f"20,000 mixed requests: {dict(statuses)}, RSS growth {grown:.1f} MiB")


def test_switching_and_resetting_under_load() -> None:
    with MockServer(journal_capacity=50) as server:
        stop = threading.Event()
        statuses: Counter[int] = Counter()
        lock = threading.Lock()

        def load() -> None:
            with Client(server.url) as client:
                load_with(client)

        def load_with(client: Client) -> None:
            while not stop.is_set():
                status, body = client.post(
                    "/v2/authentication", {"username": "admin", "password": "Admin#2024"}
                )
                seen = [status]
                if status == 200:
                    seen.append(
                        client.post(
                            "/orchestrator/v1/hotbot/config", {}, {"X-Authorization": body["token"]}
                        )[0]
                    )
                with lock:
                    statuses.update(seen)

        def churn() -> None:
            with Client(server.url) as client:
                churn_with(client)

        def churn_with(client: Client) -> None:
            names = ["errors", "default", "large-tenant", "latency"]
            for i in range(40):
                assert (
                    client.post("/__admin/scenario", {"name": names[i % 4]}, method="PUT")[0] == 200
                )
                assert (
                    client.post("/__admin/reset", b"", {"Content-Type": "application/json"})[0]
                    == 200
                )
                time.sleep(0.01)

        loaders = [threading.Thread(target=load) for _ in range(4)]
        for t in loaders:
            t.start()
        churner = threading.Thread(target=churn)
        churner.start()
        churner.join(120)
        stop.set()
        for t in loaders:
            t.join(30)
        assert statuses[200] > 0
        assert not [s for s in statuses if s >= 500], statuses
        # After the churn, the journal keeps exactly the newest `capacity` entries.
        server.reset()
        with Client(server.url) as client:
            for _ in range(80):
                client.post("/v1/authentication/token", b"", method="GET")
        entries = server.requests()
        assert len(entries) == 50
        assert [e.id for e in entries] == list(range(entries[0].id, entries[0].id + 50))
        assert server.control.journal_stats().dropped == 30
