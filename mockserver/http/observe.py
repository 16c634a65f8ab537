"""One access-log line and one journal entry per emulated request, with secrets redacted."""

import json
import logging
import time
from datetime import UTC, datetime

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from mockserver.core.journal import MAX_BODY_BYTES, redact_headers
from mockserver.http.emulated import OPERATION_KEY, USER_KEY, backend_of

access_log = logging.getLogger("mockserver.access")
_UNJOURNALED_PREFIXES = ("/__admin", "/openapi")
# Kept in the WSGI environ of the request itself: no request data in flask.g.
_STARTED = "aa_mock.started"


def _start() -> None:
    request.environ[_STARTED] = time.perf_counter()


def _request_body() -> bytes:
    try:
        return request.get_data(cache=True)[:MAX_BODY_BYTES]
    except HTTPException:  # e.g. a body over the size limit: it was never read
        return b""


def _task_of_request() -> int | None:
    """The API Task an execution URL names (the only requests that belong to a task)."""
    file_id = (request.view_args or {}).get("fileId")
    return file_id if isinstance(file_id, int) else None


def _finish(response: Response) -> Response:
    started = request.environ.get(_STARTED, time.perf_counter())
    duration_ms = (time.perf_counter() - started) * 1000
    task = _task_of_request()
    backend = backend_of(current_app)
    query = "&".join(
        f"{k}=***" if k == "token" else f"{k}={v}" for k, v in request.args.items(multi=True)
    )
    if backend.settings.log_format == "json":
        access_log.info(
            json.dumps(
                {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "durationMs": round(duration_ms, 2),
                    "task": task,
                }
            )
        )
    else:
        access_log.info(
            "%s %s %d %.1fms%s",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            f" task={task}" if task is not None else "",
        )
    if not request.path.startswith(_UNJOURNALED_PREFIXES):
        backend.journal.record(
            time=backend.clock.now(),
            method=request.method,
            path=request.path,
            query=query,
            headers=redact_headers(request.headers.items()),
            raw_body=_request_body(),
            status=response.status_code,
            raw_response=b""
            if response.direct_passthrough
            else response.get_data()[:MAX_BODY_BYTES],
            duration_ms=round(duration_ms, 3),
            task=task,
            operation=request.environ.get(OPERATION_KEY),
            user=request.environ.get(USER_KEY),
        )
    return response


def register(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
