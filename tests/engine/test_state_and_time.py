"""Scenario language for state and time: the Nth call, a sequence per task (both start again on
reset), exclusive gt / lt, `now` on the mock's clock in templates, and optional inputs without a
default seen by templates as their type's empty value."""

from typing import Any

from conftest import EPOCH, AppFactory, CheckedClient
from mockserver.core.clock import Clock
from mockserver.http.emulated import control_of
from scenario_text import with_task

SEQUENCE = """\
    inputs:
      iAmount: {type: NUMBER}
    outputs:
      Status: {type: STRING}
    sequence:
      - outputs: {Status: queued}
      - error: {status: 503, code: busy, message: try again}
    rules:
      - name: every third call
        call: [3, 6]
        when: {}
        outputs: {Status: audited}
      - name: big
        when: {iAmount: {gt: 100}}
        outputs: {Status: big}
      - name: small
        when: {iAmount: {lt: 100}}
        outputs: {Status: small}
    default:
      outputs: {Status: exactly 100}
"""


def client_for(make_app: AppFactory, task: str) -> CheckedClient:
    client = make_app(yaml_text=with_task(task)).test_client()
    assert isinstance(client, CheckedClient)
    return client


def status_of(response: Any) -> str:
    if response.status_code != 200:
        return f"{response.status_code} {response.get_json()['code']}"
    return str(response.get_json()["hotBotResult"]["botOutput"]["Status"]["string"])


def test_sequence_then_nth_call_then_exclusive_bounds(make_app: AppFactory) -> None:
    client = client_for(make_app, SEQUENCE)
    detail = client.access("Bots\\T")

    def run(amount: str) -> str:
        return status_of(client.execute(detail, {"iAmount": {"type": "NUMBER", "number": amount}}))

    assert [run("100") for _ in range(3)] == ["queued", "503 busy", "audited"]
    assert [run("100.5"), run("99.5"), run("100")] == ["big", "small", "audited"]
    assert run("100") == "exactly 100"  # gt and lt are exclusive
    control_of(client.application).reset()
    detail = client.access("Bots\\T")
    assert run("1") == "queued"  # the count starts again


def test_templates_see_now_on_the_mocks_clock(make_app: AppFactory, clock: Clock) -> None:
    task = """\
    outputs:
      Stamp: {type: STRING, template: "{{ now.isoformat() }}"}
      Year: {type: NUMBER, template: "{{ now.year }}"}
"""
    client = client_for(make_app, task)
    detail = client.access("Bots\\T")
    clock.advance(3600)
    outputs = client.execute(detail).get_json()["hotBotResult"]["botOutput"]
    assert outputs["Stamp"]["string"] == "2025-06-15T16:06:40+00:00"
    assert EPOCH + 3600 == 1_750_003_600
    assert outputs["Year"] == {"type": "NUMBER", "number": "2025"}


def test_optional_inputs_without_default_are_empty_values_in_templates(
    make_app: AppFactory,
) -> None:
    task = """\
    inputs:
      iName: {type: STRING}
      iCount: {type: NUMBER}
      iTags: {type: LIST}
    outputs:
      Echo: {type: STRING, template: "[{{ inputs.iName }}] {{ inputs.iCount }} {{ inputs.iTags | length }}"}
    rules:
      - name: no name given
        when: {iName: {present: false}}
        outputs: {Echo: {template: "absent: [{{ inputs.iName }}] {{ inputs.iCount + 1 }}"}}
    default: {outputs: {}}
"""
    client = client_for(make_app, task)
    detail = client.access("Bots\\T")
    absent = client.execute(detail).get_json()["hotBotResult"]["botOutput"]["Echo"]
    assert absent == {"type": "STRING", "string": "absent: [] 1"}  # no 500 for the template
    given = client.execute(detail, {"iName": {"type": "STRING", "string": "x"}})
    assert given.get_json()["hotBotResult"]["botOutput"]["Echo"]["string"] == "[x] 0 0"
