"""An example application: a small Control Room client that runs API Tasks.

It logs in, pages through allocations, asks for an execution URL, calls it, refreshes its token when
the Control Room says it expired, and retries briefly when an API Task is at its concurrency limit.
Only the standard library is used, so the example shows the wire format plainly.
"""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class ControlRoomError(Exception):
    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(f"{status} {body.get('code')}: {body.get('message')}")
        self.status = status
        self.body = body


@dataclass
class ApiTaskClient:
    base_url: str
    username: str
    password: str
    busy_retries: int = 5
    busy_wait_seconds: float = 0.5
    token: str | None = None

    def _post(self, url: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        request = urllib.request.Request(
            url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raise ControlRoomError(error.code, json.loads(error.read() or b"{}")) from None

    def login(self) -> None:
        body = self._post(
            f"{self.base_url}/v2/authentication",
            {"username": self.username, "password": self.password},
        )
        self.token = body["token"]

    def _control_room(self, path: str, body: Any) -> Any:
        if self.token is None:
            self.login()
        try:
            return self._post(self.base_url + path, body, {"X-Authorization": str(self.token)})
        except ControlRoomError as error:
            if error.status != 401:
                raise
            self.login()  # the token expired or was replaced: log in again, once
            return self._post(self.base_url + path, body, {"X-Authorization": str(self.token)})

    def allocations(self, page_size: int = 100) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            body = self._control_room(
                "/orchestrator/v1/hotbot/config", {"page": {"offset": offset, "length": page_size}}
            )
            yield from body["list"]
            offset += len(body["list"])
            if not body["list"] or offset >= body["page"]["total"]:
                return

    def run(self, repository_path: str, **inputs: str) -> dict[str, str]:
        """Run an API Task with STRING inputs; returns its outputs as plain strings."""
        access = self._control_room(
            "/orchestrator/v1/hotbot/config/accessdetails", {"botRepositoryPath": [repository_path]}
        )
        if repository_path not in access["accessDetails"]:
            raise LookupError(access["errors"].get(repository_path, repository_path))
        detail = access["accessDetails"][repository_path]
        body = {"botInput": {k: {"type": "STRING", "string": v} for k, v in inputs.items()}}
        for attempt in range(self.busy_retries + 1):
            try:
                result = self._post(detail["url"], body, detail["headers"])
                break
            except ControlRoomError as error:
                if error.status != 429 or attempt == self.busy_retries:
                    raise
                time.sleep(self.busy_wait_seconds)
        outputs = result["hotBotResult"]["botOutput"]
        return {
            name: next(v for k, v in value.items() if k != "type")
            for name, value in outputs.items()
        }
