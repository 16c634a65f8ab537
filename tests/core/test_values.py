"""Typed values: each type's codec (wire, plain YAML, empty value, templates, Faker), lossless
round trips (property-based), clear errors, and the 27 documented types over HTTP."""

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import AppFactory, CheckedClient
from mockserver.core import values
from mockserver.core.resources import openapi_dir
from mockserver.core.scenarios.loader import SCHEMA_PATH
from mockserver.core.values import (
    Column,
    Credential,
    EmptyDateTime,
    FileRef,
    OpaqueValue,
    Record,
    Table,
    TypedValueError,
)
from scenario_text import with_task

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


opaques = st.builds(
    lambda name, extra, text: OpaqueValue(
        name, {"type": name, **extra, **({} if text is None else {"string": text})}
    ),
    st.sampled_from(values.OPAQUE_TYPES),
    st.dictionaries(
        st.sampled_from(["queueName", "variableName", "hotKey", "window"]),
        st.one_of(texts, st.integers(), st.dictionaries(texts, texts, max_size=2)),
        max_size=2,
    ),
    st.one_of(st.none(), texts),
)
leaves = st.one_of(
    scalars,
    tabular(),
    st.builds(FileRef, texts, st.one_of(st.none(), texts)),
    st.builds(Credential, texts, texts, texts),
    opaques,
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
        ({"type": "BANANA"}, "v.type: unknown value type 'BANANA'; the Control Room's"),
        ({"type": "string", "string": "x"}, "(did you mean 'STRING'?)"),
        ({"type": "WORKITME"}, "(did you mean 'WORKITEM'?)"),
        ({"type": 3}, "v.type: 'type' must be a string"),
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
        ({"type": "WORKITEM", "string": 5}, "v.string: must be a string"),
        ({"type": "WINDOW", "list": "x"}, "v.list: must be an array"),
        ({"type": "HOTKEY", "repository": 1}, "v.repository: must be a string"),
    ],
)
def test_malformed_values_name_the_place(wire: Any, fragment: str) -> None:
    with pytest.raises(TypedValueError, match=None) as caught:
        values.from_wire(wire, "v")
    assert fragment in str(caught.value)


# -- one codec per type: wire -> Python -> wire, for each of the 27 documented types

# The opaque types' fields follow the sub-objects of AA's v4 deploy swagger (Value).
WIRE_EXAMPLES: dict[str, dict[str, Any]] = {
    "STRING": {"type": "STRING", "string": "95134"},
    "NUMBER": {"type": "NUMBER", "number": "42.5"},
    "BOOLEAN": {"type": "BOOLEAN", "boolean": "true"},
    "FILE": {
        "type": "FILE",
        "file": {"type": "FILE", "string": "C:\\reports\\out.pdf", "expression": ""},
        "repository": "Bots",
    },
    "ITERATOR": {"type": "ITERATOR", "iteratorId": "it-1", "iteratorName": "Loop"},
    "LIST": {
        "type": "LIST",
        "list": [{"type": "STRING", "string": "a"}, {"type": "WORKITEM", "queueName": "q"}],
    },
    "DICTIONARY": {
        "type": "DICTIONARY",
        "dictionary": [{"key": "k1", "value": {"type": "STRING", "string": "v1"}}],
    },
    "TABLE": {
        "type": "TABLE",
        "table": {
            "schema": [{"name": "Zip", "type": "STRING"}, {"name": "Win", "type": "WINDOW"}],
            "rows": [
                {
                    "values": [
                        {"type": "STRING", "string": "95134"},
                        {"type": "WINDOW", "string": "w"},
                    ]
                }
            ],
        },
    },
    "VARIABLE": {"type": "VARIABLE", "variableName": "vCount"},
    "CONDITIONAL": {"type": "CONDITIONAL", "conditionalId": "c-1", "conditionalName": "If"},
    "WINDOW": {
        "type": "WINDOW",
        "window": {"name": "Notepad", "class": "Notepad", "handle": 7, "isChild": False},
    },
    "TASKBOT": {
        "type": "TASKBOT",
        "taskbotFile": {"type": "FILE", "string": "Bots\\Child", "repository": True},
        "taskbotSelf": False,
    },
    "DATETIME": {"type": "DATETIME", "string": "2022-04-07T00:15:00-06:00[America/Denver]"},
    "UIOBJECT": {
        "type": "UIOBJECT",
        "uiObject": {"controlType": "BUTTON", "technologyType": "HTML"},
    },
    "RECORD": {
        "type": "RECORD",
        "record": {
            "schema": [{"name": "c", "type": "STRING"}],
            "values": [{"type": "STRING", "string": "x"}],
        },
    },
    "EXCEPTION": {"type": "EXCEPTION", "exceptionName": "TimeoutException"},
    "CREDENTIAL": {
        "type": "CREDENTIAL",
        "credential": {"name": "db", "lockerName": "main", "attributeName": "password"},
    },
    "COORDINATE": {
        "type": "COORDINATE",
        "coordinate": {
            "x": {"type": "NUMBER", "number": "10"},
            "y": {"type": "NUMBER", "number": "20"},
        },
    },
    "IMAGE": {"type": "IMAGE", "thumbnailMetadataPath": "t.png", "screenshotMetadataPath": "s.png"},
    "REGION": {"type": "REGION", "region": {"x": {"type": "NUMBER", "number": "1"}}},
    "PROPERTIES": {
        "type": "PROPERTIES",
        "properties": [{"name": {"type": "STRING", "string": "color"}, "enabled": True}],
    },
    "TRIGGER": {"type": "TRIGGER", "triggerName": "OnFileCreated"},
    "CONDITIONALGROUP": {"type": "CONDITIONALGROUP", "expression": "$a$ > 1"},
    "FORM": {"type": "FORM", "formInstanceId": "f-1"},
    "FORMELEMENT": {"type": "FORMELEMENT", "formElementId": "e-1", "formElementType": "TEXTBOX"},
    "HOTKEY": {"type": "HOTKEY", "hotKey": {"key": "S", "modifierKeys": ["CONTROL"]}},
    "WORKITEM": {"type": "WORKITEM", "queueName": "Invoices", "string": "item-42"},
}


def value_schema() -> Draft202012Validator:
    """The Value schema every profile's execute endpoint uses (control-room-extensions.yml)."""
    spec = yaml.safe_load((openapi_dir() / "control-room-extensions.yml").read_text())
    return Draft202012Validator(
        {"$ref": "#/components/schemas/Value", "components": spec["components"]}
    )


VALUE_SCHEMA = value_schema()


def test_every_documented_type_has_a_codec_and_an_example() -> None:
    assert tuple(values.CODECS.names()) == values.TYPE_NAMES
    assert set(WIRE_EXAMPLES) == set(values.TYPE_NAMES) and len(values.TYPE_NAMES) == 27
    assert set(values.OPAQUE_TYPES) < set(values.TYPE_NAMES)


def test_the_spec_and_the_scenario_schema_name_the_same_types() -> None:
    spec = yaml.safe_load((openapi_dir() / "control-room-extensions.yml").read_text())
    assert spec["components"]["schemas"]["ValueType"]["enum"] == list(values.TYPE_NAMES)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["$defs"]["typeName"]["enum"]) == set(values.TYPE_NAMES)


@pytest.mark.parametrize("type_name", values.TYPE_NAMES)
def test_each_codec_round_trips_wire_python_wire(type_name: str) -> None:
    wire = WIRE_EXAMPLES[type_name]
    VALUE_SCHEMA.validate(wire)
    decoded_type, decoded = values.from_wire(wire, "v")
    assert decoded_type == type_name == values.type_of(decoded)
    assert values.to_wire(decoded) == wire
    assert values.from_wire(values.to_wire(decoded), "v") == (type_name, decoded)


def test_python_forms_of_the_documented_payloads() -> None:
    def decoded(type_name: str) -> Any:
        return values.from_wire(WIRE_EXAMPLES[type_name], "v")[1]

    assert decoded("NUMBER") == Decimal("42.5") and decoded("BOOLEAN") is True
    assert decoded("FILE") == FileRef("C:\\reports\\out.pdf", "Bots")
    assert decoded("LIST") == ["a", OpaqueValue("WORKITEM", {"type": "WORKITEM", "queueName": "q"})]
    assert decoded("DICTIONARY") == {"k1": "v1"}
    assert decoded("TABLE").schema == (Column("Zip", "STRING"), Column("Win", "WINDOW"))
    assert decoded("RECORD") == Record((Column("c", "STRING"),), ("x",))
    assert decoded("CREDENTIAL") == Credential("db", "main", "password")
    # an undocumented payload is kept whole, as sent
    assert decoded("WINDOW") == OpaqueValue("WINDOW", WIRE_EXAMPLES["WINDOW"])


def test_an_opaque_value_is_a_copy_of_what_was_sent() -> None:
    sent = {"type": "HOTKEY", "hotKey": {"key": "S", "modifierKeys": ["CONTROL"]}}
    _, decoded = values.from_wire(sent, "v")
    sent["hotKey"]["key"] = "Q"
    wire = values.to_wire(decoded)
    wire["hotKey"]["modifierKeys"].append("ALT")
    assert values.to_wire(decoded) == {
        "type": "HOTKEY",
        "hotKey": {"key": "S", "modifierKeys": ["CONTROL"]},
    }


def test_a_value_without_type_is_a_string() -> None:
    # AA's Dialogflow integration sends `{"string": "x"}`; the docs: "Default value is STRING".
    assert values.from_wire({"string": "x"}, "v") == ("STRING", "x")
    VALUE_SCHEMA.validate({"string": "x"})
    with pytest.raises(TypedValueError, match="needs the key 'string'"):
        values.from_wire({"number": "1"}, "v")


def test_payload_keys() -> None:
    assert [values.payload_key(t) for t in ("STRING", "DATETIME", "NUMBER", "TABLE")] == [
        "string",
        "string",
        "number",
        "table",
    ]
    assert values.payload_key("WORKITEM") == "string"  # what templates and patterns read
    assert values.payload_key("BANANA") == "banana"  # a name from outside never raises


# -- the plain form scenario files write


@pytest.mark.parametrize(
    "type_name, plain, expected",
    [
        ("STRING", 95134, "95134"),
        ("NUMBER", "42.50", Decimal("42.50")),
        ("NUMBER", 7, Decimal(7)),
        ("BOOLEAN", "true", True),
        ("DATETIME", datetime(2021, 3, 4, 9, 30), datetime(2021, 3, 4, 9, 30, tzinfo=UTC)),
        (
            "DATETIME",
            "2021-03-04T09:30:00+01:00[Europe/Paris]",
            datetime(2021, 3, 4, 9, 30, tzinfo=ZoneInfo("Europe/Paris")),
        ),
        ("LIST", ["gold", 3, True], ["gold", Decimal(3), True]),
        (
            "DICTIONARY",
            {"city": "San Jose", "zip": 95134},
            {"city": "San Jose", "zip": Decimal(95134)},
        ),
        (
            "TABLE",
            {
                "schema": [{"name": "Id"}, {"name": "Amount", "type": "NUMBER"}],
                "rows": [["A-1", 10.5]],
            },
            Table(
                (Column("Id", "STRING"), Column("Amount", "NUMBER")), (("A-1", Decimal("10.5")),)
            ),
        ),
        (
            "RECORD",
            {"schema": [{"name": "Name", "type": "STRING"}], "values": ["Ada"]},
            Record((Column("Name", "STRING"),), ("Ada",)),
        ),
        ("FILE", "C:\\reports\\out.pdf", FileRef("C:\\reports\\out.pdf")),
        (
            "CREDENTIAL",
            {"name": "db", "lockerName": "main", "attributeName": "password"},
            Credential("db", "main", "password"),
        ),
        # types without a documented payload: their fields, or a scalar that becomes `string`
        (
            "WORKITEM",
            {"queueName": "Invoices"},
            OpaqueValue("WORKITEM", {"type": "WORKITEM", "queueName": "Invoices"}),
        ),
        ("WINDOW", "Notepad", OpaqueValue("WINDOW", {"type": "WINDOW", "string": "Notepad"})),
        (
            "HOTKEY",
            {"type": "HOTKEY", "hotKey": {"key": "S"}},
            OpaqueValue("HOTKEY", {"type": "HOTKEY", "hotKey": {"key": "S"}}),
        ),
        # a typed value written out in full is accepted for any type
        ("NUMBER", {"type": "NUMBER", "number": "5"}, Decimal(5)),
        (
            "LIST",
            [{"type": "EXCEPTION", "exceptionName": "E"}],
            [OpaqueValue("EXCEPTION", {"type": "EXCEPTION", "exceptionName": "E"})],
        ),
    ],
)
def test_plain_yaml_values_parse(type_name: str, plain: Any, expected: Any) -> None:
    assert values.from_plain(type_name, plain, "v") == expected


@pytest.mark.parametrize(
    "type_name, plain, fragment",
    [
        ("STRING", True, "v: expected a STRING value"),
        ("NUMBER", {"type": "WORKITEM"}, "v: expected a NUMBER value, got WORKITEM"),
        ("LIST", "x", "v: expected a LIST"),
        ("WORKITEM", True, "v: expected a WORKITEM value: a mapping of its fields, or a string"),
        ("WORKITEM", {"string": 5}, "v.string: must be a string"),
        ("WORKITEM", {"due": date(2024, 1, 1)}, "v.due: a date cannot be sent as JSON"),
        ("FORM", {"fields": {1: "a"}}, "v.fields: key 1 must be a string"),
        ("REGION", {"x": float("nan")}, "v.x: nan is not a finite number"),
        ("BANANA", "x", "v: unknown value type 'BANANA'"),
    ],
)
def test_bad_plain_values_name_the_place(type_name: str, plain: Any, fragment: str) -> None:
    with pytest.raises(TypedValueError) as caught:
        values.from_plain(type_name, plain, "v")
    assert fragment in str(caught.value)


# -- empty values: what an output nothing set answers


@pytest.mark.parametrize("type_name", values.TYPE_NAMES)
def test_every_type_has_an_empty_value_the_spec_accepts(type_name: str) -> None:
    wire = values.to_wire(values.empty(type_name))
    assert wire["type"] == type_name
    VALUE_SCHEMA.validate(wire)


def test_empty_values() -> None:
    assert [
        values.to_wire(values.empty(t)) for t in ("STRING", "NUMBER", "BOOLEAN", "DATETIME")
    ] == [
        {"type": "STRING", "string": ""},
        {"type": "NUMBER", "number": "0"},
        {"type": "BOOLEAN", "boolean": "false"},
        {"type": "DATETIME", "string": ""},
    ]
    assert values.empty("LIST") == [] and values.empty("DICTIONARY") == {}
    assert values.empty("TABLE") == Table((), ()) and values.empty("FILE") == FileRef("")
    assert values.to_wire(values.empty("WORKITEM")) == {"type": "WORKITEM", "string": ""}
    assert values.to_template(values.empty("WORKITEM")) == ""


# -- how templates see each type, and what their text and Faker results become


def test_template_views() -> None:
    table = values.from_plain(
        "TABLE",
        {"schema": [{"name": "Id"}, {"name": "N", "type": "NUMBER"}], "rows": [["a", 2]]},
        "v",
    )
    assert values.to_template(table) == [{"Id": "a", "N": 2}]
    assert values.to_template(values.from_wire(WIRE_EXAMPLES["RECORD"], "v")[1]) == {"c": "x"}
    assert values.to_template(Decimal("2.5")) == 2.5 and values.to_template(Decimal(3)) == 3
    assert values.to_template(EmptyDateTime()) == ""
    # the types without a documented payload read as their `string`, else as compact JSON
    assert values.to_template(values.from_wire(WIRE_EXAMPLES["WORKITEM"], "v")[1]) == "item-42"
    assert values.to_template(values.from_wire(WIRE_EXAMPLES["TRIGGER"], "v")[1]) == (
        '{"type":"TRIGGER","triggerName":"OnFileCreated"}'
    )
    assert values.to_template(values.from_wire(WIRE_EXAMPLES["LIST"], "v")[1]) == [
        "a",
        '{"type":"WORKITEM","queueName":"q"}',
    ]


@pytest.mark.parametrize(
    "type_name, text, expected",
    [
        ("STRING", " a b ", " a b "),
        ("NUMBER", " 12.5\n", Decimal("12.5")),
        ("BOOLEAN", "True", True),
        ("DATETIME", "2024-01-02T03:04:05+00:00", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("FILE", " C:\\x.pdf ", FileRef("C:\\x.pdf")),
        ("LIST", '["a", 1]', ["a", Decimal(1)]),
        ("DICTIONARY", '{"k": "v"}', {"k": "v"}),
        (
            "CREDENTIAL",
            '{"name": "a", "lockerName": "b", "attributeName": "c"}',
            Credential("a", "b", "c"),
        ),
        # the whole object a template printed comes back whole; other text becomes `string`
        (
            "WORKITEM",
            '{"type":"WORKITEM","queueName":"q"}',
            OpaqueValue("WORKITEM", {"type": "WORKITEM", "queueName": "q"}),
        ),
        ("WORKITEM", "item-42", OpaqueValue("WORKITEM", {"type": "WORKITEM", "string": "item-42"})),
        ("WORKITEM", "42", OpaqueValue("WORKITEM", {"type": "WORKITEM", "string": "42"})),
    ],
)
def test_template_text_is_read_as_the_output_type(type_name: str, text: str, expected: Any) -> None:
    assert values.from_template(type_name, text, "Out") == expected


def test_structured_templates_must_render_json() -> None:
    with pytest.raises(TypedValueError, match="Out: a TABLE template must render JSON, got 'nope'"):
        values.from_template("TABLE", "nope", "Out")


@pytest.mark.parametrize(
    "type_name, result, expected",
    [
        ("STRING", 5, "5"),
        ("NUMBER", Decimal("1.50"), Decimal("1.50")),
        ("NUMBER", 3, Decimal(3)),
        ("BOOLEAN", True, True),
        ("DATETIME", date(2020, 5, 6), datetime(2020, 5, 6, tzinfo=UTC)),
        ("DATETIME", datetime(2020, 5, 6, 7, 8), datetime(2020, 5, 6, 7, 8, tzinfo=UTC)),
        ("LIST", ("a", 2, date(2020, 1, 1)), ["a", Decimal(2), "2020-01-01"]),
        ("DICTIONARY", {"a": 1}, {"a": "1"}),
        ("WORKITEM", "abc", OpaqueValue("WORKITEM", {"type": "WORKITEM", "string": "abc"})),
    ],
)
def test_faker_results_are_read_as_the_output_type(
    type_name: str, result: Any, expected: Any
) -> None:
    assert values.from_fake(type_name, result, "Out") == expected


def test_faker_results_that_do_not_fit_are_refused() -> None:
    with pytest.raises(TypedValueError, match="Out: 'x' is not a boolean"):
        values.from_fake("BOOLEAN", "x", "Out")
    with pytest.raises(TypedValueError, match="Out: expected a TABLE mapping"):
        values.from_fake("TABLE", ["a"], "Out")


# -- over HTTP: the formerly refused types are accepted, echoed and matched by rules

OPAQUE_TASK = """\
    inputs:
      iItem: {type: WORKITEM, required: true}
      iWindow: {type: WINDOW, default: {window: {name: Notepad}}}
      iKey: {type: HOTKEY}
    outputs:
      Item: {type: WORKITEM, template: "{{ inputs.iItem }}"}
      ItemText: {type: STRING, template: "{{ inputs.iItem }}|{{ inputs.iWindow }}|{{ inputs.iKey }}"}
      Unset: {type: EXCEPTION}
      Queue: {type: WORKITEM, value: {queueName: Invoices}}
      Matched: {type: STRING, value: "no"}
    rules:
      - name: items from the invoice queue
        when: {iItem: {regex: "^inv-"}}
        outputs: {Matched: "yes"}
    default: {outputs: {Matched: "no"}}
"""


@pytest.fixture
def opaque_client(make_app: AppFactory) -> CheckedClient:
    client = make_app(yaml_text=with_task(OPAQUE_TASK)).test_client()
    assert isinstance(client, CheckedClient)
    return client


def execute(client: CheckedClient, bot_input: dict[str, Any]) -> Any:
    return client.execute(client.access("Bots\\T"), bot_input)


def test_a_workitem_input_is_echoed_into_outputs(opaque_client: CheckedClient) -> None:
    item = {"type": "WORKITEM", "queueName": "Invoices", "string": "inv-42", "json": {"total": 9}}
    response = execute(opaque_client, {"iItem": item})
    assert response.status_code == 200, response.get_json()
    output = response.get_json()["hotBotResult"]["botOutput"]
    assert output["Item"] == {"type": "WORKITEM", "string": "inv-42"}  # templates read `string`
    assert output["ItemText"]["string"] == 'inv-42|{"type":"WINDOW","window":{"name":"Notepad"}}|'
    assert output["Unset"] == {"type": "EXCEPTION", "string": ""}
    assert output["Queue"] == {"type": "WORKITEM", "queueName": "Invoices"}
    assert output["Matched"]["string"] == "yes"


def test_an_opaque_input_without_string_comes_back_whole(opaque_client: CheckedClient) -> None:
    item = {"type": "WORKITEM", "queueName": "Claims", "json": {"id": 7, "tags": ["a"]}}
    hotkey = {"type": "HOTKEY", "hotKey": {"key": "S", "modifierKeys": ["CONTROL"]}}
    response = execute(opaque_client, {"iItem": item, "iKey": hotkey})
    assert response.status_code == 200, response.get_json()
    output = response.get_json()["hotBotResult"]["botOutput"]
    assert output["Item"] == item
    assert output["ItemText"]["string"].endswith(
        '|{"type":"HOTKEY","hotKey":{"key":"S","modifierKeys":["CONTROL"]}}'
    )
    assert output["Matched"]["string"] == "no"


@pytest.mark.parametrize(
    "sent, status, fragment",
    [
        ({"type": "WINDOW"}, 400, "Input 'iItem' expects type WORKITEM, got WINDOW"),
        # without a type, a value is a STRING
        ({"string": "x"}, 400, "Input 'iItem' expects type WORKITEM, got STRING"),
        ({"type": "BANANA"}, 400, "botInput.iItem.type: 'BANANA' is not one of"),
        ({"type": "WORKITME"}, 400, "botInput.iItem.type: 'WORKITME' is not one of"),
        ({"type": "WORKITEM", "string": 5}, 400, "botInput.iItem.string"),
    ],
)
def test_wrong_types_are_refused_naming_the_field(
    opaque_client: CheckedClient, sent: dict[str, Any], status: int, fragment: str
) -> None:
    response = execute(opaque_client, {"iItem": sent})
    assert response.status_code == status
    body = response.get_json()
    assert fragment in body["message"], body
    if sent.get("type") == "WORKITME":
        assert body["message"].endswith("(did you mean 'WORKITEM'?)")
