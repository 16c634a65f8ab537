"""pytest plugin: one mock server per test session (per xdist worker), reset for every test."""

from collections.abc import Iterator

import pytest

from mockserver.server import MockServer

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
    with MockServer(_default_scenario(request.config)) as server:
        yield server


@pytest.fixture
def aa_mock(aa_mock_server: MockServer, request: pytest.FixtureRequest) -> MockServer:
    """The session's server, on the test's scenario, reset to its initial state."""
    marker = request.node.get_closest_marker(MARKER)
    wanted = str(marker.args[0]) if marker else _default_scenario(request.config)
    if wanted != aa_mock_server.scenario_ref:
        aa_mock_server.load_scenario(wanted)  # loading resets too
    else:
        aa_mock_server.reset()
    aa_mock_server.clear_faults()
    return aa_mock_server
