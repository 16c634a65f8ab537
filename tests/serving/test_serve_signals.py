"""Stopping `serve`: SIGTERM (`docker stop`) and Ctrl-C let requests in flight finish for up to
AA_MOCK_DRAIN_SECONDS, then the process exits 0, whatever its clients leave open."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from contract import check_raw
from raw_http import RawConnection, RawResponse, request_head
from served import execution_access

# Beyond the drain, what stopping may take: granian stopping its worker, the interpreter exiting.
STOP_SECONDS = 5.0
SLOW_REPORT = "Automation Anywhere\\Bots\\Latency\\Slow Report"  # 1.5 s of emulated latency


@contextmanager
def serving(*args: str, drain_seconds: int) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`serve` on a free port with its output captured; yields the process and its port."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "AA_MOCK_DRAIN_SECONDS": str(drain_seconds)},
        start_new_session=True,  # its own process group: a failed test ends the worker too
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        base = json.loads(banner)["url"] if banner.startswith("{") else banner.split()[-1]
        yield process, int(base.rsplit(":", 1)[1])
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)


def stop(process: subprocess.Popen[str], how: signal.Signals) -> tuple[float, str]:
    """Send `how` and wait for the exit: (seconds it took, what it wrote on stderr)."""
    begin = time.monotonic()
    process.send_signal(how)
    _, errors = process.communicate(timeout=60)
    return time.monotonic() - begin, errors


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_stops_serve_cleanly(how: signal.Signals) -> None:
    """Ctrl-C, and SIGTERM, which `docker stop` sends (PID 1 ignores it without a handler)."""
    with serving(drain_seconds=5) as (process, _):
        took, errors = stop(process, how)
    assert process.returncode == 0 and "Traceback" not in errors, errors
    assert took < STOP_SECONDS, took


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_open_connections_do_not_keep_serve_running(how: signal.Signals) -> None:
    """An idle keep-alive connection, a request whose body is half sent and one whose headers
    are: the process still exits 0 within the drain and a few seconds."""
    drain = 1
    with serving(drain_seconds=drain) as (process, port):
        idle = RawConnection(port)
        idle.send(request_head("GET", "/__admin/health"))
        assert idle.response().status == 200
        half_body = RawConnection(port)
        half_body.send(
            request_head("POST", "/v2/authentication", 100, {"Content-Type": "application/json"})
            + b'{"username": '
        )
        half_head = RawConnection(port)
        half_head.send(b"GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.3)  # all three are in the server's hands
        took, errors = stop(process, how)
        for connection in (idle, half_body, half_head):
            connection.close()
    assert process.returncode == 0 and "Traceback" not in errors, errors
    assert took < drain + STOP_SECONDS, took


def test_a_request_in_flight_is_answered_before_serve_stops() -> None:
    """SIGTERM while an execution sleeps its emulated 1.5 s: it is answered, then serve exits."""
    answers: list[RawResponse] = []
    with serving("--scenario", "latency", drain_seconds=5) as (process, port):
        detail = execution_access(f"http://127.0.0.1:{port}", SLOW_REPORT)
        path = "/" + detail["url"].split("/", 3)[3]
        body = json.dumps({"botInput": {}}).encode()
        connection = RawConnection(port)

        def execute() -> None:
            headers = {"Content-Type": "application/json", **detail["headers"]}
            connection.send(request_head("POST", path, len(body), headers) + body)
            answers.append(connection.response())

        caller = threading.Thread(target=execute)
        caller.start()
        time.sleep(0.5)  # the execution is asleep in the worker
        took, errors = stop(process, signal.SIGTERM)
        caller.join(timeout=10)
        connection.close()
    assert process.returncode == 0 and "Traceback" not in errors, errors
    assert [answer.status for answer in answers] == [200]
    check_raw("POST", path, 200, answers[0].headers["content-type"], answers[0].body)
    assert 0.5 < took < 5 + STOP_SECONDS, took


def test_the_last_access_lines_are_written_before_serve_exits() -> None:
    """The worker's log writer flushes at exit, though multiprocessing skips atexit there."""
    with serving(drain_seconds=5) as (process, port):
        connection = RawConnection(port)
        for _ in range(3):
            connection.send(request_head("GET", "/__admin/health"))
            assert connection.response().status == 200
        connection.close()
        _, errors = stop(process, signal.SIGTERM)
    assert errors.count("GET /__admin/health 200") == 3, errors


def test_under_json_logs_granian_writes_json_lines_too() -> None:
    """Its warning that the drain ran out, say; and no advice about the number of threads."""
    with serving("--log-format", "json", "--threads", "16", drain_seconds=1) as (process, port):
        half_body = RawConnection(port)
        half_body.send(request_head("POST", "/v2/authentication", 100) + b"{")
        time.sleep(0.3)
        _, errors = stop(process, signal.SIGTERM)
        half_body.close()
    lines = [json.loads(line) for line in errors.splitlines()]
    granian = [line for line in lines if line.get("source") == "granian"]
    assert [line["level"] for line in granian] == ["warning"], lines
    assert "Killing worker" in granian[0]["message"]
