"""A Control Room and its test control, built directly (no Flask) on the simulated clock, and
journal entries made by hand."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from conftest import PASSWORDS
from mockserver.core.clock import Clock
from mockserver.core.config import Settings
from mockserver.core.control_room import ControlRoom
from mockserver.core.journal import Journal, JournalEntry
from mockserver.core.local_control import LocalControl
from mockserver.core.results import Caller, Session
from mockserver.core.scenarios.resolver import resolve_scenario
from mockserver.core.tokens import TokenKind

TENANT = "0a665343-88e9-17be-8189-936dad5d0144"  # the default scenario's


class Built:
    """Builds Control Rooms on the test's clock and signing key, and closes them after it."""

    def __init__(self, clock: Clock, key: rsa.RSAPrivateKey):
        self.clock, self.key = clock, key
        self.built: list[ControlRoom] = []

    def __call__(self, scenario: str = "default", **settings: Any) -> ControlRoom:
        config = Settings(**settings)
        built = ControlRoom(config, resolve_scenario(scenario), clock=self.clock, key=self.key)
        self.built.append(built)
        return built


@pytest.fixture
def build(clock: Clock, signing_key: rsa.RSAPrivateKey) -> Iterator[Built]:
    builder = Built(clock, signing_key)
    yield builder
    for control_room in builder.built:
        control_room.close()


@pytest.fixture
def control_room(build: Built) -> ControlRoom:
    return build()


@pytest.fixture
def control(control_room: ControlRoom) -> LocalControl:
    return LocalControl(control_room)


def login(control_room: ControlRoom, username: str = "admin") -> Session:
    return control_room.auth.login(username, password=PASSWORDS[username])


def caller(control_room: ControlRoom, username: str = "admin") -> Caller:
    token = login(control_room, username).token
    return control_room.auth.authenticate(token, TokenKind.CONTROL_ROOM)


def record(journal: Journal, body: Any = None, **fields: Any) -> JournalEntry:
    values: dict[str, Any] = {
        "time": 1.0,
        "method": "POST",
        "path": "/v2/authentication",
        "query": "",
        "headers": {},
        "raw_body": b"" if body is None else json.dumps(body).encode(),
        "status": 200,
        "raw_response": b"",
        "duration_ms": 0.5,
        "task": None,
    }
    return journal.record(**{**values, **fields})
