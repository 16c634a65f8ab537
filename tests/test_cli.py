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
from served import run_cli


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


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == "aa-mockserver 0.1.0"


def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"aa-mockserver: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


def test_demo_at_a_server_that_is_down_is_one_line_and_exit_2() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli("demo", "--url", f"http://127.0.0.1:{port}")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"cannot reach http://127.0.0.1:{port}" in result.stderr


def test_demo_with_url_resets_only_when_asked() -> None:
    from mockserver import MockServer

    with MockServer() as server:
        kept = run_cli("demo", "--url", server.url)
        assert kept.returncode == 0 and "--reset resets it" in kept.stdout
        assert len(server.requests()) > 0 and server.control.clock_status().offset_seconds > 0
        reset = run_cli("demo", "--url", server.url, "--reset")
        assert reset.returncode == 0 and "was reset" in reset.stdout
        assert server.requests() == [] and server.control.clock_status().offset_seconds == 0


def test_json_logs_have_timestamps_and_a_json_banner(tmp_path: Path) -> None:
    url_file = tmp_path / "url"
    process = start("--log-format", "json", "--url-file", str(url_file))
    try:
        assert process.stdout is not None and process.stderr is not None
        banner = json.loads(process.stdout.readline())
        assert banner["event"] == "serving" and banner["scenario"] == "default"
        assert banner["users"] == ["admin", "jdoe", "viewer"] and "Admin#2024" not in str(banner)
        assert url_file.read_text() == banner["url"] + "\n"
        with urllib.request.urlopen(banner["url"] + "/v1/authentication/token", timeout=10):
            pass
        line = json.loads(process.stderr.readline())
        assert line["path"] == "/v1/authentication/token" and line["time"].endswith("+00:00")
    finally:
        stop(process)


def test_url_file_is_written_once_listening(tmp_path: Path) -> None:
    url_file = tmp_path / "url"
    process = start("--url-file", str(url_file))
    try:
        assert process.stdout is not None
        base = process.stdout.readline().rsplit(" ", 1)[1].strip()
        assert url_file.read_text() == base + "\n"
    finally:
        stop(process)


def test_validate_counts_tasks_in_good_english(tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    one.write_text(with_task("    outputs: {X: {type: STRING, value: x}}\n"), encoding="utf-8")
    result = run_cli("validate", str(one))
    assert result.returncode == 0 and "(scenario 'under-test', 1 API Task)" in result.stdout


def test_schema_prints_the_scenario_json_schema() -> None:
    from mockserver.core.scenarios.loader import SCHEMA_PATH

    result = run_cli("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
