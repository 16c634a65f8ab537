"""`aa-mockserver demo`: walks through the documented flow and prints each step for an audience."""

import base64
import contextlib
import json
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from mockserver.core.scenarios.model import Scenario
from mockserver.harness.http_control import HttpControl

ZIP_PATH = "Automation Anywhere\\Bots\\Zip Code API Task"
USER = {"username": "jdoe", "password": "mypassword@123"}
# A value for each required input of a type the demo can make up.
SAMPLES = {
    "STRING": {"type": "STRING", "string": "example"},
    "NUMBER": {"type": "NUMBER", "number": "1"},
    "BOOLEAN": {"type": "BOOLEAN", "boolean": "true"},
    "DATETIME": {"type": "DATETIME", "string": "2025-01-01T00:00:00Z"},
}


@dataclass(frozen=True)
class Cast:
    """Who logs in and which API Task runs with which inputs."""

    login: dict[str, str] = field(default_factory=lambda: dict(USER), repr=False)
    path: str = ZIP_PATH
    bot_input: dict[str, Any] = field(
        default_factory=lambda: {"iStrZipCode": {"type": "STRING", "string": "95134"}}
    )
    # The status its execution must answer; None: whatever the scenario answers is shown.
    expect: int | None = 200


def cast_for(scenario: Scenario) -> Cast:
    """The default scenario's cast when it has one, else its first user who can run a task in
    real time with a password, and its first allocated task whose required inputs are simple."""
    users = {u.username for u in scenario.users}
    if "jdoe" in users and any(t.path == ZIP_PATH for t in scenario.tasks):
        return Cast()
    runner = next(
        (
            u
            for u in scenario.users
            if u.password and not u.disabled and u.has_grant("accessDetails")
        ),
        None,
    )
    tasks = [
        t
        for t in scenario.tasks
        if t.allocation is not None
        and all(i.type in SAMPLES for i in t.inputs if i.required and i.default is None)
    ]
    if runner is None or not tasks or runner.password is None:
        raise DemoFailed(
            f"scenario {scenario.name!r} has no user with a password and the accessDetails "
            "grant, or no allocated API Task (aa-mockserver validate warns about both)"
        )
    inputs = {i.name: SAMPLES[i.type] for i in tasks[0].inputs if i.required}
    login = {"username": runner.username, "password": runner.password}
    return Cast(login, tasks[0].path, inputs, expect=None)


def _short(value: Any) -> Any:
    """Tokens cut to their start and the user object to its gist, so the output stays readable."""
    if isinstance(value, dict):
        if "username" in value and "roles" in value:  # a login's user object: the gist only
            return {"id": value.get("id"), "username": value["username"], "...": "..."}
        return {k: _short(v) for k, v in value.items() if k != "permissions"}
    if isinstance(value, list):
        return [_short(v) for v in value]
    if isinstance(value, str) and value.startswith("eyJ") and len(value) > 40:
        return value[:24] + "..."
    return value


def _claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return decoded


def _when(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class DemoFailed(Exception):
    """A step did not answer as the default scenario promises."""


class Demo:
    def __init__(
        self,
        base_url: str,
        out: TextIO,
        admin_token: str | None = None,
        *,
        reset: bool = True,
        cast: Cast | None = None,
        kept: str = "the server keeps its state; --reset resets it when done",
    ):
        self.cast = cast or Cast()
        self.kept = kept
        self.reset = reset
        self.base = base_url.rstrip("/")
        self.out = out
        self.admin_headers = {"X-Admin-Token": admin_token} if admin_token else {}
        self.control = HttpControl(self.base, admin_token)
        self.step = 0
        self.unexpected: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def call(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        show: bool = True,
        expect: int | None = 200,
    ) -> tuple[int, Any]:
        url = url if url.startswith("http") else self.base + url
        shown_body = (
            {**body, "password": "***"} if isinstance(body, dict) and "password" in body else body
        )
        if show:
            self.say(f"  -> {method} {url}")
            if body is not None:
                self.say(f"     {json.dumps(_short(shown_body))}")
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            url,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        payload = json.loads(raw) if raw else None
        if show:
            self.say(f"  <- {status} {json.dumps(_short(payload))}")
        if expect is not None and status != expect:
            self.unexpected.append(f"{method} {url}: {status}, expected {expect}")
            raise DemoFailed(self.unexpected[-1])
        return status, payload

    def heading(self, text: str) -> None:
        self.step += 1
        self.say(f"\n{self.step}. {text}")

    def access(self, token: str, expect: int = 200) -> Any:
        return self.call(
            "POST",
            "/orchestrator/v1/hotbot/config/accessdetails",
            {"botRepositoryPath": [self.cast.path]},
            {"X-Authorization": token},
            expect=expect,
        )[1]

    def run(self) -> int:
        self.say(f"aa-mockserver demo against {self.base}")
        self.say(f"watch it live on the dashboard: {self.base}/__admin/ui")
        try:
            self.steps()
        except DemoFailed as failure:
            hint = " (is the server on the default scenario?)" if self.cast == Cast() else ""
            self.say(f"\nFAILED: {failure}{hint}")
            return 1
        if self.reset:
            self.control.reset()
            self.say("\nDone: the mock was reset to its scenario's initial state.")
        else:
            self.say(f"\nDone ({self.kept}).")
        return 0

    def steps(self) -> None:
        self.heading("Authenticate as a bot developer")
        login = self.call("POST", "/v2/authentication", self.cast.login)[1]
        token = login["token"]
        claims = _claims(token)
        lifetime = claims["exp"] - claims["iat"]
        self.say(f"   token expires {_when(claims['exp'])}, {lifetime} s after issue")
        if login.get("ttlSeconds") == "0":
            self.say(
                '   (ttlSeconds "0": the Control Room answers a login so; the lifetime is the '
                'token\'s exp claim, and a refresh answers ttlSeconds "1200")'
            )

        self.heading(f"Get the execution URL and token for {self.cast.path.split(chr(92))[-1]}")
        detail = self.access(token)["accessDetails"][self.cast.path]
        exec_claims = _claims(detail["headers"]["X-Authorization"])
        self.say(
            f"   execution token for botId {exec_claims['botId']}, "
            f"expires {_when(exec_claims['exp'])}"
        )

        self.heading("Run the API Task with its typed input")
        self.call(
            "POST",
            detail["url"],
            {"botInput": self.cast.bot_input},
            detail["headers"],
            expect=self.cast.expect,
        )

        self.heading("Refresh the Control Room token (the old one stops working)")
        refreshed = self.call("POST", "/v2/authentication/token", None, {"X-Authorization": token})
        new_token = refreshed[1]["token"]
        self.access(token, expect=401)

        self.heading("Jump the mock's clock 20 minutes ahead (no waiting)")
        self.call("POST", "/__admin/clock", {"advance": 1201}, self.admin_headers)

        self.heading("The refreshed token has now expired")
        self.access(new_token, expect=401)

        self.heading("Log in again and carry on")
        self.access(self.call("POST", "/v2/authentication", self.cast.login)[1]["token"])


def until_interrupted(_dashboard: str) -> None:
    """Until Ctrl-C, as `serve` runs."""
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()


def run_demo(
    base_url: str | None,
    out: TextIO,
    admin_token: str | None = None,
    *,
    reset: bool = False,
    scenario: str = "default",
    profile: str = "seed",
    interactive: bool = False,
    wait: Callable[[str], None] = until_interrupted,
) -> int:
    """Run against `base_url` (reset when done only if asked), or start a server on a free port
    on `scenario` and `profile`: interactive, it keeps serving (for the dashboard) until
    `wait` returns; else it stops, and says how to keep a dashboard."""
    if base_url is not None:
        try:
            return Demo(base_url, out, admin_token, reset=reset).run()
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            print(f"aa-mockserver demo: cannot reach {base_url}: {reason}", file=sys.stderr)
            return 2
    from mockserver.harness.mock_server import MockServer

    with MockServer(scenario, profile=profile) as server:
        try:
            cast = cast_for(server.control.scenario())
        except DemoFailed as failure:
            print(f"aa-mockserver demo: {failure}", file=sys.stderr)
            return 2
        # Interactive, the dashboard shows what the demo did: nothing is reset.
        kept = "the journal and the clock stay as the demo left them"
        code = Demo(server.url, out, cast=cast, reset=not interactive, kept=kept).run()
        dashboard = f"{server.url}/__admin/ui"
        if interactive:
            print(f"\nThe demo's server keeps running: {dashboard} (Ctrl-C stops it)", file=out)
            wait(dashboard)
        else:
            print(
                "\nThe demo's server stops now, and its dashboard with it. To keep one: "
                "`aa-mockserver serve` in one terminal, `aa-mockserver demo --url "
                "http://127.0.0.1:8080` in another.",
                file=out,
            )
        return code
