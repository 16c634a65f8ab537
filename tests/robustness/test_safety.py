"""Scenario and template safety, and safe defaults: no object-building YAML, no escape from the
template sandbox, no files outside the scenario folders, secrets kept out of logs and journal."""

import logging
from typing import Any

import pytest

from conftest import AppFactory, CheckedClient
from mockserver.core.config import Settings
from mockserver.core.scenarios import ScenarioError, load_scenario_text
from scenario_text import PREAMBLE, with_task

ATTEMPTS = [
    ("read a file", "{% include '/etc/passwd' %}"),
    ("import a file", "{% import '/etc/hostname' as h %}{{ h }}"),
    ("class hierarchy", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    ("function globals", "{{ cycler.__init__.__globals__.os.environ }}"),
    ("lipsum globals", "{{ lipsum.__globals__['os'].environ }}"),
    ("template context", "{{ self._TemplateReference__context }}"),
    ("mutate inputs", "{{ inputs.update({'x': 1}) }}"),
    ("huge string", "{{ 'x' * 100000000 }}"),
    ("huge power", "{{ 10 ** 100000000 }}"),
    ("huge range", "{{ range(100000000) | list | length }}"),
    ("config object", "{{ config }}"),
]


@pytest.mark.parametrize("label, template", ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
def test_templates_cannot_escape(make_app: AppFactory, label: str, template: str) -> None:
    task = f'    outputs:\n      X: {{type: STRING, template: "{template}"}}\n'
    client = make_app(yaml_text=with_task(task)).test_client()
    response = client.execute(client.access("Bots\\T"))
    assert response.status_code == 500, label
    body = response.get_json()
    assert body["code"] == "mock.scenario.error"
    assert "root:" not in body["message"] and "PATH" not in body["message"]


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['true']",
        "!!python/name:os.system",
        "!!python/object/new:subprocess.Popen [['true']]",
        "!!binary aGVsbG8=",
    ],
)
def test_yaml_tags_that_build_objects_are_refused(tag: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(PREAMBLE + f"  - {tag}\n", "tagged.yaml")
    assert caught.value.problems[0].file == "tagged.yaml"


@pytest.mark.parametrize("name", ["../default", "/etc/passwd", "..", "sub/dir", "C:\\x", ""])
def test_uploaded_names_cannot_reach_other_files(client: CheckedClient, name: str) -> None:
    response = client.put("/__admin/scenario", json={"name": name})
    assert response.status_code in (400, 404)
    assert client.get("/__admin/health").get_json()["scenario"] == "default"


def test_scenario_bodies_cannot_name_files(client: CheckedClient) -> None:
    response = client.put(
        "/__admin/scenario", json={"scenario": {"name": "x", "include": "/etc/passwd", "tasks": []}}
    )
    assert response.status_code == 400 and "unknown key" in response.get_json()["message"]


def test_binds_loopback_by_default() -> None:
    assert Settings().host == "127.0.0.1" and Settings.from_env({}).host == "127.0.0.1"


def test_admin_token_is_compared_in_constant_time(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mockserver.http.emulated as guard

    calls: list[Any] = []
    real = guard.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(guard.hmac, "compare_digest", spy)
    client = make_app(admin_token="s3cret").test_client()
    assert client.get("/__admin/health", headers={"X-Admin-Token": "guess"}).status_code == 401
    assert calls == [(b"guess", b"s3cret")]


def test_secrets_stay_out_of_logs_and_journal(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_app(log_format="json").test_client()
    secrets = ["Admin#2024", "JDOEkey00000000000000000000000000000000b"]
    with caplog.at_level(logging.DEBUG):
        admin = client.login()
        key_login = client.post(
            "/v2/authentication", json={"username": "jdoe", "apiKey": secrets[1]}
        )
        detail = client.access()
        client.execute(detail, {"iStrZipCode": {"type": "STRING", "string": "95134"}})
        client.post(
            "/v1/authentication/token", json={"token": admin["X-Authorization"]}, headers=admin
        )
        client.get(f"/v1/authentication/token?token={key_login.get_json()['token']}")
        client.post(
            "/orchestrator/v1/hotbot/config",
            json={},
            headers={"Authorization": "Bearer " + key_login.get_json()["token"]},
        )
    journal = client.get("/__admin/requests").get_data(as_text=True)
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for text in (journal, logs):
        assert "eyJ" not in text
        for secret in secrets:
            assert secret not in text
