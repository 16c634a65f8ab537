"""The docs' examples run as written: the README's curl flow in bash against a served mock, the
pytest quick start under the plugin, the MockServer blocks, and the error body errors.md shows."""

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CheckedClient
from contract import check_raw
from doc_pages import DOCS, README, Block, all_blocks, blocks
from mockserver import MockServer

CURLS = ["stand-in"] + (["curl"] if shutil.which("curl") else [])


def flow_block() -> Block:
    return next(b for b in blocks(README, "sh") if "BASE=http://127.0.0.1:8080" in b.text)


def comment_json(after: str) -> Any:
    """The JSON written as comment lines right after the line that contains `after`."""
    lines = flow_block().text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) + 1
    comment = []
    for line in lines[start:]:
        if not line.startswith("# "):
            break
        comment.append(line[2:])
    return json.loads(" ".join(comment).replace(", ...]", "]"))


@pytest.fixture(scope="module")
def served() -> Iterator[MockServer]:
    with MockServer(port=0) as server:
        yield server


def tool_folder(tmp_path: Path, curl: str) -> Path:
    """python3 (this interpreter) and the curl to use, first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python3").symlink_to(sys.executable)
    if curl == "stand-in":
        stand_in = folder / "curl"
        script = Path(__file__).with_name("curl_stand_in.py")
        stand_in.write_text(f"#!/bin/sh\nexec '{sys.executable}' '{script}' \"$@\"\n")
        stand_in.chmod(0o755)
    return folder


@pytest.mark.parametrize("curl", CURLS)
def test_the_readme_curl_flow_runs_as_shown(
    served: MockServer, tmp_path: Path, curl: str
) -> None:
    served.reset()
    script = flow_block().text.replace("BASE=http://127.0.0.1:8080", f"BASE={served.url}")
    env = {**os.environ, "PATH": f"{tool_folder(tmp_path, curl)}:{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    printed = list(json_documents(done.stdout))
    assert len(printed) == 2, done.stdout
    listed, executed = printed

    shown_list = comment_json("-d '{\"page\": {\"offset\": 0, \"length\": 2}}'")
    assert listed["page"] == shown_list["page"]
    assert listed["list"][:1] == shown_list["list"]

    access = json.loads((tmp_path / "access.json").read_text())
    shown_access = comment_json("> access.json")
    assert access.keys() == shown_access.keys() and access["errors"] == {}
    [(path, detail)] = access["accessDetails"].items()
    [(shown_path, shown_detail)] = shown_access["accessDetails"].items()
    assert path == shown_path
    assert detail["url"] == shown_detail["url"].replace("http://127.0.0.1:8080", served.url)
    assert detail["headers"].keys() == shown_detail["headers"].keys()

    assert executed == comment_json("-d '{\"botInput\"")
    assert [e.status for e in served.requests()] == [200, 200, 200, 200, 200]
    for path_or_url, answer in [
        ("/orchestrator/v1/hotbot/config", listed),
        ("/orchestrator/v1/hotbot/config/accessdetails", access),
        (detail["url"], executed),
    ]:
        check_raw("POST", path_or_url, 200, "application/json", json.dumps(answer).encode())


def json_documents(text: str) -> Iterator[Any]:
    """The JSON documents printed one after another (curl adds no newline)."""
    decoder, index = json.JSONDecoder(), 0
    while index < len(text.rstrip()):
        document, index = decoder.raw_decode(text, index)
        yield document
        while index < len(text) and text[index].isspace():
            index += 1


def pytest_examples() -> list[Block]:
    return [b for b in all_blocks("python") if re.search(r"^def test_\w+\(aa_mock", b.text, re.M)]


@pytest.mark.parametrize("block", pytest_examples(), ids=str)
def test_pytest_examples_pass_under_the_plugin(pytester: pytest.Pytester, block: Block) -> None:
    pytester.makepyfile(test_example=block.text)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(re.findall(r"^def test_", block.text, re.M)))


def test_the_readme_has_a_pytest_quick_start() -> None:
    assert any(b.page == README for b in pytest_examples())


def mock_server_examples() -> list[Block]:
    return [b for b in all_blocks("python") if "with MockServer(" in b.text]


@pytest.mark.parametrize("block", mock_server_examples(), ids=str)
def test_mock_server_examples_run(block: Block) -> None:
    exec(compile(block.text, str(block), "exec"), {})


def test_the_readme_has_a_mock_server_example() -> None:
    assert any(b.page == README for b in mock_server_examples())


def test_the_error_body_shown_is_the_one_answered(client: CheckedClient) -> None:
    [shown] = blocks(DOCS / "errors.md", "json")
    response = client.post(
        "/orchestrator/v1/hotbot/config",
        json={"page": {"offset": -1, "length": 5}},
        headers=client.login(),
    )
    assert response.status_code == 400
    assert list(response.get_json().items()) == list(json.loads(shown.text).items())
