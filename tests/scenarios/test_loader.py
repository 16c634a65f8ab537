"""Scenario files: every bundled one loads; every broken one names file, line and problem."""

import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.core.resources import scenarios_dir
from mockserver.core.scenarios import ScenarioError, load_scenario, load_scenario_text
from mockserver.core.scenarios.resolver import catalog
from scenario_text import PREAMBLE, with_task


@pytest.mark.parametrize("path", sorted(scenarios_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_scenarios_load(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.tasks and scenario.description


def test_catalog_lists_bundled_scenarios() -> None:
    names = {entry.name for entry in catalog()}
    assert {"default", "errors", "latency", "large-tenant"} <= names


def test_large_tenant_has_250_plus_allocations() -> None:
    scenario = load_scenario(scenarios_dir() / "large-tenant.yaml")
    assert sum(task.allocation is not None for task in scenario.tasks) >= 250


TASK = "    outputs:\n      R: {type: STRING, value: ok}\n"
BROKEN = [
    (
        "bad type",
        with_task("    outputs:\n      R: {type: TEXT}\n"),
        "TEXT",
        "tasks[0].outputs.R.type",
        "'TEXT' is not one of",
    ),
    (
        "unknown key",
        with_task(TASK + "    colour: red\n"),
        "colour: red",
        "tasks[0].colour",
        "unknown key 'colour'",
    ),
    (
        "bad regex",
        with_task(
            TASK + "    inputs:\n      i: {type: STRING}\n    rules:\n"
            "      - when: {i: {regex: '(unclosed'}}\n        outputs: {R: x}\n"
        ),
        "(unclosed",
        "tasks[0].rules[0].when.i.regex",
        "bad regular expression",
    ),
    (
        "bad template",
        with_task("    outputs:\n      R: {type: STRING, template: '{{ oops'}\n"),
        "{{ oops",
        "tasks[0].outputs.R.template",
        "bad template",
    ),
    (
        "python object tag",
        PREAMBLE + "  - !!python/object/apply:os.system ['echo hi']\n",
        "!!python",
        "",
        "YAML tag not allowed",
    ),
    (
        "duplicate fileId",
        with_task(TASK) + "  - {fileId: 7, path: other}\n",
        "{fileId: 7, path: other}",
        "tasks[1].fileId",
        "duplicate fileId 7",
    ),
    (
        "undeclared output",
        with_task(TASK + "    default:\n      outputs: {Other: x}\n"),
        "{Other: x}",
        "tasks[0].default.outputs.Other",
        "not declared",
    ),
    (
        "condition on unknown input",
        with_task(TASK + "    rules:\n      - when: {nope: {equals: x}}\n"),
        "{nope:",
        "tasks[0].rules[0].when.nope",
        "not a declared input",
    ),
    (
        "unknown faker provider",
        with_task("    outputs:\n      R: {type: STRING, fake: no_such}\n"),
        "no_such",
        "tasks[0].outputs.R.fake",
        "unknown Faker provider",
    ),
    (
        "static value of wrong type",
        with_task("    outputs:\n      R: {type: NUMBER, value: abc}\n"),
        "value: abc",
        "tasks[0].outputs.R.value",
        "not a valid NUMBER",
    ),
    (
        "undefined role",
        PREAMBLE.replace(
            'roles: [AAE_Admin], multipleLoginAllowed: true}\n  - {id: "380"',
            'roles: [Nope], multipleLoginAllowed: true}\n  - {id: "380"',
        )
        + "  - {fileId: 1, path: p}\n",
        "[Nope]",
        "users[0].roles[0]",
        "role 'Nope' is not defined",
    ),
    ("yaml syntax", PREAMBLE + "  - {fileId: 1, path: [unclosed\n", "END", "", "expected"),
    (
        "value and template together",
        with_task("    outputs:\n      R: {type: STRING, value: a, template: b}\n"),
        "template: b",
        "tasks[0].outputs.R",
        "conflicting or missing keys",
    ),
]


def line_of(text: str, marker: str) -> int:
    """1-based line where `marker` is written ("END": the line after the last)."""
    if marker == "END":
        return text.count("\n") + 1
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize(
    "label, text, marker, location, message", BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_scenarios_name_the_problem(
    label: str, text: str, marker: str, location: str, message: str
) -> None:
    line = line_of(text, marker)
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "broken.yaml")
    problems = caught.value.problems
    assert any(
        p.file == "broken.yaml"
        and p.line == line
        and p.location == location
        and message in p.message
        for p in problems
    ), [str(p) for p in problems]


def test_problems_render_with_file_and_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(with_task("    outputs:\n      R: {type: TEXT}\n"), "x.yaml")
    assert str(caught.value).startswith("x.yaml:12: at tasks[0].outputs.R.type")


def test_validate_command_reports_and_fails(tmp_path: Path) -> None:
    good = scenarios_dir() / "default.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(with_task("    outputs:\n      R: {type: TEXT}\n"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "validate", str(good), str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "default.yaml: ok" in result.stdout
    assert f"{bad}:12: at tasks[0].outputs.R.type" in result.stderr


def test_scenarios_command_lists_descriptions() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "scenarios"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert any(
        (line.startswith("errors ") and "faults" in line) or line.startswith("errors ")
        for line in result.stdout.splitlines()
    )
    assert "large-tenant" in result.stdout


def test_the_scenario_schema_is_a_valid_json_schema() -> None:
    import json

    from jsonschema import Draft202012Validator

    from mockserver.core.scenarios.loader import SCHEMA_PATH

    Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
