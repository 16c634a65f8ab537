"""A mistake at the command line is one line on stderr that says what to do, and exit 2, found
before anything starts (in process: `serve` returns before it would listen)."""

import json
from pathlib import Path

import pytest

from mockserver.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_a_missing_signing_key_file_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AA_MOCK_SIGNING_KEY_FILE", str(tmp_path / "nope.pem"))
    code, err = run(capsys, "serve", "--port", "0")
    assert code == 2
    assert one_line(err) == (
        f"aa-mockserver: cannot start: AA_MOCK_SIGNING_KEY_FILE: cannot read "
        f"{tmp_path / 'nope.pem'}: No such file or directory"
    )


def test_a_signing_key_file_that_is_not_pem_says_how_to_make_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "key.pem").write_text("not a key\n")
    monkeypatch.setenv("AA_MOCK_SIGNING_KEY_FILE", str(tmp_path / "key.pem"))
    code, err = run(capsys, "serve", "--port", "0")
    assert code == 2
    assert "is not a PEM private key without a passphrase" in one_line(err)
    assert "openssl genrsa -out signing-key.pem 2048" in err


def test_a_url_file_in_a_missing_folder_is_refused_before_serving(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "url.txt"
    code, err = run(capsys, "serve", "--port", "0", "--url-file", str(target))
    assert code == 2
    assert one_line(err) == (
        f"aa-mockserver: cannot start: --url-file {target}: the folder {target.parent} does not "
        "exist (create it, or write elsewhere)"
    )


def test_a_host_that_does_not_resolve_names_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "serve", "--port", "0", "--host", "nosuchhost.invalid")
    assert code == 2
    line = one_line(err)
    assert line.startswith("aa-mockserver: cannot start: --host nosuchhost.invalid does not")
    assert "Unknown error" not in line and "127.0.0.1 or 0.0.0.0" in line


def test_an_unknown_scenario_name_has_a_did_you_mean_and_is_not_called_invalid(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = run(capsys, "serve", "--port", "0", "--scenario", "defualt")
    assert code == 2
    line = one_line(err)
    assert line.startswith(
        "aa-mockserver: cannot start: 'defualt': unknown scenario (did you mean 'default'?); "
        "bundled and configured: default, errors"
    )
    assert "invalid" not in line


def test_a_missing_scenario_file_names_the_path_tried(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = run(capsys, "serve", "--port", "0", "--scenario", "mine.yaml")
    assert code == 2
    assert one_line(err) == (
        f"aa-mockserver: cannot start: 'mine.yaml': no such scenario file (tried "
        f"{tmp_path / 'mine.yaml'})"
    )


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (
            ["serve", "--scenaro", "errors"],
            "unrecognized arguments: --scenaro errors (did you mean '--scenario'?)",
        ),
        (["serv"], "invalid choice: 'serv' (choose from"),
        (["serve", "--profile", "a36"], "(did you mean 'a360'?)"),
        (["validate", "--formt", "json", "x.yaml"], "(did you mean '--format'?)"),
        (
            ["probe", "--url", "u", "--username", "n", "--api-key", "k", "--reprot", "r"],
            "(did you mean '--report'?)",
        ),
    ],
)
def test_a_misspelled_flag_command_or_choice_gets_a_did_you_mean(
    capsys: pytest.CaptureFixture[str], argv: list[str], hint: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2 and hint in err.splitlines()[-1]


def test_serv_is_told_serve(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serv"])
    assert capsys.readouterr().err.rstrip().endswith("(did you mean 'serve'?)")


def test_a_misspelled_variable_is_warned_about(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AA_MOCK_CORS_ORIGIN", "https://app.test")
    assert main(["scenarios"]) == 0
    assert capsys.readouterr().err == (
        "aa-mockserver: warning: AA_MOCK_CORS_ORIGIN is not a setting and is ignored "
        "(did you mean 'AA_MOCK_CORS_ORIGINS'?)\n"
    )


def test_an_origin_without_its_scheme_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "serve", "--port", "0", "--cors-origins", "app.test")
    assert code == 2
    assert "'app.test' is not an origin" in one_line(err) and "'https://app.test'" in err


@pytest.mark.parametrize("origins", [(), ("https://app.test",)])
def test_the_banner_says_which_origins_may_call(
    capsys: pytest.CaptureFixture[str], origins: tuple[str, ...]
) -> None:
    from mockserver.core.config import Settings
    from mockserver.core.profiles import PROFILES
    from mockserver.core.scenarios.resolver import resolve_scenario
    from mockserver.serving.announce import _print_banner, _print_json_banner

    settings = Settings(cors_origins=origins)
    scenario, profile = resolve_scenario("default"), PROFILES["seed"]
    _print_banner(scenario, profile, "http://127.0.0.1:1", settings)
    assert capsys.readouterr().out.splitlines()[-1] == f"  CORS: {settings.cors_summary()}"
    _print_json_banner(scenario, profile, "http://127.0.0.1:1", settings)
    assert json.loads(capsys.readouterr().out)["corsOrigins"] == list(origins)


def test_validate_on_a_folder_without_scenarios_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = run(capsys, "validate", str(tmp_path))
    assert code == 2
    assert one_line(err) == (
        f"aa-mockserver validate: no scenario files (*.yaml, *.yml, *.json) in {tmp_path}"
    )


def test_validate_on_a_missing_file_says_so_plainly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert one_line(err) == f"{tmp_path / 'nope.yaml'}: cannot read file: No such file or directory"


def test_a_scenario_folder_that_does_not_exist_is_warned_about(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AA_MOCK_SCENARIO_DIRS", str(tmp_path / "gone"))
    assert main(["scenarios"]) == 0
    assert capsys.readouterr().err == (
        f"aa-mockserver: warning: AA_MOCK_SCENARIO_DIRS names {tmp_path / 'gone'}, which is not "
        "a folder; no scenario is looked for there\n"
    )


def test_demo_on_an_unknown_scenario_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "demo", "--scenario", "latncy")
    assert code == 2
    assert one_line(err).startswith(
        "aa-mockserver demo: 'latncy': unknown scenario (did you mean 'latency'?)"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--url", "cr.example"],
            "--url cr.example: give the Control Room's address with its scheme",
        ),
        (
            ["--url", "https://cr.example", "--ca-bundle", "/no/such/ca.pem"],
            "--ca-bundle /no/such/ca.pem: no such file",
        ),
    ],
)
def test_probe_arguments_are_checked_before_any_call(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, err = run(capsys, "probe", *argv, "--username", "u", "--api-key", "k", "--dry-run")
    assert code == 2
    assert one_line(err).startswith(f"aa-mockserver probe: {message}")
