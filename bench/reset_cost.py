"""Measures what the aa_mock fixture costs per test: 200 generated tests, each using the server.

Usage: python bench/reset_cost.py [--tests 200]
Prints the mean and p95 setup time of the function-scoped `aa_mock` fixture (the per-test reset),
excluding the one-off session start-up.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

CONFTEST = textwrap.dedent("""
    import json, time
    import pytest

    TIMES = []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(fixturedef, request):
        start = time.perf_counter()
        yield
        if fixturedef.argname == "aa_mock":
            TIMES.append(time.perf_counter() - start)

    def pytest_sessionfinish(session):
        with open("reset-times.json", "w") as out:
            json.dump(TIMES, out)
""")

HELPERS = textwrap.dedent("""
    import json, urllib.request

    def login(url):
        request = urllib.request.Request(url + "/v2/authentication", method="POST",
            data=json.dumps({"username": "admin", "password": "Admin#2024"}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["token"]
""")

TEST = textwrap.dedent("""
    def test_case_{n}(aa_mock):
        assert login(aa_mock.url)
        aa_mock.advance_clock(60)
""")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "conftest.py").write_text(CONFTEST)
        tests = "".join(TEST.format(n=n) for n in range(args.tests))
        (root / "test_generated.py").write_text(HELPERS + tests)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            cwd=root,
            capture_output=True,
            text=True,
        )
        print(result.stdout.strip().splitlines()[-1])
        if result.returncode != 0:
            print(result.stdout, result.stderr)
            return 1
        times = sorted(json.loads((root / "reset-times.json").read_text()))
    mean_ms = sum(times) / len(times) * 1000
    p95_ms = times[int(len(times) * 0.95) - 1] * 1000
    print(
        f"aa_mock fixture setup over {len(times)} tests: mean {mean_ms:.3f} ms, "
        f"p95 {p95_ms:.3f} ms, max {times[-1] * 1000:.3f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
