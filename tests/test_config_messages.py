"""Settings mistakes are named as users make them: by the AA_MOCK_ variable and the flag, with a
did-you-mean; an origin that could never match is refused; a misspelled variable is reported."""

import re
from pathlib import Path

import pytest

from mockserver.core.config import OTHER_VARIABLES, Settings, SettingsError, unknown_variables


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"AA_MOCK_CONTROL_ROOM_TOKEN_TTL": "0"},
            "AA_MOCK_CONTROL_ROOM_TOKEN_TTL must be at least 1, got 0",
        ),
        ({"AA_MOCK_THREADS": "0"}, "AA_MOCK_THREADS (--threads) must be at least 1, got 0"),
        ({"AA_MOCK_PORT": "70000"}, "AA_MOCK_PORT (--port) must be 0..65535, got 70000"),
        (
            {"AA_MOCK_REALTIME_TIMEOUT_SECONDS": "0"},
            "AA_MOCK_REALTIME_TIMEOUT_SECONDS must be positive",
        ),
        (
            {"AA_MOCK_PROFILE": "a36"},
            "AA_MOCK_PROFILE (--profile) must be one of seed, a360, legacy, got 'a36' "
            "(did you mean 'a360'?)",
        ),
        (
            {"AA_MOCK_CORS_ORIGINS": "example.com"},
            "AA_MOCK_CORS_ORIGINS (--cors-origins): 'example.com' is not an origin; write it as "
            "a browser sends it, with its scheme and without a path, e.g. 'https://example.com'",
        ),
        (
            {"AA_MOCK_CORS_ORIGINS": "http://a.test, http://b.test:8080/app"},
            "AA_MOCK_CORS_ORIGINS (--cors-origins): 'http://b.test:8080/app' is not an origin; "
            "write it as a browser sends it, with its scheme and without a path, e.g. "
            "'http://b.test:8080'",
        ),
    ],
)
def test_a_bad_setting_names_its_variable_and_flag(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(environ)
    assert str(caught.value) == message


def test_origins_as_browsers_send_them_are_kept() -> None:
    environ = {"AA_MOCK_CORS_ORIGINS": "http://localhost:3000, https://app.test/, null"}
    origins = Settings.from_env(environ).cors_origins
    assert origins == ("http://localhost:3000", "https://app.test", "null")


def test_an_origin_passed_as_a_keyword_is_checked_too() -> None:
    with pytest.raises(SettingsError, match=r"'app\.test' is not an origin"):
        Settings(cors_origins=("app.test",)).validated()


def test_a_variable_that_is_no_setting_is_reported_with_the_nearest() -> None:
    environ = {
        "AA_MOCK_SEEED": "1",
        "AA_MOCK_SEED": "2",
        "AA_MOCK_NOTHING_LIKE_IT": "x",
        "AA_MOCK_TEST_IMAGE": "image",  # read by the container tests, not a setting
        "PATH": "/bin",
    }
    assert unknown_variables(environ) == [
        "AA_MOCK_NOTHING_LIKE_IT is not a setting and is ignored",
        "AA_MOCK_SEEED is not a setting and is ignored (did you mean 'AA_MOCK_SEED'?)",
    ]


@pytest.mark.parametrize(
    ("origins", "summary"),
    [
        ((), "off (no browser page on another origin may call; --cors-origins allows some)"),
        (("*",), "any origin may call from a browser"),
        (
            ("http://a.test", "http://b.test"),
            "browser pages on http://a.test, http://b.test may call",
        ),
    ],
)
def test_the_cors_summary_says_who_may_call(origins: tuple[str, ...], summary: str) -> None:
    assert Settings(cors_origins=origins).cors_summary() == summary


def test_the_documented_other_variables_are_not_warned_about() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
    others = page.read_text(encoding="utf-8").partition("## Other variables")[2]
    documented = set(re.findall(r"^\| `(AA_MOCK_\w+)` \|", others, re.M))
    assert documented and documented <= OTHER_VARIABLES
    assert unknown_variables(dict.fromkeys(documented, "1")) == []


def test_a_misspelled_mock_server_keyword_gets_a_did_you_mean() -> None:
    from mockserver import MockServer

    with pytest.raises(TypeError, match=r"argument 'profle' \(did you mean 'profile'\?\)"):
        MockServer(profle="a360")


def test_every_serve_flag_of_a_setting_is_named_in_its_messages() -> None:
    import contextlib
    import io
    from dataclasses import fields

    from mockserver.cli import _parser
    from mockserver.core.config import setting_name

    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        _parser().parse_args(["serve", "--help"])
    flags = set(re.findall(r"(--[a-z][a-z-]*)", out.getvalue())) - {"--help"}
    named = {
        flag
        for f in fields(Settings)
        for flag in re.findall(r"\((--[a-z-]+)\)", setting_name(f.name))
    }
    assert named == flags
