"""The documented CI recipe without Docker: start in the background with --url-file, wait for
health, run a suite against $CONTROL_ROOM_URL, and stop the mock afterwards."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

RECIPE = Path(__file__).resolve().parent.parent / "examples" / "ci" / "no-docker.sh"
SUITE = (
    "import json, os, urllib.request\n"
    "url = os.environ['CONTROL_ROOM_URL']\n"
    "body = json.dumps({'username': 'jdoe', 'password': 'mypassword@123'}).encode()\n"
    "request = urllib.request.Request(url + '/v2/authentication', body,\n"
    "                                 {'Content-Type': 'application/json'})\n"
    "assert 'token' in json.load(urllib.request.urlopen(request, timeout=10))\n"
    "open(os.environ['SEEN'], 'w').write(url)\n"
)


def run_recipe(tmp_path: Path, *suite: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AA_MOCK_SKIP_INSTALL": "1", "PYTHON": sys.executable}
    env["SEEN"] = str(tmp_path / "seen")
    return subprocess.run(
        ["bash", str(RECIPE), *suite],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )


def test_the_recipe_runs_a_suite_against_the_mock_and_stops_it(tmp_path: Path) -> None:
    result = run_recipe(tmp_path, sys.executable, "-c", SUITE)
    assert result.returncode == 0, result.stderr
    url = (tmp_path / "seen").read_text()
    assert url.startswith("http://127.0.0.1:")
    with pytest.raises(urllib.error.URLError):  # stopped
        urllib.request.urlopen(url + "/__admin/health", timeout=2)


def test_a_failing_suite_fails_the_recipe(tmp_path: Path) -> None:
    result = run_recipe(tmp_path, sys.executable, "-c", "raise SystemExit(3)")
    assert result.returncode == 3


def test_copied_out_of_a_clone_it_asks_what_to_install(tmp_path: Path) -> None:
    copy = tmp_path / "ci" / "no-docker.sh"
    copy.parent.mkdir()
    copy.write_text(RECIPE.read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AA_MOCK_")}
    result = subprocess.run(
        ["bash", str(copy), "true"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "no-docker.sh: set AA_MOCK_PACKAGE to what pip should install: a wheel, a clone or a "
        "git URL of aa-mockserver (it is not on PyPI)"
    ]
    assert not (tmp_path / ".aa-mock-venv").exists()
