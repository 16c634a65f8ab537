"""Renders every error, ours or Werkzeug's, as a Control Room error body."""

import logging

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from mockserver.core.errors import ApiError
from mockserver.core.limits import MAX_MESSAGE_CHARS, echo

log = logging.getLogger("mockserver")

_HTTP_CODES = {
    400: "bad.request",
    404: "not.found",
    405: "method.not.allowed",
    413: "payload.too.large",
    415: "unsupported.media.type",
}


def render(error: ApiError) -> Response:
    body = error.body()
    # Whatever a message repeats of the request, the answer stays small.
    for key in ("message", "details"):
        if isinstance(body[key], str):
            body[key] = echo(body[key], MAX_MESSAGE_CHARS)
    response = jsonify(body)
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def _from_http(exc: HTTPException) -> Response:
    status = exc.code or 500
    message = {
        404: f"No such resource: {echo(request.path)}",
        405: f"Method {echo(request.method)} is not allowed on {echo(request.path)}",
        413: "Request body is larger than the configured limit",
    }.get(status, exc.description or exc.name)
    error = ApiError(status, _HTTP_CODES.get(status, "http.error"), message)
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        error.headers["Allow"] = ", ".join(exc.valid_methods)
    return render(error)


# Set by test suites so a crash fails the test instead of hiding behind a 500 body.
RAISE_UNEXPECTED = "AA_MOCK_RAISE_UNEXPECTED"


def _unexpected(exc: Exception) -> Response:
    if current_app.config.get(RAISE_UNEXPECTED):
        raise exc
    log.exception("unexpected error on %s %s", request.method, request.path)
    return render(ApiError(500, "generic.server.exception", "An unexpected problem occurred"))


def register(app: Flask) -> None:
    app.register_error_handler(ApiError, render)
    app.register_error_handler(HTTPException, _from_http)
    app.register_error_handler(Exception, _unexpected)
