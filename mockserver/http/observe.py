"""One access-log line and one journal entry per emulated request, with secrets redacted."""

import json
import logging
import time
from datetime import UTC, datetime

from flask import Flask, Request, Response, current_app, request
from werkzeug.exceptions import HTTPException

from mockserver.core.journal import redact_headers
from mockserver.http.emulated import OPERATION_KEY, TASK_KEY, USER_KEY, control_room_of

access_log = logging.getLogger("mockserver.access")
_UNJOURNALED_PREFIXES = ("/__admin", "/openapi")
# Kept in the WSGI environ of the request itself: no request data in flask.g.
_STARTED = "aa_mock.started"
_WERKZEUG_REQUEST = "werkzeug.request"


def _start() -> None:
    request.environ[_STARTED] = time.perf_counter()


def _request_body(current: Request) -> bytes:
    try:
        return current.get_data(cache=True)  # the journal cuts it
    except HTTPException:  # e.g. a body over the size limit: it was never read
        return b""


def _task_of_request(current: Request) -> int | None:
    """The API Task an execution URL names, or that a view noted (a deploy's botId)."""
    file_id = (current.view_args or {}).get("fileId", current.environ.get(TASK_KEY))
    return file_id if isinstance(file_id, int) else None


# Control characters (a decoded %0a or %1b in a path), line separators and the backslash are
# written as escapes, so one request is one line and a log viewer shows what was sent.
_ESCAPES = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, ord("\\")]
}


def printable(text: str) -> str:
    return text.translate(_ESCAPES)


def _log_access(message: str, *args: object) -> None:
    """`access_log.info` without its search of the call stack for a source line that no access
    line shows: a third of the logging cost of a request."""
    record = access_log.makeRecord(access_log.name, logging.INFO, __file__, 0, message, args, None)
    access_log.handle(record)


def _finish(response: Response) -> Response:
    # The request behind Flask's proxy, looked up once instead of once per attribute (about
    # 10 µs a request): werkzeug's Request puts itself in its environ (its documented
    # `populate_request`, on by default).
    environ = request.environ
    current: Request = environ.get(_WERKZEUG_REQUEST) or request
    started = environ.get(_STARTED, time.perf_counter())
    duration_ms = (time.perf_counter() - started) * 1000
    task = _task_of_request(current)
    control_room = control_room_of(current_app)
    method, path = current.method, current.path
    if access_log.isEnabledFor(logging.INFO):
        logged = environ.get("SCRIPT_NAME", "") + path  # with /ns/<name> in a namespace
        if control_room.settings.log_format == "json":
            _log_access(
                json.dumps(
                    {
                        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                        "method": method,
                        "path": logged,
                        "status": response.status_code,
                        "durationMs": round(duration_ms, 2),
                        "task": task,
                    }
                )
            )
        else:
            _log_access(
                "%s %s %d %.1fms%s",
                printable(method),
                printable(logged),
                response.status_code,
                duration_ms,
                f" task={task}" if task is not None else "",
            )
    if not path.startswith(_UNJOURNALED_PREFIXES):
        query = (
            "&".join(
                f"{k}=***" if k == "token" else f"{k}={v}"
                for k, v in current.args.items(multi=True)
            )
            if environ.get("QUERY_STRING")
            else ""
        )
        control_room.record_request(
            method=method,
            path=path,
            query=query,
            headers=redact_headers(current.headers.items()),
            raw_body=_request_body(current),
            status=response.status_code,
            raw_response=b"" if response.direct_passthrough else response.get_data(),
            duration_ms=round(duration_ms, 3),
            task=task,
            operation=environ.get(OPERATION_KEY),
            user=environ.get(USER_KEY),
        )
    return response


def register(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
