"""Checks every request passes before any view, emulated or admin: exactly one valid `Host` (on
the allow-list when one is set), a method in capitals, not too many headers."""

from typing import Any

from flask import Flask, current_app, request

from mockserver.core.errors import ApiError, bad_request
from mockserver.core.limits import MAX_HEADERS, echo
from mockserver.http.emulated import control_room_of
from mockserver.http.host import host_allowed, valid_host

_UNPREFIXED = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})


def _check_request() -> None:
    environ = request.environ
    method = environ.get("REQUEST_METHOD", "")
    if method != method.upper():
        # Werkzeug reads `post` as POST; HTTP methods are case-sensitive (RFC 9110, 9.1).
        adapter = current_app.url_map.bind_to_environ(environ)
        error = ApiError(
            405,
            "method.not.allowed",
            f"Method {echo(method)} is not allowed on {echo(request.path)}: HTTP methods are "
            "case-sensitive",
        )
        error.headers["Allow"] = ", ".join(sorted(adapter.allowed_methods()))
        raise error
    host = environ.get("HTTP_HOST", "")
    if not valid_host(host):
        raise bad_request(
            "The request needs exactly one Host header naming a host (and port)", details="Host"
        )
    allowed = control_room_of(current_app).settings.allowed_hosts
    if not host_allowed(host, allowed):
        raise bad_request(
            f"Host {echo(host)} is not one this mock serves (AA_MOCK_ALLOWED_HOSTS)",
            details="Host",
        )
    # The environ holds every header and a score of other keys: count only when it could be over.
    if len(environ) > MAX_HEADERS and (count := _header_count(environ)) > MAX_HEADERS:
        raise ApiError(
            431,
            "request.headers.too.many",
            f"The request has {count} headers; the mock takes at most {MAX_HEADERS}",
        )


def _header_count(environ: dict[str, Any]) -> int:
    # granian's environ also holds the process environment, so this runs on every request there:
    # a list comprehension and a set intersection cost half a generator's sum.
    return len([key for key in environ if key[:5] == "HTTP_"]) + len(_UNPREFIXED & environ.keys())


def register(app: Flask) -> None:
    app.before_request(_check_request)
