"""`aa-mockserver demo`: walks through the documented flow and prints each step for an audience."""

import base64
import json
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any, TextIO

from mockserver.harness.http_control import HttpControl

ZIP_PATH = "Automation Anywhere\\Bots\\Zip Code API Task"
USER = {"username": "jdoe", "password": "mypassword@123"}


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
        self, base_url: str, out: TextIO, admin_token: str | None = None, *, reset: bool = True
    ):
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
        expect: int = 200,
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
        if status != expect:
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
            {"botRepositoryPath": [ZIP_PATH]},
            {"X-Authorization": token},
            expect=expect,
        )[1]

    def run(self) -> int:
        self.say(f"aa-mockserver demo against {self.base}")
        self.say(f"watch it live on the dashboard: {self.base}/__admin/ui")
        try:
            self.steps()
        except DemoFailed as failure:
            self.say(f"\nFAILED: {failure} (is the server on the default scenario?)")
            return 1
        if self.reset:
            self.control.reset()
            self.say("\nDone: the mock was reset to its scenario's initial state.")
        else:
            self.say("\nDone (the server keeps its state; --reset resets it when done).")
        return 0

    def steps(self) -> None:
        self.heading("Authenticate as a bot developer")
        token = self.call("POST", "/v2/authentication", USER)[1]["token"]
        claims = _claims(token)
        lifetime = claims["exp"] - claims["iat"]
        self.say(f"   token expires {_when(claims['exp'])}, {lifetime} s after issue")

        self.heading("Get the execution URL and token for the Zip Code API Task")
        detail = self.access(token)["accessDetails"][ZIP_PATH]
        exec_claims = _claims(detail["headers"]["X-Authorization"])
        self.say(
            f"   execution token for botId {exec_claims['botId']}, "
            f"expires {_when(exec_claims['exp'])}"
        )

        self.heading("Run the API Task with its typed input")
        zip_input = {"iStrZipCode": {"type": "STRING", "string": "95134"}}
        self.call("POST", detail["url"], {"botInput": zip_input}, detail["headers"])

        self.heading("Refresh the Control Room token (the old one stops working)")
        refreshed = self.call("POST", "/v2/authentication/token", None, {"X-Authorization": token})
        new_token = refreshed[1]["token"]
        self.access(token, expect=401)

        self.heading("Jump the mock's clock 20 minutes ahead (no waiting)")
        self.call("POST", "/__admin/clock", {"advance": 1201}, self.admin_headers)

        self.heading("The refreshed token has now expired")
        self.access(new_token, expect=401)

        self.heading("Log in again and carry on")
        self.access(self.call("POST", "/v2/authentication", USER)[1]["token"])


def run_demo(
    base_url: str | None, out: TextIO, admin_token: str | None = None, *, reset: bool = False
) -> int:
    """Run against `base_url` (reset when done only if asked), or start a server on a free
    port for the length of the demo."""
    if base_url is not None:
        try:
            return Demo(base_url, out, admin_token, reset=reset).run()
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            print(f"aa-mockserver demo: cannot reach {base_url}: {reason}", file=sys.stderr)
            return 2
    from mockserver.harness.mock_server import MockServer

    with MockServer("default") as server:
        return Demo(server.url, out).run()
