"""The pytest plugin finds the session's scenario wherever pytest is run from, says in one
message (no traceback through the plugin) when a scenario cannot be loaded, and warns about an
AA_MOCK_* variable that is no setting."""

from pathlib import Path

import pytest

from mockserver.core.resources import scenarios_dir

TEST = """
def test_on_the_latency_scenario(aa_mock):
    assert aa_mock.control.scenario().name == "latency"
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> Path:
    """A project with its scenario in fixtures/ and its tests in suite/."""
    (pytester.path / "fixtures").mkdir()
    (pytester.path / "fixtures" / "tenant.yaml").write_text(
        (scenarios_dir() / "latency.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    suite = pytester.path / "suite"
    suite.mkdir()
    (suite / "test_tenant.py").write_text(TEST, encoding="utf-8")
    return suite


def test_the_ini_scenario_is_found_from_a_subfolder(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\naa_mock_scenario = fixtures/tenant.yaml\n")
    monkeypatch.chdir(project)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_command_line_scenario_is_also_tried_against_the_rootdir(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeini("[pytest]\n")
    monkeypatch.chdir(project)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--aa-scenario", "fixtures/tenant.yaml"
    )
    result.assert_outcomes(passed=1)


def test_an_invalid_scenario_is_one_message_without_the_plugins_traceback(
    pytester: pytest.Pytester, project: Path
) -> None:
    (pytester.path / "fixtures" / "tenant.yaml").write_text(
        "name: broken\ntasks: [{fileId: 1, path: 'A\\B', allocation: {concurencyLimit: 1}}]\n",
        encoding="utf-8",
    )
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--aa-scenario", "fixtures/tenant.yaml", "suite"
    )
    result.assert_outcomes(errors=1)
    output = result.stdout.str()
    scenario = pytester.path / "fixtures" / "tenant.yaml"
    assert (
        f"aa-mockserver: cannot load the scenario '{scenario}':\n{scenario}:2: at "
        "tasks[0].allocation.concurencyLimit unknown key 'concurencyLimit' (did you mean "
        "'concurrencyLimit'?)\n"
    ) in output
    assert "pytest_plugin.py" not in output and "mock_server.py" not in output


def test_a_misspelled_variable_is_warned_about_in_the_header(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AA_MOCK_SEEED", "3")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--co", "suite")
    result.stdout.fnmatch_lines(
        [
            "aa-mockserver: warning: AA_MOCK_SEEED is not a setting and is ignored "
            "(did you mean 'AA_MOCK_SEED'?)"
        ]
    )


def test_markers_written_wrong_are_reported_with_a_did_you_mean(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
import pytest

@pytest.mark.aa_strict(alow=[404])
def test_strict(aa_mock):
    pass

@pytest.mark.aa_scenario()
def test_no_scenario(aa_mock):
    pass
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*@pytest.mark.aa_strict takes allow=*, not 'alow' (did you mean 'allow'?)",
            '*@pytest.mark.aa_scenario takes one scenario: @pytest.mark.aa_scenario("errors")*',
        ]
    )
