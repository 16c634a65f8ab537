"""pytest plugin: one mock server per test session (per xdist worker), reset for every test."""

import os
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from mockserver.core.config import Settings
from mockserver.run.mock_server import MockServer

MARKER = "aa_scenario"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("aa-mockserver")
    group.addoption(
        "--aa-scenario",
        default=None,
        help="scenario for the aa_mock fixture (bundled name or file path)",
    )
    parser.addini("aa_mock_scenario", "default scenario for the aa_mock fixture", default="default")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(name_or_path): run the test on this scenario of the aa_mock fixture"
    )


def _default_scenario(config: pytest.Config) -> str:
    return str(config.getoption("--aa-scenario") or config.getini("aa_mock_scenario"))


@pytest.fixture(scope="session")
def aa_mock_server(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    """The session's server; most tests want `aa_mock`, which also resets it."""
    # The same AA_MOCK_* settings as `serve` (scenario folders, lifetimes, seed ...); the server
    # itself always listens on a free loopback port.
    env = Settings.from_env(os.environ)
    passed = {
        f.name: getattr(env, f.name)
        for f in fields(env)
        if f.name not in ("host", "port", "scenario")
    }
    with MockServer(_default_scenario(request.config), **passed) as server:
        yield server


@pytest.fixture
def aa_mock(aa_mock_server: MockServer, request: pytest.FixtureRequest) -> MockServer:
    """The session's server, on the test's scenario, reset to its initial state."""
    marker = request.node.get_closest_marker(MARKER)
    wanted = marker.args[0] if marker else _default_scenario(request.config)
    if wanted != aa_mock_server.scenario_ref:
        # A relative path is tried against the test's folder, then the rootdir.
        bases = [Path(str(request.node.path)).parent, Path(str(request.config.rootpath))]
        aa_mock_server.load_scenario(wanted, relative_to=bases)  # loading resets too
    else:
        aa_mock_server.reset()
    return aa_mock_server
