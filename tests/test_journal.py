"""The journal: bounded in entries and bytes, and readable whatever a request sent."""

import json
from typing import Any

from mockserver.core.journal import (
    MAX_BODY_BYTES,
    TEXT_PREVIEW_BYTES,
    Journal,
    JournalEntry,
    redact_body,
)
from mockserver.core.limits import MAX_JSON_DEPTH


def record(journal: Journal, body: bytes, response: bytes = b"") -> JournalEntry:
    fields: dict[str, Any] = {
        "time": 0.0,
        "method": "POST",
        "path": "/v2/authentication",
        "query": "",
        "headers": {},
        "raw_body": body,
        "status": 400,
        "raw_response": response,
        "duration_ms": 1.0,
        "task": None,
        "user": "u" * 10_000,
    }
    return journal.record(**fields)


def test_bodies_are_cut_and_the_cut_is_marked() -> None:
    body = json.dumps({"username": "a" * MAX_BODY_BYTES, "password": "s3cret"}).encode()
    entry = record(Journal(10), body)
    assert len(entry.raw_body) == MAX_BODY_BYTES and entry.body_size == len(body)
    assert entry.body.endswith(f"[cut: {TEXT_PREVIEW_BYTES} of {len(body)} bytes shown]")
    assert len(entry.user or "") < 300


def test_secrets_in_text_that_is_not_json_are_redacted() -> None:
    broken = (
        b'{"username": "admin", "password": "s3cret", "apiKey": "k3y\\"x", "X-Authorization": "t0k'
    )
    shown = record(Journal(10), broken).body
    assert "s3cret" not in shown and "k3y" not in shown and "t0k" not in shown
    assert shown.count('"***"') == 3 and '"username": "admin"' in shown


def test_too_deep_json_is_shown_as_text_not_parsed() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    entry = record(Journal(10), deep, response=deep)
    for value in (entry.body, entry.response):
        assert value.startswith("[[[[")
        assert value.endswith(f"[not parsed: JSON nested deeper than {MAX_JSON_DEPTH} levels]")


def test_redaction_stops_at_the_depth_limit() -> None:
    value: Any = {"password": "s3cret"}
    for _ in range(5_000):
        value = [value]
    redacted = redact_body(value)
    for _ in range(MAX_JSON_DEPTH):
        redacted = redacted[0]
    assert redacted == f"… [cut: nested deeper than {MAX_JSON_DEPTH} levels]"


def test_the_journal_holds_a_bounded_number_of_bytes() -> None:
    journal = Journal(1000, max_bytes=10 * MAX_BODY_BYTES)
    for _ in range(50):
        record(journal, b"x" * (2 * MAX_BODY_BYTES))
    entries = journal.entries()
    assert len(entries) == 10 and journal.dropped == 40
    assert [e.id for e in entries] == list(range(41, 51))  # the newest kept
    journal.clear()
    for _ in range(5):
        record(journal, b"x" * MAX_BODY_BYTES)
    assert len(journal.entries()) == 5 and journal.dropped == 0
