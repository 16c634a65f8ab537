"""Shared fixtures: a fixed clock, one signing key per session, spec-checked test clients."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from contract import check_response
from mockserver import create_app
from mockserver.core.clock import Clock
from mockserver.core.config import Settings
from mockserver.core.control_room import ControlRoom
from mockserver.core.profiles import PROFILES
from mockserver.core.scenarios import load_scenario, load_scenario_text
from mockserver.core.scenarios.resolver import resolve_scenario
from mockserver.core.tokens import load_or_generate_key
from mockserver.http.emulated import control_room_of
from mockserver.http.error_handlers import RAISE_UNEXPECTED

pytest_plugins = ["pytester"]

EPOCH = 1_750_000_000.0
ZIP_PATH = "Automation Anywhere\\Bots\\Zip Code API Task"
STRING_TASK = "Automation Anywhere\\Bots\\API_task_String 01 1708025672.bot"
PASSWORDS = {"admin": "Admin#2024", "jdoe": "mypassword@123", "viewer": "viewer-pass"}


class CheckedClient(FlaskClient):
    """A Flask test client that validates every response against the spec."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # type: ignore[override]
        response = super().open(*args, **kwargs)
        check_response(response, control_room_of(self.application).profile.name)
        return response

    def login(self, username: str = "admin") -> dict[str, str]:
        response = self.post(
            "/v2/authentication", json={"username": username, "password": PASSWORDS[username]}
        )
        assert response.status_code == 200, response.get_json()
        return {"X-Authorization": response.get_json()["token"]}

    def access(self, path: str = ZIP_PATH, username: str = "jdoe") -> dict[str, Any]:
        response = self.post(
            "/orchestrator/v1/hotbot/config/accessdetails",
            json={"botRepositoryPath": [path]},
            headers=self.login(username),
        )
        assert response.status_code == 200, response.get_json()
        detail: dict[str, Any] = response.get_json()["accessDetails"][path]
        return detail

    def execute(
        self, detail: dict[str, Any], bot_input: dict[str, Any] | None = None, **kwargs: Any
    ) -> TestResponse:
        body = {} if bot_input is None else {"botInput": bot_input}
        return self.post(detail["url"], json=body, headers=detail["headers"], **kwargs)


@pytest.fixture(scope="session")
def signing_key() -> rsa.RSAPrivateKey:
    return load_or_generate_key(None)


@pytest.fixture
def clock() -> Clock:
    # Latency and timeouts move this clock instead of waiting.
    return Clock(frozen_at=EPOCH, simulate_sleep=True)


AppFactory = Callable[..., Flask]


@pytest.fixture
def make_app(clock: Clock, signing_key: rsa.RSAPrivateKey) -> Iterator[AppFactory]:
    """Build an app on a scenario (name, path or YAML text) with settings overrides; its
    background work (on-demand callbacks) stops after the test."""
    built: list[ControlRoom] = []

    def build(scenario: str = "default", *, yaml_text: str | None = None, **settings: Any) -> Flask:
        config = Settings(**settings)
        loaded = (
            load_scenario_text(yaml_text)
            if yaml_text is not None
            else load_scenario(Path(scenario))
            if scenario.endswith(".yaml")
            else resolve_scenario(scenario)
        )
        control_room = ControlRoom(config, loaded, clock=clock, key=signing_key)
        built.append(control_room)
        app = create_app(config, control_room=control_room)
        app.test_client_class = CheckedClient
        app.config[RAISE_UNEXPECTED] = True
        return app

    yield build
    for control_room in built:
        control_room.close()


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> Iterator[CheckedClient]:
    with app.test_client() as test_client:
        assert isinstance(test_client, CheckedClient)
        yield test_client


def open_client(app: Flask) -> CheckedClient:
    """The app's test client, which checks every emulated answer against the spec."""
    client = app.test_client()
    assert isinstance(client, CheckedClient)
    return client


@pytest.fixture(params=list(PROFILES))
def profile(request: pytest.FixtureRequest) -> str:
    """Each profile in turn, for a test that takes it."""
    return str(request.param)
