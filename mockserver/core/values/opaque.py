"""The 17 documented types without a documented payload (WINDOW, WORKITEM...), kept as sent."""

import copy
import json
import math
from collections.abc import Mapping
from typing import Any

from mockserver.core.values.codec import Codec, Nested
from mockserver.core.values.model import TYPE_NAMES, OpaqueValue, TypedValueError

# AA's deploy swagger gives these types sub-objects of their own (`window`, `hotKey`,
# `queueName`...) but the API Task docs document none of them, so the mock keeps what it is sent.
# Every documented type that has no codec of its own below the table's shaped ones.
SHAPED_TYPES = frozenset(
    {
        "STRING",
        "NUMBER",
        "BOOLEAN",
        "DATETIME",
        "LIST",
        "DICTIONARY",
        "TABLE",
        "RECORD",
        "FILE",
        "CREDENTIAL",
    }
)
OPAQUE_TYPES = tuple(name for name in TYPE_NAMES if name not in SHAPED_TYPES)


def _check_json(raw: object, where: str) -> None:
    """Refuse what JSON cannot carry (a YAML date, a number key, NaN) before it reaches a reply."""
    if isinstance(raw, dict):
        for key, item in raw.items():
            if not isinstance(key, str):
                raise TypedValueError(where, f"key {key!r} must be a string")
            _check_json(item, f"{where}.{key}")
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            _check_json(item, f"{where}[{i}]")
    elif isinstance(raw, float) and not math.isfinite(raw):
        raise TypedValueError(where, f"{raw!r} is not a finite number")
    elif raw is not None and not isinstance(raw, str | int | float | bool):
        raise TypedValueError(where, f"a {type(raw).__name__} cannot be sent as JSON")


class OpaqueCodec(Codec[OpaqueValue]):
    """Wire form: any typed object of this type, kept as sent. Plain form: the object's fields
    (`type` may be left out), or a scalar, which becomes its `string`. Templates read its
    `string` if it has one, else its compact JSON."""

    key = "string"
    python_types = ()  # the table finds an OpaqueValue's codec by the value's own type name

    def __init__(self, name: str, nested: Nested, reserved: Mapping[str, str]):
        self.name = name
        self.nested = nested
        # Payload keys of the documented types (`string`, `list`...): where present, they must
        # hold what that type holds, so an answer that echoes them matches the Value schema.
        self.reserved = reserved

    def decode(self, value: Mapping[str, Any], where: str) -> OpaqueValue:
        _check_json(dict(value), where)
        for key, owner in self.reserved.items():
            if key in value:
                self.nested.from_wire({"type": owner, key: value[key]}, where)
        if not isinstance(value.get("repository", ""), str):
            raise TypedValueError(f"{where}.repository", "must be a string")
        return OpaqueValue(self.name, copy.deepcopy(dict(value)))

    def encode(self, value: OpaqueValue) -> dict[str, Any]:
        return copy.deepcopy(value.fields)

    def parse_plain(self, raw: object, where: str) -> OpaqueValue:
        if isinstance(raw, dict):
            return self.decode({"type": self.name, **raw}, where)
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise TypedValueError(
                where, f"expected a {self.name} value: a mapping of its fields, or a string"
            )
        return OpaqueValue(self.name, {"type": self.name, "string": str(raw)})

    def empty(self) -> OpaqueValue:
        return OpaqueValue(self.name, {"type": self.name, "string": ""})

    def to_template(self, value: OpaqueValue) -> Any:
        text = value.fields.get("string")
        if isinstance(text, str):
            return text
        return json.dumps(value.fields, separators=(",", ":"), ensure_ascii=False)

    def plain_from_template(self, text: str, where: str) -> object:
        # `{{ inputs.item }}` renders the whole object when it has no `string`: read it back.
        try:
            parsed = json.loads(text)
        except ValueError:
            return text
        return parsed if isinstance(parsed, dict) else text
