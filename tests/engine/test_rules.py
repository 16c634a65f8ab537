"""Rules: ordered conditions on inputs decide outputs or errors; no match explains itself."""

from typing import Any

import pytest

from conftest import AppFactory, CheckedClient
from scenario_text import with_task

TASK = """\
    inputs:
      iCode: {type: STRING}
      iQty: {type: NUMBER}
    outputs:
      Result: {type: STRING}
    rules:
      - name: exact
        when: {iCode: {equals: A1}}
        outputs: {Result: exact}
      - name: listed
        when: {iCode: {oneOf: [B1, B2]}}
        outputs: {Result: listed}
      - name: pattern
        when: {iCode: {regex: '^C\\d+$'}}
        outputs: {Result: {template: "pattern {{ inputs.iCode | lower }}"}}
      - name: range
        when: {iQty: {min: 10, max: 20}}
        outputs: {Result: range}
      - name: blocked
        when: {iCode: {equals: X}}
        error: {status: 422, code: code.blocked, message: Code X is blocked}
      - name: nothing given
        when: {iCode: {present: false}, iQty: {present: false}}
        outputs: {Result: empty}
"""


@pytest.fixture
def client(make_app: AppFactory) -> CheckedClient:
    client = make_app(yaml_text=with_task(TASK)).test_client()
    assert isinstance(client, CheckedClient)
    return client


def run(client: CheckedClient, code: str | None = None, qty: str | None = None) -> Any:
    bot_input: dict[str, Any] = {}
    if code is not None:
        bot_input["iCode"] = {"type": "STRING", "string": code}
    if qty is not None:
        bot_input["iQty"] = {"type": "NUMBER", "number": qty}
    return client.execute(client.access("Bots\\T"), bot_input)


@pytest.mark.parametrize(
    "code, qty, expected",
    [
        ("A1", None, "exact"),
        ("B2", None, "listed"),
        ("C42", None, "pattern c42"),
        ("Z", "15", "range"),
        ("Z", "10", "range"),
        ("A1", "15", "exact"),
        (None, None, "empty"),
    ],
)
def test_first_matching_rule_decides(
    client: CheckedClient, code: str | None, qty: str | None, expected: str
) -> None:
    response = run(client, code, qty)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["hotBotResult"]["botOutput"]["Result"]["string"] == expected


def test_rule_can_answer_an_error(client: CheckedClient) -> None:
    response = run(client, "X")
    assert response.status_code == 422
    assert response.get_json() == {
        "code": "code.blocked",
        "details": None,
        "message": "Code X is blocked",
    }


def test_no_match_lists_every_rule_and_why(client: CheckedClient) -> None:
    response = run(client, "Z", "25")
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == "mock.no.matching.rule"
    for fragment in [
        "rule 'exact': iCode is 'Z', not equal to 'A1'",
        "rule 'listed': iCode is 'Z', not one of ['B1', 'B2']",
        "rule 'pattern': iCode is 'Z', which does not match /^C\\d+$/",
        "rule 'range': iQty is 25, above the maximum 20",
        "rule 'nothing given': iCode is present",
    ]:
        assert fragment in body["message"]
    assert len(body["details"].splitlines()) == 6


def test_default_applies_when_no_rule_matches(make_app: AppFactory) -> None:
    task = TASK + "    default:\n      outputs: {Result: fallback}\n"
    client = make_app(yaml_text=with_task(task)).test_client()
    response = client.execute(
        client.access("Bots\\T"), {"iCode": {"type": "STRING", "string": "Q"}}
    )
    assert response.get_json()["hotBotResult"]["botOutput"]["Result"]["string"] == "fallback"


def test_an_empty_default_answers_the_declared_outputs(make_app: AppFactory) -> None:
    task = """\
    inputs:
      iCode: {type: STRING}
    outputs:
      Result: {type: STRING, value: declared}
      Count: {type: NUMBER}
    rules:
      - name: exact
        when: {iCode: {equals: A1}}
        outputs: {Result: exact}
    default: {}
"""
    client = make_app(yaml_text=with_task(task)).test_client()
    response = client.execute(
        client.access("Bots\\T"), {"iCode": {"type": "STRING", "string": "Q"}}
    )
    assert response.get_json()["hotBotResult"]["botOutput"] == {
        "Result": {"type": "STRING", "string": "declared"},
        "Count": {"type": "NUMBER", "number": "0"},
    }
