"""What one value type knows about itself (`Codec`), and what nested types ask of the table."""

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, Generic, Protocol, TypeVar

from mockserver.core.values.model import DEFAULT_TYPE, PyValue, TypedValueError

T = TypeVar("T")


class Nested(Protocol):
    """The codec table as seen by types that hold other typed values (LIST, TABLE...)."""

    def from_wire(self, value: object, where: str) -> tuple[str, PyValue]: ...

    def to_wire(self, value: PyValue) -> dict[str, Any]: ...

    def from_plain(self, type_name: str, raw: object, where: str) -> PyValue: ...

    def infer_plain(self, raw: object, where: str) -> PyValue: ...

    def to_template(self, value: PyValue) -> Any: ...

    def check_type_name(self, type_name: object, where: str) -> str: ...


class Codec(ABC, Generic[T]):
    """One Control Room value type: its wire form, Python form (`T`), the plain form scenario
    files write, its empty value and how templates and Faker results meet it."""

    name: str  # the type name on the wire
    key: str  # the key the payload travels under
    python_types: tuple[type, ...] = ()  # the Python classes this codec encodes

    @abstractmethod
    def decode(self, value: Mapping[str, Any], where: str) -> T:
        """The Python value of a typed value `{"type": name, key: ...}` from the wire."""

    @abstractmethod
    def encode(self, value: T) -> dict[str, Any]:
        """The typed value, `type` first."""

    @abstractmethod
    def parse_plain(self, raw: object, where: str) -> T:
        """The value a scenario file writes plainly (a typed value object never reaches here)."""

    @abstractmethod
    def empty(self) -> T:
        """What an output nothing set answers with."""

    def to_template(self, value: T) -> Any:
        """The value as templates see it."""
        return value

    def plain_from_template(self, text: str, where: str) -> object:
        """The plain value a template's rendered text stands for: JSON unless a scalar says
        otherwise."""
        try:
            return json.loads(text)
        except ValueError:
            raise TypedValueError(
                where, f"a {self.name} template must render JSON, got {text[:80]!r}"
            ) from None

    def plain_from_fake(self, result: object, where: str) -> object:
        """The plain value a Faker provider's result stands for."""
        return result


def payload(value: Mapping[str, Any], key: str, where: str) -> Any:
    """`value[key]`, or an error naming the type, the key and what was sent instead."""
    if key not in value:
        type_name = str(value.get("type", DEFAULT_TYPE))
        others = sorted(k for k in value if k != "type")
        sent = f" (it has {', '.join(map(repr, others))})" if others else ""
        raise TypedValueError(where, f"a {type_name} value needs the key {key!r}{sent}")
    return value[key]
