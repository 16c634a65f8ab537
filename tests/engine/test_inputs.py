"""Input checks on execute: types, required inputs, defaults, unknown inputs."""

from typing import Any

import pytest

from conftest import AppFactory, CheckedClient
from scenario_text import with_task

TASK = """\
    inputs:
      iStr: {type: STRING, required: true}
      iNum: {type: NUMBER, default: 2.5}
      iFlag: {type: BOOLEAN, default: false}
    outputs:
      Echo: {type: STRING, template: "{{ inputs.iStr }}|{{ inputs.iNum }}|{{ inputs.iFlag }}"}
"""


@pytest.fixture
def client(make_app: AppFactory) -> CheckedClient:
    client = make_app(yaml_text=with_task(TASK)).test_client()
    assert isinstance(client, CheckedClient)
    return client


def run(client: CheckedClient, bot_input: dict[str, Any]) -> Any:
    return client.execute(client.access("Bots\\T"), bot_input)


def test_defaults_fill_missing_optional_inputs(client: CheckedClient) -> None:
    response = run(client, {"iStr": {"type": "STRING", "string": "a"}})
    assert response.get_json()["hotBotResult"]["botOutput"]["Echo"]["string"] == "a|2.5|False"


def test_given_inputs_win_and_json_scalars_are_accepted(client: CheckedClient) -> None:
    response = run(
        client,
        {
            "iStr": {"type": "STRING", "string": "a"},
            "iNum": {"type": "NUMBER", "number": 4},
            "iFlag": {"type": "BOOLEAN", "boolean": "true"},
        },
    )
    assert response.get_json()["hotBotResult"]["botOutput"]["Echo"]["string"] == "a|4|True"


def test_unknown_inputs_are_ignored(client: CheckedClient) -> None:
    response = run(
        client,
        {
            "iStr": {"type": "STRING", "string": "a"},
            "iOther": {"type": "NUMBER", "number": "x-not-checked"},
        },
    )
    assert response.status_code == 200


def test_missing_required_input_is_400(client: CheckedClient) -> None:
    response = run(client, {})
    assert response.status_code == 400
    message = response.get_json()["message"]
    assert "iStr" in message and "STRING" in message


@pytest.mark.parametrize(
    "value, expected",
    [
        ({"type": "NUMBER", "number": "1"}, "expects type STRING, got NUMBER"),
        ({"type": "STRING"}, "needs the key 'string'"),
        ({"type": "WINDOW"}, "expects type STRING, got WINDOW"),
        ({"type": "STRNG", "string": "a"}, "did you mean 'STRING'?"),
    ],
)
def test_wrong_or_malformed_input_is_400_naming_the_variable(
    client: CheckedClient, value: dict[str, Any], expected: str
) -> None:
    response = run(client, {"iStr": value})
    assert response.status_code == 400
    assert "iStr" in response.get_json()["message"] and expected in response.get_json()["message"]


@pytest.mark.parametrize(
    "value",
    [
        {"type": "NUMBER", "number": "abc"},
        {"type": "NUMBER", "number": "NaN"},
        {"type": "BOOLEAN", "boolean": "yes"},
    ],
)
def test_bad_scalars_are_400(client: CheckedClient, value: dict[str, Any]) -> None:
    name = "iNum" if value["type"] == "NUMBER" else "iFlag"
    response = run(client, {"iStr": {"type": "STRING", "string": "a"}, name: value})
    assert response.status_code == 400 and name in response.get_json()["message"]
