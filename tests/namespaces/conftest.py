"""Fixtures for namespaces: an app whose namespaces run on fixed clocks, clients per namespace."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from werkzeug.test import TestResponse

from conftest import EPOCH, CheckedClient
from mockserver import create_app
from mockserver.core.clock import Clock
from mockserver.core.config import Settings
from mockserver.core.control_room import ControlRoom
from mockserver.core.namespaces import NamespaceRegistry
from mockserver.core.scenarios.model import Scenario
from mockserver.core.scenarios.resolver import resolve_scenario
from mockserver.http.error_handlers import RAISE_UNEXPECTED


class RealClock:
    """The registry's stand-in for the real monotonic clock: moved by hand, never slept on."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class NamespaceClient(CheckedClient):
    """A checked client whose paths (not absolute URLs) go under /ns/<name>."""

    prefix = ""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # type: ignore[override]
        if args and isinstance(args[0], str) and args[0].startswith("/"):
            args = (self.prefix + args[0], *args[1:])
        return super().open(*args, **kwargs)


ClientFactory = Callable[[str], NamespaceClient]


@pytest.fixture
def real_clock() -> RealClock:
    return RealClock()


@pytest.fixture
def make_ns_app(
    real_clock: RealClock, clock: Clock, signing_key: rsa.RSAPrivateKey
) -> Iterator[Callable[..., Flask]]:
    """An app whose root runs on the test clock and whose every namespace on a fixed clock of
    its own (each starting at EPOCH); the registry judges idleness on `real_clock`."""
    registries: list[NamespaceRegistry] = []
    rooms: list[ControlRoom] = []

    def build_room(settings: Settings, scenario: Scenario, name: str) -> ControlRoom:
        own = Clock(frozen_at=EPOCH, simulate_sleep=True)
        room = ControlRoom(settings, scenario, clock=own, key=signing_key, namespace=name)
        rooms.append(room)
        return room

    def build(**overrides: Any) -> Flask:
        settings = Settings(**overrides)
        scenario = resolve_scenario(settings.scenario)
        root = ControlRoom(settings, scenario, clock=clock, key=signing_key)
        rooms.append(root)
        registry = NamespaceRegistry(
            settings, default_scenario=scenario, now=real_clock, build=build_room
        )
        registries.append(registry)
        app = create_app(settings, control_room=root, namespaces=registry)
        app.config[RAISE_UNEXPECTED] = True
        return app

    yield build
    for registry in registries:
        registry.close()
    for room in rooms:
        room.close()


@pytest.fixture
def ns_app(make_ns_app: Callable[..., Flask]) -> Flask:
    return make_ns_app()


@pytest.fixture
def ns_client(ns_app: Flask) -> ClientFactory:
    """`ns_client("a")`: a checked client of namespace a; `ns_client("")`: of the root."""

    def make(name: str) -> NamespaceClient:
        ns_app.test_client_class = NamespaceClient
        client = ns_app.test_client()
        assert isinstance(client, NamespaceClient)
        client.prefix = f"/ns/{name}" if name else ""
        return client

    return make
