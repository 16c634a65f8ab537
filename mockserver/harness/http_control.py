"""HttpControl: the test-control interface over HTTP, for a mock in another process or a
container (the in-process one is `LocalControl`). The standard library's HTTP client; the
request bodies come from `wire`, as the server reads them."""

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mockserver.core.clock import ClockStatus
from mockserver.core.control import Health, ScenarioInfo, ScenarioSummary
from mockserver.core.errors import ApiError
from mockserver.core.faults import FaultSpec, InjectedFault
from mockserver.core.journal import JournalEntry
from mockserver.core.scenarios.model import Scenario
from mockserver.core.tokens import TokenKind, TokenRecord
from mockserver.core.verification import CountResult, NearMiss, RequestPattern
from mockserver.harness.shortcuts import Verifies
from mockserver.http import wire


class HttpControl(Verifies):
    """Calls `/__admin` of the mock at `base_url`; a refused call raises the ApiError it got.
    `verify(...)` works as on MockServer. With `namespace` every call (and `url`) is about that
    namespace of the mock (`/ns/<name>`, docs/namespaces.md), made on first use."""

    def __init__(
        self,
        base_url: str,
        admin_token: str | None = None,
        timeout: float = 10.0,
        *,
        namespace: str | None = None,
    ):
        self.root_url = base_url.rstrip("/")
        self.namespace = namespace
        self.base_url = self.root_url + (f"/ns/{namespace}" if namespace else "")
        self._headers = {"X-Admin-Token": admin_token} if admin_token else {}
        self.timeout = timeout

    def __repr__(self) -> str:  # the admin token stays out
        return f"HttpControl({self.base_url!r})"

    @property
    def url(self) -> str:
        """The Control Room URL a client is given: the namespace's, or the mock's."""
        return self.base_url

    @property
    def control(self) -> "HttpControl":
        return self

    def _call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        query: Mapping[str, Any] | None = None,
        text: str | None = None,
        root: bool = False,
    ) -> Any:
        url = (self.root_url if root else self.base_url) + "/__admin" + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        headers = dict(self._headers)
        data = None
        if text is not None:
            data, headers["Content-Type"] = text.encode(), "application/yaml"
        elif body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            error = json.loads(exc.read() or b"{}")
            raise ApiError(
                exc.code,
                str(error.get("code", "http.error")),
                str(error.get("message", exc.reason)),
                error.get("details"),
            ) from None
        return json.loads(raw) if raw else None

    def health(self) -> Health:
        data = self._call("GET", "/health")
        return Health(
            data["status"],
            data["scenario"],
            data["uptimeSeconds"],
            data["profile"],
            data["version"],
        )

    def reset(self) -> ScenarioSummary:
        return _summary(self._call("POST", "/reset"))

    # -- namespaces (about the whole mock, whichever namespace this addresses)

    def namespaces(self) -> list[dict[str, Any]]:
        """Every namespace alive on the mock, as `GET /__admin/namespaces` lists it."""
        found: list[dict[str, Any]] = self._call("GET", "/namespaces", root=True)["namespaces"]
        return found

    def create_namespace(
        self, scenario: str | Mapping[str, Any] | None = None, profile: str | None = None
    ) -> dict[str, Any]:
        """Make this control's namespace afresh, from a scenario name or dict and a profile."""
        body: dict[str, Any] = {}
        if scenario is not None:
            body["scenario"] = scenario if isinstance(scenario, str) else dict(scenario)
        if profile is not None:
            body["profile"] = profile
        made: dict[str, Any] = self._call(
            "PUT", f"/namespaces/{self._own_namespace()}", body, root=True
        )
        return made

    def delete_namespace(self) -> None:
        """Forget this control's namespace and all its state."""
        self._call("DELETE", f"/namespaces/{self._own_namespace()}", root=True)

    def _own_namespace(self) -> str:
        if self.namespace is None:
            raise ValueError("this HttpControl addresses the root, not a namespace")
        return self.namespace

    def reload(self) -> ScenarioSummary:
        return _summary(self._call("POST", "/reset", query={"reload": "true"}))

    def load_scenario(self, ref: Any, *, relative_to: Sequence[Path] = ()) -> ScenarioSummary:
        """A name (bundled or configured on the server), a local file, YAML text or a dict."""
        if isinstance(ref, Scenario):
            raise TypeError("a Scenario object cannot be sent over HTTP; send its file or text")
        if isinstance(ref, Mapping):
            return _summary(self._call("PUT", "/scenario", {"scenario": dict(ref)}))
        if isinstance(ref, Path) or (isinstance(ref, str) and ref.endswith((".yaml", ".yml"))):
            path = Path(ref)
            found = next((b / path for b in relative_to if (b / path).is_file()), path)
            return _summary(self._call("PUT", "/scenario", text=found.read_text("utf-8")))
        if "\n" in ref:
            return _summary(self._call("PUT", "/scenario", text=ref))
        return _summary(self._call("PUT", "/scenario", {"name": ref}))

    def scenarios(self) -> list[ScenarioInfo]:
        data = self._call("GET", "/scenarios")
        return [
            ScenarioInfo(s["name"], s["description"], s.get("problem")) for s in data["scenarios"]
        ]

    def requests(self, pattern: RequestPattern | None = None) -> list[JournalEntry]:
        body = wire.request_pattern_json(pattern or RequestPattern())
        data = self._call("POST", "/requests/find", body)
        return [_journal_entry(e) for e in data["requests"]]

    def count_requests(self, pattern: RequestPattern) -> CountResult:
        data = self._call("POST", "/requests/count", wire.request_pattern_json(pattern))
        misses = tuple(
            NearMiss(_journal_entry(m["request"]), tuple(m["differences"]))
            for m in data["nearMisses"]
        )
        return CountResult(data["count"], (), misses)

    def clear_requests(self) -> None:
        self._call("DELETE", "/requests")

    def clock_status(self) -> ClockStatus:
        return _clock(self._call("GET", "/clock"))

    def change_clock(
        self,
        *,
        advance: float | None = None,
        set: float | str | None = None,
        freeze: bool = False,
        resume: bool = False,
    ) -> ClockStatus:
        body: dict[str, Any] = {"advance": advance, "set": set}
        body = {k: v for k, v in body.items() if v is not None}
        if freeze:
            body["freeze"] = True
        if resume:
            body["resume"] = True
        return _clock(self._call("POST", "/clock", body))

    def advance_clock(self, seconds: float) -> float:
        return self.change_clock(advance=seconds).now

    def faults(self) -> list[InjectedFault]:
        return [_fault(f) for f in self._call("GET", "/faults")["faults"]]

    def inject_fault(self, spec: FaultSpec) -> InjectedFault:
        return _fault(self._call("POST", "/faults", wire.fault_spec_json(spec)))

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def token_records(self) -> list[TokenRecord]:
        return [_token(t) for t in self._call("GET", "/tokens")["tokens"]]

    def revoke_tokens(self) -> int:
        return int(self._call("DELETE", "/tokens")["revoked"])

    def revoke_token(self, token_id: int) -> bool:
        return bool(self._call("DELETE", f"/tokens/{token_id}")["revoked"])


def _summary(data: dict[str, Any]) -> ScenarioSummary:
    return ScenarioSummary(data["scenario"], data["tasks"])


def _clock(data: dict[str, Any]) -> ClockStatus:
    return ClockStatus(data["now"], data["offsetSeconds"], data["frozen"])


def _fault(data: dict[str, Any]) -> InjectedFault:
    return InjectedFault(
        id=data["id"],
        operation=data["operation"],
        task=data["task"],
        remaining=data["remaining"],
        status=data["status"],
        code=data["code"],
        message=data["message"],
        delay_ms=data["delayMs"],
    )


def _token(data: dict[str, Any]) -> TokenRecord:
    return TokenRecord(
        token_id=int(data["id"]),
        kind=TokenKind(data["kind"]),
        subject=data["subject"],
        issued_at=data["issuedAt"],
        expires_at=data["expiresAt"],
        multiple_login=False,  # not part of the admin API's answer
        bot_id=data["botId"],
        revoked_reason=data["revoked"],
    )


def _journal_entry(data: dict[str, Any]) -> JournalEntry:
    # The server sends bodies parsed and already redacted; kept as JSON bytes like its own.
    def raw(value: Any) -> bytes:
        return b"" if value is None else json.dumps(value).encode()

    return JournalEntry(
        id=int(data["id"]),
        time=data["time"],
        method=data["method"],
        path=data["path"],
        query=data["query"],
        headers=data["headers"],
        raw_body=raw(data["body"]),
        status=data["status"],
        raw_response=raw(data["response"]),
        duration_ms=data["durationMs"],
        task=data["task"],
        operation=data.get("operation"),
        user=data.get("user"),
    )
