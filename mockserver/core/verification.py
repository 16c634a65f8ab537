"""Verification: how many journalled requests match a pattern (operation, task, method, path,
status, typed inputs, headers), and for a failed expectation the nearest requests with how each
differs (WireMock's near misses; matchers that return their reasons, like `responses`)."""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.core.errors import bad_request, is_int, not_one_of
from mockserver.core.journal import JournalEntry
from mockserver.core.selectors import check_operation, check_task
from mockserver.core.values import payload_key

NEAR_MISSES = 3
HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT")


class VerificationError(AssertionError):
    """Requests were not made as a test expected; the message shows the near misses."""


@dataclass(frozen=True)
class RequestPattern:
    """Which journalled requests a test means: every field that is set must hold. `path` matches
    a substring, `method` ignores case, header names ignore case, an input matches its typed
    value's payload (`{"iStrZipCode": "95134"}`) or a whole typed value. `since` keeps requests
    answered at or after that time (epoch seconds on the mock's clock); `limit` keeps the newest
    that many of those that match. The same value drives listing, counting and verifying."""

    operation: str | None = None
    task: int | None = None
    method: str | None = None
    path: str | None = None
    status: int | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    since: float | None = None
    limit: int | None = None

    def check(self, known_tasks: Collection[int]) -> None:
        """Raise a 400 ApiError naming the field when the pattern could never match what the test
        meant (an unknown operation, task or method, a status that is no HTTP status), so an
        expectation such as `never` cannot pass by mistake."""
        check_operation(self.operation)
        check_task(self.task, known_tasks)
        if self.method is not None and (
            not isinstance(self.method, str) or self.method.upper() not in HTTP_METHODS
        ):
            shown = self.method.upper() if isinstance(self.method, str) else self.method
            raise not_one_of("method", shown, HTTP_METHODS, "an HTTP method")
        if self.status is not None and not (is_int(self.status) and 100 <= self.status <= 599):
            hint = (
                f" (did you mean {int(self.status)}?)"
                if isinstance(self.status, str) and self.status.strip().isdigit()
                else ""
            )
            raise bad_request(
                f"status {self.status!r} is not an HTTP status, an integer 100..599{hint}",
                details="status",
            )
        if self.path is not None and not isinstance(self.path, str):
            raise bad_request(f"path {self.path!r} is not a string", details="path")
        if self.since is not None and not (
            isinstance(self.since, int | float) and not isinstance(self.since, bool)
        ):
            raise bad_request(f"since {self.since!r} is not epoch seconds", details="since")
        if self.limit is not None and not (is_int(self.limit) and self.limit >= 1):
            raise bad_request(f"limit {self.limit!r} is not an integer of at least 1", "limit")
        for name, mapping in (("inputs", self.inputs), ("headers", self.headers)):
            if not isinstance(mapping, Mapping):
                raise bad_request(f"{name} must map names to values", details=name)

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
        if self.since is not None:
            parts.append(f"since {self.since!r}")
        return ", ".join(parts) or "any request"

    def window(self, entries: Iterable[JournalEntry]) -> list[JournalEntry]:
        """The entries this pattern looks at: those answered at or after `since`."""
        if self.since is None:
            return list(entries)
        return [e for e in entries if e.time >= self.since]

    def select(self, entries: Iterable[JournalEntry]) -> list[JournalEntry]:
        """The matching entries, oldest first (the newest `limit` of them)."""
        matched = [e for e in self.window(entries) if not differences(e, self)]
        return matched[-self.limit :] if self.limit else matched


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


def count_matching(entries: Iterable[JournalEntry], pattern: RequestPattern) -> CountResult:
    """Matching entries (the newest `limit`), and the nearest others (fewest differences, newest
    first)."""
    matched, misses = [], []
    for entry in pattern.window(entries):
        reasons = differences(entry, pattern)
        if reasons:
            misses.append(NearMiss(entry, tuple(reasons)))
        else:
            matched.append(entry)
    if pattern.limit:
        matched = matched[-pattern.limit :]
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


def expect(
    pattern: RequestPattern,
    result: CountResult,
    *,
    times: int | None = None,
    at_least: int | None = None,
    never: bool = False,
) -> CountResult:
    """Raise VerificationError unless `result` holds exactly `times`, `at_least` (1 when nothing
    is given) or `never` matching requests."""
    if sum((times is not None, at_least is not None, never)) > 1:
        raise ValueError("give one of times, at_least or never")
    if never:
        expected, holds = "no", result.count == 0
    elif times is not None:
        expected, holds = f"exactly {times}", result.count == times
    else:
        least = 1 if at_least is None else at_least
        expected, holds = f"at least {least}", result.count >= least
    failure = expectation_failure(pattern, result, expected, holds)
    if failure is not None:
        raise VerificationError(failure)
    return result
