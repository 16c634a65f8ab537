"""The bad-input catalogue: malformed requests across every endpoint get their documented 4xx and a
Control Room error body naming the problem, and the server keeps serving."""

import http.client
import io
import json
import socket
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from conftest import ZIP_PATH, AppFactory, CheckedClient
from contract import check_raw
from mockserver import MockServer
from mockserver.core.limits import MAX_JSON_DEPTH, MAX_MESSAGE_CHARS
from served import serve

LIST = "/orchestrator/v1/hotbot/config"
ACCESS = "/orchestrator/v1/hotbot/config/accessdetails"
CREATE = "/orchestrator/v1/hotbot/config/create"
LOGIN = "/v2/authentication"
JSON = "application/json"
TENANT = "0a665343-88e9-17be-8189-936dad5d0144"
# Every error answer stays this small, whatever the request repeats of itself.
MAX_ERROR_ANSWER = 2 * MAX_MESSAGE_CHARS + 512


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def nested_filter(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"operator": "eq", "field": "fileId", "value": "149"}
    for _ in range(depth):
        node = {"operator": "and", "operands": [node]}
    return node


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


def wrapped(depth: int, leaf: Any, wrap: Any) -> Any:
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
        body=typed(wrapped(100, {"string": "x"}, lambda v: {"type": "LIST", "list": [v]})),
        auth="exec",
    ),
    Bad(
        "opaque value nested 300 deep",
        "POST",
        "EXEC",
        400,
        "nested deeper than 64 levels",
        body=typed({"type": "WORKITEM", "x": wrapped(300, 1, lambda v: {"a": v})}),
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
    # nesting deeper than the mock parses (issue 23): refused before any parser recurses
    Bad("nested arrays", "POST", LIST, 400, "64 levels", data=nested(65)),
    Bad("nesting bomb", "POST", LOGIN, 400, "64 levels", data="[" * 4000, auth="none"),
    Bad("nested login", "POST", LOGIN, 400, "64 levels", data=nested(490), auth="none"),
    Bad("nested filter", "POST", LIST, 400, "64 levels", body={"filter": nested_filter(40)}),
    Bad(
        "nested input",
        "POST",
        "EXEC",
        400,
        "64 levels",
        data='{"botInput": {"iStrZipCode": ' + nested(70) + "}}",
        auth="exec",
    ),
    Bad(
        "brackets inside strings do not count",
        "POST",
        LOGIN,
        401,
        "Invalid username",
        body={"username": "[" * 500, "password": "{" * 500},
        auth="none",
    ),
    # inputs an answer would repeat many times over: at most 20 problems, each cut
    Bad(
        "a thousand bad items",
        "POST",
        ACCESS,
        400,
        "and more",
        data='{"botRepositoryPath": [' + ",".join(["1"] * 1000) + "]}",
    ),
    Bad(
        "a thousand bad inputs",
        "POST",
        "EXEC",
        400,
        "and more",
        data='{"botInput": {' + ",".join(f'"i{i}": 1' for i in range(400)) + "}}",
        auth="exec",
    ),
    Bad(
        "too many repository paths",
        "POST",
        ACCESS,
        400,
        "at most 100",
        body={"botRepositoryPath": [f"p{i}" for i in range(101)]},
    ),
    # ids in URLs as the Control Room writes them; methods as HTTP spells them
    Bad(
        "fileId with a leading zero",
        "POST",
        f"/hotbot-0149-knative-{TENANT}/execute",
        404,
        "No such resource",
        body={"botInput": {"iStrZipCode": {"type": "NUMBER", "number": "95134"}}},
        auth="exec",
    ),
    Bad(
        "fileId with an Arabic-Indic digit",
        "POST",
        f"/hotbot-14\u0669-knative-{TENANT}/execute",
        404,
        "No such resource",
        body={},
        auth="exec",
    ),
    Bad(
        "fileId of 20,000 digits",
        "POST",
        f"/hotbot-{'1' * 20000}-knative-{TENANT}/execute",
        404,
        "more characters",
        body={},
        auth="exec",
    ),
    Bad("lower-case post", "post", LOGIN, 405, "case-sensitive", body={}, auth="none"),
    Bad("mixed-case Get", "Get", "/v1/authentication/token", 405, "case-sensitive", auth="none"),
    # what only the HTTP layer carries
    Bad(
        "two Host headers",
        "POST",
        LIST,
        400,
        "Host",
        body={},
        headers={"Host": "127.0.0.1,evil.example"},
    ),
    Bad("empty Host", "POST", LIST, 400, "Host", body={}, headers={"Host": ""}),
    Bad("Host with a path", "POST", LIST, 400, "Host", body={}, headers={"Host": "a/b"}),
    Bad("Host port out of range", "POST", LIST, 400, "Host", body={}, headers={"Host": "a:99999"}),
    Bad(
        "65 headers",
        "POST",
        LIST,
        431,
        "at most 64",
        body={},
        headers={f"X-Extra-{i}": "1" for i in range(65)},
    ),
    Bad("redirect-shaped spec path", "GET", "/openapi//x", 404, "No such resource", auth="none"),
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
    if bad.auth == "exec":
        detail = client.access()
        headers = {**headers, **detail["headers"]}
        path = detail["url"] if path == "EXEC" else path
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
    assert response.status_code == bad.status, response.get_data(as_text=True)[:1000]
    body = response.get_json()
    assert bad.fragment in f"{body['message']} {body['details'] or ''}"
    assert len(response.get_data()) <= MAX_ERROR_ANSWER
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


# -- what the catalogue's test client cannot send: raw sockets to MockServer (Werkzeug's server)


@pytest.fixture(scope="module")
def small_server() -> Iterator[MockServer]:
    with MockServer(max_body_bytes=4096) as running:
        yield running


def exchange(port: int, request: bytes) -> tuple[int, str | None, bytes]:
    """Send raw bytes, read one response by its length: (status, content type, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        reader = connection.makefile("rb")
        response = http.client.HTTPResponse(connection)
        response.fp = reader  # the response reads from the connection we already wrote to
        response.begin()
        return response.status, response.getheader("Content-Type"), response.read()


def chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def post_chunked(port: int, body: bytes) -> tuple[int, str | None, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        pieces = iter([body[i : i + 1000] for i in range(0, len(body), 1000)])
        connection.request(
            "POST", LOGIN, body=pieces, headers={"Content-Type": JSON}, encode_chunked=True
        )
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


def test_a_chunked_body_over_the_limit_is_a_413_like_a_sized_one(small_server: MockServer) -> None:
    too_long = json.dumps({"username": "a" * 5000, "password": "x"}).encode()
    status, content_type, body = post_chunked(small_server.port, too_long)
    check_raw("POST", LOGIN, status, content_type, body)
    assert status == 413 and json.loads(body)["code"] == "payload.too.large"
    login = json.dumps({"username": "admin", "password": "Admin#2024"}).encode()
    status, content_type, body = post_chunked(small_server.port, login)
    check_raw("POST", LOGIN, status, content_type, body)
    assert status == 200 and "token" in json.loads(body)
    recorded = small_server.requests(path=LOGIN)
    assert [e.status for e in recorded] == [413, 200]
    assert recorded[1].body == {"username": "admin", "password": "***"}


def test_a_chunked_body_through_the_test_client(small_limit_client: CheckedClient) -> None:
    """The limit is the app's own, whatever server runs it (the test client sends no size)."""
    no_size = {"CONTENT_LENGTH": ""}
    over = json.dumps({"username": "a" * 5000}).encode()
    response = small_limit_client.post(
        LOGIN,
        input_stream=io.BytesIO(over),
        headers={"Transfer-Encoding": "chunked", "Content-Type": JSON},
        environ_overrides=no_size,
    )
    assert response.status_code == 413
    login = json.dumps({"username": "admin", "password": "Admin#2024"}).encode()
    response = small_limit_client.post(
        LOGIN,
        input_stream=io.BytesIO(login),
        headers={"Transfer-Encoding": "chunked", "Content-Type": JSON},
        environ_overrides=no_size,
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "head",
    [
        b"GET /__admin/health HTTP/1.1\r\n",  # no Host
        b"GET /__admin/health HTTP/1.0\r\n",  # HTTP/1.0 without Host
        b"GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n",
        b"GET /__admin/health HTTP/1.1\r\nHost: \r\n",
        b"POST /v2/authentication HTTP/1.1\r\nHost: a b\r\n",
    ],
    ids=["none", "http/1.0 none", "two", "empty", "space"],
)
def test_a_request_without_exactly_one_valid_host_is_refused(
    small_server: MockServer, head: bytes
) -> None:
    status, content_type, body = exchange(small_server.port, head + b"Connection: close\r\n\r\n")
    assert status == 400 and content_type == "application/json"
    answer = json.loads(body)
    assert answer["code"] == "bad.request" and answer["details"] == "Host"


def test_more_headers_than_the_http_parser_takes_get_a_control_room_body(
    small_server: MockServer,
) -> None:
    extra = b"".join(b"X-Extra-%d: 1\r\n" % i for i in range(101))
    request = b"GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + b"\r\n"
    status, content_type, body = exchange(small_server.port, request)
    assert (status, content_type) == (431, "application/json")
    assert set(json.loads(body)) == {"code", "details", "message"}
    assert b"X-Extra" not in body


def test_execution_urls_are_absolute_and_well_formed(client: CheckedClient) -> None:
    for host in ("mock.example:8080", "127.0.0.1:5000", "[::1]:8080", "aa_mock"):
        detail = client.post(
            ACCESS,
            json={"botRepositoryPath": [ZIP_PATH]},
            headers={**client.login("jdoe"), "Host": host},
        ).get_json()["accessDetails"][ZIP_PATH]
        url = urllib.parse.urlsplit(detail["url"])
        assert (url.scheme, url.netloc) == ("http", host)
        assert url.path.startswith("/hotbot-149-knative-") and url.path.endswith("/execute")


def test_the_host_allow_list_keeps_other_names_out(make_app: AppFactory) -> None:
    """Against DNS rebinding: a page on evil.example whose name resolves to the mock is refused."""
    client = make_app(allowed_hosts=("mock.example", ".corp.example")).test_client()
    for host in (
        "mock.example",
        "mock.example:8080",
        "MOCK.example.",
        "corp.example",
        "a.corp.example",
    ):
        assert client.get("/__admin/health", headers={"Host": host}).status_code == 200, host
    for host in ("evil.example", "mock.example.evil.example", "xcorp.example", "localhost"):
        response = client.get("/__admin/health", headers={"Host": host})
        assert response.status_code == 400, host
        assert "AA_MOCK_ALLOWED_HOSTS" in response.get_json()["message"]


# -- the journal, the dashboard's data calls: readable after anything a request can send

DASHBOARD_READS = [
    "/__admin/requests",
    "/__admin/requests?limit=200",
    "/__admin/tokens",
    "/__admin/allocations",
    "/__admin/faults",
    "/__admin/clock",
    "/__admin/scenario",
    "/__admin/scenarios",
]


def test_hostile_bodies_leave_the_journal_and_the_dashboard_readable(
    make_app: AppFactory,
) -> None:
    client = make_app().test_client()  # the default 1 MiB limit
    bomb = "[" * 100_000  # no token needed to leave this in the journal
    client.post(LIST, data=bomb, content_type=JSON)
    client.post(LOGIN, data=nested(5000), content_type=JSON)
    client.post(
        LOGIN, data='{"username": "admin", "password": "s3cret-in-broken-json', content_type=JSON
    )
    long_login = {"username": "u" * 100_000, "password": "s3cret-in-long-json"}
    client.post(LOGIN, json=long_login)
    deep_secret = '{"password": "s3cret-deep", "x": ' + nested(100) + "}"
    client.post(LOGIN, data=deep_secret, content_type=JSON)
    for path in DASHBOARD_READS:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"s3cret" not in response.get_data(), path
    count = client.post("/__admin/requests/count", json={"path": "/v2", "inputs": {"a": "b"}})
    assert count.status_code == 200 and b"s3cret" not in count.get_data()
    bodies = [e["body"] for e in client.get("/__admin/requests").get_json()["requests"]]
    assert bodies[0].endswith(f"[not parsed: JSON nested deeper than {MAX_JSON_DEPTH} levels]")
    assert bodies[1].endswith(f"[not parsed: JSON nested deeper than {MAX_JSON_DEPTH} levels]")
    assert '"password": "***"' in bodies[2]
    assert bodies[3].startswith('{"username":"uuu') and "bytes shown]" in bodies[3]
    assert '"password": "***"' in bodies[4] and "[not parsed" in bodies[4]
