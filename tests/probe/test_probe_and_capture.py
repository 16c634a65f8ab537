"""probe and capture against mocks standing in for a real Control Room: a round trip with no
differences, exactly the documented differences between profiles (each with its setting), no
secret in anything written or printed, and one clear line for a target that cannot be probed."""

import http.server
import io
import json
import re
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract import check_raw
from mockserver import MockServer
from mockserver.cli import main
from mockserver.probe.target_client import Exchange, TargetClient

API_KEY = "ADMINkey0000000000000000000000000000000a"
JDOE_KEY = "JDOEkey00000000000000000000000000000000b"
ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


# Profiles of the servers a test probes, by base URL (every other server is on seed).
PROFILE_OF: dict[str, str] = {}


@pytest.fixture(autouse=True)
def validated_answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every answer the probe receives from a mock is checked against that mock's spec."""
    real_call = TargetClient.call

    def checked(self: TargetClient, *args: Any, **kwargs: Any) -> Exchange | None:
        exchange = real_call(self, *args, **kwargs)
        if exchange is not None and exchange.content_type in ("application/json", ""):
            profile = PROFILE_OF.get(self.base_url, "seed")
            content_type = exchange.headers.get("content-type")
            check_raw(
                exchange.method, exchange.path, exchange.status, content_type, exchange.raw, profile
            )
        return exchange

    monkeypatch.setattr(TargetClient, "call", checked)
    yield
    PROFILE_OF.clear()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    fast = ["--max-rate", "1000"] if argv[0] in ("probe", "capture") else []
    code = main([*argv, *fast])
    out, err = capsys.readouterr()
    return code, out, err


def target_args(url: str, *more: str) -> list[str]:
    return ["--url", url, "--username", "admin", "--api-key", API_KEY, *more]


@pytest.fixture
def target() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


def test_capture_then_serve_then_probe_shows_no_differences(
    target: MockServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    captured = tmp_path / "tenant.yaml"
    zip_input = ["--execute", ZIP, "--input", "iStrZipCode=STRING:95134"]
    code, out, _ = cli(capsys, "capture", *target_args(target.url, *zip_input), "-o", str(captured))
    assert code == 0 and "4 API Task(s)" in out
    assert cli(capsys, "validate", str(captured))[0] == 0
    document = yaml.safe_load(captured.read_text())
    user = document["users"][0]
    assert user["username"] == "captured-user" and "apiKey" not in user
    assert [t["fileId"] for t in document["tasks"]] == [149, 180, 201, 233]
    assert document["tasks"][1]["headers"] == {"API-Task-Name": "Reverse String"}
    assert document["tasks"][0]["rules"][0]["outputs"] == {
        "State": "California",
        "Place": "San Jose",
    }

    with MockServer(captured) as replica:
        # Probing the replica (log in with the captured user) and the original: no differences.
        monkeypatch.setattr(sys, "stdin", io.StringIO(user["password"] + "\n"))
        replica_args = ["--url", replica.url, "--username", user["username"], "--password-stdin"]
        report = tmp_path / "replica"
        code, out, _ = cli(capsys, "probe", *replica_args, *zip_input, "--report", str(report))
        assert code == 0, (tmp_path / "replica.md").read_text()
        assert "0 difference(s)" in out
    code, _, _ = cli(capsys, "probe", *target_args(target.url), "--report", str(tmp_path / "a"))
    assert code == 0
    result = json.loads((tmp_path / "a.json").read_text())
    assert result["same"] is True and result["differences"] == 0


def test_an_a360_target_shows_exactly_the_documented_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with MockServer(profile="a360") as target:
        PROFILE_OF[target.url] = "a360"
        code, _, _ = cli(
            capsys,
            "probe",
            *target_args(target.url),
            "--profile",
            "seed",
            "--report",
            str(tmp_path / "r"),
        )
    assert code == 1
    report = json.loads((tmp_path / "r.json").read_text())
    differences = {
        (o["call"], o["aspect"]): o["fix"] for o in report["observations"] if not o["same"]
    }
    assert differences == {
        ("login (v2)", "tokens"): "AA_MOCK_PROFILE=a360 (the Control Room's token claims)",
        ("refresh (v2)", "tokens"): "AA_MOCK_PROFILE=a360 (the Control Room's token claims)",
        (
            "list allocations (page 1)",
            "shape",
        ): "AA_MOCK_PROFILE=a360 (ids as strings on the allocation list)",
        (
            "list allocations (filter)",
            "shape",
        ): "AA_MOCK_PROFILE=a360 (ids as strings on the allocation list)",
        (
            "list allocations (sort)",
            "shape",
        ): "AA_MOCK_PROFILE=a360 (ids as strings on the allocation list)",
    }
    assert "| list allocations (page 1) | shape |" in (tmp_path / "r.md").read_text()


def test_a_shorter_token_lifetime_names_its_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with MockServer(control_room_token_ttl=900) as target:
        code, _, _ = cli(capsys, "probe", *target_args(target.url), "--report", str(tmp_path / "r"))
    assert code == 1
    fixes = {o["fix"] for o in json.loads((tmp_path / "r.json").read_text())["observations"]}
    assert "AA_MOCK_CONTROL_ROOM_TOKEN_TTL=900" in fixes


def test_no_secret_reaches_a_report_a_scenario_or_the_output(
    target: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zip_input = ["--execute", ZIP, "--input", "iStrZipCode=STRING:95134"]
    _, out1, err1 = cli(
        capsys, "probe", *target_args(target.url, *zip_input), "--report", str(tmp_path / "r")
    )
    _, out2, err2 = cli(
        capsys, "capture", *target_args(target.url, *zip_input), "-o", str(tmp_path / "s.yaml")
    )
    written = [(tmp_path / name).read_text() for name in ("r.md", "r.json", "s.yaml")]
    for text in [*written, out1, err1, out2, err2]:
        assert API_KEY not in text
        assert "Admin#2024" not in text
        assert not JWT.search(text), JWT.search(text)
    assert "admin" not in yaml.safe_load(written[2])["users"][0]["username"]


def test_keep_usernames_keeps_only_the_username(
    target: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "s.yaml"
    assert (
        cli(capsys, "capture", *target_args(target.url), "-o", str(out), "--keep-usernames")[0] == 0
    )
    user = yaml.safe_load(out.read_text())["users"][0]
    assert user["username"] == "admin" and user["password"] and "apiKey" not in user


def test_dry_run_prints_the_calls_and_makes_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    code, out, _ = cli(
        capsys, "probe", *target_args(url), "--dry-run", "--report", str(tmp_path / "r")
    )
    assert code == 0
    assert f"would call login (v2): POST {url}/v2/authentication with a JSON body" in out
    assert "would call without a token" in out and API_KEY not in out
    assert list(tmp_path.iterdir()) == []


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def html_server() -> Iterator[str]:
    class Html(http.server.BaseHTTPRequestHandler):
        def answer(self) -> None:
            body = b"<html><body>Welcome</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Html)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.parametrize("command", ["probe", "capture"])
@pytest.mark.parametrize("case", ["unreachable", "tls", "refused", "not a control room"])
def test_targets_that_cannot_be_probed_get_one_line_and_exit_2(
    command: str,
    case: str,
    target: MockServer,
    html_server: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, args = {
        "unreachable": (f"http://127.0.0.1:{closed_port()}", target_args),
        "tls": (target.url.replace("http://", "https://"), target_args),
        "refused": (
            target.url,
            lambda u: ["--url", u, "--username", "admin", "--api-key", "wrong"],
        ),
        "not a control room": (html_server, target_args),
    }[case]
    out_file = (
        ["--report", str(tmp_path / "r")]
        if command == "probe"
        else ["-o", str(tmp_path / "s.yaml")]
    )
    code, _, err = cli(capsys, command, *args(url), *out_file)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    expected = {
        "unreachable": "cannot reach",
        "tls": "TLS failed",
        "refused": "refused the credentials",
        "not a control room": "does not answer like a Control Room",
    }[case]
    assert expected in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["probe", "capture"])
def test_an_output_folder_that_does_not_exist_is_refused_before_any_call(
    command: str, target: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder" / "out"
    option = ["--report", str(missing)] if command == "probe" else ["-o", str(missing)]
    code, _, err = cli(capsys, command, *target_args(target.url), *option)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"the folder {missing.parent} does not exist" in err
    assert target.requests() == []  # not one call was made


def test_capture_as_a_user_who_may_not_list_allocations_writes_nothing(
    target: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jdoe = ["--url", target.url, "--username", "jdoe", "--api-key", JDOE_KEY]
    code, _, err = cli(capsys, "capture", *jdoe, "-o", str(tmp_path / "s.yaml"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "refused to list the API Task allocations (403" in err
    assert "may view and manage API Task allocations" in err
    assert list(tmp_path.iterdir()) == []


def test_a_long_value_is_cut_with_an_ellipsis_in_the_markdown_report() -> None:
    from mockserver.probe.report import MAX_CELL, Row, as_markdown

    long = "x" * (MAX_CELL + 50)
    text = as_markdown("https://cr.test", "seed", [Row("login", "error", long, "y", False, None)])
    assert f"`{'x' * (MAX_CELL - 1)}…`" in text


def test_probe_help_says_where_the_report_goes_by_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["probe", "--help"])
    assert "probe-report.md and probe-report.json in the current folder" in " ".join(
        capsys.readouterr().out.split()
    )


def test_bad_inputs_are_refused_before_any_call(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    code, _, err = cli(
        capsys, "probe", *target_args(url), "--execute", "X", "--input", "a=WINDOW:1"
    )
    assert code == 2 and "NAME=TYPE:VALUE" in err


def test_the_activity_list_is_read_and_an_item_shape_compared(
    target: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    login = json.loads(
        _post(target.url + "/v2/authentication", {"username": "admin", "apiKey": API_KEY})
    )
    deployed = _post(
        target.url + "/v4/automations/deploy",
        {"botId": 250, "headlessRequest": {}},
        {"X-Authorization": login["token"]},
    )
    assert "deploymentId" in json.loads(deployed)
    code, _, _ = cli(capsys, "probe", *target_args(target.url), "--report", str(tmp_path / "r"))
    rows = json.loads((tmp_path / "r.json").read_text())["observations"]
    activity = {r["aspect"]: r for r in rows if r["call"] == "activity list"}
    assert activity["status"]["same"] and activity["status"]["target"] == 200
    assert activity["shape"]["target"]["list"][0]["deploymentId"] == "string"
    assert activity["shape"]["mock"]["list"] == []  # the replay has no runs of its own
    assert activity["shape"]["fix"].startswith("no setting: the mock lists only the runs")
    assert code == 1  # that one difference
    assert len(target.control.deployments()) == 1  # the probe deployed nothing


def _post(url: str, body: Any, headers: dict[str, str] | None = None) -> str:
    import urllib.request

    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        text: str = response.read().decode()
        return text


def test_capture_writes_the_tenants_files_interfaces_run_as_users_and_pools(
    target: MockServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "s.yaml"
    assert cli(capsys, "capture", *target_args(target.url), "-o", str(out))[0] == 0
    document = yaml.safe_load(out.read_text())
    files = {f["id"]: f for f in document["repository"]["files"]}
    assert files[301]["path"] == "Automation Anywhere\\Bots\\Finance\\Monthly Close"
    assert files[303]["type"].startswith("application/vnd.openxmlformats")
    assert files[250]["type"] == "application/vnd.aa.headlessbot"  # not allocated: a file
    assert files[1411242] == {
        "id": 1411242,
        "path": "Automation Anywhere\\Bots",
        "type": "application/vnd.aa.directory",
        "lastModified": "2024-12-27T00:02:12.751013Z",
    }
    assert 149 not in files and 310 not in files  # a task; another user's private draft
    invoice = next(t for t in document["tasks"] if t["fileId"] == 201)
    assert invoice["inputs"]["iNumTaxRate"] == {
        "type": "NUMBER",
        "description": "The tax rate",
        "default": 0.2,
    }
    assert invoice["outputs"] == {"Total": {"type": "NUMBER"}, "Currency": {"type": "STRING"}}
    assert {(u["id"], u["username"]) for u in document["runAsUsers"]} == {
        (12, "apitaskrunner"),
        (3, "ubr01_rt"),
        (4, "ubr02_rt"),
    }
    assert [(p["id"], p["name"], p["devices"]) for p in document["pools"]] == [
        (8, "Finance", [2, 3]),
        (1, "API Task On-Demand", [1]),
    ]
    assert {d["hostName"] for d in document["devices"]} == {
        "apitask-ondemand-01",
        "DESKTOP-DBO6SIE",
        "DESKTOP-7QK2L1A",
    }
    assert "viewDevices" in document["roles"][0]["grants"]


NO_DEVICE_RIGHTS = """
name: no-device-rights
roles: [{id: "1", name: Admin, grants: [manageAllocations, accessDetails, viewRepository]}]
users: [{id: "9", username: admin, apiKey: ADMINkey0000000000000000000000000000000a, roles: [Admin]}]
tasks:
  - {fileId: 7, path: 'Automation Anywhere\\Bots\\Seven', allocation: {runAsUserOrNone: 40}}
"""


def test_lists_the_user_may_not_read_are_captured_as_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with MockServer(NO_DEVICE_RIGHTS) as target:
        out = tmp_path / "s.yaml"
        assert cli(capsys, "capture", *target_args(target.url), "-o", str(out))[0] == 0
        document = yaml.safe_load(out.read_text())
        assert document["roles"][0]["grants"] == [
            "accessDetails",
            "manageAllocations",
            "viewRepository",
        ]
        assert "runAsUsers" not in document and "pools" not in document
        # The probe's replay refuses the same calls: no differences.
        code, out_text, _ = cli(
            capsys, "probe", *target_args(target.url), "--report", str(tmp_path / "r")
        )
    report = json.loads((tmp_path / "r.json").read_text())
    refused = [o for o in report["observations"] if o["aspect"] == "status" and o["target"] == 403]
    assert {o["call"] for o in refused} >= {"list devices (page 1)", "bot interface (7)"}
    assert code == 0 and "0 difference(s)" in out_text
