"""Typed values: the Control Room's `{"type": ..., "<key>": ...}` JSON, one codec per type."""

from mockserver.core.values.codec import Codec
from mockserver.core.values.model import (
    DEFAULT_TYPE,
    TYPE_NAMES,
    Column,
    Credential,
    EmptyDateTime,
    FileRef,
    OpaqueValue,
    PyValue,
    Record,
    Table,
    TypedValueError,
)
from mockserver.core.values.opaque import OPAQUE_TYPES
from mockserver.core.values.registry import CodecTable, build_table
from mockserver.core.values.scalars import (
    format_datetime,
    format_number,
    parse_boolean,
    parse_datetime,
    parse_number,
)

# The types whose value one text can carry (a CLI argument, a captured output).
SCALAR_TYPES = ("STRING", "NUMBER", "BOOLEAN", "DATETIME")

CODECS = build_table()
codec_for = CODECS.codec
check_type_name = CODECS.check_type_name
payload_key = CODECS.payload_key
type_of = CODECS.type_of
from_wire = CODECS.from_wire
to_wire = CODECS.to_wire
from_plain = CODECS.from_plain
infer_plain = CODECS.infer_plain
to_template = CODECS.to_template
empty = CODECS.empty
from_template = CODECS.from_template
from_fake = CODECS.from_fake

__all__ = [
    "CODECS",
    "DEFAULT_TYPE",
    "OPAQUE_TYPES",
    "SCALAR_TYPES",
    "TYPE_NAMES",
    "Codec",
    "CodecTable",
    "Column",
    "Credential",
    "EmptyDateTime",
    "FileRef",
    "OpaqueValue",
    "PyValue",
    "Record",
    "Table",
    "TypedValueError",
    "check_type_name",
    "codec_for",
    "empty",
    "format_datetime",
    "format_number",
    "from_fake",
    "from_plain",
    "from_template",
    "from_wire",
    "infer_plain",
    "parse_boolean",
    "parse_datetime",
    "parse_number",
    "payload_key",
    "to_template",
    "to_wire",
    "type_of",
]
