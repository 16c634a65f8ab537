"""Typed values: lossless round trips (property-based) and clear errors."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.core import values
from mockserver.core.values import Column, Credential, FileRef, Record, Table, TypedValueError

ZONES = ["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Sydney"]

texts = st.text(max_size=20)
numbers = st.decimals(
    allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12
).map(lambda d: d.normalize())
booleans = st.booleans()
stamps = st.builds(
    lambda dt, zone: (
        dt.replace(tzinfo=ZoneInfo(zone))
        if zone
        else dt.replace(tzinfo=timezone(timedelta(minutes=90)))
    ),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.sampled_from([*ZONES, None]),
)
scalars = st.one_of(texts, numbers, booleans, stamps)
type_names = st.sampled_from(["STRING", "NUMBER", "BOOLEAN"])
_SCALAR_FOR = {"STRING": texts, "NUMBER": numbers, "BOOLEAN": booleans}


@st.composite
def tabular(draw: Any) -> Table | Record:
    columns = tuple(
        Column(draw(st.text(min_size=1, max_size=8)), draw(type_names))
        for _ in range(draw(st.integers(1, 4)))
    )
    row = st.tuples(*[_SCALAR_FOR[c.type] for c in columns])
    if draw(st.booleans()):
        return Table(columns, tuple(draw(st.lists(row, max_size=4))))
    return Record(columns, draw(row))


leaves = st.one_of(
    scalars,
    tabular(),
    st.builds(FileRef, texts, st.one_of(st.none(), texts)),
    st.builds(Credential, texts, texts, texts),
)
typed = st.recursive(
    leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12,
)


@given(typed)
def test_python_to_wire_and_back_is_lossless(value: values.PyValue) -> None:
    wire = values.to_wire(value)
    type_name, decoded = values.from_wire(wire, "v")
    assert type_name == values.type_of(value)
    assert decoded == value
    assert values.to_wire(decoded) == wire


@given(stamps)
def test_datetimes_keep_their_zone(stamp: datetime) -> None:
    decoded = values.from_wire(values.to_wire(stamp), "v")[1]
    assert isinstance(decoded, datetime)
    assert decoded == stamp and decoded.utcoffset() == stamp.utcoffset()
    assert getattr(decoded.tzinfo, "key", None) == getattr(stamp.tzinfo, "key", None)


def test_documented_examples_decode() -> None:
    assert values.from_wire({"type": "STRING", "string": "95134"}, "v") == ("STRING", "95134")
    assert values.from_wire({"type": "NUMBER", "number": "42"}, "v") == ("NUMBER", Decimal(42))
    assert values.from_wire({"string": "x"}, "v") == ("STRING", "x")  # STRING is the default
    stamp = values.from_wire(
        {"type": "DATETIME", "string": "2022-04-07T00:15:00-06:00[America/Denver]"}, "v"
    )[1]
    assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(hours=-6)


def test_what_aa_docs_show_is_accepted_on_the_wire() -> None:
    # The deploy docs' DATETIME: an explicit offset and a label that is no IANA zone.
    _, stamp = values.from_wire(
        {"type": "DATETIME", "string": "2022-04-07T00:15:00-06:00[USA/New York]"}, "v"
    )
    assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(hours=-6)
    assert values.to_wire(stamp)["string"] == "2022-04-07T00:15:00-06:00"
    # The hotbot swagger's LIST: plain strings as items.
    assert values.from_wire({"type": "LIST", "list": ["a", "b"]}, "v") == ("LIST", ["a", "b"])


def test_a_missing_payload_key_names_the_type_and_what_was_sent() -> None:
    with pytest.raises(TypedValueError) as caught:
        values.from_wire({"type": "DATETIME", "datetime": "2022-04-07T00:15:00Z"}, "v")
    assert str(caught.value) == "v: a DATETIME value needs the key 'string' (it has 'datetime')"


def test_scenario_files_keep_zone_names_strict() -> None:
    with pytest.raises(TypedValueError, match="unknown time zone"):
        values.from_plain("DATETIME", "2022-04-07T00:15:00Z[Mars/Olympus]", "v")


@pytest.mark.parametrize(
    "wire, fragment",
    [
        ({"type": "ITERATOR"}, "not supported"),
        ({"type": "BANANA"}, "unknown value type"),
        ({"type": "NUMBER", "number": "1e999999"}, "out of range"),
        ({"type": "NUMBER", "number": "Infinity"}, "finite"),
        ({"type": "DATETIME", "string": "2022-04-07T00:15:00"}, "UTC offset"),
        ({"type": "LIST", "list": [{"type": "NUMBER", "number": "x"}]}, "v.list[0].number"),
        ({"type": "DICTIONARY", "dictionary": [{"key": 1}]}, "v.dictionary[0]"),
        (
            {"type": "TABLE", "table": {"schema": [{"name": "a"}], "rows": [{"values": []}]}},
            "1 typed",
        ),
        ("plain", "typed value object"),
    ],
)
def test_malformed_values_name_the_place(wire: Any, fragment: str) -> None:
    with pytest.raises(TypedValueError, match=None) as caught:
        values.from_wire(wire, "v")
    assert fragment in str(caught.value)
