"""`aa-mockserver demo` on its own server: interactive, it keeps serving so the dashboard link it
printed stays live; else it says that it stops and how to keep one; it takes a scenario and a
profile, and explains the login's ttlSeconds "0"."""

import io
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from mockserver.cli import main
from mockserver.serving.demo import run_demo


def get(url: str) -> tuple[int, Any]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.loads(response.read())


def test_interactive_it_keeps_serving_the_dashboard_until_interrupted() -> None:
    out, seen = io.StringIO(), []

    def wait(dashboard: str) -> None:  # stands in for Ctrl-C, after a look at the server
        with urllib.request.urlopen(dashboard, timeout=10) as page:
            seen.append(page.status)
        seen.append(get(dashboard.replace("/ui", "/requests"))[1]["requests"])

    assert run_demo(None, out, interactive=True, wait=wait) == 0
    status, journal = seen
    assert status == 200 and len(journal) > 5  # the demo's requests, not reset away
    text = out.getvalue()
    assert "The demo's server keeps running: http://127.0.0.1:" in text
    assert "/__admin/ui (Ctrl-C stops it)" in text
    assert "Done (the journal and the clock stay as the demo left them)." in text


def test_not_interactive_it_says_the_server_stops_and_how_to_keep_one() -> None:
    out = io.StringIO()
    assert run_demo(None, out) == 0
    assert out.getvalue().rstrip().endswith(
        "The demo's server stops now, and its dashboard with it. To keep one: `aa-mockserver "
        "serve` in one terminal, `aa-mockserver demo --url http://127.0.0.1:8080` in another."
    )


def test_the_login_s_ttl_seconds_zero_is_explained() -> None:
    out = io.StringIO()
    run_demo(None, out)
    assert '"ttlSeconds": "0"' in out.getvalue()
    assert '(ttlSeconds "0": the Control Room answers a login so;' in out.getvalue()


def test_another_scenario_and_profile() -> None:
    out, health = io.StringIO(), []
    code = run_demo(
        None,
        out,
        scenario="latency",
        profile="a360",
        interactive=True,
        wait=lambda dashboard: health.append(get(dashboard.replace("/ui", "/health"))[1]),
    )
    assert code == 0, out.getvalue()
    assert health[0]["scenario"] == "latency" and health[0]["profile"] == "a360"
    assert "2. Get the execution URL and token for " in out.getvalue()


def test_a_scenario_nobody_can_run_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("name: empty\ntasks: []\n", encoding="utf-8")
    assert main(["demo", "--scenario", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "aa-mockserver demo: scenario 'empty' has no user with a password and the accessDetails "
        "grant, or no allocated API Task (aa-mockserver validate warns about both)"
    ]


def test_scenario_and_profile_do_not_go_with_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--url", "http://127.0.0.1:9", "--profile", "a360"]) == 2
    assert "--scenario and --profile choose the demo's own server" in capsys.readouterr().err
