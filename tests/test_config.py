"""Settings: environment variables, overrides, and their checks."""

from dataclasses import fields
from pathlib import Path

import pytest

from mockserver.core.config import Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.scenario) == ("127.0.0.1", 8080, "default")
    assert settings.control_room_token_ttl == 1200 and settings.execution_token_ttl == 43200


def test_environment_is_read_with_prefix() -> None:
    settings = Settings.from_env(
        {
            "AA_MOCK_PORT": "9000",
            "AA_MOCK_PUBLIC_URL": "http://aa-mock:8080",
            "AA_MOCK_CONTROL_ROOM_TOKEN_TTL": "60",
            "AA_MOCK_SCENARIO_DIRS": "/a:/b",
            "AA_MOCK_SIGNING_KEY_FILE": "/k.pem",
            "AA_MOCK_REALTIME_TIMEOUT_SECONDS": "1.5",
            "OTHER": "x",
            "AA_MOCK_SEED": "",
        }
    )
    assert settings.port == 9000 and settings.public_url == "http://aa-mock:8080"
    assert settings.control_room_token_ttl == 60 and settings.realtime_timeout_seconds == 1.5
    assert settings.scenario_dirs == (Path("/a"), Path("/b"))
    assert settings.signing_key_file == Path("/k.pem") and settings.seed == 0


def test_override_ignores_none() -> None:
    settings = Settings(port=1).override(port=None, seed=4)
    assert settings.port == 1 and settings.seed == 4


@pytest.mark.parametrize(
    "env, message",
    [
        ({"AA_MOCK_PORT": "x"}, "must be a number"),
        ({"AA_MOCK_PORT": "70000"}, r"AA_MOCK_PORT \(--port\) must be"),
        ({"AA_MOCK_LOG_FORMAT": "xml"}, "AA_MOCK_LOG_FORMAT"),
        ({"AA_MOCK_PUBLIC_URL": "aa-mock:8080"}, "AA_MOCK_PUBLIC_URL"),
        ({"AA_MOCK_EXECUTION_TOKEN_TTL": "0"}, "AA_MOCK_EXECUTION_TOKEN_TTL"),
        ({"AA_MOCK_DRAIN_SECONDS": "0"}, "AA_MOCK_DRAIN_SECONDS"),
        ({"AA_MOCK_OPEN_DASHBOARD": "maybe"}, "AA_MOCK_OPEN_DASHBOARD must be on or off"),
    ],
)
def test_bad_values_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_signing_key_file_signs_the_tokens(tmp_path: Path) -> None:
    import jwt
    from cryptography.hazmat.primitives import serialization

    from mockserver import create_app
    from mockserver.core.tokens import load_or_generate_key

    key = load_or_generate_key(None)
    pem = tmp_path / "key.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    client = create_app(Settings(signing_key_file=pem)).test_client()
    token = client.post(
        "/v2/authentication", json={"username": "admin", "password": "Admin#2024"}
    ).get_json()["token"]
    claims = jwt.decode(token, key.public_key(), algorithms=["RS512"], issuer="AutomationAnywhere")
    assert claims["sub"] == "9"


def test_a_signing_key_file_that_is_not_rsa_is_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from mockserver.core.tokens import load_or_generate_key

    pem = tmp_path / "ec.pem"
    pem.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(ValueError, match="must be an RSA private key"):
        load_or_generate_key(pem)


def test_watch_and_profile_settings_from_the_environment() -> None:
    settings = Settings.from_env({"AA_MOCK_WATCH": "true", "AA_MOCK_PROFILE": "a360"})
    assert settings.watch is True and settings.profile == "a360"
    with pytest.raises(SettingsError, match="AA_MOCK_WATCH"):
        Settings.from_env({"AA_MOCK_WATCH": "maybe"})
    with pytest.raises(
        SettingsError, match=r"AA_MOCK_PROFILE \(--profile\) must be one of seed, a360, legacy"
    ):
        Settings.from_env({"AA_MOCK_PROFILE": "cloud"})


def test_settings_survive_the_trip_through_the_environment() -> None:
    """How `serve` hands its settings, flags included, to granian's worker process."""
    every_field_changed = Settings(
        host="0.0.0.0",
        port=0,
        scenario="/scenarios/my tenant.yaml",
        public_url="https://aa-mock:8443",
        seed=7,
        control_room_token_ttl=60,
        execution_token_ttl=120,
        signing_key_file=Path("/keys/signing.pem"),
        admin_token="t0k",
        journal_capacity=5,
        max_body_bytes=2048,
        realtime_timeout_seconds=1.25,
        log_format="json",
        threads=3,
        drain_seconds=9,
        scenario_dirs=(Path("/a"), Path("/b c")),
        profile="a360",
        cors_origins=("http://localhost:3000", "https://app.example"),
        watch=True,
        url_file=Path("/tmp/url"),
        open_dashboard=True,
        allowed_hosts=("aa-mock", ".example.com"),
        callbacks=False,
        ondemand_timeout_seconds=30.0,
        max_namespaces=7,
        namespace_idle_seconds=90.5,
    )
    defaults = Settings()
    assert all(
        getattr(every_field_changed, f.name) != getattr(defaults, f.name) for f in fields(Settings)
    )
    for settings in (every_field_changed, defaults):
        environ = settings.to_env()
        assert all(name.startswith("AA_MOCK_") for name in environ)
        assert Settings.from_env(environ) == settings
