"""Converts between the Control Room's typed-value JSON and plain Python values.

Python side: STRING str, NUMBER Decimal, BOOLEAN bool, DATETIME aware datetime, LIST list,
DICTIONARY dict, TABLE Table, RECORD Record, FILE FileRef, CREDENTIAL Credential.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SCALAR_TYPES = ("STRING", "NUMBER", "BOOLEAN", "DATETIME")
SUPPORTED_TYPES = (*SCALAR_TYPES, "LIST", "DICTIONARY", "TABLE", "RECORD", "FILE", "CREDENTIAL")
# Types AA's execute docs list without a value shape: named, never accepted. See
# https://docs.automationanywhere.com/bundle/enterprise-v2019/page/execute-api-task-real-time-endpoint.html
KNOWN_UNSUPPORTED_TYPES = (
    "ITERATOR",
    "VARIABLE",
    "CONDITIONAL",
    "WINDOW",
    "TASKBOT",
    "UIOBJECT",
    "EXCEPTION",
    "COORDINATE",
    "IMAGE",
    "REGION",
    "PROPERTIES",
    "TRIGGER",
    "CONDITIONALGROUP",
    "FORM",
    "FORMELEMENT",
    "HOTKEY",
    "WORKITEM",
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str


@dataclass(frozen=True)
class Table:
    schema: tuple[Column, ...]
    rows: tuple[tuple["PyValue", ...], ...]


@dataclass(frozen=True)
class Record:
    schema: tuple[Column, ...]
    values: tuple["PyValue", ...]


@dataclass(frozen=True)
class FileRef:
    path: str
    repository: str | None = None


@dataclass(frozen=True)
class Credential:
    name: str
    locker_name: str
    attribute_name: str


@dataclass(frozen=True)
class EmptyDateTime:
    """The empty DATETIME (an output nothing set): `{"type": "DATETIME", "string": ""}`."""


PyValue = Union[  # noqa: UP007 - a recursive alias needs the string forward references
    str,
    Decimal,
    bool,
    datetime,
    list["PyValue"],
    dict[str, "PyValue"],
    Table,
    Record,
    FileRef,
    Credential,
    EmptyDateTime,
]


class TypedValueError(ValueError):
    """A typed value is malformed; `where` names the variable or the place inside it."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def check_type_name(type_name: object, where: str) -> str:
    if not isinstance(type_name, str):
        raise TypedValueError(where, "'type' must be a string naming a value type")
    if type_name in SUPPORTED_TYPES:
        return type_name
    if type_name in KNOWN_UNSUPPORTED_TYPES:
        raise TypedValueError(
            where,
            f"value type {type_name} is not supported by API Task inputs "
            f"in this mock; supported: {', '.join(SUPPORTED_TYPES)}",
        )
    raise TypedValueError(
        where, f"unknown value type {type_name!r}; supported: {', '.join(SUPPORTED_TYPES)}"
    )


# -- wire -> Python


def from_wire(value: object, where: str) -> tuple[str, PyValue]:
    """Decode one typed value `{"type": ..., "<type>": ...}`; returns (type name, Python value)."""
    if not isinstance(value, dict):
        raise TypedValueError(
            where, 'must be a typed value object such as {"type": "STRING", "string": "..."}'
        )
    type_name = check_type_name(value.get("type", "STRING"), f"{where}.type")
    return type_name, _DECODERS[type_name](value, where)


def payload_key(type_name: str) -> str:
    """The key a typed value carries its payload under: the lower-case type name, except that
    DATETIME (like STRING) uses "string"."""
    return "string" if type_name in ("STRING", "DATETIME") else type_name.lower()


def _payload(value: dict[str, Any], key: str, where: str) -> Any:
    if key not in value:
        type_name = str(value.get("type", "STRING"))
        others = sorted(k for k in value if k != "type")
        sent = f" (it has {', '.join(map(repr, others))})" if others else ""
        raise TypedValueError(where, f"a {type_name} value needs the key {key!r}{sent}")
    return value[key]


def _decode_string(value: dict[str, Any], where: str) -> PyValue:
    payload = _payload(value, "string", where)
    if not isinstance(payload, str):
        raise TypedValueError(f"{where}.string", "must be a string")
    return payload


_MAX_EXPONENT = 308


def parse_number(raw: object, where: str) -> Decimal:
    # The swagger types NUMBER as a string; JSON numbers are accepted too (docs/fidelity.md).
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise TypedValueError(where, "must be a number or a numeric string")
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise TypedValueError(where, f"{raw!r} is not a number") from None
    if not number.is_finite():
        raise TypedValueError(where, f"{raw!r} is not a finite number")
    # Control Room numbers are doubles; larger exponents would also print as huge strings.
    if number and not -_MAX_EXPONENT <= number.adjusted() <= _MAX_EXPONENT:
        raise TypedValueError(where, f"{raw!r} is out of range (not a finite double)")
    return number


def _decode_number(value: dict[str, Any], where: str) -> PyValue:
    return parse_number(_payload(value, "number", where), f"{where}.number")


def parse_boolean(raw: object, where: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise TypedValueError(where, f"{raw!r} is not a boolean (true or false)")


def _decode_boolean(value: dict[str, Any], where: str) -> PyValue:
    return parse_boolean(_payload(value, "boolean", where), f"{where}.boolean")


_ZONED = re.compile(r"^(?P<stamp>[^\[\]]+?)(?:\[(?P<zone>[^\[\]]+)\])?$")


def parse_datetime(raw: object, where: str, *, lenient_zone: bool = False) -> datetime:
    """ISO 8601 with an offset, optionally followed by `[Area/City]` as the Control Room writes.
    `lenient_zone` (values on the wire) drops a label that is no IANA zone; scenario files are
    strict, so a typo in a zone is reported."""
    match = _ZONED.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise TypedValueError(
            where, f"{raw!r} is not a date-time such as 2022-04-07T00:15:00-06:00[America/Denver]"
        )
    try:
        stamp = datetime.fromisoformat(match["stamp"])
    except ValueError:
        raise TypedValueError(where, f"{raw!r} is not an ISO 8601 date-time") from None
    if stamp.tzinfo is None:
        raise TypedValueError(where, f"{raw!r} needs a UTC offset such as +00:00")
    if match["zone"] is None:
        return stamp
    try:
        zone = ZoneInfo(match["zone"])
    except (ZoneInfoNotFoundError, ValueError):
        if lenient_zone:
            # AA's own docs show labels such as [USA/New York]: the explicit offset decides the
            # instant, and a label that is no IANA zone is dropped rather than refused.
            return stamp
        raise TypedValueError(where, f"unknown time zone {match['zone']!r}") from None
    return stamp.astimezone(zone)


def _decode_datetime(value: dict[str, Any], where: str) -> PyValue:
    return parse_datetime(_payload(value, "string", where), f"{where}.string", lenient_zone=True)


def _decode_list(value: dict[str, Any], where: str) -> PyValue:
    items = _payload(value, "list", where)
    if not isinstance(items, list):
        raise TypedValueError(f"{where}.list", "must be an array of typed values")
    # The hotbot swagger types LIST items as plain strings; they are taken as STRING items.
    return [
        item if isinstance(item, str) else from_wire(item, f"{where}.list[{i}]")[1]
        for i, item in enumerate(items)
    ]


def _decode_dictionary(value: dict[str, Any], where: str) -> PyValue:
    entries = _payload(value, "dictionary", where)
    if not isinstance(entries, list):
        raise TypedValueError(f"{where}.dictionary", "must be an array of {key, value} entries")
    result: dict[str, PyValue] = {}
    for i, entry in enumerate(entries):
        here = f"{where}.dictionary[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise TypedValueError(here, 'must be an entry {"key": string, "value": typed value}')
        result[entry["key"]] = from_wire(_payload(entry, "value", here), f"{here}.value")[1]
    return result


def _decode_schema(raw: object, where: str) -> tuple[Column, ...]:
    if not isinstance(raw, list):
        raise TypedValueError(where, "must be an array of {name, type} columns")
    columns = []
    for i, column in enumerate(raw):
        if not isinstance(column, dict) or not isinstance(column.get("name"), str):
            raise TypedValueError(f"{where}[{i}]", "a column needs a string 'name'")
        columns.append(
            Column(
                column["name"], check_type_name(column.get("type", "STRING"), f"{where}[{i}].type")
            )
        )
    return tuple(columns)


def _decode_row(raw: object, columns: tuple[Column, ...], where: str) -> tuple[PyValue, ...]:
    if not isinstance(raw, list) or len(raw) != len(columns):
        raise TypedValueError(where, f"must be an array of {len(columns)} typed values")
    return tuple(from_wire(cell, f"{where}[{i}]")[1] for i, cell in enumerate(raw))


def _decode_table(value: dict[str, Any], where: str) -> PyValue:
    table = _payload(value, "table", where)
    if not isinstance(table, dict):
        raise TypedValueError(f"{where}.table", "must be an object with 'schema' and 'rows'")
    columns = _decode_schema(table.get("schema"), f"{where}.table.schema")
    rows = table.get("rows", [])
    if not isinstance(rows, list):
        raise TypedValueError(f"{where}.table.rows", "must be an array of rows")
    decoded = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise TypedValueError(f"{where}.table.rows[{i}]", 'a row is {"values": [...]}')
        decoded.append(_decode_row(row.get("values"), columns, f"{where}.table.rows[{i}].values"))
    return Table(columns, tuple(decoded))


def _decode_record(value: dict[str, Any], where: str) -> PyValue:
    record = _payload(value, "record", where)
    if not isinstance(record, dict):
        raise TypedValueError(f"{where}.record", "must be an object with 'schema' and 'values'")
    columns = _decode_schema(record.get("schema"), f"{where}.record.schema")
    return Record(columns, _decode_row(record.get("values"), columns, f"{where}.record.values"))


def _decode_file(value: dict[str, Any], where: str) -> PyValue:
    nested = _payload(value, "file", where)
    if not isinstance(nested, dict) or not isinstance(nested.get("string"), str):
        raise TypedValueError(f"{where}.file", 'must be {"type": "FILE", "string": "<path>"}')
    repository = value.get("repository")
    if repository is not None and not isinstance(repository, str):
        raise TypedValueError(f"{where}.repository", "must be a string")
    return FileRef(nested["string"], repository)


def _decode_credential(value: dict[str, Any], where: str) -> PyValue:
    raw = _payload(value, "credential", where)
    keys = ("name", "lockerName", "attributeName")
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in keys):
        raise TypedValueError(f"{where}.credential", "needs string name, lockerName, attributeName")
    return Credential(raw["name"], raw["lockerName"], raw["attributeName"])


_DECODERS = {
    "STRING": _decode_string,
    "NUMBER": _decode_number,
    "BOOLEAN": _decode_boolean,
    "DATETIME": _decode_datetime,
    "LIST": _decode_list,
    "DICTIONARY": _decode_dictionary,
    "TABLE": _decode_table,
    "RECORD": _decode_record,
    "FILE": _decode_file,
    "CREDENTIAL": _decode_credential,
}

# -- Python -> wire


def type_of(value: PyValue) -> str:
    """The Control Room type name of a Python value."""
    for py_type, name in _TYPE_NAMES:
        if isinstance(value, py_type):
            return name
    raise TypeError(f"no Control Room type for {type(value).__name__}")


_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "BOOLEAN"),
    (str, "STRING"),
    (Decimal, "NUMBER"),
    (datetime, "DATETIME"),
    (list, "LIST"),
    (dict, "DICTIONARY"),
    (Table, "TABLE"),
    (Record, "RECORD"),
    (FileRef, "FILE"),
    (Credential, "CREDENTIAL"),
    (EmptyDateTime, "DATETIME"),
)


def format_number(number: Decimal) -> str:
    return format(number, "f") if number == number.to_integral_value() else str(number)


def format_datetime(stamp: datetime) -> str:
    text = stamp.isoformat()
    if isinstance(stamp.tzinfo, ZoneInfo):
        text += f"[{stamp.tzinfo.key}]"
    return text


def to_wire(value: PyValue) -> dict[str, Any]:
    """Encode a Python value as a typed value."""
    name = type_of(value)
    if isinstance(value, bool):
        return {"type": name, "boolean": "true" if value else "false"}
    if isinstance(value, str):
        return {"type": name, "string": value}
    if isinstance(value, Decimal):
        return {"type": name, "number": format_number(value)}
    if isinstance(value, datetime):
        return {"type": name, "string": format_datetime(value)}
    if isinstance(value, EmptyDateTime):
        return {"type": name, "string": ""}
    if isinstance(value, list):
        return {"type": name, "list": [to_wire(item) for item in value]}
    if isinstance(value, dict):
        return {
            "type": name,
            "dictionary": [{"key": k, "value": to_wire(v)} for k, v in value.items()],
        }
    if isinstance(value, Table):
        return {
            "type": name,
            "table": {
                "schema": [{"name": c.name, "type": c.type} for c in value.schema],
                "rows": [{"values": [to_wire(cell) for cell in row]} for row in value.rows],
            },
        }
    if isinstance(value, Record):
        return {
            "type": name,
            "record": {
                "schema": [{"name": c.name, "type": c.type} for c in value.schema],
                "values": [to_wire(cell) for cell in value.values],
            },
        }
    if isinstance(value, FileRef):
        wire: dict[str, Any] = {
            "type": name,
            "file": {"type": "FILE", "string": value.path, "expression": ""},
        }
        if value.repository is not None:
            wire["repository"] = value.repository
        return wire
    return {
        "type": name,
        "credential": {
            "name": value.name,
            "lockerName": value.locker_name,
            "attributeName": value.attribute_name,
        },
    }


# -- plain (YAML) -> Python


def from_plain(type_name: str, raw: object, where: str) -> PyValue:
    """Build a value of `type_name` from the plain form scenario files use.

    Scalars are written as themselves; LIST items and DICTIONARY values are plain scalars (type
    inferred) or typed values; TABLE is {schema, rows: [[...]]}; RECORD is {schema, values}.
    """
    type_name = check_type_name(type_name, where)
    if isinstance(raw, dict) and "type" in raw and type_name not in ("TABLE", "RECORD"):
        decoded_type, decoded = from_wire(raw, where)
        if decoded_type != type_name:
            raise TypedValueError(where, f"expected a {type_name} value, got {decoded_type}")
        return decoded
    if type_name == "STRING":
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise TypedValueError(where, "expected a STRING value")
        return str(raw)
    if type_name == "NUMBER":
        return parse_number(raw, where)
    if type_name == "BOOLEAN":
        return parse_boolean(raw, where)
    if type_name == "DATETIME":
        if isinstance(raw, datetime):  # YAML timestamps arrive already parsed
            return raw if raw.tzinfo else raw.replace(tzinfo=UTC)
        return parse_datetime(raw, where)
    if type_name == "LIST":
        if not isinstance(raw, list):
            raise TypedValueError(where, "expected a LIST (a YAML sequence)")
        return [infer_plain(item, f"{where}[{i}]") for i, item in enumerate(raw)]
    if type_name == "DICTIONARY":
        if not isinstance(raw, dict):
            raise TypedValueError(where, "expected a DICTIONARY (a YAML mapping)")
        return {str(k): infer_plain(v, f"{where}.{k}") for k, v in raw.items()}
    if type_name in ("TABLE", "RECORD"):
        return _plain_tabular(type_name, raw, where)
    if type_name == "FILE":
        if isinstance(raw, str):
            return FileRef(raw)
        raise TypedValueError(where, "expected a FILE path string")
    if isinstance(raw, dict):
        return _decode_credential({"credential": raw}, where)
    raise TypedValueError(where, "expected a CREDENTIAL {name, lockerName, attributeName}")


def infer_plain(raw: object, where: str) -> PyValue:
    """A plain scalar or a typed value, for LIST items and DICTIONARY values."""
    if isinstance(raw, dict) and "type" in raw:
        return from_wire(raw, where)[1]
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return parse_number(raw, where)
    if isinstance(raw, str):
        return raw
    if isinstance(raw, datetime):
        return from_plain("DATETIME", raw, where)
    raise TypedValueError(where, "expected a string, number, boolean or typed value")


def _plain_tabular(type_name: str, raw: object, where: str) -> PyValue:
    if not isinstance(raw, dict):
        raise TypedValueError(where, f"expected a {type_name} mapping with 'schema'")
    columns = _decode_schema(raw.get("schema"), f"{where}.schema")

    def row(cells: object, here: str) -> tuple[PyValue, ...]:
        if not isinstance(cells, list) or len(cells) != len(columns):
            raise TypedValueError(here, f"must list {len(columns)} cells")
        return tuple(
            from_plain(c.type, cell, f"{here}[{i}]")
            for i, (c, cell) in enumerate(zip(columns, cells, strict=True))
        )

    if type_name == "RECORD":
        return Record(columns, row(raw.get("values"), f"{where}.values"))
    rows = raw.get("rows", [])
    if not isinstance(rows, list):
        raise TypedValueError(f"{where}.rows", "must be a sequence of rows")
    return Table(columns, tuple(row(r, f"{where}.rows[{i}]") for i, r in enumerate(rows)))


def to_template(value: PyValue) -> Any:
    """The value as templates see it: NUMBER as int or float (so `x * 1.2` works), TABLE as a
    list of row dicts, RECORD as a dict, DICTIONARY and LIST as themselves."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Table):
        return [
            {c.name: to_template(cell) for c, cell in zip(value.schema, row, strict=True)}
            for row in value.rows
        ]
    if isinstance(value, Record):
        return {
            c.name: to_template(cell) for c, cell in zip(value.schema, value.values, strict=True)
        }
    if isinstance(value, list):
        return [to_template(item) for item in value]
    if isinstance(value, dict):
        return {k: to_template(v) for k, v in value.items()}
    if isinstance(value, EmptyDateTime):
        return ""
    return value
