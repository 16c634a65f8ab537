"""The codec table: each value type's codec, found by type name or by Python value."""

from datetime import datetime
from typing import Any

from mockserver.core.errors import did_you_mean
from mockserver.core.values.codec import Codec
from mockserver.core.values.containers import DictionaryCodec, ListCodec
from mockserver.core.values.model import (
    DEFAULT_TYPE,
    TYPE_NAMES,
    OpaqueValue,
    PyValue,
    TypedValueError,
)
from mockserver.core.values.opaque import OPAQUE_TYPES, OpaqueCodec
from mockserver.core.values.references import CredentialCodec, FileCodec
from mockserver.core.values.scalars import (
    BooleanCodec,
    DateTimeCodec,
    NumberCodec,
    StringCodec,
    parse_number,
)
from mockserver.core.values.tabular import RecordCodec, TableCodec


class CodecTable:
    """Every value type's codec; the conversions that start from a type name or a value."""

    def __init__(self) -> None:
        self._by_name: dict[str, Codec[Any]] = {}
        self._by_class: dict[type, Codec[Any]] = {}

    def register(self, codec: Codec[Any]) -> None:
        self._by_name[codec.name] = codec
        for python_type in codec.python_types:
            self._by_class.setdefault(python_type, codec)

    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def codec(self, type_name: str) -> Codec[Any]:
        """The codec of a known type name (see `check_type_name` for names from outside)."""
        return self._by_name[type_name]

    def check_type_name(self, type_name: object, where: str) -> str:
        if not isinstance(type_name, str):
            raise TypedValueError(where, "'type' must be a string naming a value type")
        if type_name in self._by_name:
            return type_name
        raise TypedValueError(
            where,
            f"unknown value type {type_name!r}{did_you_mean(type_name, self._by_name)}; "
            f"the Control Room's value types: {', '.join(self._by_name)}",
        )

    def payload_key(self, type_name: str) -> str:
        """The key a typed value carries its payload under (the lower-case type name for a name
        this table does not know)."""
        codec = self._by_name.get(type_name)
        return codec.key if codec is not None else type_name.lower()

    def codec_of(self, value: PyValue) -> Codec[Any]:
        if isinstance(value, OpaqueValue):
            return self._by_name[value.type]
        codec = self._by_class.get(type(value))
        if codec is not None:
            return codec
        for python_type, candidate in self._by_class.items():  # a subclass, e.g. of datetime
            if isinstance(value, python_type):
                return candidate
        raise TypeError(f"no Control Room type for {type(value).__name__}")

    def type_of(self, value: PyValue) -> str:
        """The Control Room type name of a Python value."""
        return self.codec_of(value).name

    def from_wire(self, value: object, where: str) -> tuple[str, PyValue]:
        """Decode one typed value `{"type": ..., "<key>": ...}`; returns (type name, value). A
        value without `type` is a STRING, as the Control Room documents."""
        if not isinstance(value, dict):
            raise TypedValueError(
                where, 'must be a typed value object such as {"type": "STRING", "string": "..."}'
            )
        type_name = self.check_type_name(value.get("type", DEFAULT_TYPE), f"{where}.type")
        return type_name, self._by_name[type_name].decode(value, where)

    def to_wire(self, value: PyValue) -> dict[str, Any]:
        """Encode a Python value as a typed value."""
        return self.codec_of(value).encode(value)

    def from_plain(self, type_name: str, raw: object, where: str) -> PyValue:
        """A value of `type_name` from the plain form scenario files use, or from a typed value
        object written out in full."""
        codec = self._by_name[self.check_type_name(type_name, where)]
        if isinstance(raw, dict) and "type" in raw:
            decoded_type, decoded = self.from_wire(raw, where)
            if decoded_type != codec.name:
                raise TypedValueError(where, f"expected a {codec.name} value, got {decoded_type}")
            return decoded
        parsed: PyValue = codec.parse_plain(raw, where)
        return parsed

    def infer_plain(self, raw: object, where: str) -> PyValue:
        """A plain scalar or a typed value, for LIST items and DICTIONARY values."""
        if isinstance(raw, dict) and "type" in raw:
            return self.from_wire(raw, where)[1]
        if isinstance(raw, bool | str):
            return raw
        if isinstance(raw, int | float):
            return parse_number(raw, where)
        if isinstance(raw, datetime):
            return self.from_plain("DATETIME", raw, where)
        raise TypedValueError(where, "expected a string, number, boolean or typed value")

    def to_template(self, value: PyValue) -> Any:
        """The value as templates see it: NUMBER as int or float (so `x * 1.2` works), TABLE as a
        list of row dicts, RECORD as a dict, DICTIONARY and LIST as themselves, the types without
        a documented payload as text."""
        return self.codec_of(value).to_template(value)

    def empty(self, type_name: str) -> PyValue:
        """What an output nothing set (or an optional input left out) is."""
        value: PyValue = self._by_name[type_name].empty()
        return value

    def from_template(self, type_name: str, text: str, where: str) -> PyValue:
        """A template's rendered text read as a value of `type_name`."""
        raw = self._by_name[type_name].plain_from_template(text, where)
        return self.from_plain(type_name, raw, where)

    def from_fake(self, type_name: str, result: object, where: str) -> PyValue:
        """A Faker provider's result read as a value of `type_name`."""
        raw = self._by_name[type_name].plain_from_fake(result, where)
        return self.from_plain(type_name, raw, where)


def build_table() -> CodecTable:
    table = CodecTable()
    documented: list[Codec[Any]] = [
        StringCodec(),
        NumberCodec(),
        BooleanCodec(),
        DateTimeCodec(),
        ListCodec(table),
        DictionaryCodec(table),
        TableCodec(table),
        RecordCodec(table),
        FileCodec(),
        CredentialCodec(),
    ]
    # STRING before DATETIME: a `string` key inside an opaque value is checked as a STRING.
    reserved = {codec.key: codec.name for codec in reversed(documented)}
    by_name = {codec.name: codec for codec in documented}
    by_name.update({name: OpaqueCodec(name, table, reserved) for name in OPAQUE_TYPES})
    for name in TYPE_NAMES:  # registered in the Control Room's order, which messages list
        table.register(by_name[name])
    return table
