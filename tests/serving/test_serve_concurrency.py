"""`serve` answers up to AA_MOCK_THREADS requests at once: one that sleeps (emulated latency, an
injected delay) or whose client trickles its body holds up no other; past the threads a request
waits for one."""

import json
import threading
import time
from collections.abc import Callable

from contract import check_raw
from raw_http import RawConnection, request_head
from served import Served, call, execution_access, serve, timed_beside

SLOW_REPORT = "Automation Anywhere\\Bots\\Latency\\Slow Report"  # 1.5 s of emulated latency
ADMIN = {"username": "admin", "password": "Admin#2024"}
LIST_BODY = {"page": {"offset": 0, "length": 10}}


def test_a_slow_execution_does_not_hold_up_other_requests() -> None:
    with serve("--scenario", "latency") as served:
        detail = execution_access(served.base, SLOW_REPORT)

        def execute() -> None:
            # Sleeps its 1.5 s on a thread of its own (real time: `serve`'s clock).
            assert call(detail["url"], {"botInput": {}}, detail["headers"])[0] == 200

        fast, slow = timed_beside(execute, served.base, health_checks=5)
    assert fast < 1.0 and slow >= 1.5, (fast, slow)


def delayed_lists(served: Served, delay_ms: int, count: int) -> Callable[[], None]:
    """Inject a delay into the next `count` allocation lists; return one such list call."""
    _, login = call(f"{served.base}/v2/authentication", ADMIN)
    status, _ = call(
        f"{served.base}/__admin/faults",
        {"operation": "listApiTaskAllocations", "delayMs": delay_ms, "count": count},
    )
    assert status == 201

    def list_allocations() -> None:
        url = f"{served.base}/orchestrator/v1/hotbot/config"
        status, _ = call(url, LIST_BODY, {"X-Authorization": login["token"]})
        assert status == 200

    return list_allocations


def test_an_injected_delay_holds_up_only_its_own_call() -> None:
    with serve() as served:
        list_allocations = delayed_lists(served, 1500, 1)
        fast, waited = timed_beside(list_allocations, served.base, health_checks=3)
    assert fast < 1.0 and waited >= 1.5, (fast, waited)


def run_together(call_once: Callable[[], None], count: int) -> float:
    """Seconds `count` concurrent calls take, all of them."""
    begin = time.perf_counter()
    callers = [threading.Thread(target=call_once) for _ in range(count)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(timeout=30)
    return time.perf_counter() - begin


def test_delayed_calls_up_to_the_threads_wait_together() -> None:
    with serve("--threads", "4") as served:
        took = run_together(delayed_lists(served, 800, 4), 4)
    assert took < 1.6, took  # four 0.8 s delays on four threads, not one after another


def test_past_the_threads_a_call_waits_for_one() -> None:
    with serve("--threads", "1") as served:
        took = run_together(delayed_lists(served, 600, 2), 2)
    assert took >= 1.2, took


def test_a_client_trickling_its_body_holds_up_no_other() -> None:
    """Its thread waits for the body; the other threads answer meanwhile."""
    body = json.dumps(ADMIN).encode()
    with serve() as served:
        trickler = RawConnection(served.port)
        trickler.send(
            request_head(
                "POST", "/v2/authentication", len(body), {"Content-Type": "application/json"}
            )
            + body[:1]
        )
        time.sleep(0.3)  # the request is in the app, reading its body
        begin = time.perf_counter()
        for _ in range(5):
            assert call(f"{served.base}/__admin/health")[0] == 200
        meanwhile = time.perf_counter() - begin
        for byte in body[1:]:  # the rest, a byte at a time
            trickler.send(bytes([byte]))
            time.sleep(0.01)
        answer = trickler.response()
        trickler.close()
    assert meanwhile < 1.0, meanwhile
    check_raw(
        "POST", "/v2/authentication", answer.status, answer.headers["content-type"], answer.body
    )
    assert answer.status == 200 and "token" in json.loads(answer.body)
