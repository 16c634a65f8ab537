"""The bounded request journal: what clients sent and what the mock answered, secrets redacted."""

import json
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

REDACTED = "***"
_SECRET_HEADERS = {"x-authorization", "authorization", "cookie", "x-admin-token"}
_SECRET_FIELDS = {"password", "apiKey", "token"}


# Bodies are kept as bytes, cut at this size, and parsed only when the journal is read: recording
# stays cheap on the request path.
MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class JournalEntry:
    id: int
    time: float
    method: str
    path: str
    query: str
    headers: dict[str, str]
    # Raw bytes hold secrets: they stay out of repr (and so out of assertion messages).
    raw_body: bytes = field(repr=False)
    status: int
    raw_response: bytes = field(repr=False)
    duration_ms: float
    task: int | None
    operation: str | None = None  # the operationId, for emulated endpoints
    user: str | None = None  # the username the request acted as, when known

    @property
    def body(self) -> Any:
        """The request body, parsed when JSON, with secrets redacted."""
        return _parsed(self.raw_body)

    @property
    def response(self) -> Any:
        return _parsed(self.raw_response)


def _parsed(data: bytes) -> Any:
    if not data:
        return None
    try:
        return redact_body(json.loads(data))
    except (ValueError, UnicodeDecodeError):
        return data[:4096].decode("utf-8", errors="replace")


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: REDACTED if name.lower() in _SECRET_HEADERS else value for name, value in headers}


def redact_body(body: Any) -> Any:
    """Hide passwords, API keys and tokens at any depth (also the X-Authorization header maps),
    and every header value of a deploy's callbackInfo (a callback's credentials have any name)."""
    if isinstance(body, Mapping):
        return {
            k: REDACTED
            if (k in _SECRET_FIELDS or k.lower() in _SECRET_HEADERS) and isinstance(v, str)
            else _redact_callback(v)
            if k == "callbackInfo"
            else redact_body(v)
            for k, v in body.items()
        }
    if isinstance(body, list):
        return [redact_body(item) for item in body]
    return body


def _redact_callback(info: Any) -> Any:
    if isinstance(info, Mapping) and isinstance(info.get("headers"), Mapping):
        return {**info, "headers": {name: REDACTED for name in info["headers"]}}
    return redact_body(info)


@dataclass(frozen=True)
class JournalStats:
    capacity: int
    dropped: int  # entries dropped because the journal was full, since the last reset or clear


class Journal:
    """Keeps the newest `capacity` entries; older ones are dropped (and counted)."""

    def __init__(self, capacity: int):
        self._entries: deque[JournalEntry] = deque(maxlen=capacity)
        self._lock = threading.Lock()
        self._next_id = 1
        self.dropped = 0

    def record(self, **fields: Any) -> JournalEntry:
        with self._lock:
            entry = JournalEntry(id=self._next_id, **fields)
            self._next_id += 1
            if len(self._entries) == self._entries.maxlen:
                self.dropped += 1
            self._entries.append(entry)
            return entry

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.dropped = 0

    @property
    def capacity(self) -> int:
        return self._entries.maxlen or 0

    def stats(self) -> JournalStats:
        with self._lock:
            return JournalStats(self.capacity, self.dropped)
