"""pytest plugin: one mock server per test session (per xdist worker), reset for every test; or,
given `--aa-url` (`AA_MOCK_URL`), a namespace of its own on that running mock per worker."""

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import TypeVar

import pytest

from mockserver.core.config import Settings, unknown_variables
from mockserver.core.errors import did_you_mean
from mockserver.core.journal import JournalEntry
from mockserver.core.scenarios import ScenarioError
from mockserver.core.scenarios.resolver import find_scenario_path, is_path
from mockserver.core.verification import RequestPattern
from mockserver.harness.mock_server import MockServer
from mockserver.harness.remote_mock import RemoteMock, namespace_for

MARKER = "aa_scenario"
T = TypeVar("T")
STRICT_MARKER = "aa_strict"
URL_VARIABLE = "AA_MOCK_URL"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("aa-mockserver")
    group.addoption(
        "--aa-scenario",
        default=None,
        help="scenario for the aa_mock fixture (bundled name or file path)",
    )
    parser.addini("aa_mock_scenario", "default scenario for the aa_mock fixture", default="default")
    group.addoption(
        "--aa-url",
        default=None,
        help="use the mock already running at this URL (e.g. a CI service), each xdist worker in "
        "a namespace of its own, instead of starting one (default: $AA_MOCK_URL)",
    )
    group.addoption(
        "--aa-strict",
        action="store_true",
        help="fail a test at teardown when a request matched no route or got an unexpected 4xx",
    )
    parser.addini(
        "aa_mock_strict", "strict mode for every aa_mock test", type="bool", default=False
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(name_or_path): run the test on this scenario of the aa_mock fixture"
    )
    config.addinivalue_line(
        "markers",
        f"{STRICT_MARKER}(allow=[...]): fail at teardown on a request that matched no route or "
        "got a 4xx not in allow",
    )


def pytest_report_header(config: pytest.Config) -> list[str]:
    """A misspelled AA_MOCK_* variable would otherwise be ignored without a word."""
    return [f"aa-mockserver: warning: {warning}" for warning in unknown_variables(os.environ)]


def _default_scenario(config: pytest.Config) -> str:
    """The session's scenario: a name as given, a relative path made absolute. A path from the
    command line is tried against the current folder first, one from the ini file against the
    ini file's folder; then both against the rootdir."""
    given = config.getoption("--aa-scenario")
    here = config.invocation_params.dir
    first = here if given else (config.inipath.parent if config.inipath else here)
    ref = str(given or config.getini("aa_mock_scenario"))
    return _located(ref, [first, Path(str(config.rootpath))])


def _located(ref: str, bases: list[Path]) -> str:
    """`ref` with a relative path resolved against `bases` (names and text are the server's to
    resolve); the test fails in one message, without a traceback through the plugin, when the
    file is not there."""
    if not is_path(ref):
        return ref
    return str(_loaded(ref, lambda: find_scenario_path(Path(ref), bases)).absolute())


def _loaded(ref: str, load: Callable[[], T]) -> T:
    """What `load()` returns, or the test fails in one message (no traceback through the
    plugin and the server) when the scenario cannot be loaded."""
    try:
        return load()
    except ScenarioError as exc:
        problems = str(exc)
    # Outside the except block, so that pytest shows no "during handling" chain either.
    pytest.fail(f"aa-mockserver: cannot load the scenario {ref!r}:\n{problems}", pytrace=False)


def _remote_url(config: pytest.Config) -> str | None:
    return config.getoption("--aa-url") or os.environ.get(URL_VARIABLE) or None


@pytest.fixture(scope="session")
def aa_mock_server(request: pytest.FixtureRequest) -> Iterator[MockServer | RemoteMock]:
    """The session's server; most tests want `aa_mock`, which also resets it."""
    env = Settings.from_env(os.environ)
    url = _remote_url(request.config)
    if url:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        name = namespace_for(worker)
        with RemoteMock(url, name, admin_token=env.admin_token) as remote:
            yield remote
        return
    # The same AA_MOCK_* settings as `serve` (scenario folders, lifetimes, seed ...); the server
    # itself always listens on a free loopback port.
    passed = {
        f.name: getattr(env, f.name)
        for f in fields(env)
        if f.name not in ("host", "port", "scenario")
    }
    ref = _default_scenario(request.config)
    with _loaded(ref, MockServer(ref, **passed).start) as server:
        yield server


@pytest.fixture
def aa_mock(
    aa_mock_server: MockServer | RemoteMock, request: pytest.FixtureRequest
) -> Iterator[MockServer | RemoteMock]:
    """The session's server, on the test's scenario, reset to its initial state."""
    marker = request.node.get_closest_marker(MARKER)
    strict = request.node.get_closest_marker(STRICT_MARKER)
    _check_markers(marker, strict)
    if marker:
        # A relative path is tried against the test's folder, then the rootdir.
        bases = [Path(str(request.node.path)).parent, Path(str(request.config.rootpath))]
        wanted = _located(str(marker.args[0]), bases)
    else:
        wanted = _default_scenario(request.config)
    if wanted != aa_mock_server.scenario_ref:
        _loaded(wanted, lambda: aa_mock_server.load_scenario(wanted))  # loading resets too
    else:
        aa_mock_server.reset()
    yield aa_mock_server
    if strict or request.config.getoption("--aa-strict") or request.config.getini("aa_mock_strict"):
        allowed = set(strict.kwargs.get("allow", ())) if strict else set()
        surprises = [
            e
            for e in aa_mock_server.control.requests(RequestPattern())
            if (e.operation is None and not e.path.startswith("/openapi"))
            or (400 <= e.status < 500 and e.status not in allowed)
        ]
        if surprises:
            pytest.fail(
                "aa-mockserver strict mode: requests that matched no route or got an "
                "unexpected 4xx (allow them with @pytest.mark.aa_strict(allow=[...])):\n"
                + "\n".join(_line(e) for e in surprises),
                pytrace=False,
            )


def _check_markers(scenario: pytest.Mark | None, strict: pytest.Mark | None) -> None:
    """A marker written wrong would be ignored, or fail deep in the plugin: say so at once."""
    if scenario is not None and (len(scenario.args) != 1 or scenario.kwargs):
        pytest.fail(
            f'@pytest.mark.{MARKER} takes one scenario: @pytest.mark.{MARKER}("errors") or a '
            "file path",
            pytrace=False,
        )
    for name in strict.kwargs if strict is not None else ():
        if name != "allow":
            pytest.fail(
                f"@pytest.mark.{STRICT_MARKER} takes allow=[...], not {name!r}"
                f"{did_you_mean(name, ['allow'])}",
                pytrace=False,
            )


def _line(entry: JournalEntry) -> str:
    response = entry.response
    code = response.get("code") if isinstance(response, dict) else None
    operation = entry.operation or "no route"
    return (
        f"  #{entry.id} {entry.method} {entry.path} -> {entry.status}"
        f"{' ' + code if code else ''} ({operation}{', ' + entry.user if entry.user else ''})"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failing test that used `aa_mock` shows its journal (redacted) in the report."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    server = getattr(item, "funcargs", {}).get("aa_mock")
    if report.when == "call" and report.failed and isinstance(server, MockServer | RemoteMock):
        report.sections.append(("aa-mockserver journal", _journal_section(server)))


def _journal_section(server: MockServer | RemoteMock) -> str:
    """The journal as report lines. A report hook that raises aborts the whole session
    (INTERNALERROR), so whatever the requests held, this returns text."""
    try:
        entries = server.control.requests(RequestPattern())
        lines = [_line(e) for e in entries] or ["  (no requests)"]
        for entry in entries[-10:]:
            if entry.body is not None or entry.response is not None:
                lines.append(f"  #{entry.id} body: {_short(entry.body)}")
                lines.append(f"  #{entry.id} response: {_short(entry.response)}")
    except Exception as exc:  # the report must not fail the session
        return f"  (the journal could not be read: {type(exc).__name__})"
    return "\n".join(lines)


def _short(value: object, limit: int = 300) -> str:
    """At most `limit` characters: the start, and the end (where the journal marks a cut)."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        text = repr(type(value))
    return text if len(text) <= limit else f"{text[: limit - 100]} … {text[-90:]}"
