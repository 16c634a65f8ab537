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


# Below this much buffered output a running task flushes its own writes (waitress's write_soon).
_TASK_FLUSHES_BELOW = 64 * 1024


class ControlRoomChannel(HTTPChannel):  # type: ignore[misc]
    error_task_class = ControlRoomErrorTask

    def writable(self) -> bool:
        """Waitress 3 keeps a channel writable while a task thread holds its output lock to
        flush that output itself, so on a quiet machine the main loop spins in select() and
        handle_write() and starves the task of the GIL (several times the CPU per request).
        While a task runs with little buffered, the task flushes; the main loop waits until the
        task ends (it pulls the trigger) or the buffer grows."""
        task_flushes = (
            bool(self.requests)
            and not self.will_close
            and not self.close_when_flushed
            and self.total_outbufs_len < _TASK_FLUSHES_BELOW
        )
        return False if task_flushes else bool(super().writable())


def make_server(app: Any, host: str, port: int, threads: int) -> Any:
    server = create_server(app, host=host, port=port, threads=threads, ident="aa-mockserver")
    server.channel_class = ControlRoomChannel
    return server
