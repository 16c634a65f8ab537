"""The production server (`aa-mockserver serve`, the Docker image): granian's worker driven from
our process. These tests pin the parts of granian it relies on: the port it reports, the
listening socket, whole responses, Python threads for slow requests, and Ctrl-C."""

import errno
import http.client
import json
import signal
import socket
import subprocess
import sys

import pytest
from flask import Flask, Response, request

from contract import check_raw
from mockserver.serving.production import SERVER_NAME, make_server
from served import call, execution_access, serve, timed_beside


def small_app() -> Flask:
    app = Flask("small")

    @app.post("/echo")
    def echo() -> Response:
        return Response(request.get_data(), status=201, headers={"X-Seen": "yes"})

    @app.get("/empty")
    def empty() -> Response:
        return Response(status=204)

    return app


def test_port_zero_is_reported_and_a_connection_waits_for_start() -> None:
    server = make_server(small_app(), "127.0.0.1", 0, 2)
    try:
        assert server.effective_port > 0
        # The socket listens from construction: a client that connects before start() is served.
        early = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
        early.connect()
        server.start()
        early.request("POST", "/echo", b"hello")
        answer = early.getresponse()
        assert (answer.status, answer.read()) == (201, b"hello")
        assert answer.getheader("X-Seen") == "yes" and answer.getheader("Server") == SERVER_NAME
        early.close()
    finally:
        server.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.effective_port), timeout=2)


def test_a_port_in_use_is_an_os_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError) as refused:
            make_server(small_app(), "127.0.0.1", taken.getsockname()[1], 2)
    assert refused.value.errno == errno.EADDRINUSE


def test_chunked_bodies_and_empty_answers() -> None:
    server = make_server(small_app(), "127.0.0.1", 0, 2).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
        connection.request("POST", "/echo", iter([b"he", b"llo"]), encode_chunked=True)
        answer = connection.getresponse()
        assert (answer.status, answer.read()) == (201, b"hello")
        connection.request("GET", "/empty")
        empty = connection.getresponse()
        assert (empty.status, empty.read()) == (204, b"")
        connection.close()
    finally:
        server.close()


def test_a_slow_execution_does_not_hold_up_other_requests() -> None:
    """Latency emulation sleeps on one of the server's Python threads; others keep answering."""
    path = "Automation Anywhere\\Bots\\Latency\\Slow Report"
    with serve("--scenario", "latency") as served:
        detail = execution_access(served.base, path)

        def execute() -> None:
            # Sleeps its 1.5 s on a thread of its own (real time: `serve`'s clock).
            assert call(detail["url"], {"botInput": {}}, detail["headers"])[0] == 200

        fast, slow = timed_beside(execute, served.base, health_checks=5)
    assert fast < 1.0 and slow >= 1.5, (fast, slow)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_stops_serve_cleanly(stop: signal.Signals) -> None:
    """Ctrl-C, and SIGTERM, which `docker stop` sends (PID 1 ignores it without a handler)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        process.stdout.readline()  # the banner: serving
        process.send_signal(stop)
        _, errors = process.communicate(timeout=10)
        assert process.returncode == 0 and "Traceback" not in errors, errors
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_http_limits_of_the_production_server() -> None:
    """A body over the limit gets the Control Room 413; `Expect: 100-continue` is honoured."""
    with serve() as served:
        status, body = call(
            f"{served.base}/v2/authentication", {"username": "jdoe", "pad": "x" * 1_100_000}
        )
        assert status == 413 and body["code"] == "payload.too.large"
        login = json.dumps({"username": "jdoe", "password": "mypassword@123"}).encode()
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as connection:
            connection.sendall(
                b"POST /v2/authentication HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                b"Content-Length: " + str(len(login)).encode() + b"\r\nConnection: close\r\n\r\n"
            )
            assert connection.recv(100).startswith(b"HTTP/1.1 100 Continue")
            connection.sendall(login)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 OK") and b'"token"' in body
        check_raw("POST", "/v2/authentication", 200, "application/json", body)
