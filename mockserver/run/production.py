"""The production server: one waitress process whose own HTTP-level errors (malformed request
lines, bare CR or LF in headers, oversized headers) are answered with Control Room error bodies."""

import json
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

# Waitress's error codes mapped to the mock's (see README "Error bodies and codes").
_CODES = {400: "bad.request", 413: "payload.too.large", 431: "bad.request"}


class ControlRoomErrorTask(ErrorTask):  # type: ignore[misc]
    """Waitress answers requests it cannot parse itself; answer them in the Control Room shape."""

    def execute(self) -> None:
        error = self.request.error
        # waitress quotes the offending header line; keep the reason, not a possibly secret value
        reason = str(error.body).split('"', 1)[0].strip().rstrip(":") or error.reason
        body = json.dumps(
            {
                "code": _CODES.get(error.code, "bad.request"),
                "details": None,
                "message": f"Malformed HTTP request: {reason}",
            }
        ).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class ControlRoomChannel(HTTPChannel):  # type: ignore[misc]
    error_task_class = ControlRoomErrorTask


def make_server(app: Any, host: str, port: int, threads: int) -> Any:
    server = create_server(app, host=host, port=port, threads=threads, ident="aa-mockserver")
    server.channel_class = ControlRoomChannel
    return server
