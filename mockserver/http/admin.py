"""Views of the admin API under /__admin: the HTTP face of the test-control interface."""

from typing import Any

from flask import Blueprint, Response, request

from mockserver.core.errors import ApiError, bad_request, not_found
from mockserver.core.ondemand import Status
from mockserver.core.scenarios import ScenarioError
from mockserver.core.scenarios.resolver import find_named_scenario
from mockserver.core.verification import RequestPattern
from mockserver.http import ondemand_wire, wire
from mockserver.http.emulated import Call, admin_operation, no_content

blueprint = Blueprint("admin", __name__, url_prefix="/__admin")


@blueprint.get("/health")
@admin_operation("adminHealth")
def health(call: Call) -> dict[str, Any]:
    return wire.health_json(call.backend.health())


@blueprint.post("/reset")
@admin_operation("adminReset")
def reset(call: Call) -> dict[str, Any]:
    if request.args.get("reload", "false").lower() == "true":
        try:
            return wire.scenario_summary_json(call.backend.reload())
        except ScenarioError as exc:
            raise _invalid(exc) from None
    return wire.scenario_summary_json(call.backend.reset())


@blueprint.get("/scenarios")
@admin_operation("adminListScenarios")
def list_scenarios(call: Call) -> dict[str, Any]:
    return wire.scenario_list_json(call.backend.scenario.name, call.backend.scenarios())


@blueprint.get("/scenario")
@admin_operation("adminGetScenario")
def get_scenario(call: Call) -> dict[str, Any]:
    return wire.scenario_in_force_json(call.backend.scenario, call.backend.profile.name)


@blueprint.get("/allocations")
@admin_operation("adminListAllocations")
def list_allocations(call: Call) -> dict[str, Any]:
    return wire.allocation_states_json(call.backend.allocation_states())


@blueprint.put("/scenario")
@admin_operation("adminSwitchScenario")
def switch_scenario(call: Call) -> dict[str, Any]:
    backend = call.backend
    try:
        if isinstance(call.body, bytes):  # a YAML upload
            summary = backend.load_scenario(call.body.decode("utf-8", errors="replace"))
        elif ("name" in call.body) == ("scenario" in call.body):
            raise bad_request("Send either 'name' or 'scenario'", details="name, scenario")
        elif "scenario" in call.body:
            summary = backend.load_scenario(dict(call.body["scenario"]))
        else:
            summary = _load_named(call, call.body["name"])
    except ScenarioError as exc:
        raise _invalid(exc) from None
    return wire.scenario_summary_json(summary)


def _invalid(exc: ScenarioError) -> ApiError:
    problems = [str(p) for p in exc.problems]
    return ApiError(
        400,
        "mock.scenario.invalid",
        "The scenario is invalid and was not loaded (the current one stays): "
        + "; ".join(problems[:5]),
        "\n".join(problems),
    )


def _load_named(call: Call, name: str) -> Any:
    # Names only (the spec's pattern has no slashes): no file outside the scenario folders.
    try:
        path = find_named_scenario(name, call.backend.settings.scenario_dirs)
    except ScenarioError as exc:
        raise not_found(
            f"No scenario named {name!r}; {exc.problems[0].message}",
            code="mock.scenario.not.found",
        ) from None
    return call.backend.load_scenario(path)


@blueprint.get("/requests")
@admin_operation("adminListRequests")
def list_requests(call: Call) -> dict[str, Any]:
    args = request.args
    entries = call.backend.requests(
        method=args.get("method"),
        path=args.get("path"),
        status=args.get("status", type=int),
        task=args.get("task", type=int),
        since=args.get("since", type=float),
        limit=args.get("limit", type=int),
    )
    journal = call.backend.journal
    return wire.journal_json(entries, journal.capacity, journal.dropped)


@blueprint.post("/requests/count")
@admin_operation("adminCountRequests")
def count_requests(call: Call) -> dict[str, Any]:
    body = call.body
    pattern = RequestPattern(
        operation=body.get("operation"),
        task=body.get("task"),
        method=body.get("method"),
        path=body.get("path"),
        status=body.get("status"),
        inputs=body.get("inputs") or {},
        headers=body.get("headers") or {},
    )
    return wire.count_result_json(call.backend.count_requests(pattern))


@blueprint.delete("/requests")
@admin_operation("adminClearRequests")
def clear_requests(call: Call) -> Response:
    call.backend.clear_requests()
    return no_content()


@blueprint.get("/clock")
@admin_operation("adminGetClock")
def get_clock(call: Call) -> dict[str, Any]:
    return wire.clock_json(call.backend.clock_status())


@blueprint.post("/clock")
@admin_operation("adminChangeClock")
def change_clock(call: Call) -> dict[str, Any]:
    body = call.body
    status = call.backend.change_clock(
        advance=body.get("advance"),
        set=body.get("set"),
        freeze=bool(body.get("freeze")),
        resume=bool(body.get("resume")),
    )
    return wire.clock_json(status)


@blueprint.get("/faults")
@admin_operation("adminListFaults")
def list_faults(call: Call) -> dict[str, Any]:
    return {"faults": [wire.fault_json(f) for f in call.backend.faults()]}


@blueprint.post("/faults")
@admin_operation("adminInjectFault")
def inject_fault(call: Call) -> tuple[dict[str, Any], int]:
    body = call.body
    fault = call.backend.inject_fault(
        operation=body.get("operation"),
        task=body.get("task"),
        status=body.get("status"),
        code=body.get("code"),
        message=body.get("message"),
        delay_ms=body.get("delayMs"),
        count=body.get("count"),
    )
    return wire.fault_json(fault), 201


@blueprint.delete("/faults")
@admin_operation("adminClearFaults")
def clear_faults(call: Call) -> Response:
    call.backend.clear_faults()
    return no_content()


@blueprint.get("/deployments")
@admin_operation("adminListDeployments")
def list_deployments(call: Call) -> dict[str, Any]:
    return ondemand_wire.deployments_json(call.backend.ondemand.deployments())


@blueprint.post("/deployments/<deploymentId>/state")
@admin_operation("adminDriveDeployment")
def drive_deployment(call: Call) -> dict[str, Any]:
    deployment, runs = call.backend.ondemand.drive(
        str(call.path_args["deploymentId"]), Status(call.body["status"]), call.body.get("message")
    )
    return ondemand_wire.deployment_json(deployment, runs)


@blueprint.get("/tokens")
@admin_operation("adminListTokens")
def list_tokens(call: Call) -> dict[str, Any]:
    return {"tokens": [wire.token_json(r) for r in call.backend.token_records()]}


@blueprint.delete("/tokens")
@admin_operation("adminRevokeAllTokens")
def revoke_all_tokens(call: Call) -> dict[str, int]:
    return {"revoked": call.backend.revoke_tokens()}


@blueprint.delete("/tokens/<tokenId>")
@admin_operation("adminRevokeToken")
def revoke_token(call: Call) -> dict[str, int]:
    token_id = str(call.path_args["tokenId"])
    return {"revoked": int(call.backend.revoke_token(int(token_id)))}
