"""A mistake at the command line is one line on stderr that says what to do, and exit 2, found
before anything starts (in process: `serve` returns before it would listen)."""

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
