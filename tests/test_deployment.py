"""Docker image and CI examples: the files a user copies must say what the image expects."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import AppFactory, CheckedClient

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / "examples" / "ci"


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_dockerfile_runs_as_non_root_on_8080_with_healthcheck() -> None:
    text = dockerfile()
    assert re.search(r"^FROM python:3\.11-slim$", text, re.M)
    assert re.search(r"^USER 10001$", text, re.M)
    assert "EXPOSE 8080" in text and "AA_MOCK_HOST=0.0.0.0" in text
    assert "AA_MOCK_SCENARIO_DIRS=/scenarios" in text
    assert "HEALTHCHECK" in text and '"mockserver.serving.healthcheck"' in text
    assert 'CMD ["aa-mockserver", "serve"]' in text


def test_dockerignore_keeps_the_context_small() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests"} <= set(ignored)


def test_compose_file() -> None:
    compose = yaml.safe_load((CI / "docker-compose.yml").read_text(encoding="utf-8"))
    mock = compose["services"]["aa-mock"]
    assert mock["environment"]["AA_MOCK_PUBLIC_URL"] == "http://aa-mock:8080"
    assert mock["healthcheck"]["test"] == ["CMD", "python", "-m", "mockserver.serving.healthcheck"]
    assert any(v.endswith(":/scenarios:ro") for v in mock["volumes"])
    app = compose["services"]["app"]
    assert app["depends_on"]["aa-mock"]["condition"] == "service_healthy"
    assert app["environment"]["CONTROL_ROOM_URL"] == mock["environment"]["AA_MOCK_PUBLIC_URL"]
    assert (CI / mock["build"]["context"] / "Dockerfile").resolve() == ROOT / "Dockerfile"


def test_github_actions_job() -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["integration"]
    service = job["services"]["aa-mock"]
    assert service["ports"] == ["8080:8080"]
    assert '--health-cmd "python -m mockserver.serving.healthcheck"' in service["options"]
    assert service["env"]["AA_MOCK_PUBLIC_URL"] == job["env"]["CONTROL_ROOM_URL"]


def test_gitlab_job() -> None:
    config = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = config["integration"]
    service = job["services"][0]
    assert service["alias"] == "aa-mock"
    assert service["variables"]["AA_MOCK_PUBLIC_URL"] == job["variables"]["CONTROL_ROOM_URL"]
    assert "http://aa-mock:8080/__admin/health" in job["script"][0]


def test_healthcheck_command(tmp_path: Path) -> None:
    from mockserver import MockServer

    env = {k: v for k, v in os.environ.items() if not k.startswith("AA_MOCK_")}
    with MockServer(admin_token="t0k") as server:
        ok = subprocess.run(
            [sys.executable, "-m", "mockserver.serving.healthcheck"],
            timeout=30,
            env={**env, "AA_MOCK_PORT": str(server.port), "AA_MOCK_ADMIN_TOKEN": "t0k"},
        )
        wrong = subprocess.run(
            [sys.executable, "-m", "mockserver.serving.healthcheck"],
            timeout=30,
            capture_output=True,
            env={**env, "AA_MOCK_PORT": str(server.port)},
        )
    assert ok.returncode == 0 and wrong.returncode == 1


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_access_log_has_one_line_per_request_and_no_secrets(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture, log_format: str
) -> None:
    client: CheckedClient = make_app(log_format=log_format).test_client()
    with caplog.at_level(logging.INFO, logger="mockserver.access"):
        detail = client.access()
        client.execute(detail, {"iStrZipCode": {"type": "STRING", "string": "95134"}})
        token = detail["headers"]["X-Authorization"]
        client.get(f"/v1/authentication/token?token={token}")
    lines = [r.getMessage() for r in caplog.records if r.name == "mockserver.access"]
    assert len(lines) == 4
    text = "\n".join(lines)
    assert "eyJ" not in text and "mypassword" not in text
    if log_format == "json":
        import json

        entry = json.loads(lines[2])
        assert entry["method"] == "POST" and entry["status"] == 200 and entry["task"] == 149
        assert set(entry) == {"time", "method", "path", "status", "durationMs", "task"}
    else:
        assert re.match(r"POST /hotbot-149-knative-\S+/execute 200 \d+\.\dms task=149", lines[2])


def test_demo_command_walks_through_the_flow() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "demo"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for step in [
        "watch it live on the dashboard: http://127.0.0.1:",
        "/__admin/ui",
        "1. Authenticate as a bot developer",
        "3. Run the API Task",
        '"string": "California"',
        "token expires",
        "6. The refreshed token has now expired",
        '"code": "token.expired"',
        "Done:",
    ]:
        assert step in out
    assert "mypassword@123" not in out
