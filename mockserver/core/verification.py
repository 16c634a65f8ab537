"""Verification: how many journalled requests match a pattern (operation, task, method, path,
status, typed inputs, headers), and for a failed expectation the nearest requests with how each
differs (WireMock's near misses; matchers that return their reasons, like `responses`)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.core.journal import JournalEntry
from mockserver.core.values import payload_key

NEAR_MISSES = 3


@dataclass(frozen=True)
class RequestPattern:
    """Every field that is set must hold; `path` matches a substring, header names ignore case,
    an input matches its typed value's payload (`{"iStrZipCode": "95134"}`) or a whole typed
    value."""

    operation: str | None = None
    task: int | None = None
    method: str | None = None
    path: str | None = None
    status: int | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [
            f"{name} {value!r}"
            for name, value in (
                ("operation", self.operation),
                ("task", self.task),
                ("method", self.method),
                ("path containing", self.path),
                ("status", self.status),
            )
            if value is not None
        ]
        parts += [f"input {k} = {v!r}" for k, v in self.inputs.items()]
        parts += [f"header {k}: {v!r}" for k, v in self.headers.items()]
        return ", ".join(parts) or "any request"


@dataclass(frozen=True)
class NearMiss:
    entry: JournalEntry
    differences: tuple[str, ...]


@dataclass(frozen=True)
class CountResult:
    count: int
    matched: tuple[JournalEntry, ...]
    near_misses: tuple[NearMiss, ...]


def differences(entry: JournalEntry, pattern: RequestPattern) -> list[str]:
    """Why `entry` does not match (empty when it does)."""
    reasons = []
    for name, wanted, actual in (
        ("operation", pattern.operation, entry.operation),
        ("task", pattern.task, entry.task),
        ("status", pattern.status, entry.status),
    ):
        if wanted is not None and wanted != actual:
            reasons.append(f"{name} is {actual!r}, not {wanted!r}")
    if pattern.method is not None and entry.method != pattern.method.upper():
        reasons.append(f"method is {entry.method}, not {pattern.method.upper()}")
    if pattern.path is not None and pattern.path not in entry.path:
        reasons.append(f"path {entry.path} does not contain {pattern.path!r}")
    reasons += _header_differences(entry, pattern.headers)
    reasons += _input_differences(entry, pattern.inputs)
    return reasons


def _header_differences(entry: JournalEntry, wanted: Mapping[str, str]) -> list[str]:
    sent = {name.lower(): value for name, value in entry.headers.items()}
    reasons = []
    for name, value in wanted.items():
        actual = sent.get(name.lower())
        if actual is None:
            reasons.append(f"header {name} is missing")
        elif actual != value:
            reasons.append(f"header {name} is {actual!r}, not {value!r}")
    return reasons


def _input_differences(entry: JournalEntry, wanted: Mapping[str, Any]) -> list[str]:
    if not wanted:
        return []
    body = entry.body
    bot_input = body.get("botInput") if isinstance(body, dict) else None
    if not isinstance(bot_input, dict):
        return ["it has no botInput"]
    reasons = []
    for name, value in wanted.items():
        if name not in bot_input:
            reasons.append(f"input {name} is missing")
        elif not _same_input(bot_input[name], value):
            reasons.append(f"input {name} is {_shown(bot_input[name])}, not {value!r}")
    return reasons


def _payload(typed: Any) -> Any:
    if not isinstance(typed, dict):
        return typed
    return typed.get(payload_key(str(typed.get("type", "STRING"))))


def _same_input(typed: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict):
        return bool(typed == wanted)
    actual = _payload(typed)
    if isinstance(wanted, bool) or isinstance(actual, bool):
        return str(actual).lower() == str(wanted).lower()
    try:
        return Decimal(str(actual)) == Decimal(str(wanted))
    except InvalidOperation:
        return str(actual) == str(wanted)


def _shown(typed: Any) -> str:
    return repr(_payload(typed))


def count_matching(entries: list[JournalEntry], pattern: RequestPattern) -> CountResult:
    """Matching entries, and the nearest others (fewest differences, newest first)."""
    matched, misses = [], []
    for entry in entries:
        reasons = differences(entry, pattern)
        if reasons:
            misses.append(NearMiss(entry, tuple(reasons)))
        else:
            matched.append(entry)
    misses.sort(key=lambda m: (len(m.differences), -m.entry.id))
    return CountResult(len(matched), tuple(matched), tuple(misses[:NEAR_MISSES]))


def expectation_failure(
    pattern: RequestPattern, result: CountResult, expected: str, holds: bool
) -> str | None:
    """None when the expectation holds, else a message a test author can act on."""
    if holds:
        return None
    lines = [
        f"expected {expected} request(s) matching {pattern.describe()}, but {result.count} matched"
    ]
    if result.near_misses:
        lines.append("nearest requests:")
        for miss in result.near_misses:
            entry = miss.entry
            lines.append(f"  #{entry.id} {entry.method} {entry.path} -> {entry.status}")
            lines.extend(f"      - {reason}" for reason in miss.differences)
    return "\n".join(lines)
