"""STRING, NUMBER, BOOLEAN and DATETIME: the types a template's text or one YAML scalar can hold."""

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mockserver.core.values.codec import Codec, payload
from mockserver.core.values.model import EmptyDateTime, TypedValueError

_MAX_EXPONENT = 308
_ZONED = re.compile(r"^(?P<stamp>[^\[\]]+?)(?:\[(?P<zone>[^\[\]]+)\])?$")


def parse_number(raw: object, where: str) -> Decimal:
    # The swagger types NUMBER as a string; JSON numbers are accepted too (see README).
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


def format_number(number: Decimal) -> str:
    return format(number, "f") if number == number.to_integral_value() else str(number)


def parse_boolean(raw: object, where: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise TypedValueError(where, f"{raw!r} is not a boolean (true or false)")


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


def format_datetime(stamp: datetime) -> str:
    text = stamp.isoformat()
    if isinstance(stamp.tzinfo, ZoneInfo):
        text += f"[{stamp.tzinfo.key}]"
    return text


class StringCodec(Codec[str]):
    name = "STRING"
    key = "string"
    python_types = (str,)

    def decode(self, value: Mapping[str, Any], where: str) -> str:
        text = payload(value, self.key, where)
        if not isinstance(text, str):
            raise TypedValueError(f"{where}.string", "must be a string")
        return text

    def encode(self, value: str) -> dict[str, Any]:
        return {"type": self.name, "string": value}

    def parse_plain(self, raw: object, where: str) -> str:
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise TypedValueError(where, "expected a STRING value")
        return str(raw)

    def empty(self) -> str:
        return ""

    def plain_from_template(self, text: str, where: str) -> object:
        return text  # as rendered, spaces included

    def plain_from_fake(self, result: object, where: str) -> object:
        return str(result)


class NumberCodec(Codec[Decimal]):
    name = "NUMBER"
    key = "number"
    python_types = (Decimal,)

    def decode(self, value: Mapping[str, Any], where: str) -> Decimal:
        return parse_number(payload(value, self.key, where), f"{where}.number")

    def encode(self, value: Decimal) -> dict[str, Any]:
        return {"type": self.name, "number": format_number(value)}

    def parse_plain(self, raw: object, where: str) -> Decimal:
        return parse_number(raw, where)

    def empty(self) -> Decimal:
        return Decimal()

    def to_template(self, value: Decimal) -> Any:
        # int or float, so that `x * 1.2` works in a template
        return int(value) if value == value.to_integral_value() else float(value)

    def plain_from_template(self, text: str, where: str) -> object:
        return text.strip()

    def plain_from_fake(self, result: object, where: str) -> object:
        return str(result) if isinstance(result, Decimal) else result


class BooleanCodec(Codec[bool]):
    name = "BOOLEAN"
    key = "boolean"
    python_types = (bool,)

    def decode(self, value: Mapping[str, Any], where: str) -> bool:
        return parse_boolean(payload(value, self.key, where), f"{where}.boolean")

    def encode(self, value: bool) -> dict[str, Any]:
        return {"type": self.name, "boolean": "true" if value else "false"}

    def parse_plain(self, raw: object, where: str) -> bool:
        return parse_boolean(raw, where)

    def empty(self) -> bool:
        return False

    def plain_from_template(self, text: str, where: str) -> object:
        return text.strip()


class DateTimeCodec(Codec[datetime | EmptyDateTime]):
    """Carried in `string`, like STRING (AA's deploy docs)."""

    name = "DATETIME"
    key = "string"
    python_types = (datetime, EmptyDateTime)

    def decode(self, value: Mapping[str, Any], where: str) -> datetime:
        return parse_datetime(payload(value, self.key, where), f"{where}.string", lenient_zone=True)

    def encode(self, value: datetime | EmptyDateTime) -> dict[str, Any]:
        text = "" if isinstance(value, EmptyDateTime) else format_datetime(value)
        return {"type": self.name, "string": text}

    def parse_plain(self, raw: object, where: str) -> datetime:
        if isinstance(raw, datetime):  # YAML timestamps arrive already parsed
            return raw if raw.tzinfo else raw.replace(tzinfo=UTC)
        return parse_datetime(raw, where)

    def empty(self) -> EmptyDateTime:
        return EmptyDateTime()

    def to_template(self, value: datetime | EmptyDateTime) -> Any:
        return "" if isinstance(value, EmptyDateTime) else value

    def plain_from_template(self, text: str, where: str) -> object:
        return text.strip()

    def plain_from_fake(self, result: object, where: str) -> object:
        if isinstance(result, date) and not isinstance(result, datetime):
            return datetime(result.year, result.month, result.day, tzinfo=UTC)
        return result
