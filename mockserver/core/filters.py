"""AA's filter language for list endpoints: `filter` ({operator, field, value} or
{operator, operands}) and `sort` ([{field, direction}]), checked with the location of each problem.

Operators: NONE, eq, ne, lt, le, gt, ge, substring (case-insensitive, no wildcards), and, or, not.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.core.errors import bad_request

COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge", "substring")
LOGICAL = ("and", "or", "not")
OPERATORS = ("NONE", *COMPARISONS, *LOGICAL)

Row = Mapping[str, str | int | float | None]
Predicate = Callable[[Row], bool]


class Instant(float):
    """The kind of a date-time field: rows hold epoch seconds; a filter value is an ISO 8601
    time (UTC without an offset) or epoch milliseconds, as clients send both."""


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool


def _fail(where: str, message: str) -> None:
    raise bad_request(f"{where}: {message}", details=where)


def compile_filter(raw: Any, fields: Mapping[str, type], where: str = "filter") -> Predicate:
    """Turn a filter document into a predicate on rows; `fields` maps each filterable field to
    `int` (compared as numbers, also when the value is sent as a digit string) or `str`."""
    if raw is None:
        return lambda row: True
    if not isinstance(raw, Mapping):
        _fail(where, "must be an object {operator, field, value} or {operator, operands}")
    operator = raw.get("operator")
    if operator not in OPERATORS:
        _fail(f"{where}.operator", f"{operator!r} is not one of {', '.join(OPERATORS)}")
    if operator == "NONE":
        return lambda row: True
    if operator in LOGICAL:
        return _logical(operator, raw.get("operands"), fields, where)
    field = raw.get("field")
    if field not in fields:
        _fail(f"{where}.field", f"{field!r} is not one of {', '.join(fields)}")
    if "value" not in raw:
        _fail(f"{where}.value", "is required")
    return _comparison(operator, field, raw["value"], fields[field], where)


def _logical(operator: str, operands: Any, fields: Mapping[str, type], where: str) -> Predicate:
    if not isinstance(operands, list) or not operands:
        _fail(f"{where}.operands", f"'{operator}' needs a non-empty list of operands")
    if operator == "not" and len(operands) != 1:
        _fail(f"{where}.operands", "'not' takes exactly one operand")
    parts = [
        compile_filter(operand, fields, f"{where}.operands[{i}]")
        for i, operand in enumerate(operands)
    ]
    if operator == "and":
        return lambda row: all(p(row) for p in parts)
    if operator == "or":
        return lambda row: any(p(row) for p in parts)
    return lambda row: not parts[0](row)


def _as_number(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        _fail(f"{where}.value", f"{value!r} is not a number")
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        _fail(f"{where}.value", f"{value!r} is not a number")
        raise  # unreachable: _fail raises


def _as_instant(value: Any, where: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) / 1000
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError:
        _fail(f"{where}.value", f"{value!r} is not an ISO 8601 time or epoch milliseconds")
        raise  # unreachable: _fail raises
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()


def _comparison(operator: str, field: str, value: Any, kind: type, where: str) -> Predicate:
    if operator == "substring":
        needle = str(value).lower()
        return lambda row: row.get(field) is not None and needle in str(row[field]).lower()
    if kind is Instant:
        target: Any = _as_instant(value, where)

        def read(row: Row) -> Any:
            return row.get(field)
    elif kind is int:
        target = _as_number(value, where)

        def read(row: Row) -> Any:
            return None if row.get(field) is None else Decimal(str(row[field]))
    else:
        if not isinstance(value, str):
            _fail(f"{where}.value", f"{value!r} is not a string")
        target = value

        def read(row: Row) -> Any:
            return row.get(field)

    def compare(row: Row) -> bool:
        actual = read(row)
        if actual is None:  # an absent value (no run-as user) only ever differs
            return operator == "ne"
        outcome: bool = {
            "eq": actual == target,
            "ne": actual != target,
            "lt": actual < target,
            "le": actual <= target,
            "gt": actual > target,
            "ge": actual >= target,
        }[operator]
        return outcome

    return compare


def compile_sort(raw: Any, fields: Mapping[str, type]) -> list[SortKey]:
    """`sort`: a list of {field, direction: asc|desc}, applied in order."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        _fail("sort", "must be a list of {field, direction}")
    keys = []
    for i, entry in enumerate(raw):
        where = f"sort[{i}]"
        if not isinstance(entry, Mapping):
            _fail(where, "must be an object {field, direction}")
        field = entry.get("field")
        if field not in fields:
            _fail(f"{where}.field", f"{field!r} is not one of {', '.join(fields)}")
        direction = str(entry.get("direction", "asc")).lower()
        if direction not in ("asc", "desc"):
            _fail(f"{where}.direction", f"{entry.get('direction')!r} is not asc or desc")
        keys.append(SortKey(field, direction == "desc"))
    return keys


def sort_rows(
    rows: Sequence[Row], keys: Sequence[SortKey], fields: Mapping[str, type]
) -> list[Row]:
    """Stable sort by each key in turn (the last applied first); absent values sort last."""
    ordered = list(rows)
    for key in reversed(keys):
        present = [r for r in ordered if r.get(key.field) is not None]
        absent = [r for r in ordered if r.get(key.field) is None]
        present.sort(key=_sort_value(key.field, fields[key.field]), reverse=key.descending)
        ordered = present + absent
    return ordered


def _sort_value(field: str, kind: type) -> Callable[[Row], Any]:
    if kind is Instant:
        return lambda row: row[field]
    if kind is int:
        return lambda row: Decimal(str(row[field]))
    return lambda row: str(row[field])
