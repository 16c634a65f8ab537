"""The README promises that tests needing a browser or a container are skipped "with that
instruction": the project's pytest settings show skip reasons without asking (-rs)."""

import os
import subprocess
import sys

from doc_pages import README, ROOT, text_of


def test_a_skipped_container_test_prints_its_instruction() -> None:
    assert "skipped with that instruction" in text_of(README)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CI", "AA_MOCK_TEST_IMAGE", "DOCKER_HOST") and not k.startswith("PYTEST_")
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:xdist",
            "tests/containers/test_testcontainer.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SKIPPED" in done.stdout
    assert "the container tests need AA_MOCK_TEST_IMAGE and DOCKER_HOST" in done.stdout
