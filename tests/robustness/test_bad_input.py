"""The bad-input catalogue: malformed requests across every endpoint get their documented 4xx and a
Control Room error body naming the problem, and the server keeps serving."""

import json
import socket
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from conftest import ZIP_PATH, AppFactory, CheckedClient
from contract import check_raw
from served import serve

LIST = "/orchestrator/v1/hotbot/config"
ACCESS = "/orchestrator/v1/hotbot/config/accessdetails"
CREATE = "/orchestrator/v1/hotbot/config/create"
LOGIN = "/v2/authentication"
JSON = "application/json"


@dataclass(frozen=True)
class Bad:
    """One malformed request. `auth`: none, admin (Control Room token) or exec (execute URL)."""

    label: str
    method: str
    path: str
    status: int
    fragment: str  # must appear in message or details
    body: Any = None
    data: bytes | str | None = None
    content_type: str | None = JSON
    auth: str = "admin"
    headers: dict[str, str] = field(default_factory=dict)


def typed(value: dict[str, Any]) -> dict[str, Any]:
    return {"botInput": {"iStrZipCode": value}}


def nested(depth: int, leaf: Any, wrap: Any) -> Any:
    for _ in range(depth):
        leaf = wrap(leaf)
    return leaf


CATALOGUE = [
    # malformed and truncated JSON
    Bad("truncated object", "POST", LIST, 400, "not valid JSON", data='{"page": {"offset": 0'),
    Bad(
        "truncated login",
        "POST",
        LOGIN,
        400,
        "not valid JSON",
        data='{"username": "ad',
        auth="none",
    ),
    Bad(
        "trailing garbage",
        "POST",
        ACCESS,
        400,
        "not valid JSON",
        data='{"botRepositoryPath": []} x',
    ),
    Bad("single quotes", "PUT", CREATE, 400, "not valid JSON", data="{'fileId': 5}"),
    Bad("bare word", "POST", "EXEC", 400, "not valid JSON", data="hello", auth="exec"),
    # wrong content types
    Bad("text/plain", "POST", LIST, 415, "Content-Type", data="{}", content_type="text/plain"),
    Bad(
        "form encoded login",
        "POST",
        LOGIN,
        415,
        "Content-Type",
        data="username=admin",
        content_type="application/x-www-form-urlencoded",
        auth="none",
    ),
    Bad("xml", "POST", ACCESS, 415, "Content-Type", data="<a/>", content_type="application/xml"),
    Bad(
        "no content type",
        "PUT",
        CREATE,
        415,
        "Content-Type",
        data='{"fileId": 5}',
        content_type=None,
    ),
    Bad(
        "execute as text",
        "POST",
        "EXEC",
        415,
        "Content-Type",
        data="{}",
        content_type="text/plain",
        auth="exec",
    ),
    # empty bodies
    Bad("empty list body", "POST", LIST, 400, "body", data=""),
    Bad("empty login", "POST", LOGIN, 400, "body", data="", auth="none"),
    Bad("empty access body", "POST", ACCESS, 400, "body", data=""),
    Bad("empty execute body", "POST", "EXEC", 400, "body", data="", auth="exec"),
    # over the size limit
    Bad(
        "body over the limit",
        "POST",
        ACCESS,
        413,
        "limit",
        body={"botRepositoryPath": ["x" * 5000]},
    ),
    Bad(
        "login over the limit",
        "POST",
        LOGIN,
        413,
        "limit",
        body={"username": "a" * 5000, "password": "x"},
        auth="none",
    ),
    # wrong types at every level
    Bad("body is a list", "POST", LIST, 400, "body", body=[1, 2]),
    Bad("page is a string", "POST", LIST, 400, "page", body={"page": "first"}),
    Bad("offset is a float", "POST", LIST, 400, "page.offset", body={"page": {"offset": 1.5}}),
    Bad(
        "paths is an object",
        "POST",
        ACCESS,
        400,
        "botRepositoryPath",
        body={"botRepositoryPath": {"a": 1}},
    ),
    Bad(
        "path is a number",
        "POST",
        ACCESS,
        400,
        "botRepositoryPath[0]",
        body={"botRepositoryPath": [7]},
    ),
    Bad("fileId is a list", "PUT", CREATE, 400, "fileId", body={"fileId": [5]}),
    Bad(
        "limit is a string",
        "PUT",
        CREATE,
        400,
        "concurrencyLimit",
        body={"fileId": 250, "concurrencyLimit": "2"},
    ),
    Bad(
        "password is a number",
        "POST",
        LOGIN,
        400,
        "password",
        body={"username": "admin", "password": 5},
        auth="none",
    ),
    Bad("botInput is a list", "POST", "EXEC", 400, "botInput", body={"botInput": []}, auth="exec"),
    Bad(
        "value is a string",
        "POST",
        "EXEC",
        400,
        "botInput.iStrZipCode",
        body={"botInput": {"iStrZipCode": "95134"}},
        auth="exec",
    ),
    # nulls
    Bad("null body", "POST", LIST, 400, "body", data="null"),
    Bad("null page", "POST", LIST, 400, "page", body={"page": None}),
    Bad(
        "null path", "POST", ACCESS, 400, "botRepositoryPath[0]", body={"botRepositoryPath": [None]}
    ),
    Bad(
        "null username",
        "POST",
        LOGIN,
        400,
        "username",
        body={"username": None, "password": "x"},
        auth="none",
    ),
    Bad(
        "null typed value",
        "POST",
        "EXEC",
        400,
        "botInput.iStrZipCode",
        body={"botInput": {"iStrZipCode": None}},
        auth="exec",
    ),
    # very long strings (inside the size limit), control characters, non-UTF-8
    Bad(
        "long unknown path",
        "POST",
        ACCESS,
        404,
        "not found",
        body={"botRepositoryPath": ["p" * 900]},
    ),
    Bad(
        "control characters in username",
        "POST",
        LOGIN,
        401,
        "Invalid username",
        body={"username": "ad\u0000min\u001b", "password": "x"},
        auth="none",
    ),
    Bad(
        "non-UTF-8 bytes",
        "POST",
        LOGIN,
        400,
        "not valid JSON",
        data=b'{"username": "\xff\xfe"}',
        auth="none",
    ),
    Bad(
        "lone surrogate escape",
        "POST",
        ACCESS,
        404,
        "not found",
        data='{"botRepositoryPath": ["\\ud800"]}',
    ),
    # huge and negative page values
    Bad("negative offset", "POST", LIST, 400, "page.offset", body={"page": {"offset": -5}}),
    Bad("zero length", "POST", LIST, 400, "page.length", body={"page": {"length": 0}}),
    Bad("huge length", "POST", LIST, 400, "page.length", body={"page": {"length": 10**12}}),
    # duplicate and empty repository paths
    Bad("no paths", "POST", ACCESS, 400, "botRepositoryPath", body={"botRepositoryPath": []}),
    Bad(
        "empty path", "POST", ACCESS, 400, "botRepositoryPath[0]", body={"botRepositoryPath": [""]}
    ),
    Bad(
        "blank path",
        "POST",
        ACCESS,
        400,
        "botRepositoryPath[1]",
        body={"botRepositoryPath": [ZIP_PATH, "   "]},
    ),
    Bad(
        "repeated path",
        "POST",
        ACCESS,
        400,
        "botRepositoryPath[1]",
        body={"botRepositoryPath": [ZIP_PATH, ZIP_PATH]},
    ),
    # odd HTTP methods
    Bad("PATCH allocations", "PATCH", LIST, 405, "PATCH", body={}),
    Bad("DELETE access details", "DELETE", ACCESS, 405, "DELETE"),
    Bad("PROPFIND login", "PROPFIND", LOGIN, 405, "PROPFIND", auth="none"),
    Bad("GET execute", "GET", "EXEC", 405, "GET", auth="exec"),
    # both auth headers, broken auth headers
    Bad("both auth headers", "POST", LIST, 400, "X-Authorization", body={}, auth="both"),
    Bad(
        "empty token",
        "POST",
        LIST,
        401,
        "X-Authorization",
        body={},
        auth="none",
        headers={"X-Authorization": ""},
    ),
    Bad(
        "bearer without token",
        "POST",
        LIST,
        401,
        "Bearer",
        body={},
        auth="none",
        headers={"Authorization": "Bearer "},
    ),
    Bad(
        "token with spaces inside",
        "POST",
        LIST,
        401,
        "malformed",
        body={},
        auth="none",
        headers={"X-Authorization": "eyJ abc def"},
    ),
    # unknown typed value types
    Bad(
        "unknown type",
        "POST",
        "EXEC",
        400,
        "botInput.iStrZipCode.type",
        body=typed({"type": "BLOB", "string": "x"}),
        auth="exec",
    ),
    Bad(
        "lower-case type",
        "POST",
        "EXEC",
        400,
        "botInput.iStrZipCode.type",
        body=typed({"type": "string", "string": "x"}),
        auth="exec",
    ),
    Bad(
        "documented type without a payload, sent to a STRING input",
        "POST",
        "EXEC",
        400,
        "expects type STRING, got HOTKEY",
        body=typed({"type": "HOTKEY"}),
        auth="exec",
    ),
    Bad(
        "misspelt type",
        "POST",
        "EXEC",
        400,
        "did you mean 'WORKITEM'?",
        body=typed({"type": "WORKITME", "string": "x"}),
        auth="exec",
    ),
    Bad(
        "nested unknown type",
        "POST",
        "EXEC",
        400,
        "botInput.iStrZipCode.list[0].type",
        body=typed({"type": "LIST", "list": [{"type": "X"}]}),
        auth="exec",
    ),
    # nesting past what the validators can follow (it once answered 500)
    Bad(
        "LIST nested 100 deep",
        "POST",
        "EXEC",
        400,
        "nested deeper than 64 levels",
        body=typed(nested(100, {"string": "x"}, lambda v: {"type": "LIST", "list": [v]})),
        auth="exec",
    ),
    Bad(
        "opaque value nested 300 deep",
        "POST",
        "EXEC",
        400,
        "nested deeper than 64 levels",
        body=typed({"type": "WORKITEM", "x": nested(300, 1, lambda v: {"a": v})}),
        auth="exec",
    ),
    Bad(
        "arrays nested past the JSON parser",
        "POST",
        "EXEC",
        400,
        "nested deeper than 64 levels",
        data="[" * 2000 + "]" * 2000,
        auth="exec",
    ),
    # unknown paths
    Bad(
        "unknown hotbot path",
        "POST",
        "/orchestrator/v1/hotbot/nope",
        404,
        "No such resource",
        body={},
    ),
    Bad(
        "execute on a negative file",
        "POST",
        "/hotbot--1-knative-x/execute",
        404,
        "No such resource",
        body={},
    ),
]


@pytest.fixture
def small_limit_client(make_app: AppFactory) -> CheckedClient:
    client = make_app(max_body_bytes=4096).test_client()
    assert isinstance(client, CheckedClient)
    return client


def test_catalogue_is_large_enough() -> None:
    assert len(CATALOGUE) >= 40
    assert len({bad.label for bad in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("bad", CATALOGUE, ids=[b.label for b in CATALOGUE])
def test_bad_input_gets_a_control_room_4xx(small_limit_client: CheckedClient, bad: Bad) -> None:
    client = small_limit_client
    headers = dict(bad.headers)
    path = bad.path
    if bad.auth in ("admin", "both"):
        headers.update(client.login("admin"))
    if bad.auth == "both":
        headers["Authorization"] = "Bearer " + headers["X-Authorization"]
    if path == "EXEC":
        detail = client.access()
        path, headers = detail["url"], {**headers, **detail["headers"]}
    kwargs: dict[str, Any] = {"headers": headers}
    if bad.body is not None:
        kwargs["json"] = bad.body
    elif bad.data is not None:
        kwargs["data"] = bad.data
        if bad.content_type is not None:
            kwargs["content_type"] = bad.content_type
    if bad.body is not None and bad.content_type != JSON:
        kwargs["content_type"] = bad.content_type
    response = client.open(path, method=bad.method, **kwargs)
    assert response.status_code == bad.status, response.get_data(as_text=True)
    body = response.get_json()
    assert bad.fragment in f"{body['message']} {body['details'] or ''}"
    # ... and the server keeps serving
    assert client.get("/__admin/health").status_code == 200


@pytest.fixture(scope="module")
def production_port() -> Iterator[int]:
    """`aa-mockserver serve` (granian, as in the Docker image) on a free port."""
    with serve() as served:
        yield served.port


def raw_request(port: int, header_lines: bytes) -> tuple[int, bytes, bytes]:
    request = (
        b"POST /orchestrator/v1/hotbot/config HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\n"
        + header_lines
        + b"Content-Length: 2\r\nConnection: close\r\n\r\n{}"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), head.lower(), body


@pytest.mark.parametrize(
    "header",
    [
        b"X-Authorization: abc\ndef\r\n",  # bare LF
        b"X-Authorization: abc\rdef\r\n",  # bare CR
        b"X-Authorization: abc\r\n def\r\n",  # obsolete line folding
        b"Bad Header Name: abc\r\n",
    ],
)
def test_malformed_http_is_refused_by_the_http_layer(production_port: int, header: bytes) -> None:
    """The production server's HTTP parser (granian) refuses what is not HTTP/1.1 before the
    Control Room sees it, as the web server in front of a real Control Room would: a bare 400 with
    no body that closes the connection, and nothing of the offending line echoed."""
    status, head, body = raw_request(production_port, header)
    assert (status, body) == (400, b"")
    assert b"connection: close" in head and b"abc" not in head
    healthy = urllib.request.urlopen(
        f"http://127.0.0.1:{production_port}/__admin/health", timeout=10
    )
    assert healthy.status == 200


def test_a_well_formed_request_on_the_raw_socket_gets_the_control_room_body(
    production_port: int,
) -> None:
    """The same raw request without the fault reaches the Control Room (a token is missing)."""
    status, head, body = raw_request(production_port, b"")
    assert status == 401 and b"content-type: application/json" in head
    check_raw("POST", "/orchestrator/v1/hotbot/config", status, "application/json", body)
    assert set(json.loads(body)) == {"code", "details", "message"}
