"""What `serve` says once it listens: the URL file, the banner (text, or one JSON line) and,
with --open, the live dashboard in a browser.

Said from the worker process: granian binds the port there, after the app is built, and tells no
one; a thread here waits until a connection succeeds. (A thread in the main process would be
running while granian forks the worker, and a lock it held then, an import's, say, would stay
held in the worker forever.)
"""

import json
import socket
import sys
import threading
import time
import webbrowser
from datetime import UTC, datetime
from pathlib import Path

from mockserver.core.config import Settings
from mockserver.core.control_room import ControlRoom
from mockserver.core.profiles import Profile
from mockserver.core.scenarios.model import Scenario

# How long to wait for the server to listen before saying that it does not.
START_SECONDS = 60.0


def announce_when_listening(settings: Settings, control_room: ControlRoom) -> None:
    """Start a thread that announces the server once it answers connections."""
    threading.Thread(
        target=_announce, args=(settings, control_room), name="announce", daemon=True
    ).start()


def _announce(settings: Settings, control_room: ControlRoom) -> None:
    if not wait_until_listening(settings.host, settings.port, START_SECONDS):
        print(f"aa-mockserver: not listening after {START_SECONDS:.0f} s", file=sys.stderr)
        return
    host = settings.host if settings.host != "0.0.0.0" else "127.0.0.1"
    base = f"http://{host}:{settings.port}"
    if settings.url_file is not None:
        write_whole(settings.url_file, base + "\n")
    if settings.log_format == "json":
        _print_json_banner(control_room.scenario(), control_room.profile, base, settings)
    else:
        _print_banner(control_room.scenario(), control_room.profile, base, settings)
    if settings.open_dashboard:
        webbrowser.open(f"{base}/__admin/ui")


def wait_until_listening(host: str, port: int, timeout: float) -> bool:
    """Whether a connection to `host:port` succeeds within `timeout` seconds."""
    target = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((target, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.01)
    return False


def write_whole(path: Path, text: str) -> None:
    """Written under another name and renamed, so a script polling for it never reads half."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _print_json_banner(scenario: Scenario, profile: Profile, base: str, settings: Settings) -> None:
    """One JSON line, like the access log (no secrets: users by name only)."""
    banner = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "event": "serving",
        "url": base,
        "scenario": scenario.name,
        "profile": profile.name,
        "corsOrigins": list(settings.cors_origins),
        "users": [u.username for u in scenario.users],
        "dashboard": f"{base}/__admin/ui",
    }
    print(json.dumps(banner), flush=True)


def _print_banner(scenario: Scenario, profile: Profile, base: str, settings: Settings) -> None:
    # Secrets stay out of logs: they are shown only to a person at a terminal.
    show_secrets = sys.stdout.isatty()
    print(f"aa-mockserver serving scenario {scenario.name!r} at {base}", flush=True)
    print(f"  profile {profile.name}: {profile.summary}", flush=True)
    for user in scenario.users:
        field, secret = ("password", user.password) if user.password else ("apiKey", user.api_key)
        shown = secret if show_secrets else f"<{field} of {user.username} in the scenario file>"
        roles = ", ".join(r.name for r in user.roles) or "no roles"
        print(
            f"  log in as {user.username} ({roles}):\n    curl -s -X POST {base}/v2/"
            f"authentication -H 'Content-Type: application/json' "
            f'-d \'{{"username": "{user.username}", "{field}": "{shown}"}}\'',
            flush=True,
        )
    print(f"  live dashboard: {base}/__admin/ui", flush=True)
    print(f"  CORS: {settings.cors_summary()}", flush=True)
