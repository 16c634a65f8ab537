"""Keep-alive connections to `serve` survive every error path: the app reads each request's
body before it answers (http/request_body.py), so granian never has to drop the connection."""

import threading
import time

from contract import check_raw
from raw_http import Dropped, RawConnection, RawResponse, request_head
from served import serve

ADMIN_TOKEN = "admin-token-for-this-test"
CONNECTIONS = 16
ROUNDS = 10
BODY = b'{"unexpected": "body"}'
# (method, path, X-Admin-Token, expected status): each sent with a body the answer ignores.
ERROR_PATHS = [
    ("POST", "/__admin/reset", "wrong", 401),
    ("GET", "/__admin/health", ADMIN_TOKEN, 200),
    ("GET", "/__admin/no-such-page", ADMIN_TOKEN, 404),
    ("GET", "/openapi", ADMIN_TOKEN, 200),
]


def test_error_paths_keep_the_connection_open() -> None:
    answers: list[tuple[str, str, RawResponse]] = []
    dropped: list[str] = []

    def client(port: int) -> None:
        connection = RawConnection(port)
        try:
            for _ in range(ROUNDS):
                for method, path, token, _ in ERROR_PATHS:
                    headers = {"Content-Type": "application/json", "X-Admin-Token": token}
                    connection.send(request_head(method, path, len(BODY), headers))
                    time.sleep(0.002)  # the body is still on its way when the app answers
                    connection.send(BODY)
                    answers.append((method, path, connection.response()))
        except (Dropped, OSError) as exc:
            dropped.append(f"{exc!r} after {path}")
        finally:
            connection.close()

    with serve(env={"AA_MOCK_ADMIN_TOKEN": ADMIN_TOKEN}) as served:
        clients = [threading.Thread(target=client, args=(served.port,)) for _ in range(CONNECTIONS)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(timeout=60)
    assert dropped == []
    assert len(answers) == CONNECTIONS * ROUNDS * len(ERROR_PATHS)
    expected = {(method, path): status for method, path, _, status in ERROR_PATHS}
    for method, path, answer in answers:
        assert answer.status == expected[method, path], (path, answer)
        assert answer.headers.get("connection", "keep-alive") != "close", (path, answer)
        check_raw(method, path, answer.status, answer.headers.get("content-type"), answer.body)
