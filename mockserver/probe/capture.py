"""Turn a probe run into a scenario: the tenant's allocations (paths, file ids, run-as users,
concurrency limits), each task's extra headers, and an executed task's inputs and outputs as a
rule. Users become placeholders with generated passwords; no API key, password or token of the
target is ever written."""

import secrets
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import yaml

from mockserver.core.scenarios import Scenario, load_scenario_text
from mockserver.core.values import SCALAR_TYPES, payload_key
from mockserver.probe.plan import Credentials, Execution, ProbeRun

PLACEHOLDER_USERNAME = "captured-user"
# The swagger's LicenseFeature enum (what the scenario schema accepts).
LICENSE_FEATURES = {
    "DEVELOPMENT",
    "RUNTIME",
    "ANALYTICSCLIENT",
    "ATTENDEDRUNTIME",
    "DISCOVERYBOTANALYZER",
    "DISCOVERYBOTRECORDER",
    "AARIUSER",
    "CITIZENDEVELOPER",
    "CLOUDBOTRUNNER",
}


def scenario_document(
    run: ProbeRun,
    target_url: str,
    login: Credentials,
    execution: Execution | None = None,
) -> dict[str, Any]:
    """The scenario as a plain document; `login` is the user it lets in (a placeholder with a
    generated password for files, the probing user only for an in-memory replay)."""
    grants = ["accessDetails"] + (["manageAllocations"] if run.allocations else [])
    if any(e.name == "activity list" and e.status == 200 for e in run.exchanges):
        grants.append("deployApiTasks")  # the user may follow on-demand runs
    user: dict[str, Any] = {
        "id": str(run.user.get("id") or "1"),
        "username": login.username,
        "roles": ["Captured"],
        "multipleLoginAllowed": True,
        "licenseFeatures": [
            f for f in run.user.get("licenseFeatures") or [] if f in LICENSE_FEATURES
        ],
    }
    if login.api_key is not None:
        user["apiKey"] = login.api_key
    else:
        user["password"] = login.password
    document: dict[str, Any] = {
        "name": f"captured-{urlsplit(target_url).hostname or 'target'}",
        "description": f"Captured from {target_url} on {datetime.now(UTC):%Y-%m-%d}",
        "roles": [
            {
                "id": "1",
                "name": "Captured",
                "grants": sorted(grants),
                "permissions": run.permissions,
            }
        ],
        "users": [user],
        "tasks": [_task(item, run, execution) for item in run.allocations],
    }
    if run.tenant_uuid:
        document["tenantUuid"] = run.tenant_uuid
    return document


def placeholder_login(run: ProbeRun, keep_username: str | None) -> Credentials:
    return Credentials(keep_username or PLACEHOLDER_USERNAME, password=secrets.token_urlsafe(18))


def _task(item: dict[str, Any], run: ProbeRun, execution: Execution | None) -> dict[str, Any]:
    path = str(item["filePath"])
    run_as = item.get("runAsUserOrNone")
    allocation: dict[str, Any] = {"concurrencyLimit": int(item.get("concurrencyLimit") or 1)}
    if run_as not in (None, ""):
        allocation["runAsUserOrNone"] = int(run_as)
    task: dict[str, Any] = {
        "fileId": int(item["fileId"]),
        "path": path,
        "name": str(item.get("fileName") or path),
        "allocation": allocation,
    }
    detail = run.access.get(path) or {}
    extra = {k: v for k, v in (detail.get("headers") or {}).items() if k != "X-Authorization"}
    if extra:
        task["headers"] = extra
    if execution is not None and execution.path == path and run.outputs is not None:
        task.update(_executed(execution, run.outputs))
    return task


def _executed(execution: Execution, outputs: dict[str, Any]) -> dict[str, Any]:
    """The observed call as a rule: these inputs gave these outputs (scalars as values)."""
    inputs = {name: {"type": kind} for name, (kind, _) in execution.inputs.items()}
    declared = {name: {"type": str(value.get("type", "STRING"))} for name, value in outputs.items()}
    when = {name: {"equals": _plain(kind, raw)} for name, (kind, raw) in execution.inputs.items()}
    observed = {
        name: _plain(str(value.get("type", "STRING")), _payload(value))
        for name, value in outputs.items()
        if _payload(value) is not None
    }
    rule = {"name": "captured execution", "when": when, "outputs": observed}
    return (
        {"inputs": inputs, "outputs": declared, "rules": [rule]}
        if when
        else {
            "inputs": inputs,
            "outputs": {
                n: {**d, "value": observed[n]} for n, d in declared.items() if n in observed
            },
        }
    )


def _payload(value: dict[str, Any]) -> Any:
    """A scalar output's payload; None for the structured types (not captured as values)."""
    kind = str(value.get("type", "STRING"))
    return value.get(payload_key(kind)) if kind in SCALAR_TYPES else None


def _plain(kind: str, raw: Any) -> Any:
    if kind == "NUMBER":
        number = float(raw)
        return int(number) if number.is_integer() else number
    if kind == "BOOLEAN":
        return str(raw).lower() == "true"
    return str(raw)


def to_yaml(document: dict[str, Any]) -> str:
    header = "# Captured by aa-mockserver capture: check it with `aa-mockserver validate`.\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def checked(document: dict[str, Any]) -> Scenario:
    """Load the document as the server would (raises ScenarioError on a problem)."""
    return load_scenario_text(to_yaml(document), "<captured>")
