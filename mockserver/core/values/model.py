"""The Python side of typed values: one frozen class per structured type, and the error."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Union

# The value types the Control Room documents for API Task inputs, in its order ("Default value
# is STRING"): https://docs.automationanywhere.com/bundle/enterprise-v2019/page/execute-api-task-real-time-endpoint.html
TYPE_NAMES = (
    "STRING",
    "NUMBER",
    "BOOLEAN",
    "FILE",
    "ITERATOR",
    "LIST",
    "DICTIONARY",
    "TABLE",
    "VARIABLE",
    "CONDITIONAL",
    "WINDOW",
    "TASKBOT",
    "DATETIME",
    "UIOBJECT",
    "RECORD",
    "EXCEPTION",
    "CREDENTIAL",
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
DEFAULT_TYPE = "STRING"


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


@dataclass(frozen=True)
class OpaqueValue:
    """A value of a type whose payload the Control Room does not document for API Tasks (WINDOW,
    WORKITEM...): the whole typed object, kept as sent. Never mutate `fields`."""

    type: str
    fields: dict[str, Any] = field(hash=False)


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
    OpaqueValue,
]


class TypedValueError(ValueError):
    """A typed value is malformed; `where` names the variable or the place inside it."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
