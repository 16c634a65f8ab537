"""Output producers: static typed values, templates, seeded Faker data."""

from typing import Any

from conftest import AppFactory
from mockserver.core.limits import MAX_RENDERED_CHARS
from scenario_text import with_task

STATIC = """\
    outputs:
      S: {type: STRING, value: hello}
      N: {type: NUMBER, value: 42.50}
      B: {type: BOOLEAN, value: true}
      D: {type: DATETIME, value: "2022-04-07T00:15:00-06:00[America/Denver]"}
      L: {type: LIST, value: [a, 1, true]}
      M: {type: DICTIONARY, value: {k1: v1, k2: 2}}
      T: {type: TABLE, value: {schema: [{name: Zip, type: STRING}, {name: N, type: NUMBER}],
                               rows: [["95134", 1], ["10001", 2]]}}
      R: {type: RECORD, value: {schema: [{name: c, type: STRING}], values: [x]}}
      F: {type: FILE, value: "C:\\\\data\\\\in.csv"}
      C: {type: CREDENTIAL, value: {name: db, lockerName: main, attributeName: password}}
      Empty: {type: STRING}
"""


def outputs(
    make_app: AppFactory, task: str, bot_input: dict[str, Any] | None = None, **settings: Any
) -> dict[str, Any]:
    client = make_app(yaml_text=with_task(task), **settings).test_client()
    response = client.execute(client.access("Bots\\T"), bot_input)
    assert response.status_code == 200, response.get_json()
    result: dict[str, Any] = response.get_json()["hotBotResult"]["botOutput"]
    return result


def test_static_values_of_every_type(make_app: AppFactory) -> None:
    out = outputs(make_app, STATIC)
    assert out["S"] == {"type": "STRING", "string": "hello"}
    assert out["N"] == {"type": "NUMBER", "number": "42.5"}
    assert out["B"] == {"type": "BOOLEAN", "boolean": "true"}
    assert out["D"] == {"type": "DATETIME", "string": "2022-04-07T00:15:00-06:00[America/Denver]"}
    assert out["L"] == {
        "type": "LIST",
        "list": [
            {"type": "STRING", "string": "a"},
            {"type": "NUMBER", "number": "1"},
            {"type": "BOOLEAN", "boolean": "true"},
        ],
    }
    assert out["M"]["dictionary"][1] == {"key": "k2", "value": {"type": "NUMBER", "number": "2"}}
    assert out["T"]["table"]["schema"] == [
        {"name": "Zip", "type": "STRING"},
        {"name": "N", "type": "NUMBER"},
    ]
    assert out["T"]["table"]["rows"][1] == {
        "values": [{"type": "STRING", "string": "10001"}, {"type": "NUMBER", "number": "2"}]
    }
    assert out["R"]["record"]["values"] == [{"type": "STRING", "string": "x"}]
    assert out["F"] == {
        "type": "FILE",
        "file": {"type": "FILE", "string": "C:\\data\\in.csv", "expression": ""},
    }
    assert out["C"]["credential"] == {
        "name": "db",
        "lockerName": "main",
        "attributeName": "password",
    }
    assert out["Empty"] == {"type": "STRING", "string": ""}


TEMPLATES = """\
    inputs:
      iName: {type: STRING, required: true}
      iQty: {type: NUMBER, required: true}
      iTags: {type: LIST, default: []}
    outputs:
      Echo: {type: STRING, template: "{{ inputs.iName }}"}
      Upper: {type: STRING, template: "{{ inputs.iName | upper }}"}
      Total: {type: NUMBER, template: "{{ inputs.iQty * 3 + 0.5 }}"}
      Region: {type: STRING, template: "{{ {'95134': 'West', '10001': 'East'}.get(inputs.iName, 'Other') }}"}
      Big: {type: BOOLEAN, template: "{{ inputs.iQty > 10 }}"}
      Tags: {type: LIST, template: "{{ (inputs.iTags + ['x']) | tojson }}"}
"""


def test_every_unset_output_gets_its_types_empty_value(make_app: AppFactory) -> None:
    task = "    outputs:\n" + "".join(
        f"      {name}: {{type: {name}}}\n"
        for name in (
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
        )
    )
    assert outputs(make_app, task) == {
        "STRING": {"type": "STRING", "string": ""},
        "NUMBER": {"type": "NUMBER", "number": "0"},
        "BOOLEAN": {"type": "BOOLEAN", "boolean": "false"},
        "DATETIME": {"type": "DATETIME", "string": ""},
        "LIST": {"type": "LIST", "list": []},
        "DICTIONARY": {"type": "DICTIONARY", "dictionary": []},
        "TABLE": {"type": "TABLE", "table": {"schema": [], "rows": []}},
        "RECORD": {"type": "RECORD", "record": {"schema": [], "values": []}},
        "FILE": {"type": "FILE", "file": {"type": "FILE", "string": "", "expression": ""}},
        "CREDENTIAL": {
            "type": "CREDENTIAL",
            "credential": {"name": "", "lockerName": "", "attributeName": ""},
        },
    }


def test_templates_compute_from_inputs(make_app: AppFactory) -> None:
    out = outputs(
        make_app,
        TEMPLATES,
        {
            "iName": {"type": "STRING", "string": "95134"},
            "iQty": {"type": "NUMBER", "number": "4"},
            "iTags": {"type": "LIST", "list": [{"type": "STRING", "string": "a"}]},
        },
    )
    assert out["Echo"]["string"] == "95134" and out["Upper"]["string"] == "95134"
    assert out["Total"] == {"type": "NUMBER", "number": "12.5"}
    assert out["Region"]["string"] == "West"
    assert out["Big"] == {"type": "BOOLEAN", "boolean": "false"}
    assert [i["string"] for i in out["Tags"]["list"]] == ["a", "x"]


FAKE = """\
    inputs:
      iId: {type: STRING, required: true}
    outputs:
      Name: {type: STRING, fake: name}
      Amount: {type: NUMBER, fake: pydecimal, args: {left_digits: 3, right_digits: 2, positive: true}}
      When: {type: DATETIME, fake: date_time_between, args: {start_date: 2000-01-01, end_date: 2020-12-31}}
"""


def _fake_for(make_app: AppFactory, customer: str, seed: int) -> dict[str, Any]:
    return outputs(make_app, FAKE, {"iId": {"type": "STRING", "string": customer}}, seed=seed)


def test_fake_outputs_are_deterministic_across_instances(make_app: AppFactory) -> None:
    first = _fake_for(make_app, "c-1", seed=7)
    _fake_for(make_app, "c-2", seed=7)  # another call in between changes nothing
    again = _fake_for(make_app, "c-1", seed=7)
    assert first == again
    assert first["Name"]["string"] and first["Amount"]["type"] == "NUMBER"
    assert _fake_for(make_app, "c-2", seed=7) != first
    assert _fake_for(make_app, "c-1", seed=8) != first


def test_template_errors_are_reported_as_scenario_errors(make_app: AppFactory) -> None:
    task = """\
    outputs:
      X: {type: NUMBER, template: "{{ 'abc' }}"}
"""
    client = make_app(yaml_text=with_task(task)).test_client()
    response = client.execute(client.access("Bots\\T"))
    assert response.status_code == 500
    body = response.get_json()
    assert body["code"] == "mock.scenario.error" and "'X'" in body["message"]


def test_templates_cannot_reach_python_internals(make_app: AppFactory) -> None:
    task = """\
    outputs:
      X: {type: STRING, template: "{{ ''.__class__.__mro__[1].__subclasses__() }}"}
"""
    client = make_app(yaml_text=with_task(task)).test_client()
    response = client.execute(client.access("Bots\\T"))
    assert response.status_code == 500 and "__class__" in response.get_json()["message"]


ECHOES = """\
    inputs:
      iText: {type: STRING, required: true}
      iTags: {type: LIST, default: []}
    outputs:
      Echo: {type: STRING, template: "{{ inputs.iText }}"}
      Tenfold: {type: STRING, template: "{% for _ in range(10) %}{{ inputs.iText }}{% endfor %}"}
"""


def test_an_echo_template_is_cut_so_the_answer_follows_from_the_scenario(
    make_app: AppFactory,
) -> None:
    text = "x" * 400_000  # inside the body limit; ten echoes of it would be 4 MB
    out = outputs(make_app, ECHOES, {"iText": {"type": "STRING", "string": text}})
    for name in ("Echo", "Tenfold"):
        value = out[name]["string"]
        assert value.startswith("x" * MAX_RENDERED_CHARS)
        assert value.endswith(f"[cut by aa-mockserver at {MAX_RENDERED_CHARS} characters]")
        assert len(value) < MAX_RENDERED_CHARS + 100
    small = outputs(make_app, ECHOES, {"iText": {"type": "STRING", "string": "hi"}})
    assert small["Echo"]["string"] == "hi" and small["Tenfold"]["string"] == "hi" * 10


def test_a_structured_echo_over_the_limit_is_the_inputs_fault(make_app: AppFactory) -> None:
    task = ECHOES.replace(
        'Echo: {type: STRING, template: "{{ inputs.iText }}"}',
        'Echo: {type: LIST, template: "{{ inputs.iTags | tojson }}"}',
    )
    client = make_app(yaml_text=with_task(task)).test_client()
    tags = {"type": "LIST", "list": [{"type": "STRING", "string": "t" * 1000}] * 100}
    response = client.execute(
        client.access("Bots\\T"), {"iText": {"type": "STRING", "string": "a"}, "iTags": tags}
    )
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == "mock.output.too.large" and "'Echo'" in body["message"]
