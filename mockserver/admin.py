"""Test-control operations behind `/__admin` and MockServer: health, journal, clock, faults."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from mockserver._version import __version__
from mockserver.errors import bad_request
from mockserver.faults import InjectedFault
from mockserver.journal import JournalEntry
from mockserver.state import MockState
from mockserver.tokens import TokenRecord


def health(state: MockState) -> dict[str, Any]:
    return {
        "status": "ok",
        "version": __version__,
        "scenario": state.scenario.name,
        "uptimeSeconds": round(state.clock.now() - state.started_at, 3),
    }


def filter_journal(
    entries: list[JournalEntry],
    *,
    method: str | None = None,
    path: str | None = None,
    status: int | None = None,
    task: int | None = None,
    since: float | None = None,
    limit: int | None = None,
) -> list[JournalEntry]:
    """Oldest first; `path` matches a substring; `limit` keeps the newest entries."""
    selected = [
        e
        for e in entries
        if (method is None or e.method == method.upper())
        and (path is None or path in e.path)
        and (status is None or e.status == status)
        and (task is None or e.task == task)
        and (since is None or e.time >= since)
    ]
    return selected[-limit:] if limit else selected


def clock_json(state: MockState) -> dict[str, Any]:
    status = state.clock.status()
    return {
        "now": status.now,
        "iso": datetime.fromtimestamp(status.now, UTC).isoformat(),
        "offsetSeconds": status.offset_seconds,
        "frozen": status.frozen,
    }


def change_clock(state: MockState, body: Mapping[str, Any]) -> dict[str, Any]:
    """Apply one of {advance: s}, {set: epoch or ISO}, {freeze: true}, {resume: true}."""
    actions = [k for k in ("advance", "set", "freeze", "resume") if k in body]
    if len(actions) != 1:
        raise bad_request(
            "Send exactly one of 'advance', 'set', 'freeze', 'resume'",
            details="advance, set, freeze, resume",
        )
    clock = state.clock
    if "advance" in body:
        clock.advance(float(body["advance"]))
    elif "set" in body:
        clock.set(_timestamp(body["set"]))
    elif body.get("freeze"):
        clock.freeze()
    elif body.get("resume"):
        clock.resume()
    return clock_json(state)


_MAX_DELAY_MS = 600_000
_LATEST = 4102444800.0  # 2100-01-01, as in openapi/admin.yml


def _timestamp(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise bad_request(f"set: {value!r} is not an epoch number or ISO 8601 time") from None
    stamp = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    if not 0 <= stamp <= _LATEST:
        raise bad_request(f"set: {value!r} is outside 1970..2100", details="set")
    return stamp


def parse_fault(body: Mapping[str, Any]) -> InjectedFault:
    """A fault from the admin API's JSON (or MockServer.inject_fault keywords)."""
    status = body.get("status")
    delay = float(body.get("delayMs", 0))
    if status is None and "delayMs" not in body:
        raise bad_request("A fault needs a 'status', a 'delayMs' or both", details="status")
    if "delayMs" in body and not 0 < delay <= _MAX_DELAY_MS:
        raise bad_request(f"delayMs must be above 0 and at most {_MAX_DELAY_MS}", details="delayMs")
    if status is not None and not 400 <= int(status) <= 599:
        raise bad_request("status must be 400..599", details="status")
    count = int(body.get("count", 1))
    if count < 1:
        raise bad_request("count must be at least 1", details="count")
    return InjectedFault(
        id=0,
        operation=body.get("operation"),
        task=body.get("task"),
        remaining=count,
        status=None if status is None else int(status),
        code=str(body.get("code", "mock.injected.fault")),
        message=str(body.get("message", "Fault injected through the admin API")),
        delay_ms=delay,
    )


def fault_json(fault: InjectedFault) -> dict[str, Any]:
    return {
        "id": fault.id,
        "operation": fault.operation,
        "task": fault.task,
        "remaining": fault.remaining,
        "status": fault.status,
        "code": fault.code,
        "message": fault.message,
        "delayMs": fault.delay_ms,
    }


def token_json(record: TokenRecord) -> dict[str, Any]:
    return {
        "id": record.token_id,
        "kind": record.kind.value,
        "subject": record.subject,
        "botId": record.bot_id,
        "issuedAt": record.issued_at,
        "expiresAt": record.expires_at,
        "revoked": record.revoked_reason,
        "token": "***",
    }
