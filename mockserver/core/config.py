"""Settings: read once from `AA_MOCK_*` environment variables, overridable by CLI flags."""

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from mockserver.core.profiles import PROFILES, Profile

ENV_PREFIX = "AA_MOCK_"


class SettingsError(ValueError):
    """An environment variable or flag holds a value of the wrong kind."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    # A bundled scenario name or a path to a YAML/JSON scenario file.
    scenario: str = "default"
    # Base of the execution URLs handed out; None means "the scheme, host and port of the request".
    public_url: str | None = None
    seed: int = 0
    control_room_token_ttl: int = 1200
    execution_token_ttl: int = 43200
    # PEM file with an RSA private key; None generates a fresh key at start-up.
    signing_key_file: Path | None = None
    admin_token: str | None = None
    journal_capacity: int = 1000
    max_body_bytes: int = 1_048_576
    realtime_timeout_seconds: float = 60.0
    # An on-demand run still running after this long ends RUN_TIMED_OUT (AA: 15 minutes).
    ondemand_timeout_seconds: float = 900.0
    # POST each on-demand run's outcome to its deployment's callbackInfo.url (off: never).
    callbacks: bool = True
    log_format: str = "text"
    # Threads of the production server for requests that may sleep (emulated latency, injected
    # delays): this many wait at once; the rest of the requests run inline (run/production.py).
    threads: int = 8
    # Extra folders searched (after the bundled one) when a scenario is named without a path.
    scenario_dirs: tuple[Path, ...] = ()
    # Which Control Room the mock is: seed (default), a360 or legacy (see core/profiles.py).
    profile: str = "seed"
    # Origins allowed to call from a browser (comma-separated, or "*"); empty: no CORS headers.
    cors_origins: tuple[str, ...] = ()
    # Re-read the scenario file when it changes (polling, so it works on mounted volumes).
    watch: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "Settings":
        """Build settings from `AA_MOCK_<FIELD>` variables; unknown or empty ones are ignored."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, raw)
        return cls(**values).validated()

    @property
    def active_profile(self) -> Profile:
        return PROFILES[self.profile]

    def override(self, **changes: Any) -> "Settings":
        """Return a copy with every non-None change applied (how CLI flags win over the env)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None}).validated()

    def validated(self) -> "Settings":
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"port must be 0..65535, got {self.port}")
        for name in (
            "control_room_token_ttl",
            "execution_token_ttl",
            "journal_capacity",
            "max_body_bytes",
            "threads",
        ):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.realtime_timeout_seconds <= 0:
            raise SettingsError("realtime_timeout_seconds must be positive")
        if self.ondemand_timeout_seconds <= 0:
            raise SettingsError("ondemand_timeout_seconds must be positive")
        if self.profile not in PROFILES:
            raise SettingsError(
                f"profile must be one of {', '.join(PROFILES)}, got {self.profile!r}"
            )
        if self.log_format not in ("text", "json"):
            raise SettingsError(f"log_format must be 'text' or 'json', got {self.log_format!r}")
        if self.public_url is not None and not self.public_url.startswith(("http://", "https://")):
            raise SettingsError(
                f"public_url must start with http:// or https://: {self.public_url}"
            )
        return self


_INT_FIELDS = {
    "port",
    "threads",
    "seed",
    "control_room_token_ttl",
    "execution_token_ttl",
    "journal_capacity",
    "max_body_bytes",
}


def _convert(name: str, raw: str) -> Any:
    try:
        if name in _INT_FIELDS:
            return int(raw)
        if name in ("realtime_timeout_seconds", "ondemand_timeout_seconds"):
            return float(raw)
    except ValueError:
        raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be a number, got {raw!r}") from None
    if name == "signing_key_file":
        return Path(raw)
    if name == "scenario_dirs":
        return tuple(Path(p) for p in raw.split(":") if p)
    if name == "cors_origins":
        return parse_origins(raw)
    if name in ("watch", "callbacks"):
        if raw.lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be on or off, got {raw!r}")
        return raw.lower() in ("1", "true", "yes", "on")
    return raw


def parse_origins(raw: str) -> tuple[str, ...]:
    """`AA_MOCK_CORS_ORIGINS`: comma-separated origins, or `*` for any."""
    return tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
