"""One scenario resolver behind every entry point: a configured scenario is found by its `name:`
and by its file stem through `serve`, the admin API, MockServer and the pytest marker; invalid
files are listed with their problem; text, dicts and Scenario objects load anywhere."""

from pathlib import Path

import pytest

from conftest import AppFactory
from mockserver import MockServer
from mockserver.core.resources import scenarios_dir
from mockserver.core.scenarios import ScenarioError, load_scenario
from mockserver.core.scenarios.resolver import catalog, resolve_scenario
from served import run_cli, serve

NAME, STEM = "acme-tenant", "acme-file"


@pytest.fixture
def tenant_dir(tmp_path: Path) -> Path:
    """A configured folder: a valid scenario whose `name:` differs from its stem, and a broken
    one."""
    text = (scenarios_dir() / "default.yaml").read_text(encoding="utf-8")
    (tmp_path / f"{STEM}.yaml").write_text(
        text.replace("name: default", f"name: {NAME}", 1), encoding="utf-8"
    )
    (tmp_path / "broken.yaml").write_text("name: broken\ntasks: 5\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("ref", [NAME, STEM])
def test_resolver_finds_a_configured_scenario_by_name_and_by_stem(
    tenant_dir: Path, ref: str
) -> None:
    assert resolve_scenario(ref, [tenant_dir]).name == NAME


def test_unknown_name_lists_what_is_known_and_not_the_refused_name(tenant_dir: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        resolve_scenario("nope", [tenant_dir])
    message = caught.value.problems[0].message
    assert NAME in message and "default" in message and "nope" not in message


def test_invalid_files_are_listed_with_their_first_problem(tenant_dir: Path) -> None:
    entries = {e.name: e for e in catalog([tenant_dir])}
    assert entries[NAME].problem is None
    assert entries["broken"].problem is not None and "broken.yaml" in entries["broken"].problem


def test_text_dict_and_scenario_objects_resolve() -> None:
    text = (scenarios_dir() / "errors.yaml").read_text(encoding="utf-8")
    scenario = load_scenario(scenarios_dir() / "errors.yaml")
    assert resolve_scenario(text).name == "errors"
    assert resolve_scenario(scenario) is scenario


def test_a_missing_relative_path_names_every_path_tried(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        resolve_scenario("mine/tenant.yaml", relative_to=[tmp_path / "tests", tmp_path])
    message = caught.value.problems[0].message
    assert str(tmp_path / "tests" / "mine" / "tenant.yaml") in message
    assert str(tmp_path / "mine" / "tenant.yaml") in message


def test_a_folder_reached_twice_is_listed_once_among_the_paths_tried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the rootdir is often the current folder too
    with pytest.raises(ScenarioError) as caught:
        resolve_scenario("t.yaml", relative_to=[tmp_path / "tests", tmp_path])
    tried = str(tmp_path / "t.yaml")
    assert caught.value.problems[0].message == (
        f"no such scenario file (tried {tmp_path / 'tests' / 't.yaml'}, {tried})"
    )


def test_a_misspelled_name_gets_a_did_you_mean() -> None:
    with pytest.raises(ScenarioError, match=r"unknown scenario \(did you mean 'latency'\?\)"):
        resolve_scenario("latncy")


def test_a_relative_path_is_found_against_the_given_folders(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "t.yaml").write_text(
        (scenarios_dir() / "latency.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert resolve_scenario("mine/t.yaml", relative_to=[tmp_path / "x", tmp_path]).name == "latency"


# -- through every entry point


@pytest.mark.parametrize("ref", [NAME, STEM])
def test_serve_selects_a_configured_scenario(
    tenant_dir: Path, ref: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AA_MOCK_SCENARIO_DIRS", str(tenant_dir))
    with serve("--scenario", ref) as served:
        assert served.banner.startswith(f"aa-mockserver serving scenario '{NAME}'")


def test_cli_scenarios_lists_the_invalid_file(tenant_dir: Path) -> None:
    result = run_cli("scenarios", env={"AA_MOCK_SCENARIO_DIRS": str(tenant_dir)})
    lines = result.stdout.splitlines()
    assert any(line.startswith(NAME) for line in lines)
    assert any(line.startswith("broken") and "INVALID" in line for line in lines)


@pytest.mark.parametrize("ref", [NAME, STEM])
def test_admin_api_switches_to_a_configured_scenario(
    make_app: AppFactory, tenant_dir: Path, ref: str
) -> None:
    client = make_app(scenario_dirs=(tenant_dir,)).test_client()
    response = client.put("/__admin/scenario", json={"name": ref})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["scenario"] == NAME
    listed = client.get("/__admin/scenarios").get_json()["scenarios"]
    broken = next(s for s in listed if s["name"] == "broken")
    assert broken["problem"] and "broken.yaml" in broken["problem"]


@pytest.mark.parametrize("ref", [NAME, STEM])
def test_mock_server_selects_a_configured_scenario(tenant_dir: Path, ref: str) -> None:
    with MockServer(ref, scenario_dirs=(tenant_dir,)) as server:
        assert server.control.scenario().name == NAME
        assert server.load_scenario("errors").name == "errors"
        assert server.load_scenario(ref).name == NAME


def test_mock_server_takes_yaml_text() -> None:
    text = (scenarios_dir() / "latency.yaml").read_text(encoding="utf-8")
    with MockServer(text) as server:
        assert server.control.scenario().name == "latency"


@pytest.mark.parametrize("ref", [NAME, STEM])
def test_marker_selects_a_configured_scenario(
    pytester: pytest.Pytester, tenant_dir: Path, ref: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AA_MOCK_SCENARIO_DIRS", str(tenant_dir))
    pytester.makepyfile(
        f"""
import pytest

@pytest.mark.aa_scenario({ref!r})
def test_marked(aa_mock):
    assert aa_mock.control.scenario().name == {NAME!r}
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_marker_paths_resolve_against_the_test_file_and_say_what_was_tried(
    pytester: pytest.Pytester,
) -> None:
    sub = pytester.mkpydir("suite")
    (sub / "tenant.yaml").write_text(
        (scenarios_dir() / "latency.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (sub / "test_paths.py").write_text(
        """
import pytest

@pytest.mark.aa_scenario("tenant.yaml")
def test_next_to_the_test_file(aa_mock):
    assert aa_mock.control.scenario().name == "latency"

@pytest.mark.aa_scenario("missing/there.yaml")
def test_missing(aa_mock):
    pass
""",
        encoding="utf-8",
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "suite")
    result.assert_outcomes(passed=1, errors=1)
    tried = str(sub / "missing" / "there.yaml")
    result.stdout.fnmatch_lines([f"*no such scenario file (tried {tried}*"])
