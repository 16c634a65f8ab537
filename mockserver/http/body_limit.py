"""The body size limit (`AA_MOCK_MAX_BODY_BYTES`) for chunked bodies as for sized ones: Werkzeug
applies it to a `Content-Length` (413) but a chunked body, which has none, was read as far as
the server let it and then cut or dropped. It is read here, up to the limit, before any view."""

import io
from typing import Any

from flask import Flask, current_app, request

from mockserver.core.errors import ApiError

_READ_SIZE = 64 * 1024


def too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "payload.too.large",
        f"Request body is larger than the configured limit ({limit} bytes)",
        details="body",
    )


def read_chunked(environ: dict[str, Any], limit: int) -> None:
    """Read a chunked body into memory, at most `limit` bytes, and hand it on as a sized body;
    raise 413 when it is longer. Other requests are left alone."""
    # A chunked body's Content-Length, if one came too, is ignored (RFC 9112, 6.3), as Werkzeug
    # ignores it.
    if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return
    stream = environ["wsgi.input"]
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        part = stream.read(min(_READ_SIZE, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    body = b"".join(parts)[:limit]
    # What was read stays readable (the journal keeps its start); the rest is not read at all.
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    del environ["HTTP_TRANSFER_ENCODING"]  # the body is now sized: read by its length
    if size > limit:
        raise too_large(limit)


def _check() -> None:
    environ = request.environ
    if "HTTP_TRANSFER_ENCODING" in environ:  # most requests carry none: nothing to look up
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if limit is not None:
            read_chunked(environ, int(limit))


def register(app: Flask) -> None:
    app.before_request(_check)
