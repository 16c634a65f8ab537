"""`aa-mockserver validate` reports every problem of a file in one run, each at the line of the
key it is about, with "did you mean"; it takes folders and writes JSON for CI annotations."""

import json
from pathlib import Path

import pytest

from mockserver.cli import main
from mockserver.core.resources import scenarios_dir
from mockserver.core.scenarios import ScenarioError, load_scenario, load_scenario_text
from mockserver.core.scenarios.reachability import warnings
from scenario_text import with_task
from served import run_cli

BROKEN = with_task(
    """\
    descripton: typo in a key
    inputs:
      iNumAmount: {type: NUMBER, required: true}
    outputs:
      Total: {type: NUMBER, template: "{{ inputs.iNumAmout * 2 }}"}
      Bad: {type: STRING, template: "{{ unclosed "}
    latency: {minMs: 900, maxMs: 100}
"""
).replace("allocation: {concurrencyLimit: 5}", "allocation: {concurrencyLimit: 0}")


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_every_problem_in_one_run_at_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = run_cli("validate", "--format", "json", str(path))
    assert result.returncode == 1
    problems = {
        (p["line"], p["location"]): p["message"] for p in json.loads(result.stdout)["problems"]
    }
    text = BROKEN
    assert problems[(line_of(text, "descripton"), "tasks[0].descripton")] == (
        "unknown key 'descripton' (did you mean 'description'?)"
    )
    assert problems[
        (line_of(text, "concurrencyLimit: 0"), "tasks[0].allocation.concurrencyLimit")
    ] == ("0 is less than the minimum of 1")
    # Semantic problems are there too, although the schema already found some.
    total = problems[(line_of(text, "Total:"), "tasks[0].outputs.Total.template")]
    assert "inputs.iNumAmout, which is not a declared input (did you mean 'iNumAmount'?)" in total
    assert "bad template" in problems[(line_of(text, "Bad:"), "tasks[0].outputs.Bad.template")]
    assert problems[(line_of(text, "latency:"), "tasks[0].latency.minMs")] == (
        "minMs 900 is above maxMs 100"
    )


def test_folders_are_validated_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(with_task("    outputs: {X: {type: STRING}}\n"), "utf-8")
    (tmp_path / "bad.yaml").write_text(BROKEN, encoding="utf-8")
    text = run_cli("validate", str(tmp_path))
    assert text.returncode == 1
    assert "good.yaml: ok (scenario 'under-test', 1 API Task)" in text.stdout
    assert "bad.yaml:" in text.stderr and "did you mean 'description'" in text.stderr
    report = json.loads(run_cli("validate", "--format", "json", str(tmp_path)).stdout)
    assert report["files"] == 2 and report["invalid"] == 1
    assert {Path(str(p["file"])).name for p in report["problems"]} == {"bad.yaml"}


ONE_OF_EACH = """\
name: one-of-each
roles:
  - {name: NoId, grants: [accessDetails]}
  - {id: "2", name: Dev, grants: [accessDetails]}
users:
  - {id: "7", username: dev, password: pw, roles: [NoId, Dev]}
tasks:
  - fileId: 1
    path: 'A\\B'
    allocation: {concurrencyLimit: 1}
    latency: {fixedMs: -5}
  - fileId: 1
    path: 'A\\C'
    allocation: {concurrencyLimit: 1}
    latency: {minMs: 500, maxMs: 100}
    rules:
      - outputs: {}
      - when: {nope: {equals: x}}
"""


def test_a_schema_problem_hides_no_other_problem() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(ONE_OF_EACH, "one.yaml")
    found = {(p.location, p.message) for p in caught.value.problems}
    assert found == {
        ("roles[0]", "'id' is a required property"),
        ("tasks[0].latency.fixedMs", "-5 is less than the minimum of 0"),
        ("tasks[1].fileId", "duplicate fileId 1 (also tasks[0])"),
        ("tasks[1].latency.minMs", "minMs 500 is above maxMs 100"),
        ("tasks[1].rules[0]", "'when' is a required property"),
        ("tasks[1].rules[1].when.nope", "condition on 'nope', which is not a declared input"),
    }  # and not "role 'NoId' is not defined": it is, only malformed


@pytest.mark.parametrize(
    ("task", "location", "message"),
    [
        (
            "allocation: {concurencyLimit: 1}",
            "tasks[0].allocation.concurencyLimit",
            "unknown key 'concurencyLimit' (did you mean 'concurrencyLimit'?)",
        ),
        ("allocation: 5", "tasks[0].allocation", "5 is not of type 'null' or 'object'"),
    ],
)
def test_an_allocation_that_fits_no_form_names_the_key_to_fix(
    task: str, location: str, message: str
) -> None:
    text = f"name: t\ntasks:\n  - fileId: 1\n    path: 'A\\B'\n    {task}\n"
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text)
    assert [(p.location, p.message) for p in caught.value.problems] == [(location, message)]


def test_a_numeric_id_is_told_to_be_quoted() -> None:
    text = (
        "name: t\nroles: [{id: 1, name: Dev}]\n"
        "users: [{id: 2, username: off, password: p, roles: [Dev]}]\ntasks: []\n"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text)
    assert [(p.location, p.message) for p in caught.value.problems] == [
        ("roles[0].id", "1 is not of type 'string': write it in quotes, \"1\""),
        ("users[0].id", "2 is not of type 'string': write it in quotes, \"2\""),
        (
            "users[0].username",
            "False is not of type 'string': YAML reads yes, no, on and off as booleans; quote "
            "the text",
        ),
    ]


NOBODY = "name: nobody\ntasks:\n  - {fileId: 1, path: 'A\\B', allocation: {concurrencyLimit: 1}}\n"
VIEWER_ONLY = """\
name: viewer-only
roles:
  - {id: "1", name: Viewer, grants: [viewRepository]}
  - {id: "2", name: Allocator, grants: [manageAllocations]}
users:
  - {id: "3", username: v, password: p, roles: [Viewer, Allocator]}
  - {id: "4", username: gone, password: p, roles: [Viewer], disabled: true}
tasks:
  - {fileId: 1, path: 'A\\B', allocation: {concurrencyLimit: 1}}
  - {fileId: 2, path: 'A\\C', allocation: null}
"""


def test_validate_warns_when_nobody_can_log_in_or_run_a_task(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "nobody.yaml").write_text(NOBODY, encoding="utf-8")
    (tmp_path / "viewer.yaml").write_text(VIEWER_ONLY, encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 0  # valid: warnings only
    out, err = capsys.readouterr()
    assert "nobody.yaml: ok (scenario 'nobody', 1 API Task)" in out
    assert err.splitlines() == [
        f"{tmp_path / 'nobody.yaml'}: warning: nobody can log in: the scenario has no users "
        "(add a role and a user; see the starter scenario in docs/scenarios.md)",
        f"{tmp_path / 'viewer.yaml'}: warning: API Task 1 (A\\B) cannot be run by any user: no "
        "user's role grants accessDetails (to get its execution URL) or deployApiTasks (to run "
        "it on demand)",
        f"{tmp_path / 'viewer.yaml'}: warning: API Task 2 (A\\C) cannot be run by any user: it "
        "is not allocated, and no user's role grants deployApiTasks (to run it on demand) or "
        "manageAllocations and accessDetails (to allocate it and run it)",
    ]
    assert main(["validate", "--format", "json", str(tmp_path / "nobody.yaml")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["invalid"] == 0 and [w["message"][:18] for w in report["warnings"]] == [
        "nobody can log in:"
    ]


@pytest.mark.parametrize(
    ("grants", "allocation", "reachable"),
    [
        ("[accessDetails]", "{concurrencyLimit: 1}", True),
        ("[accessDetails]", "null", False),
        ("[accessDetails, manageAllocations]", "null", True),  # allocate it, then run it
        ("[deployApiTasks]", "null", True),  # on demand
        ("[]", "{concurrencyLimit: 1}", False),
    ],
)
def test_a_task_is_reachable_through_any_door(
    grants: str, allocation: str, reachable: bool
) -> None:
    scenario = load_scenario_text(
        f'name: r\nroles: [{{id: "1", name: R, grants: {grants}}}]\n'
        'users: [{id: "2", username: u, password: p, roles: [R]}]\n'
        f"tasks:\n  - {{fileId: 1, path: 'A\\B', allocation: {allocation}}}\n"
    )
    assert (warnings(scenario) == []) is reachable


def test_the_bundled_scenarios_have_no_warnings() -> None:
    for path in sorted(scenarios_dir().glob("*.yaml")):
        assert warnings(load_scenario(path)) == [], path


def test_repository_paths_are_shown_as_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    twice = tmp_path / "twice.yaml"
    twice.write_text(
        "name: twice\ntasks:\n"
        "  - {fileId: 1, path: 'Automation Anywhere\\Bots\\Zip', allocation: null}\n"
        "  - {fileId: 2, path: 'Automation Anywhere\\Bots\\Zip', allocation: null}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(twice)]) == 1
    assert capsys.readouterr().err == (
        f"{twice}:4: at tasks[1].path duplicate path 'Automation Anywhere\\Bots\\Zip' "
        "(also tasks[0])\n"
    )
