"""The scenario reference's examples load and behave as docs/scenarios.md says."""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import AppFactory
from mockserver.core.clock import Clock
from mockserver.core.results import execution_path
from mockserver.http.emulated import control_room_of

DOC = Path(__file__).resolve().parent.parent / "docs" / "scenarios.md"
EXAMPLES = {
    yaml.safe_load(block)["name"]: block
    for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
}


class Runner:
    """Executes the example's tasks over HTTP with execution tokens minted directly."""

    def __init__(self, make_app: AppFactory, name: str, **settings: Any):
        self.app = make_app(yaml_text=EXAMPLES[name], **settings)
        self.client = self.app.test_client()
        self.control_room = control_room_of(self.app)

    def run(self, file_id: int, **inputs: Any) -> Any:
        bot_input = {
            k: v
            if isinstance(v, dict)
            else {"type": "NUMBER", "number": str(v)}
            if isinstance(v, int | float)
            else {"type": "STRING", "string": v}
            for k, v in inputs.items()
        }
        token, _ = self.control_room.tenant.state().tokens.issue_execution("1", file_id, 60)
        return self.client.post(
            execution_path(file_id, self.control_room.scenario().tenant_uuid),
            json={"botInput": bot_input},
            headers={"X-Authorization": token},
        )

    def outputs(self, file_id: int, **inputs: Any) -> dict[str, Any]:
        response = self.run(file_id, **inputs)
        assert response.status_code == 200, response.get_json()
        result: dict[str, Any] = response.get_json()["hotBotResult"]["botOutput"]
        return result


def test_every_example_is_checked() -> None:
    assert set(EXAMPLES) == {
        "doc-static",
        "doc-other-types",
        "doc-templates",
        "doc-fake",
        "doc-rules",
        "doc-latency",
        "doc-faults",
        "doc-concurrency",
        "doc-state",
        "doc-on-demand",
        "doc-starter",
    }


def test_state_across_calls(make_app: AppFactory) -> None:
    runner = Runner(make_app, "doc-state")
    codes = [runner.run(10, iNumAmount=5).status_code for _ in range(2)]
    assert codes == [503, 200]
    statuses = [
        runner.outputs(10, iNumAmount=amount)["Status"]["string"] for amount in (5, 5000, 5)
    ]
    assert statuses == ["approved", "needs review", "audited"]  # calls 3, 4 and 5
    runner.control_room.reset()
    assert runner.run(10, iNumAmount=5).status_code == 503


def test_other_types(make_app: AppFactory) -> None:
    runner = Runner(make_app, "doc-other-types")
    item = {"type": "WORKITEM", "queueName": "Invoices", "json": {"id": 7}}
    out = runner.outputs(4, iItem=item)
    assert out["Item"] == item  # passed through whole, as sent
    assert (
        out["Label"]["string"] == 'item {"type":"WORKITEM","queueName":"Invoices","json":{"id":7}}'
    )
    assert out["Shortcut"] == {
        "type": "HOTKEY",
        "hotKey": {"key": "S", "modifierKeys": ["CONTROL"]},
    }
    assert out["Failure"] == {"type": "EXCEPTION", "string": ""}
    out = runner.outputs(4, iItem={"type": "WORKITEM", "string": "inv-42"})
    assert out["Item"] == {"type": "WORKITEM", "string": "inv-42"}
    assert out["Label"]["string"] == "item inv-42"


def test_static(make_app: AppFactory) -> None:
    out = Runner(make_app, "doc-static").outputs(1, iStrCustomer="c")
    assert out["Score"] == {"type": "NUMBER", "number": "42.5"}
    assert out["Orders"]["table"]["rows"][0]["values"][0] == {"type": "STRING", "string": "A-1"}
    assert out["Report"]["file"]["string"] == "C:\\reports\\out.pdf"
    assert set(out) == {
        "Greeting",
        "Score",
        "Active",
        "Since",
        "Tags",
        "Address",
        "Orders",
        "Owner",
        "Report",
        "Database",
    }
    assert Runner(make_app, "doc-static").run(1).status_code == 400  # required input missing


def test_templates(make_app: AppFactory) -> None:
    out = Runner(make_app, "doc-templates").outputs(2, iStrName="ada", iNumQty=3, iStrZip="95134")
    assert out["Shout"]["string"] == "ADA!" and out["Total"]["number"] == "7.5"
    assert out["Region"]["string"] == "West"
    assert [v["string"] for v in out["Letters"]["list"]] == ["a", "d", "a"]


def test_fake(make_app: AppFactory) -> None:
    first = Runner(make_app, "doc-fake", seed=1).outputs(3, iStrId="42")
    assert first == Runner(make_app, "doc-fake", seed=1).outputs(3, iStrId="42")
    assert first != Runner(make_app, "doc-fake", seed=1).outputs(3, iStrId="43")
    assert "@" in first["Email"]["string"]
    assert "2015-01-01" <= first["Joined"]["string"] <= "2024-12-31T23:59:59"


@pytest.mark.parametrize(
    "inputs, state",
    [
        ({"iStrZipCode": "95134"}, "California"),
        ({"iStrZipCode": "10002"}, "New York"),
        ({"iStrZipCode": "75001"}, "Texas (75001)"),
    ],
)
def test_rules_outputs(make_app: AppFactory, inputs: dict[str, Any], state: str) -> None:
    assert Runner(make_app, "doc-rules").outputs(4, **inputs)["State"]["string"] == state


def test_rules_errors_and_no_match(make_app: AppFactory) -> None:
    runner = Runner(make_app, "doc-rules")
    assert runner.run(4, iStrZipCode="95134", iNumWeight=31).status_code == 200  # first rule wins
    heavy = runner.run(4, iStrZipCode="1", iNumWeight=31)
    assert heavy.status_code == 422 and heavy.get_json()["code"] == "parcel.too.heavy"
    assert runner.run(4).get_json()["code"] == "zip.missing"
    nothing = runner.run(4, iStrZipCode="1")
    assert nothing.status_code == 400 and "rule 'San Jose'" in nothing.get_json()["message"]


def test_latency(make_app: AppFactory, clock: Clock) -> None:
    runner = Runner(make_app, "doc-latency")
    before = clock.now()
    assert runner.run(5).status_code == 200
    assert 0.2 <= clock.now() - before <= 0.4
    assert runner.run(6).status_code == 504


def test_faults(make_app: AppFactory) -> None:
    runner = Runner(make_app, "doc-faults")
    assert [runner.run(7).status_code for _ in range(3)] == [503, 503, 200]
    flaky = [runner.run(8).status_code for _ in range(40)]
    assert 0 < flaky.count(500) < 20


def test_concurrency(make_app: AppFactory) -> None:
    runner = Runner(make_app, "doc-concurrency")
    assert runner.control_room.tenant.gate.try_enter(9, 1)
    assert runner.run(9).status_code == 429
    runner.control_room.tenant.gate.leave(9)
    assert runner.run(9).status_code == 200


def test_on_demand(make_app: AppFactory, clock: Clock) -> None:
    client = make_app(yaml_text=EXAMPLES["doc-on-demand"]).test_client()
    login = client.post("/v2/authentication", json={"username": "runner", "password": "run-it"})
    headers = {"X-Authorization": login.get_json()["token"]}

    def deploy(file_id: int, **inputs: str) -> Any:
        bot_input = {k: {"type": "STRING", "string": v} for k, v in inputs.items()}
        body = {"botId": file_id, "botInput": bot_input, "headlessRequest": {}}
        return client.post("/v4/automations/deploy", json=body, headers=headers)

    def status(deployment: Any) -> dict[str, Any]:
        query = {
            "operator": "eq",
            "field": "deploymentId",
            "value": deployment.get_json()["deploymentId"],
        }
        found = client.post("/v3/activity/list", json={"filter": query}, headers=headers)
        run: dict[str, Any] = found.get_json()["list"][0]
        return run

    report = deploy(11, iStrDay="monday")
    clock.advance(3)
    broken = deploy(12)
    assert (status(report)["status"], status(broken)["status"]) == ("RUNNING", "QUEUED")  # one slot
    clock.advance(29.15)  # the report ends at 32.1 s (2 s queued, 0.1 s pending, 30 s running)
    assert (status(report)["status"], status(broken)["status"]) == (
        "COMPLETED",
        "PENDING_EXECUTION",
    )
    clock.advance(1)
    assert status(broken)["status"] == "RUN_FAILED"
    assert status(broken)["message"] == "The export server refused the connection"
    outputs = client.get(f"/v3/activity/execution/{status(report)['id']}", headers=headers)
    assert (
        outputs.get_json()["botOutVariables"]["values"]["Report"]["string"] == "report for monday"
    )
    assert deploy(11, iStrDay="tuesday").status_code == 200  # the third execution
    assert deploy(11, iStrDay="friday").status_code == 403  # past the quota
