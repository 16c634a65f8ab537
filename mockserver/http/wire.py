"""Every JSON shape the mock answers with (camelCase), built from domain objects in one place;
and the two test-control values a request carries (FaultSpec, RequestPattern), read from JSON
and written as JSON (the admin views read them, HttpControl sends them)."""

from collections.abc import Mapping
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from mockserver.core.clock import ClockStatus
from mockserver.core.control import Health, ScenarioInfo, ScenarioSummary
from mockserver.core.errors import bad_request, did_you_mean
from mockserver.core.faults import FaultSpec, InjectedFault
from mockserver.core.journal import JournalEntry
from mockserver.core.results import AccessDetails, AllocationPage, AllocationState, Session
from mockserver.core.scenarios.model import (
    Allocation,
    ApiTask,
    InputVariable,
    Producer,
    Scenario,
    StaticValue,
    TemplateValue,
    User,
)
from mockserver.core.tokens import TokenRecord
from mockserver.core.values import PyValue, to_wire
from mockserver.core.verification import CountResult, RequestPattern

# -- Control Room


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "domain": user.domain,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "principalId": user.id,
        "email": user.email,
        "emailVerified": True,
        "passwordSet": user.password is not None,
        "questionsSet": True,
        "enableAutoLogin": False,
        "licenseFeatures": list(user.license_features),
        "roles": [{"id": role.id, "name": role.name} for role in user.roles],
        "multipleLoginAllowed": user.multiple_login_allowed,
        "deleted": False,
    }


def session_json(session: Session) -> dict[str, Any]:
    permissions: list[dict[str, str]] = []
    for role in session.user.roles:
        for p in role.permissions:
            entry = {"action": p.action, "resourceType": p.resource_type}
            if entry not in permissions:
                permissions.append(entry)
    return {
        "token": session.token,
        "user": user_json(session.user),
        "permissions": permissions,
        "tenantUuid": session.tenant_uuid,
        "ttlSeconds": str(session.ttl_seconds),
    }


def v1_session_json(session: Session) -> dict[str, Any]:
    """The v1 login answer of a Control Room before v.33: the token and the v1 user fields
    (cloud-authenticate-apikey.html: firstname, lastname, sysAssignedRoles, numeric ids)."""
    user = session.user
    return {
        "token": session.token,
        "user": {
            "id": int(user.id),
            "email": user.email,
            "username": user.username,
            "domain": user.domain,
            "firstname": user.first_name,
            "lastname": user.last_name,
            "version": 1,
            "principalId": int(user.id),
            "deleted": False,
            "roles": [{"name": r.name, "id": int(r.id), "version": 0} for r in user.roles],
            "sysAssignedRoles": [],
            "licenseFeatures": list(user.license_features),
            "emailVerified": True,
            "passwordSet": user.password is not None,
            "questionsSet": True,
            "enableAutoLogin": False,
            "disabled": user.disabled,
            "multipleLoginAllowed": user.multiple_login_allowed,
        },
    }


def _id(value: int, as_string: bool) -> int | str:
    """The seed spec types ids as integers; AA's docs and swagger write them as strings."""
    return str(value) if as_string else value


def allocation_page_json(page: AllocationPage, ids_as_strings: bool) -> dict[str, Any]:
    items = []
    for allocated in page.items:
        task, allocation = allocated.task, allocated.allocation
        item: dict[str, Any] = {
            "fileId": _id(task.file_id, ids_as_strings),
            "filePath": task.path,
            "fileName": task.name,
        }
        if allocation.run_as_user is not None:
            item["runAsUserOrNone"] = _id(allocation.run_as_user, ids_as_strings)
        item["concurrencyLimit"] = allocation.concurrency_limit
        items.append(item)
    return {
        "list": items,
        "page": {"offset": page.offset, "total": page.total, "totalFilter": page.total_filter},
    }


def created_allocation_json(
    body: Mapping[str, Any], allocation: Allocation, ids_as_strings: bool
) -> dict[str, Any]:
    """The create call echoes its three fields (the docs' example): fileId as sent in the seed
    profile and as AA's string otherwise; runAsUserOrNone as sent (the docs echo a number)."""
    file_id = body["fileId"]
    return {
        "fileId": str(file_id) if ids_as_strings else file_id,
        "runAsUserOrNone": body.get("runAsUserOrNone"),
        "concurrencyLimit": allocation.concurrency_limit,
    }


def access_details_json(details: AccessDetails) -> dict[str, Any]:
    return {
        "accessDetails": {
            path: {"url": access.url, "headers": access.headers}
            for path, access in details.granted.items()
        },
        "errors": details.errors,
    }


def execution_result_json(outputs: Mapping[str, PyValue]) -> dict[str, Any]:
    return {"hotBotResult": {"botOutput": {name: to_wire(v) for name, v in outputs.items()}}}


# -- test control (/__admin)


def health_json(health: Health) -> dict[str, Any]:
    return {
        "status": health.status,
        "version": health.version,
        "scenario": health.scenario,
        "profile": health.profile,
        "uptimeSeconds": health.uptime_seconds,
    }


def scenario_summary_json(summary: ScenarioSummary) -> dict[str, Any]:
    return {"scenario": summary.name, "tasks": summary.tasks}


def scenario_list_json(current: str, infos: list[ScenarioInfo]) -> dict[str, Any]:
    return {
        "current": current,
        "scenarios": [
            {"name": i.name, "description": i.description, "problem": i.problem} for i in infos
        ],
    }


def scenario_in_force_json(scenario: Scenario, profile: str) -> dict[str, Any]:
    """The scenario as the mock understands it; never a password or an API key."""
    return {
        "name": scenario.name,
        "description": scenario.description,
        "profile": profile,
        "tenantUuid": scenario.tenant_uuid,
        "users": [
            {
                "id": u.id,
                "username": u.username,
                "roles": [r.name for r in u.roles],
                "multipleLoginAllowed": u.multiple_login_allowed,
                "disabled": u.disabled,
            }
            for u in scenario.users
        ],
        "tasks": [_task_json(t) for t in scenario.tasks],
    }


def _task_json(task: ApiTask) -> dict[str, Any]:
    allocation = task.allocation
    return {
        "fileId": task.file_id,
        "name": task.name,
        "path": task.path,
        "description": task.description,
        "headers": list(task.headers),
        "allocation": None
        if allocation is None
        else {
            "runAsUserOrNone": allocation.run_as_user,
            "concurrencyLimit": allocation.concurrency_limit,
        },
        "inputs": [_input_json(i) for i in task.inputs],
        "outputs": [
            {"name": o.name, "type": o.type, "producer": _producer_kind(o.producer)}
            for o in task.outputs
        ],
        "rules": [
            {"name": r.name, "outcome": "error" if r.outcome.error else "outputs"}
            for r in task.rules
        ],
        "latency": None
        if task.latency is None
        else {"minMs": task.latency.min_ms, "maxMs": task.latency.max_ms},
    }


def _input_json(variable: InputVariable) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": variable.name,
        "type": variable.type,
        "required": variable.required,
    }
    if variable.default is not None:
        data["default"] = to_wire(variable.default)
    return data


def _producer_kind(producer: Producer | None) -> str:
    if producer is None:
        return "empty"
    if isinstance(producer, StaticValue):
        return "value"
    return "template" if isinstance(producer, TemplateValue) else "fake"


def allocation_states_json(states: list[AllocationState]) -> dict[str, Any]:
    return {
        "allocations": [
            {
                "fileId": s.task.file_id,
                "name": s.task.name,
                "path": s.task.path,
                "runAsUserOrNone": s.allocation.run_as_user,
                "concurrencyLimit": s.allocation.concurrency_limit,
                "inFlight": s.in_flight,
                "peak": s.peak,
                "rejected": s.rejected,
            }
            for s in states
        ]
    }


def journal_entry_json(entry: JournalEntry) -> dict[str, Any]:
    return {
        "id": str(entry.id),  # 64-bit ids lose digits in a JavaScript number
        "time": entry.time,
        "method": entry.method,
        "path": entry.path,
        "query": entry.query,
        "headers": entry.headers,
        "status": entry.status,
        "task": entry.task,
        "body": entry.body,
        "response": entry.response,
        "durationMs": entry.duration_ms,
        "operation": entry.operation,
        "user": entry.user,
    }


def count_result_json(result: CountResult) -> dict[str, Any]:
    return {
        "count": result.count,
        "nearMisses": [
            {"request": journal_entry_json(m.entry), "differences": list(m.differences)}
            for m in result.near_misses
        ],
    }


def journal_json(entries: list[JournalEntry], capacity: int, dropped: int) -> dict[str, Any]:
    return {
        "capacity": capacity,
        "dropped": dropped,
        "requests": [journal_entry_json(e) for e in entries],
    }


def clock_json(status: ClockStatus) -> dict[str, Any]:
    return {
        "now": status.now,
        "iso": datetime.fromtimestamp(status.now, UTC).isoformat(),
        "offsetSeconds": status.offset_seconds,
        "frozen": status.frozen,
    }


def fault_json(fault: InjectedFault) -> dict[str, Any]:
    return {
        "id": fault.id,
        "operation": fault.operation,
        "task": fault.task,
        "remaining": fault.remaining,
        "status": fault.status,
        "code": fault.code,
        "message": fault.message,
        "delayMs": fault.delay_ms,
    }


def token_json(record: TokenRecord) -> dict[str, Any]:
    return {
        "id": str(record.token_id),
        "kind": record.kind.value,
        "subject": record.subject,
        "botId": record.bot_id,
        "issuedAt": record.issued_at,
        "expiresAt": record.expires_at,
        "revoked": record.revoked_reason,
        "token": "***",
    }


# -- test-control values in requests (/__admin bodies and query strings)

_FAULT_KEYS = {"delay_ms": "delayMs"}  # FaultSpec field -> JSON key, where they differ
_PATTERN_KEYS = [f.name for f in fields(RequestPattern)]  # the same names in JSON


def fault_spec_json(spec: FaultSpec) -> dict[str, Any]:
    """The body of POST /__admin/faults (unset fields left out)."""
    return {
        _FAULT_KEYS.get(f.name, f.name): getattr(spec, f.name)
        for f in fields(FaultSpec)
        if getattr(spec, f.name) is not None
    }


def fault_spec_from_json(body: Mapping[str, Any]) -> FaultSpec:
    """A FaultSpec from a body the admin spec has checked (the keys are FaultSpec's fields)."""
    return FaultSpec(
        **{f.name: body.get(_FAULT_KEYS.get(f.name, f.name)) for f in fields(FaultSpec)}
    )


def request_pattern_json(pattern: RequestPattern) -> dict[str, Any]:
    """The body of POST /__admin/requests/find and /count (unset fields left out)."""
    body: dict[str, Any] = {}
    for name in _PATTERN_KEYS:
        value = getattr(pattern, name)
        if isinstance(value, Mapping):
            if value:
                body[name] = dict(value)
        elif value is not None:
            body[name] = value
    return body


def request_pattern_from_json(data: Mapping[str, Any]) -> RequestPattern:
    """A RequestPattern from a JSON body or the journal's query arguments; an unknown key is a
    400 with a did-you-mean (a mistyped filter must not match every request)."""
    for key in data:
        if key not in _PATTERN_KEYS:
            raise bad_request(
                f"{key}: unknown key{did_you_mean(key, _PATTERN_KEYS)}; known: "
                + ", ".join(_PATTERN_KEYS),
                details=key,
            )
    return RequestPattern(**{k: v for k, v in data.items() if v is not None})
