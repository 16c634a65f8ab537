"""Installed outside the repository, as docs/docker-and-ci.md says: a wheel built from this
checkout, installed by the CI recipe without Docker (AA_MOCK_PACKAGE) into a fresh venv and with
the page's own install command, serves, validates and imports AaMockContainer from any folder."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

from doc_pages import DOCS, ROOT, blocks

RECIPE = ROOT / "examples" / "ci" / "no-docker.sh"
SUITE = (
    "import json, os, urllib.request\n"
    "body = json.dumps({'username': 'jdoe', 'password': 'mypassword@123'}).encode()\n"
    "request = urllib.request.Request(os.environ['CONTROL_ROOM_URL'] + '/v2/authentication',\n"
    "                                 body, {'Content-Type': 'application/json'})\n"
    "assert 'token' in json.load(urllib.request.urlopen(request, timeout=10))\n"
)


def run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=600, env=env or dict(os.environ)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def install_lines() -> list[str]:
    """The page's commands that install the wheel (`pip install 'dist/...whl[...]'`)."""
    [block] = [b for b in blocks(DOCS / "docker-and-ci.md", "sh") if "pip wheel" in b.text]
    return [
        line.split("#")[0].strip()
        for line in block.text.splitlines()
        if line.startswith("pip install 'dist/")
    ]


def test_the_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    # The wheel, built as the page says, into a dist/ folder outside the repository.
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-w",
        str(tmp_path / "dist"),
        ".",
        cwd=ROOT,
    )
    [wheel] = (tmp_path / "dist").glob("aa_mockserver-*.whl")
    project = tmp_path / "project"
    project.mkdir()
    # The recipe without Docker installs AA_MOCK_PACKAGE into .aa-mock-venv, serves, runs a suite.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AA_MOCK_")}
    env |= {"AA_MOCK_PACKAGE": str(wheel), "PYTHON": sys.executable}
    run("bash", str(RECIPE), sys.executable, "-c", SUITE, cwd=project, env=env)
    venv = project / ".aa-mock-venv" / "bin"
    # The page's install command, as written, in that venv (it adds the testcontainers extra).
    [line] = install_lines()
    words = shlex.split(line.replace("dist/", f"{tmp_path}/dist/"))
    run(str(venv / "pip"), *words[1:], "-q", cwd=tmp_path, env=env)
    imported = run(
        str(venv / "python"),
        "-c",
        "import mockserver; from mockserver import AaMockContainer; print(mockserver.__file__)",
        cwd=project,
        env=env,
    )
    assert imported.startswith(str(project / ".aa-mock-venv"))  # not this checkout
    (project / "tenant.yaml").write_text(
        (ROOT / "scenarios" / "latency.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    validated = run(str(venv / "aa-mockserver"), "validate", "tenant.yaml", cwd=project, env=env)
    assert validated.startswith("tenant.yaml: ok (scenario 'latency'")
    listed = run(str(venv / "aa-mockserver"), "scenarios", cwd=project, env=env)
    assert listed.split()[0] == "default"  # the bundled scenarios came with the wheel
