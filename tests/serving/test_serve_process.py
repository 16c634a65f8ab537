"""`aa-mockserver serve` as a process, as the Docker image runs it: the port it announces, how it
answers on the wire (chunked bodies, empty answers, its `Server` header, 413, 100-continue), and
the Docker health check against it."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract import check_raw
from raw_http import RawConnection, request_head
from served import Served, call, run_cli, serve

LOGIN = {"username": "jdoe", "password": "mypassword@123"}


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with serve() as running:
        yield running


def test_port_zero_is_announced_once_it_listens(tmp_path: Path) -> None:
    """The URL file and the banner name the port granian listens on, and are written only once
    it does: a client that connects the moment the file appears is served. (A host name is
    resolved first: granian takes IP addresses only.)"""
    url_file = tmp_path / "url"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockserver",
            "serve",
            "--host",
            "localhost",
            "--port",
            "0",
            "--url-file",
            str(url_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not url_file.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        base = url_file.read_text(encoding="utf-8").strip()
        port = int(base.rsplit(":", 1)[1])
        assert base == f"http://127.0.0.1:{port}" and port > 0
        early = RawConnection(port)  # refused if the file came before the listening socket
        early.send(request_head("GET", "/__admin/health"))
        assert early.response().status == 200
        early.close()
        assert process.stdout is not None
        assert process.stdout.readline().rstrip().endswith(f"at {base}")
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_a_port_another_serve_holds_is_in_use(served: Served) -> None:
    """granian listens with SO_REUSEPORT, so a second granian would share the port unnoticed;
    `serve` checks first."""
    second = run_cli("serve", "--port", str(served.port))
    assert second.returncode == 2
    assert second.stderr.strip().splitlines() == [
        f"aa-mockserver: cannot listen on 127.0.0.1:{served.port}: Address already in use"
    ]


def test_chunked_bodies_and_empty_answers(served: Served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        body = json.dumps(LOGIN).encode()
        connection.request(
            "POST",
            "/v2/authentication",
            iter([body[:10], body[10:]]),
            {"Content-Type": "application/json"},
            encode_chunked=True,
        )
        answer = connection.getresponse()
        data = answer.read()
        check_raw(
            "POST", "/v2/authentication", answer.status, answer.getheader("Content-Type"), data
        )
        assert answer.status == 200 and "token" in json.loads(data)
        assert answer.getheader("Server") == "aa-mockserver"
        connection.request("DELETE", "/__admin/requests")
        empty = connection.getresponse()
        assert (empty.status, empty.read()) == (204, b"")
        assert empty.getheader("Content-Type") is None
    finally:
        connection.close()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_the_limit_gets_the_413_body_and_the_connection_closes(
    served: Served, chunked: bool
) -> None:
    oversized = json.dumps({"username": "jdoe", "pad": "x" * 1_100_000}).encode()
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        connection.request(
            "POST",
            "/v2/authentication",
            iter([oversized]) if chunked else oversized,
            {"Content-Type": "application/json"},
            encode_chunked=chunked,
        )
        answer = connection.getresponse()
        data = answer.read()
    finally:
        connection.close()
    check_raw("POST", "/v2/authentication", answer.status, answer.getheader("Content-Type"), data)
    assert answer.status == 413 and json.loads(data)["code"] == "payload.too.large"
    # The rest of the body is still on the connection: the client is told it ends here.
    assert answer.getheader("Connection") == "close"
    assert call(f"{served.base}/__admin/health")[0] == 200


def test_expect_100_continue_is_honoured(served: Served) -> None:
    login = json.dumps(LOGIN).encode()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as connection:
        connection.sendall(
            request_head(
                "POST",
                "/v2/authentication",
                len(login),
                {
                    "Content-Type": "application/json",
                    "Expect": "100-continue",
                    "Connection": "close",
                },
            )
        )
        assert connection.recv(100).startswith(b"HTTP/1.1 100 Continue")
        connection.sendall(login)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK") and b'"token"' in body
    check_raw("POST", "/v2/authentication", 200, "application/json", body)


def test_the_docker_health_check_passes_against_serve(served: Served) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AA_MOCK_")}
    checked = subprocess.run(
        [sys.executable, "-m", "mockserver.serving.healthcheck"],
        timeout=30,
        env={**env, "AA_MOCK_PORT": str(served.port)},
    )
    assert checked.returncode == 0


def test_the_server_environment_does_not_pose_as_request_headers() -> None:
    """granian copies the process environment into every request's WSGI environ: HTTP_PROXY
    there, say, would look like a `Proxy` header on every request, in the journal too."""
    proxy = {"HTTP_PROXY": "http://user:proxy-password@proxy:3128", "HTTP_X_PHANTOM": "yes"}
    with serve(env=proxy) as running:
        call(f"{running.base}/v1/authentication/token")
        _, journal = call(f"{running.base}/__admin/requests")
    [entry] = journal["requests"]
    headers = entry["headers"]
    assert "Host" in headers and not {"Proxy", "X-Phantom"} & set(headers), headers
    assert "proxy-password" not in json.dumps(journal)
