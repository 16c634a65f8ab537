"""The command line: serve (port 0, banner, env and flags), refusing invalid scenarios."""

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract import check_raw
from scenario_text import with_task


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.communicate(timeout=10)  # also closes the pipes


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = start("--seed", "3")
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert "aa-mockserver serving scenario 'default' at http://127.0.0.1:" in banner
        yield process, banner.rsplit(" ", 1)[1].strip()
    finally:
        stop(process)


def test_serve_prints_base_url_and_logins(served: tuple[subprocess.Popen[str], str]) -> None:
    process, base = served
    assert process.stdout is not None
    next_lines = [process.stdout.readline() for _ in range(3)]
    assert next_lines[0].startswith("  profile seed: the user's seed spec is the contract")
    assert "log in as admin (AAE_Admin)" in next_lines[1]
    assert f"curl -s -X POST {base}/v2/authentication" in next_lines[2]
    request = urllib.request.Request(
        base + "/v2/authentication",
        method="POST",
        data=json.dumps({"username": "admin", "password": "Admin#2024"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
        check_raw(
            "POST", "/v2/authentication", response.status, response.headers["Content-Type"], raw
        )
        assert response.status == 200 and "token" in json.loads(raw)


def test_environment_configures_and_flags_override(tmp_path: Path) -> None:
    process = start(
        "--scenario", "errors", env={"AA_MOCK_SCENARIO": "latency", "AA_MOCK_PORT": "1"}
    )
    try:
        assert process.stdout is not None
        assert "serving scenario 'errors'" in process.stdout.readline()
    finally:
        stop(process)


def test_serve_refuses_an_invalid_scenario(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(with_task("    outputs:\n      R: {type: TEXT}\n"), encoding="utf-8")
    process = start("--scenario", str(bad))
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "the scenario is invalid" in stderr and f"{bad}:12: at tasks[0].outputs.R.type" in stderr


def test_bad_environment_value_is_reported() -> None:
    process = start(env={"AA_MOCK_SEED": "abc"})
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 2 and "AA_MOCK_SEED must be a number" in stderr


def test_serve_open_starts_a_browser_on_the_dashboard(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    # webbrowser runs $BROWSER with the URL: here a tiny program that writes it down.
    browser = (
        f"{sys.executable} -c \"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])\" %s"
    )
    process = start("--open", env={"BROWSER": browser})
    try:
        assert process.stdout is not None
        base = process.stdout.readline().rsplit(" ", 1)[1].strip()
        banner = [process.stdout.readline() for _ in range(8)]
        assert f"  live dashboard: {base}/__admin/ui\n" in banner
        deadline = time.monotonic() + 10
        while not (opened.exists() and opened.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == f"{base}/__admin/ui"
    finally:
        stop(process)
