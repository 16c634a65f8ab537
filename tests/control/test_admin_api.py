"""The admin API under /__admin: health, reset, scenarios, journal, clock, faults, tokens."""

import json

import pytest

from conftest import ZIP_PATH, AppFactory, CheckedClient
from mockserver.core.clock import Clock
from mockserver.http.emulated import control_of

LIST = "/orchestrator/v1/hotbot/config"
ZIP_INPUT = {"iStrZipCode": {"type": "STRING", "string": "95134"}}


def test_health(client: CheckedClient, clock: Clock) -> None:
    clock.advance(12)
    body = client.get("/__admin/health").get_json()
    assert body == {
        "status": "ok",
        "version": "0.1.0",
        "scenario": "default",
        "profile": "seed",
        "uptimeSeconds": 12,
    }


def test_reset_restores_allocations_tokens_journal_clock(
    client: CheckedClient, clock: Clock
) -> None:
    headers = client.login()
    client.put("/orchestrator/v1/hotbot/config/create", json={"fileId": 250}, headers=headers)
    clock.advance(100)
    assert client.post("/__admin/reset").get_json() == {"scenario": "default", "tasks": 5}
    assert client.get("/__admin/requests").get_json()["requests"] == []
    assert client.get("/__admin/clock").get_json()["offsetSeconds"] == 0
    assert client.post(LIST, json={}, headers=headers).status_code == 401  # token forgotten
    items = client.post(LIST, json={}, headers=client.login()).get_json()["list"]
    assert 250 not in [item["fileId"] for item in items]


def test_scenarios_list_and_switch_by_name(client: CheckedClient) -> None:
    listing = client.get("/__admin/scenarios").get_json()
    assert listing["current"] == "default"
    assert {"errors", "latency", "large-tenant"} <= {s["name"] for s in listing["scenarios"]}
    assert client.put("/__admin/scenario", json={"name": "large-tenant"}).get_json() == {
        "scenario": "large-tenant",
        "tasks": 270,
    }
    page = client.post(LIST, json={}, headers=client.login()).get_json()["page"]
    assert page["total"] == 260


def test_switch_to_unknown_name_is_404(client: CheckedClient) -> None:
    response = client.put("/__admin/scenario", json={"name": "nope"})
    assert response.status_code == 404 and "nope" in response.get_json()["message"]


def test_names_cannot_be_paths(client: CheckedClient) -> None:
    response = client.put("/__admin/scenario", json={"name": "../../etc/passwd"})
    assert response.status_code == 400 and "name" in response.get_json()["message"]


def test_upload_yaml_and_json(client: CheckedClient) -> None:
    yaml_text = (
        "name: uploaded\nusers: []\ntasks:\n"
        "  - {fileId: 5, path: 'A\\B', allocation: {concurrencyLimit: 1}}\n"
    )
    response = client.put("/__admin/scenario", data=yaml_text, content_type="application/yaml")
    assert response.get_json() == {"scenario": "uploaded", "tasks": 1}
    response = client.put("/__admin/scenario", json={"scenario": {"name": "as-json", "tasks": []}})
    assert response.get_json() == {"scenario": "as-json", "tasks": 0}
    assert client.get("/__admin/health").get_json()["scenario"] == "as-json"


def test_invalid_upload_is_refused_and_current_stays(client: CheckedClient) -> None:
    response = client.put(
        "/__admin/scenario",
        data="name: x\ntasks:\n  - {fileId: 0}\n",
        content_type="application/yaml",
    )
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == "mock.scenario.invalid"
    assert "<uploaded>:3: at tasks[0].fileId" in body["details"]
    assert client.get("/__admin/health").get_json()["scenario"] == "default"


def test_upload_with_python_tag_is_refused(client: CheckedClient) -> None:
    response = client.put(
        "/__admin/scenario",
        content_type="application/yaml",
        data="name: x\ntasks: !!python/object/apply:os.system ['true']\n",
    )
    assert response.status_code == 400 and "YAML tag not allowed" in response.get_json()["message"]


def test_journal_records_redacts_and_filters(client: CheckedClient) -> None:
    detail = client.access()
    client.execute(detail, ZIP_INPUT)
    client.post(LIST, json={}, headers=client.login("jdoe"))  # 403
    entries = client.get("/__admin/requests").get_json()["requests"]
    assert [e["path"].split("/")[-1] for e in entries] == [
        "authentication",
        "accessdetails",
        "execute",
        "authentication",
        "config",
    ]
    login = entries[0]
    assert login["body"]["password"] == "***" and login["response"]["token"] == "***"
    execute = entries[2]
    assert execute["headers"]["X-Authorization"] == "***" and execute["task"] == 149
    assert execute["response"]["hotBotResult"]["botOutput"]["State"]["string"] == "California"
    assert entries[1]["response"]["accessDetails"][ZIP_PATH]["headers"]["X-Authorization"] == "***"
    only = client.get("/__admin/requests?status=403").get_json()["requests"]
    assert [e["status"] for e in only] == [403]
    by_task = client.get("/__admin/requests?task=149&method=post").get_json()["requests"]
    assert [e["path"] for e in by_task] == [execute["path"]]
    newest = client.get("/__admin/requests?limit=2").get_json()["requests"]
    assert [e["id"] for e in newest] == [entries[3]["id"], entries[4]["id"]]
    assert client.delete("/__admin/requests").status_code == 204
    assert client.get("/__admin/requests").get_json()["requests"] == []


def test_journal_is_bounded(make_app: AppFactory) -> None:
    client = make_app(journal_capacity=3).test_client()
    for _ in range(5):
        client.get("/v1/authentication/token")
    body = client.get("/__admin/requests").get_json()
    assert len(body["requests"]) == 3 and body["dropped"] == 2 and body["capacity"] == 3


def test_clock_advance_expires_tokens(client: CheckedClient) -> None:
    headers = client.login()
    body = client.post("/__admin/clock", json={"advance": 1200}).get_json()
    assert body["offsetSeconds"] == 1200
    response = client.post(LIST, json={}, headers=headers)
    assert response.status_code == 401 and response.get_json()["code"] == "token.expired"


def test_clock_set_freeze_resume(make_app: AppFactory) -> None:
    client = make_app().test_client()
    assert (
        client.post("/__admin/clock", json={"set": "2030-01-01T00:00:00Z"}).get_json()["iso"]
        == "2030-01-01T00:00:00+00:00"
    )
    assert client.post("/__admin/clock", json={"resume": True}).get_json()["frozen"] is False
    assert client.post("/__admin/clock", json={"freeze": True}).get_json()["frozen"] is True


@pytest.mark.parametrize(
    "body", [{}, {"advance": 1, "freeze": True}, {"set": "not a time"}, {"advance": "x"}]
)
def test_bad_clock_requests_are_400(client: CheckedClient, body: dict[str, object]) -> None:
    assert client.post("/__admin/clock", json=body).status_code == 400


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            {"advanc": 10},
            "advanc: unknown key 'advanc' (did you mean 'advance'?); known: advance, set, "
            "freeze, resume",
        ),
        ({"advance": "x"}, "advance: 'x' is not of type 'number'"),
        ([10], "body: [10] is not of type 'object'"),
    ],
)
def test_a_bad_clock_request_names_what_to_fix(
    client: CheckedClient, body: object, problem: str
) -> None:
    response = client.post("/__admin/clock", json=body)
    assert response.status_code == 400
    assert response.get_json()["details"] == problem


def test_injected_fault_on_an_operation(client: CheckedClient) -> None:
    created = client.post(
        "/__admin/faults",
        json={
            "operation": "generateApiTaskAccessDetails",
            "count": 2,
            "status": 503,
            "code": "maintenance",
            "message": "Down for maintenance",
        },
    )
    assert created.status_code == 201 and created.get_json()["remaining"] == 2
    headers = client.login("jdoe")
    body = {"botRepositoryPath": [ZIP_PATH]}
    access = "/orchestrator/v1/hotbot/config/accessdetails"
    statuses = [client.post(access, json=body, headers=headers).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert client.get("/__admin/faults").get_json()["faults"] == []


def test_injected_fault_on_a_task_with_delay(client: CheckedClient, clock: Clock) -> None:
    client.post("/__admin/faults", json={"task": 149, "delayMs": 2500, "count": 1})
    client.post("/__admin/faults", json={"task": 149, "status": 500, "count": 1})
    detail = client.access()
    before = clock.now()
    assert client.execute(detail, ZIP_INPUT).status_code == 200
    assert clock.now() - before == 2.5
    assert client.execute(detail, ZIP_INPUT).status_code == 500
    assert client.execute(detail, ZIP_INPUT).status_code == 200


def test_faults_can_be_cleared(client: CheckedClient) -> None:
    client.post("/__admin/faults", json={"status": 500, "count": 5})
    assert client.delete("/__admin/faults").status_code == 204
    assert client.get("/v1/authentication/token").status_code == 200


def test_fault_needs_status_or_delay(client: CheckedClient) -> None:
    assert client.post("/__admin/faults", json={"task": 149}).status_code == 400


def test_a_fault_without_count_lasts_until_cleared(client: CheckedClient) -> None:
    created = client.post("/__admin/faults", json={"operation": "validateToken", "status": 502})
    assert created.status_code == 201 and created.get_json()["remaining"] is None
    assert [client.get("/v1/authentication/token").status_code for _ in range(4)] == [502] * 4
    assert client.delete("/__admin/faults").status_code == 204
    assert client.get("/v1/authentication/token").status_code == 200


@pytest.mark.parametrize(
    "fault, fragments",
    [
        (
            {"operation": "authenticate", "status": 503},
            ["'authenticate' is not an operationId", "did you mean 'authenticateV2'?", "valid: "],
        ),
        ({"task": 99999, "status": 503}, ["task 99999 is not a fileId", "149"]),
        ({"status": 503, "foo": 1}, ["foo: unknown key"]),
        ({"delay_ms": 300}, ["delay_ms: unknown key (did you mean 'delayMs'?)"]),
    ],
)
def test_fault_mistakes_are_refused_saying_what_is_valid(
    client: CheckedClient, fault: dict[str, object], fragments: list[str]
) -> None:
    response = client.post("/__admin/faults", json=fault)
    assert response.status_code == 400
    message = response.get_json()["message"]
    for fragment in fragments:
        assert fragment in message, message
    assert client.get("/__admin/faults").get_json()["faults"] == []


def test_tokens_listed_redacted_and_revocable(client: CheckedClient) -> None:
    detail = client.access()
    tokens = client.get("/__admin/tokens").get_json()["tokens"]
    assert [t["kind"] for t in tokens] == ["control-room", "execution"]
    assert all(t["token"] == "***" for t in tokens) and tokens[1]["botId"] == 149
    assert client.delete(f"/__admin/tokens/{tokens[1]['id']}").get_json() == {"revoked": 1}
    assert client.execute(detail, ZIP_INPUT).status_code == 401
    assert client.delete("/__admin/tokens/12345").status_code == 404
    client.login()
    assert client.delete("/__admin/tokens").get_json() == {"revoked": 2}


def test_admin_token_guards_every_admin_call(make_app: AppFactory) -> None:
    client = make_app(admin_token="s3cret").test_client()
    response = client.get("/__admin/health")
    assert response.status_code == 401 and response.get_json()["code"] == "admin.unauthorized"
    assert client.get("/__admin/health", headers={"X-Admin-Token": "wrong"}).status_code == 401
    assert client.get("/__admin/health", headers={"X-Admin-Token": "s3cret"}).status_code == 200
    assert client.post("/__admin/reset").status_code == 401


def test_ids_are_strings_a_javascript_client_can_keep(client: CheckedClient) -> None:
    client.access()
    tokens = client.get("/__admin/tokens").get_json()["tokens"]
    entries = client.get("/__admin/requests").get_json()["requests"]
    assert all(isinstance(t["id"], str) and t["id"].isdigit() for t in tokens)
    assert all(isinstance(e["id"], str) for e in entries)
    assert int(tokens[0]["id"]) > 2**53  # a JSON number would lose its last digits in Node
    revoked = client.delete(f"/__admin/tokens/{tokens[0]['id']}")
    assert revoked.get_json() == {"revoked": 1}
    assert client.delete("/__admin/tokens/not-a-number").status_code == 400


def test_a_journal_entrys_repr_hides_its_secrets(client: CheckedClient) -> None:
    client.login("jdoe")
    entry = control_of(client.application).requests()[0]
    text = repr(entry)
    assert "mypassword@123" not in text and "eyJ" not in text
    assert entry.body == {"username": "jdoe", "password": "***"}


def test_the_scenario_in_force_without_secrets(client: CheckedClient) -> None:
    scenario = client.get("/__admin/scenario").get_json()
    assert (scenario["name"], scenario["profile"]) == ("default", "seed")
    assert [u["username"] for u in scenario["users"]] == ["admin", "jdoe", "viewer"]
    zip_task = next(t for t in scenario["tasks"] if t["fileId"] == 149)
    assert zip_task["inputs"] == [{"name": "iStrZipCode", "type": "STRING", "required": True}]
    assert zip_task["outputs"] == [
        {"name": "State", "type": "STRING", "producer": "empty"},
        {"name": "Place", "type": "STRING", "producer": "empty"},
    ]
    assert [r["outcome"] for r in zip_task["rules"]] == ["outputs", "outputs", "error"]
    assert zip_task["allocation"] == {"runAsUserOrNone": 12, "concurrencyLimit": 1}
    string_task = next(t for t in scenario["tasks"] if t["fileId"] == 180)
    assert string_task["headers"] == ["API-Task-Name"]
    text = json.dumps(scenario)
    assert "Admin#2024" not in text and "JDOEkey" not in text and "mypassword" not in text
    states = client.get("/__admin/allocations").get_json()["allocations"]
    assert {s["fileId"]: (s["inFlight"], s["rejected"]) for s in states}[149] == (0, 0)
