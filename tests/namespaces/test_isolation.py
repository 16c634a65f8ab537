"""Two namespaces side by side through HTTP: each its own flows, journal, clock, scenario,
faults and tokens; the root stays as it was. Every answer is checked against the spec."""

from typing import Any

from namespaces.conftest import ClientFactory, NamespaceClient

ZIP_INPUT = {"iStrZipCode": {"type": "STRING", "string": "95134"}}
LIST = "/orchestrator/v1/hotbot/config"


def realtime(client: NamespaceClient) -> dict[str, Any]:
    detail = client.access()
    response = client.execute(detail, ZIP_INPUT)
    assert response.status_code == 200, response.get_json()
    return detail


def ondemand(client: NamespaceClient) -> str:
    body = {"botId": 149, "botInput": ZIP_INPUT, "headlessRequest": {"numberOfExecutions": 1}}
    response = client.post("/v4/automations/deploy", json=body, headers=client.login("jdoe"))
    assert response.status_code == 200, response.get_json()
    deployment_id: str = response.get_json()["deploymentId"]
    query = {"filter": {"operator": "eq", "field": "deploymentId", "value": deployment_id}}
    listed = client.post("/v3/activity/list", json=query, headers=client.login("jdoe"))
    assert listed.status_code == 200 and len(listed.get_json()["list"]) == 1
    return deployment_id


def paths(client: NamespaceClient) -> list[str]:
    return [entry["path"] for entry in client.get("/__admin/requests").get_json()["requests"]]


def test_two_namespaces_run_both_flows_with_separate_journals(ns_client: ClientFactory) -> None:
    a, b, root = ns_client("team-a"), ns_client("team_b"), ns_client("")
    detail = realtime(a)
    assert detail["url"].startswith("http://localhost/ns/team-a/")  # stays in the namespace
    deployment = ondemand(b)
    journal_a, journal_b = paths(a), paths(b)
    assert any(p.startswith("/v1/hotbot/") or "/execute" in p for p in journal_a), journal_a
    assert "/v4/automations/deploy" in journal_b and "/v4/automations/deploy" not in journal_a
    assert all(p.startswith("/") and not p.startswith("/ns/") for p in journal_a + journal_b)
    assert paths(root) == []
    assert [d["deploymentId"] for d in b.get("/__admin/deployments").get_json()["deployments"]] == [
        deployment
    ]
    assert a.get("/__admin/deployments").get_json()["deployments"] == []


def test_a_token_of_one_namespace_is_refused_elsewhere(ns_client: ClientFactory) -> None:
    a, b, root = ns_client("a"), ns_client("b"), ns_client("")
    headers = a.login()
    assert a.post(LIST, json={}, headers=headers).status_code == 200
    for other in (b, root):
        other.login()  # the same user, same seed, same key: the token is still not theirs
        refused = other.post(LIST, json={}, headers=headers)
        assert refused.status_code == 401, refused.get_json()
    root_headers = root.login()
    assert a.post(LIST, json={}, headers=root_headers).status_code == 401
    detail = a.access()
    wrong_door = detail["url"].replace("/ns/a/", "/ns/b/")
    assert b.post(wrong_door, json={}, headers=detail["headers"]).status_code in (401, 404)


def test_clock_reset_scenario_and_faults_stay_in_their_namespace(
    ns_client: ClientFactory,
) -> None:
    a, b = ns_client("a"), ns_client("b")
    before_b = b.get("/__admin/clock").get_json()
    a.post("/__admin/clock", json={"advance": 3600})
    assert b.get("/__admin/clock").get_json() == before_b
    assert a.get("/__admin/clock").get_json()["offsetSeconds"] == 3600

    assert a.put("/__admin/scenario", json={"name": "large-tenant"}).status_code == 200
    assert a.get("/__admin/health").get_json()["scenario"] == "large-tenant"
    assert b.get("/__admin/health").get_json()["scenario"] == "default"

    fault = {"operation": "authenticateV2", "status": 503, "count": 5}
    assert b.post("/__admin/faults", json=fault).status_code == 201
    refused = b.post("/v2/authentication", json={"username": "admin", "password": "x"})
    assert refused.status_code == 503
    a.login()  # no fault here
    assert a.get("/__admin/faults").get_json()["faults"] == []
    assert len(b.get("/__admin/faults").get_json()["faults"]) == 1
    b.delete("/__admin/faults")
    headers_b = b.login()
    a.post("/__admin/reset")
    assert b.post(LIST, json={}, headers=headers_b).status_code == 200  # b's token survives
    assert paths(a) == []
    assert paths(b) != []
