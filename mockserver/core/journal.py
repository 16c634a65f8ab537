"""The bounded request journal: what clients sent and what the mock answered, secrets redacted."""

import json
import re
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mockserver.core.limits import MAX_JSON_DEPTH, echo, json_depth_over

REDACTED = "***"
_SECRET_HEADERS = {"x-authorization", "authorization", "cookie", "x-admin-token"}
_SECRET_FIELDS = {"password", "apiKey", "token"}


# Bodies are kept as bytes, cut at this size, and parsed only when the journal is read: recording
# stays cheap on the request path.
MAX_BODY_BYTES = 64 * 1024
# The bodies of all entries together: a burst of large requests drops the oldest entries rather
# than hold their bodies (memory returns near its level after the burst).
MAX_JOURNAL_BYTES = 16 * 1024 * 1024
# A body that cannot be shown as JSON (not JSON, cut, or too deep) is shown as this much text.
TEXT_PREVIEW_BYTES = 4096
# A secret field's value in text that is not parsed (a cut or broken JSON body).
_SECRET_IN_TEXT = re.compile(
    r'("(?:password|apiKey|token|(?i:x-authorization|authorization|cookie|x-admin-token))"'
    r'\s*:\s*)"(?:[^"\\]|\\.)*"?'
)


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
    # Sizes before the journal cut the bodies (None: not known, e.g. an entry read over HTTP).
    body_size: int | None = None
    response_size: int | None = None

    @property
    def body(self) -> Any:
        """The request body, parsed when JSON, with secrets redacted."""
        return _parsed(self.raw_body, self.body_size)

    @property
    def response(self) -> Any:
        return _parsed(self.raw_response, self.response_size)


def _parsed(data: bytes, size: int | None = None) -> Any:
    """JSON when it can be read as JSON; otherwise the start of it as text, marked when cut,
    secrets redacted either way. Never raises, whatever a request sent."""
    if not data:
        return None
    size = len(data) if size is None else size
    too_deep = json_depth_over(data)
    if size == len(data) and not too_deep:
        try:
            return redact_body(json.loads(data))
        except (ValueError, UnicodeDecodeError, RecursionError):
            pass
    text = _SECRET_IN_TEXT.sub(
        rf'\1"{REDACTED}"', data[:TEXT_PREVIEW_BYTES].decode("utf-8", errors="replace")
    )
    if too_deep:
        return f"{text}… [not parsed: JSON nested deeper than {MAX_JSON_DEPTH} levels]"
    if size > TEXT_PREVIEW_BYTES:
        return f"{text}… [cut: {TEXT_PREVIEW_BYTES} of {size} bytes shown]"
    return text


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: REDACTED if name.lower() in _SECRET_HEADERS else value for name, value in headers}


def redact_body(body: Any, depth: int = 0) -> Any:
    """Hide passwords, API keys and tokens at any depth (also the X-Authorization header maps),
    and every header value of a deploy's callbackInfo (a callback's credentials have any name);
    what is nested deeper than the mock parses is replaced by a mark."""
    if depth >= MAX_JSON_DEPTH and isinstance(body, Mapping | list):
        return f"… [cut: nested deeper than {MAX_JSON_DEPTH} levels]"
    if isinstance(body, Mapping):
        return {
            k: REDACTED
            if (k in _SECRET_FIELDS or k.lower() in _SECRET_HEADERS) and isinstance(v, str)
            else _redact_callback(v, depth + 1)
            if k == "callbackInfo"
            else redact_body(v, depth + 1)
            for k, v in body.items()
        }
    if isinstance(body, list):
        return [redact_body(item, depth + 1) for item in body]
    return body


def _redact_callback(info: Any, depth: int) -> Any:
    if isinstance(info, Mapping) and isinstance(info.get("headers"), Mapping):
        return {**info, "headers": {name: REDACTED for name in info["headers"]}}
    return redact_body(info, depth)


@dataclass(frozen=True)
class JournalStats:
    capacity: int
    dropped: int  # entries dropped because the journal was full, since the last reset or clear


class Journal:
    """Keeps the newest `capacity` entries, their bodies MAX_JOURNAL_BYTES at most; older ones
    are dropped (and counted)."""

    def __init__(self, capacity: int, max_bytes: int = MAX_JOURNAL_BYTES):
        self._entries: deque[JournalEntry] = deque(maxlen=capacity)
        self._lock = threading.Lock()
        self._next_id = 1
        self._max_bytes = max_bytes
        self._bytes = 0
        self.dropped = 0

    def record(self, **fields: Any) -> JournalEntry:
        """Add an entry; bodies longer than MAX_BODY_BYTES are cut (their sizes are kept)."""
        for raw, size in (("raw_body", "body_size"), ("raw_response", "response_size")):
            data: bytes = fields[raw]
            fields[size] = len(data)
            fields[raw] = data[:MAX_BODY_BYTES]
        if fields.get("user"):  # a login's username, as the request sent it
            fields["user"] = echo(fields["user"])
        with self._lock:
            entry = JournalEntry(id=self._next_id, **fields)
            self._next_id += 1
            if len(self._entries) == self._entries.maxlen:
                self._drop_oldest()
            self._entries.append(entry)
            self._bytes += _stored(entry)
            while self._bytes > self._max_bytes and len(self._entries) > 1:
                self._drop_oldest()
            return entry

    def _drop_oldest(self) -> None:
        self._bytes -= _stored(self._entries.popleft())
        self.dropped += 1

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.dropped = 0

    @property
    def capacity(self) -> int:
        return self._entries.maxlen or 0

    def stats(self) -> JournalStats:
        with self._lock:
            return JournalStats(self.capacity, self.dropped)


def _stored(entry: JournalEntry) -> int:
    return len(entry.raw_body) + len(entry.raw_response)
