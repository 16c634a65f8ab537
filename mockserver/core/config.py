"""Settings: read once from `AA_MOCK_*` environment variables, overridable by CLI flags."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from mockserver.core.errors import did_you_mean
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
    # Python threads of `serve`'s server: this many requests are answered at once, sleeping in
    # emulated latency or an injected delay included; a further one waits for a thread.
    threads: int = 8
    # On SIGTERM or Ctrl-C, `serve` waits this long for requests in flight, then stops anyway.
    drain_seconds: int = 5
    # Extra folders searched (after the bundled one) when a scenario is named without a path.
    scenario_dirs: tuple[Path, ...] = ()
    # Which Control Room the mock is: seed (default), a360 or legacy (see core/profiles.py).
    profile: str = "seed"
    # Origins allowed to call from a browser (comma-separated, or "*"); empty: no CORS headers.
    cors_origins: tuple[str, ...] = ()
    # Re-read the scenario file when it changes (polling, so it works on mounted volumes).
    watch: bool = False
    # Host names requests may carry (comma-separated; ".example.com" takes its subdomains too);
    # empty: any. Set it on shared deployments, against DNS rebinding.
    allowed_hosts: tuple[str, ...] = ()
    # `serve` writes its URL to this file once it listens (for scripts that start it).
    url_file: Path | None = None
    # `serve` opens the live dashboard in a web browser once it listens.
    open_dashboard: bool = False
    # Namespaces (`/ns/<name>/...`, docs/namespaces.md) held at once; 0 turns them off.
    max_namespaces: int = 100
    # A namespace unused this long (real seconds, not its mock clock) is forgotten.
    namespace_idle_seconds: float = 3600.0

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

    def cors_summary(self) -> str:
        """Which browser origins may call the mock, in words (for the banner)."""
        if not self.cors_origins:
            return "off (no browser page on another origin may call; --cors-origins allows some)"
        if "*" in self.cors_origins:
            return "any origin may call from a browser"
        return "browser pages on " + ", ".join(self.cors_origins) + " may call"

    def to_env(self) -> dict[str, str]:
        """The `AA_MOCK_*` variables that `from_env` reads back as these settings (how `serve`
        hands its settings, flags included, to the server's worker process)."""
        return {
            ENV_PREFIX + f.name.upper(): _to_text(f.name, getattr(self, f.name))
            for f in fields(self)
        }

    def validated(self) -> "Settings":
        # Messages name the variable and the flag a user sets, not the field behind them.
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"{setting_name('port')} must be 0..65535, got {self.port}")
        for name in (
            "control_room_token_ttl",
            "execution_token_ttl",
            "journal_capacity",
            "max_body_bytes",
            "threads",
            "drain_seconds",
        ):
            if getattr(self, name) < 1:
                raise SettingsError(
                    f"{setting_name(name)} must be at least 1, got {getattr(self, name)}"
                )
        if self.max_namespaces < 0:
            raise SettingsError(
                f"{setting_name('max_namespaces')} must be 0 or more, got {self.max_namespaces}"
            )
        for name in (
            "namespace_idle_seconds",
            "realtime_timeout_seconds",
            "ondemand_timeout_seconds",
        ):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{setting_name(name)} must be positive")
        if self.profile not in PROFILES:
            raise SettingsError(
                f"{setting_name('profile')} must be one of {', '.join(PROFILES)}, got "
                f"{self.profile!r}{did_you_mean(self.profile, PROFILES)}"
            )
        if self.log_format not in ("text", "json"):
            raise SettingsError(
                f"{setting_name('log_format')} must be 'text' or 'json', got {self.log_format!r}"
            )
        for origin in self.cors_origins:
            _check_origin(origin)
        if self.public_url is not None and not self.public_url.startswith(("http://", "https://")):
            raise SettingsError(
                f"{setting_name('public_url')} must start with http:// or https://: "
                f"{self.public_url}"
            )
        return self


# The `serve` flag of each setting that has one.
_FLAGS = {
    name: "--" + name.replace("_", "-")
    for name in (
        "host",
        "port",
        "scenario",
        "public_url",
        "seed",
        "threads",
        "log_format",
        "profile",
        "watch",
        "cors_origins",
        "url_file",
    )
} | {"open_dashboard": "--open"}
# AA_MOCK_ variables that are not settings of the server: read by the pytest plugin (URL), the
# examples and the tests.
OTHER_VARIABLES = frozenset(
    ENV_PREFIX + name
    for name in ("TEST_IMAGE", "SKIP_INSTALL", "PACKAGE", "REPORT", "RAISE_UNEXPECTED", "URL")
)


def setting_name(field_name: str) -> str:
    """How a user sets a field: `AA_MOCK_THREADS (--threads)`."""
    flag = _FLAGS.get(field_name)
    return ENV_PREFIX + field_name.upper() + (f" ({flag})" if flag else "")


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """A warning for each `AA_MOCK_*` variable that is no setting (a typo is otherwise ignored)."""
    known = [f.name.upper() for f in fields(Settings)]
    return [
        f"{name} is not a setting and is ignored{_nearest_variable(name, known)}"
        for name in sorted(environ)
        if name.startswith(ENV_PREFIX)
        and name.removeprefix(ENV_PREFIX) not in known
        and name not in OTHER_VARIABLES
    ]


_INT_FIELDS = {
    "port",
    "threads",
    "seed",
    "control_room_token_ttl",
    "execution_token_ttl",
    "journal_capacity",
    "max_body_bytes",
    "drain_seconds",
    "max_namespaces",
}
_FLOAT_FIELDS = {"realtime_timeout_seconds", "ondemand_timeout_seconds", "namespace_idle_seconds"}
# Fields that hold several values, and what separates them in their variable.
_SEPARATORS = {"scenario_dirs": ":", "cors_origins": ",", "allowed_hosts": ","}


def _convert(name: str, raw: str) -> Any:
    try:
        if name in _INT_FIELDS:
            return int(raw)
        if name in _FLOAT_FIELDS:
            return float(raw)
    except ValueError:
        raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be a number, got {raw!r}") from None
    if name in ("signing_key_file", "url_file"):
        return Path(raw)
    if name == "scenario_dirs":
        return tuple(Path(p) for p in raw.split(":") if p)
    if name == "cors_origins":
        return parse_origins(raw)
    if name == "allowed_hosts":
        return tuple(h.strip().lower().rstrip(".") for h in raw.split(",") if h.strip())
    if name in ("watch", "callbacks", "open_dashboard"):
        if raw.lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be on or off, got {raw!r}")
        return raw.lower() in ("1", "true", "yes", "on")
    return raw


def _nearest_variable(name: str, known_fields: list[str]) -> str:
    # Compared without the prefix every name shares, which would make any two look alike.
    hint = did_you_mean(name.removeprefix(ENV_PREFIX), known_fields)
    return hint.replace("(did you mean '", f"(did you mean '{ENV_PREFIX}")


def _to_text(name: str, value: Any) -> str:
    """A field's value as `_convert` reads it back; None is empty, which reads as the default."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return _SEPARATORS[name].join(str(item) for item in value)
    return str(value)


def parse_origins(raw: str) -> tuple[str, ...]:
    """`AA_MOCK_CORS_ORIGINS`: comma-separated origins, or `*` for any."""
    return tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


def _check_origin(origin: str) -> None:
    """A browser sends its origin as scheme://host[:port] (or `null`), so anything else could
    never match: refused, with the form that would."""
    if origin in ("*", "null") or re.fullmatch(r"https?://[^/\s]+", origin):
        return
    scheme, _, rest = origin.rpartition("://")
    hint = f"{scheme or 'https'}://{rest.split('/')[0]}"
    raise SettingsError(
        f"{setting_name('cors_origins')}: {origin!r} is not an origin; write it as a browser "
        f"sends it, with its scheme and without a path, e.g. {hint!r}"
    )
