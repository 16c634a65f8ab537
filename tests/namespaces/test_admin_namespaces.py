"""The namespaces' admin calls and bounds: list, create with a scenario and profile, delete, the
maximum and the idle expiry (on the registry's clock, moved by hand)."""

from collections.abc import Callable

from flask import Flask

from namespaces.conftest import ClientFactory, NamespaceClient, RealClock


def test_first_use_creates_and_the_list_shows_each(ns_client: ClientFactory) -> None:
    root, a = ns_client(""), ns_client("a")
    assert root.get("/__admin/namespaces").get_json() == {
        "maximum": 100,
        "idleSeconds": 3600,
        "namespaces": [],
    }
    a.login()
    [listed] = root.get("/__admin/namespaces").get_json()["namespaces"]
    assert (listed["name"], listed["scenario"], listed["profile"]) == ("a", "default", "seed")
    assert listed["journalSize"] == 1 and listed["idleSeconds"] == 0


def test_put_makes_one_with_its_own_scenario_and_profile(ns_client: ClientFactory) -> None:
    root = ns_client("")
    body = {"scenario": "large-tenant", "profile": "a360"}
    made = root.put("/__admin/namespaces/big", json=body)
    assert made.status_code == 201, made.get_json()
    assert (made.get_json()["scenario"], made.get_json()["profile"]) == ("large-tenant", "a360")
    health = ns_client("big").get("/__admin/health").get_json()
    assert (health["scenario"], health["profile"]) == ("large-tenant", "a360")
    assert root.get("/__admin/health").get_json()["profile"] == "seed"
    invalid = root.put("/__admin/namespaces/bad", json={"scenario": {"tasks": "none"}})
    assert invalid.status_code == 400
    assert invalid.get_json()["code"] == "mock.scenario.invalid"


def test_bad_names_scenarios_and_profiles_are_400(ns_client: ClientFactory) -> None:
    root = ns_client("")
    assert root.put("/__admin/namespaces/" + "x" * 65, json={}).status_code == 400
    assert root.put("/__admin/namespaces/a", json={"profile": "nope"}).status_code == 400
    unknown = root.put("/__admin/namespaces/a", json={"scenario": "nope"})
    assert unknown.status_code == 400 and "nope" in unknown.get_json()["message"]
    assert root.put("/__admin/namespaces/a", json={"scenario": "../x"}).status_code == 400
    assert root.get("/__admin/namespaces").get_json()["namespaces"] == []
    assert root.get("/ns/bad%20name/__admin/health").status_code == 404


def test_delete_forgets_all_its_state(ns_client: ClientFactory) -> None:
    root, a = ns_client(""), ns_client("a")
    headers = a.login()
    assert root.delete("/__admin/namespaces/a").status_code == 204
    assert root.delete("/__admin/namespaces/a").status_code == 404
    assert a.post("/orchestrator/v1/hotbot/config", json={}, headers=headers).status_code == 401
    assert [n["name"] for n in root.get("/__admin/namespaces").get_json()["namespaces"]] == ["a"]
    assert a.get("/__admin/requests").get_json()["requests"][0]["status"] == 401


def test_past_the_maximum_a_429_says_how_to_raise_it(make_ns_app: Callable[..., Flask]) -> None:
    app = make_ns_app(max_namespaces=2)
    app.test_client_class = NamespaceClient
    client = app.test_client()
    assert isinstance(client, NamespaceClient)
    for name in ("a", "b"):
        assert client.get(f"/ns/{name}/__admin/health").status_code == 200
    refused = client.get("/ns/c/__admin/health")
    assert refused.status_code == 429
    assert "AA_MOCK_MAX_NAMESPACES" in refused.get_json()["message"]
    assert client.put("/__admin/namespaces/c", json={}).status_code == 429
    assert client.put("/__admin/namespaces/a", json={}).status_code == 201  # a replacement
    client.delete("/__admin/namespaces/b")
    assert client.get("/ns/c/__admin/health").status_code == 200


def test_off_when_the_maximum_is_zero(make_ns_app: Callable[..., Flask]) -> None:
    client = make_ns_app(max_namespaces=0).test_client()
    assert client.get("/ns/a/__admin/health").status_code == 404


def test_an_idle_namespace_expires_on_the_real_clock_not_its_own(
    make_ns_app: Callable[..., Flask], real_clock: RealClock
) -> None:
    app = make_ns_app(namespace_idle_seconds=60)
    client = app.test_client()
    headers = {"X-Authorization": _login(client, "/ns/a")}
    client.post("/ns/a/__admin/clock", json={"advance": 86400})  # its own clock: no matter
    client.get("/ns/b/__admin/health")
    real_clock.now = 50
    client.get("/ns/b/__admin/health")  # b is used, a is not
    real_clock.now = 100
    names = [n["name"] for n in client.get("/__admin/namespaces").get_json()["namespaces"]]
    assert names == ["b"]
    refused = client.post("/ns/a/orchestrator/v1/hotbot/config", json={}, headers=headers)
    assert refused.status_code == 401  # a fresh namespace a: the old token is unknown


def _login(client: object, prefix: str) -> str:
    from flask.testing import FlaskClient

    assert isinstance(client, FlaskClient)
    body = {"username": "admin", "password": "Admin#2024"}
    token: str = client.post(f"{prefix}/v2/authentication", json=body).get_json()["token"]
    return token
