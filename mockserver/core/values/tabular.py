"""TABLE and RECORD: typed cells under a schema of named, typed columns (AA's deploy swagger)."""

from collections.abc import Mapping
from typing import Any

from mockserver.core.values.codec import Codec, Nested, payload
from mockserver.core.values.model import (
    DEFAULT_TYPE,
    Column,
    PyValue,
    Record,
    Table,
    TypedValueError,
)


def _decode_schema(nested: Nested, raw: object, where: str) -> tuple[Column, ...]:
    if not isinstance(raw, list):
        raise TypedValueError(where, "must be an array of {name, type} columns")
    columns = []
    for i, column in enumerate(raw):
        if not isinstance(column, dict) or not isinstance(column.get("name"), str):
            raise TypedValueError(f"{where}[{i}]", "a column needs a string 'name'")
        type_name = nested.check_type_name(column.get("type", DEFAULT_TYPE), f"{where}[{i}].type")
        columns.append(Column(column["name"], type_name))
    return tuple(columns)


def _encode_schema(columns: tuple[Column, ...]) -> list[dict[str, str]]:
    return [{"name": c.name, "type": c.type} for c in columns]


class _Tabular:
    """What TABLE and RECORD share: a schema, and rows of cells that match it."""

    def __init__(self, nested: Nested):
        self.nested = nested

    def wire_row(self, raw: object, columns: tuple[Column, ...], where: str) -> tuple[PyValue, ...]:
        if not isinstance(raw, list) or len(raw) != len(columns):
            raise TypedValueError(where, f"must be an array of {len(columns)} typed values")
        return tuple(self.nested.from_wire(cell, f"{where}[{i}]")[1] for i, cell in enumerate(raw))

    def plain_row(
        self, cells: object, columns: tuple[Column, ...], where: str
    ) -> tuple[PyValue, ...]:
        if not isinstance(cells, list) or len(cells) != len(columns):
            raise TypedValueError(where, f"must list {len(columns)} cells")
        return tuple(
            self.nested.from_plain(c.type, cell, f"{where}[{i}]")
            for i, (c, cell) in enumerate(zip(columns, cells, strict=True))
        )

    def plain_mapping(
        self, name: str, raw: object, where: str
    ) -> tuple[dict[str, Any], tuple[Column, ...]]:
        if not isinstance(raw, dict):
            raise TypedValueError(where, f"expected a {name} mapping with 'schema'")
        return raw, _decode_schema(self.nested, raw.get("schema"), f"{where}.schema")

    def template_row(self, columns: tuple[Column, ...], cells: tuple[PyValue, ...]) -> Any:
        return {
            c.name: self.nested.to_template(cell) for c, cell in zip(columns, cells, strict=True)
        }


class TableCodec(_Tabular, Codec[Table]):
    """Plain form: {schema, rows: [[cell, ...], ...]}; templates see a list of row dicts."""

    name = "TABLE"
    key = "table"
    python_types = (Table,)

    def decode(self, value: Mapping[str, Any], where: str) -> Table:
        table = payload(value, self.key, where)
        if not isinstance(table, dict):
            raise TypedValueError(f"{where}.table", "must be an object with 'schema' and 'rows'")
        columns = _decode_schema(self.nested, table.get("schema"), f"{where}.table.schema")
        rows = table.get("rows", [])
        if not isinstance(rows, list):
            raise TypedValueError(f"{where}.table.rows", "must be an array of rows")
        decoded = []
        for i, row in enumerate(rows):
            here = f"{where}.table.rows[{i}]"
            if not isinstance(row, dict):
                raise TypedValueError(here, 'a row is {"values": [...]}')
            decoded.append(self.wire_row(row.get("values"), columns, f"{here}.values"))
        return Table(columns, tuple(decoded))

    def encode(self, value: Table) -> dict[str, Any]:
        rows = [{"values": [self.nested.to_wire(cell) for cell in row]} for row in value.rows]
        return {"type": self.name, "table": {"schema": _encode_schema(value.schema), "rows": rows}}

    def parse_plain(self, raw: object, where: str) -> Table:
        mapping, columns = self.plain_mapping(self.name, raw, where)
        rows = mapping.get("rows", [])
        if not isinstance(rows, list):
            raise TypedValueError(f"{where}.rows", "must be a sequence of rows")
        return Table(
            columns,
            tuple(self.plain_row(r, columns, f"{where}.rows[{i}]") for i, r in enumerate(rows)),
        )

    def empty(self) -> Table:
        return Table((), ())

    def to_template(self, value: Table) -> Any:
        return [self.template_row(value.schema, row) for row in value.rows]


class RecordCodec(_Tabular, Codec[Record]):
    """Plain form: {schema, values: [cell, ...]}; templates see a dict."""

    name = "RECORD"
    key = "record"
    python_types = (Record,)

    def decode(self, value: Mapping[str, Any], where: str) -> Record:
        record = payload(value, self.key, where)
        if not isinstance(record, dict):
            raise TypedValueError(f"{where}.record", "must be an object with 'schema' and 'values'")
        columns = _decode_schema(self.nested, record.get("schema"), f"{where}.record.schema")
        return Record(
            columns, self.wire_row(record.get("values"), columns, f"{where}.record.values")
        )

    def encode(self, value: Record) -> dict[str, Any]:
        cells = [self.nested.to_wire(cell) for cell in value.values]
        return {
            "type": self.name,
            "record": {"schema": _encode_schema(value.schema), "values": cells},
        }

    def parse_plain(self, raw: object, where: str) -> Record:
        mapping, columns = self.plain_mapping(self.name, raw, where)
        return Record(columns, self.plain_row(mapping.get("values"), columns, f"{where}.values"))

    def empty(self) -> Record:
        return Record((), ())

    def to_template(self, value: Record) -> Any:
        return self.template_row(value.schema, value.values)
