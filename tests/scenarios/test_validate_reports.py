"""`aa-mockserver validate` reports every problem of a file in one run, each at the line of the
key it is about, with "did you mean"; it takes folders and writes JSON for CI annotations."""

import json
from pathlib import Path

import pytest

from mockserver.core.scenarios import ScenarioError, load_scenario_text
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
        "users: [{id: 2, username: u, password: p, roles: [Dev]}]\ntasks: []\n"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text)
    assert [(p.location, p.message) for p in caught.value.problems] == [
        ("roles[0].id", "1 is not of type 'string': write it in quotes, \"1\""),
        ("users[0].id", "2 is not of type 'string': write it in quotes, \"2\""),
    ]
