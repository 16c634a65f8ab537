"""The probe's fixed, read-only call plan and what it records of each answer: status, the
headers that matter, the body's shape, error codes and messages, and token claims (names and
value types, lifetimes; never values or signatures)."""

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from mockserver.core.values import payload_key
from mockserver.probe.target_client import Exchange, TargetClient, TargetError

LIST = "/orchestrator/v1/hotbot/config"
ACCESS = "/orchestrator/v1/hotbot/config/accessdetails"
ACTIVITY = "/v3/activity/list"
UNKNOWN_PATH = "aa-mockserver probe\\no such API Task"
MAX_PAGES = 20
MAX_PATHS = 20
HEADERS_THAT_MATTER = ("content-type", "retry-after", "access-control-allow-origin", "vary")
RATE_LIMIT_PREFIXES = ("x-ratelimit", "ratelimit")


@dataclass(frozen=True)
class Credentials:
    username: str
    api_key: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)

    def login_body(self) -> dict[str, str]:
        if self.api_key is not None:
            return {"username": self.username, "apiKey": self.api_key}
        return {"username": self.username, "password": self.password or ""}


@dataclass(frozen=True)
class Execution:
    """--execute PATH with --input NAME=TYPE:VALUE ..."""

    path: str
    inputs: dict[str, tuple[str, str]]

    def bot_input(self) -> dict[str, Any]:
        return {name: _typed(kind, value) for name, (kind, value) in self.inputs.items()}


def _typed(kind: str, value: str) -> dict[str, Any]:
    return {"type": kind, payload_key(kind): value}


@dataclass
class ProbeRun:
    """Every exchange of one run, and what later steps (and capture) need from them."""

    exchanges: list[Exchange] = field(default_factory=list)
    user: dict[str, Any] = field(default_factory=dict)
    permissions: list[dict[str, str]] = field(default_factory=list)
    tenant_uuid: str | None = None
    allocations: list[dict[str, Any]] = field(default_factory=list)
    access: dict[str, dict[str, Any]] = field(default_factory=dict)
    outputs: dict[str, Any] | None = None


def run_plan(
    client: TargetClient, credentials: Credentials, execution: Execution | None = None
) -> ProbeRun:
    run = ProbeRun()

    def call(
        name: str, method: str, path: str, body: Any = None, **headers: str
    ) -> Exchange | None:
        exchange = client.call(name, method, path, body, headers)
        if exchange is not None:
            run.exchanges.append(exchange)
        return exchange

    token = _login(call("login (v2)", "POST", "/v2/authentication", credentials.login_body()), run)
    auth = {"X-Authorization": token}
    call("validate", "GET", "/v1/authentication/token", **auth)
    refreshed = call("refresh (v2)", "POST", "/v2/authentication/token", **auth)
    if refreshed is not None and refreshed.status == 200 and isinstance(refreshed.body, dict):
        auth = {"X-Authorization": str(refreshed.body.get("token", token))}
    _list_pages(call, auth, run)
    first = str(run.allocations[0]["fileId"]) if run.allocations else "1"
    page = {"offset": 0, "length": 100}
    call(
        "list allocations (filter)",
        "POST",
        LIST,
        {"filter": {"operator": "eq", "field": "fileId", "value": first}, "page": page},
        **auth,
    )
    sort = [{"field": "fileId", "direction": "desc"}]
    call("list allocations (sort)", "POST", LIST, {"sort": sort, "page": page}, **auth)
    paths = [str(item["filePath"]) for item in run.allocations[:MAX_PATHS]] or ["<listed paths>"]
    details = call("access details", "POST", ACCESS, {"botRepositoryPath": paths}, **auth)
    _remember_access(details, run)
    call(
        "access details (unknown path)",
        "POST",
        ACCESS,
        {"botRepositoryPath": [UNKNOWN_PATH]},
        **auth,
    )
    # Read-only: the newest on-demand run, for the shape of an activity item.
    newest = [{"field": "startDateTime", "direction": "desc"}]
    call(
        "activity list",
        "POST",
        ACTIVITY,
        {"sort": newest, "page": {"offset": 0, "length": 1}},
        **auth,
    )
    call("without a token", "POST", LIST, {"page": page})
    call("malformed body", "POST", LIST, {"page": {"offset": -1, "length": 0}}, **auth)
    if execution is not None:
        _execute(call, auth, execution, run)
    return run


def _login(exchange: Exchange | None, run: ProbeRun) -> str:
    if exchange is None:  # dry run
        return "<token>"
    if exchange.status == 401:
        raise TargetError("the target refused the credentials (401 on POST /v2/authentication)")
    body = exchange.body
    if exchange.content_type != "application/json" or not isinstance(body, dict):
        raise TargetError(
            f"{exchange.path} does not answer like a Control Room "
            f"(status {exchange.status}, {exchange.content_type or 'no content type'})"
        )
    if exchange.status != 200 or not isinstance(body.get("token"), str):
        raise TargetError(f"login failed with status {exchange.status}: {body.get('message')}")
    run.user = dict(body.get("user") or {})
    run.permissions = [
        {"action": str(p.get("action")), "resourceType": str(p.get("resourceType"))}
        for p in body.get("permissions") or []
        if isinstance(p, dict)
    ]
    run.tenant_uuid = body.get("tenantUuid")
    return str(body["token"])


def _list_pages(call: Any, auth: dict[str, str], run: ProbeRun) -> None:
    offset = 0
    for number in range(1, MAX_PAGES + 1):
        body = {"page": {"offset": offset, "length": 100}}
        exchange = call(f"list allocations (page {number})", "POST", LIST, body, **auth)
        if exchange is None or exchange.status != 200 or not isinstance(exchange.body, dict):
            return
        items = exchange.body.get("list") or []
        run.allocations.extend(items)
        offset += len(items)
        total = (exchange.body.get("page") or {}).get("totalFilter", 0)
        if not items or offset >= int(total):
            return


def _remember_access(exchange: Exchange | None, run: ProbeRun) -> None:
    if exchange is not None and exchange.status == 200 and isinstance(exchange.body, dict):
        run.access.update(exchange.body.get("accessDetails") or {})


def _execute(call: Any, auth: dict[str, str], execution: Execution, run: ProbeRun) -> None:
    if execution.path not in run.access:
        details = call(
            "access details (execute)",
            "POST",
            ACCESS,
            {"botRepositoryPath": [execution.path]},
            **auth,
        )
        _remember_access(details, run)
    detail = run.access.get(execution.path)
    url = detail["url"] if detail else "<execution URL>"
    headers = dict(detail["headers"]) if detail else {}
    result = call("execute", "POST", url, {"botInput": execution.bot_input()}, **headers)
    if result is not None and result.status == 200 and isinstance(result.body, dict):
        run.outputs = (result.body.get("hotBotResult") or {}).get("botOutput")


# -- what is recorded of an answer


def observe(exchange: Exchange) -> dict[str, Any]:
    """The comparable facts of one answer; no secret value is kept."""
    record: dict[str, Any] = {
        "call": exchange.name,
        "status": exchange.status,
        "contentType": exchange.content_type,
        "headers": {
            k: v
            for k, v in sorted(exchange.headers.items())
            if k in HEADERS_THAT_MATTER[1:] or k.startswith(RATE_LIMIT_PREFIXES)
        },
        "shape": shape(exchange.body),
    }
    body = exchange.body
    if exchange.status >= 400 and isinstance(body, dict):
        record["error"] = {"code": body.get("code"), "message": body.get("message")}
    record["tokens"] = {label: claims_shape(token) for label, token in _tokens(body)}
    return record


def shape(value: Any) -> Any:
    """Keys, nesting and JSON types; a list by the shape of its first item."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "null" if value is None else "string"


def _tokens(body: Any) -> list[tuple[str, str]]:
    found = []
    if isinstance(body, dict) and isinstance(body.get("token"), str):
        found.append(("Control Room token", body["token"]))
    details = body.get("accessDetails") if isinstance(body, dict) else None
    if isinstance(details, dict) and details:
        first = next(iter(details.values()))
        token = (
            (first.get("headers") or {}).get("X-Authorization") if isinstance(first, dict) else None
        )
        if isinstance(token, str):
            found.append(("execution token", token))
    return found


def claims_shape(token: str) -> dict[str, Any]:
    """Claim names and value types, in their order, and the lifetime: never a value."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {"claims": "not a JWT"}
    if not isinstance(claims, dict):
        return {"claims": "not a JWT"}
    lifetime = claims.get("exp", 0) - claims.get("iat", 0) if "exp" in claims else None
    return {"claims": {k: shape(v) for k, v in claims.items()}, "lifetimeSeconds": lifetime}
