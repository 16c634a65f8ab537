"""LIST and DICTIONARY: typed values holding other typed values."""

from collections.abc import Mapping
from typing import Any

from mockserver.core.values.codec import Codec, Nested, payload
from mockserver.core.values.model import PyValue, TypedValueError

_SCALARS = (str, int, float, bool)


class ListCodec(Codec[list[PyValue]]):
    name = "LIST"
    key = "list"
    python_types = (list,)

    def __init__(self, nested: Nested):
        self.nested = nested

    def decode(self, value: Mapping[str, Any], where: str) -> list[PyValue]:
        items = payload(value, self.key, where)
        if not isinstance(items, list):
            raise TypedValueError(f"{where}.list", "must be an array of typed values")
        # The hotbot swagger types LIST items as plain strings; they are taken as STRING items.
        return [
            item if isinstance(item, str) else self.nested.from_wire(item, f"{where}.list[{i}]")[1]
            for i, item in enumerate(items)
        ]

    def encode(self, value: list[PyValue]) -> dict[str, Any]:
        return {"type": self.name, "list": [self.nested.to_wire(item) for item in value]}

    def parse_plain(self, raw: object, where: str) -> list[PyValue]:
        """Items are plain scalars (type inferred) or typed values."""
        if not isinstance(raw, list):
            raise TypedValueError(where, "expected a LIST (a YAML sequence)")
        return [self.nested.infer_plain(item, f"{where}[{i}]") for i, item in enumerate(raw)]

    def empty(self) -> list[PyValue]:
        return []

    def to_template(self, value: list[PyValue]) -> Any:
        return [self.nested.to_template(item) for item in value]

    def plain_from_fake(self, result: object, where: str) -> object:
        if isinstance(result, list | tuple | set):
            return [item if isinstance(item, _SCALARS) else str(item) for item in result]
        return result


class DictionaryCodec(Codec[dict[str, PyValue]]):
    """On the wire an array of `{key, value}` entries (AA's deploy docs and swagger)."""

    name = "DICTIONARY"
    key = "dictionary"
    python_types = (dict,)

    def __init__(self, nested: Nested):
        self.nested = nested

    def decode(self, value: Mapping[str, Any], where: str) -> dict[str, PyValue]:
        entries = payload(value, self.key, where)
        if not isinstance(entries, list):
            raise TypedValueError(f"{where}.dictionary", "must be an array of {key, value} entries")
        result: dict[str, PyValue] = {}
        for i, entry in enumerate(entries):
            here = f"{where}.dictionary[{i}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
                raise TypedValueError(
                    here, 'must be an entry {"key": string, "value": typed value}'
                )
            result[entry["key"]] = self.nested.from_wire(
                payload(entry, "value", here), f"{here}.value"
            )[1]
        return result

    def encode(self, value: dict[str, PyValue]) -> dict[str, Any]:
        entries = [{"key": k, "value": self.nested.to_wire(v)} for k, v in value.items()]
        return {"type": self.name, "dictionary": entries}

    def parse_plain(self, raw: object, where: str) -> dict[str, PyValue]:
        """A YAML mapping whose values are plain scalars (type inferred) or typed values."""
        if not isinstance(raw, dict):
            raise TypedValueError(where, "expected a DICTIONARY (a YAML mapping)")
        return {str(k): self.nested.infer_plain(v, f"{where}.{k}") for k, v in raw.items()}

    def empty(self) -> dict[str, PyValue]:
        return {}

    def to_template(self, value: dict[str, PyValue]) -> Any:
        return {k: self.nested.to_template(v) for k, v in value.items()}

    def plain_from_fake(self, result: object, where: str) -> object:
        if isinstance(result, dict):
            return {str(k): str(v) for k, v in result.items()}
        return result
