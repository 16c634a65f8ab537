"""Every request's body is read before it is answered, whatever the answer.

A server can only read the next request on a keep-alive connection once this one's body is off
the socket: granian closes the connection when the app answers without reading it (mostly without
saying `Connection: close`), so a wrong admin token, a 404 or a health check sent with a body
would cost the client its connection. A body over `max_body_bytes`, sent with a Content-Length or
chunked, gets the Control Room's 413 (`error_handlers`) once the rest of it has been read and
dropped, so that a client still sending sees the answer instead of a reset connection; past
`DISCARD_BYTES` more it is left unread.
"""

import io

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

# How much of a body over the limit is read and dropped before the 413.
DISCARD_BYTES = 8 * 1024 * 1024
_CHUNK_BYTES = 64 * 1024


def _read_body(limit: int) -> None:
    declared = request.content_length
    if declared is not None and declared > limit + DISCARD_BYTES:
        raise RequestEntityTooLarge()  # not worth reading
    environ = request.environ
    # Bounded by the Content-Length, or by the end of a chunked body, which the server marks (a
    # chunked body's Content-Length, if one came too, is ignored: RFC 9112, 6.3).
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        stream = environ["wsgi.input"]
    else:
        stream = get_input_stream(environ, max_content_length=None)
    data = stream.read(limit + 1)
    if len(data) > limit:
        dropped = 0
        while dropped < DISCARD_BYTES and (chunk := stream.read(_CHUNK_BYTES)):
            dropped += len(chunk)
        raise RequestEntityTooLarge()
    # Read once, here: the views, validation and the journal read this copy, now a sized body.
    environ["wsgi.input"] = io.BytesIO(data)
    environ["CONTENT_LENGTH"] = str(len(data))
    environ.pop("HTTP_TRANSFER_ENCODING", None)


def register(app: Flask, limit: int) -> None:
    """Bodies of up to `limit` bytes are read; register before any hook that may answer early
    (CORS preflights)."""
    app.before_request(lambda: _read_body(limit))
