"""bench/soak.py runs against today's MockServer and reports what docs/limits.md quotes (a short
run: the figures come from the long one)."""

import json
import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).resolve().parents[2] / "bench" / "soak.py"


def test_a_short_soak_reports_no_unexpected_server_error() -> None:
    result = subprocess.run(
        [sys.executable, str(SOAK), "--seconds", "2", "--clients", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["requests"] > 50 and report["unexpected_5xx"] == []
    assert {"200", "400", "401", "413"} <= set(report["by_status"])
    assert set(report["rss_mib"]) == {"before", "after", "after_journal_clear"}
