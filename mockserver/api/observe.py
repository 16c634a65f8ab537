"""One access-log line and one journal entry per emulated request, with secrets redacted."""

import json
import logging
import time

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from mockserver.api.guard import current_state
from mockserver.journal import MAX_BODY_BYTES, redact_headers

access_log = logging.getLogger("mockserver.access")
_UNJOURNALED_PREFIXES = ("/__admin", "/openapi")


def _start() -> None:
    g.started = time.perf_counter()


def _request_body() -> bytes:
    try:
        return request.get_data(cache=True)[:MAX_BODY_BYTES]
    except HTTPException:  # e.g. a body over the size limit: it was never read
        return b""


def _response_body(response: Response) -> bytes:
    return b"" if response.direct_passthrough else response.get_data()[:MAX_BODY_BYTES]


def _finish(response: Response) -> Response:
    duration_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    task = g.get("task_file_id")
    state = current_state()
    query = "&".join(
        f"{k}=***" if k == "token" else f"{k}={v}" for k, v in request.args.items(multi=True)
    )
    if state.settings.log_format == "json":
        access_log.info(
            json.dumps(
                {
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
        state.journal.record(
            time=state.clock.now(),
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
        )
    return response


def register(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
