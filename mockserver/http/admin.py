"""Views of the admin API under /__admin: the HTTP face of the test-control interface."""

from typing import Any

from flask import Blueprint, Response, request

from mockserver.core.control import ScenarioSummary
from mockserver.core.errors import ApiError, bad_request, not_found
from mockserver.core.ondemand import Status
from mockserver.core.scenarios import ScenarioError
from mockserver.core.scenarios.resolver import find_named_scenario
from mockserver.core.verification import RequestPattern
from mockserver.http import ondemand_wire, wire
from mockserver.http.emulated import AdminCall, admin_operation, no_content

blueprint = Blueprint("admin", __name__, url_prefix="/__admin")


@blueprint.get("/health")
@admin_operation("adminHealth")
def health(call: AdminCall) -> dict[str, Any]:
    return wire.health_json(call.control.health())


@blueprint.post("/reset")
@admin_operation("adminReset")
def reset(call: AdminCall) -> dict[str, Any]:
    if request.args.get("reload", "false").lower() == "true":
        try:
            return wire.scenario_summary_json(call.control.reload())
        except ScenarioError as exc:
            raise _invalid(exc) from None
    return wire.scenario_summary_json(call.control.reset())


@blueprint.get("/scenarios")
@admin_operation("adminListScenarios")
def list_scenarios(call: AdminCall) -> dict[str, Any]:
    current = call.control.scenario().name
    return wire.scenario_list_json(current, call.control.scenarios())


@blueprint.get("/scenario")
@admin_operation("adminGetScenario")
def get_scenario(call: AdminCall) -> dict[str, Any]:
    profile = call.control.control_room.profile.name
    return wire.scenario_in_force_json(call.control.scenario(), profile)


@blueprint.get("/allocations")
@admin_operation("adminListAllocations")
def list_allocations(call: AdminCall) -> dict[str, Any]:
    return wire.allocation_states_json(call.control.allocation_states())


@blueprint.put("/scenario")
@admin_operation("adminSwitchScenario")
def switch_scenario(call: AdminCall) -> dict[str, Any]:
    control = call.control
    try:
        if isinstance(call.body, bytes):  # a YAML upload
            summary = control.load_scenario(call.body.decode("utf-8", errors="replace"))
        elif ("name" in call.body) == ("scenario" in call.body):
            raise bad_request("Send either 'name' or 'scenario'", details="name, scenario")
        elif "scenario" in call.body:
            summary = control.load_scenario(dict(call.body["scenario"]))
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


def _load_named(call: AdminCall, name: str) -> ScenarioSummary:
    # Names only (the spec's pattern has no slashes): no file outside the scenario folders.
    try:
        path = find_named_scenario(name, call.control.control_room.settings.scenario_dirs)
    except ScenarioError as exc:
        raise not_found(
            f"No scenario named {name!r}; {exc.problems[0].message}",
            code="mock.scenario.not.found",
        ) from None
    return call.control.load_scenario(path)


# The journal's query arguments that are not strings (the spec has checked they parse).
_QUERY_TYPES: dict[str, type] = {"task": int, "status": int, "since": float, "limit": int}


def _journal(call: AdminCall, pattern: RequestPattern) -> dict[str, Any]:
    entries = call.control.requests(pattern)
    stats = call.control.journal_stats()
    return wire.journal_json(entries, stats.capacity, stats.dropped)


@blueprint.get("/requests")
@admin_operation("adminListRequests")
def list_requests(call: AdminCall) -> dict[str, Any]:
    args = request.args
    query = {name: args.get(name, type=_QUERY_TYPES.get(name, str)) for name in args}
    return _journal(call, wire.request_pattern_from_json(query))


@blueprint.post("/requests/find")
@admin_operation("adminFindRequests")
def find_requests(call: AdminCall) -> dict[str, Any]:
    return _journal(call, wire.request_pattern_from_json(call.body))


@blueprint.post("/requests/count")
@admin_operation("adminCountRequests")
def count_requests(call: AdminCall) -> dict[str, Any]:
    pattern = wire.request_pattern_from_json(call.body)
    return wire.count_result_json(call.control.count_requests(pattern))


@blueprint.delete("/requests")
@admin_operation("adminClearRequests")
def clear_requests(call: AdminCall) -> Response:
    call.control.clear_requests()
    return no_content()


@blueprint.get("/clock")
@admin_operation("adminGetClock")
def get_clock(call: AdminCall) -> dict[str, Any]:
    return wire.clock_json(call.control.clock_status())


@blueprint.post("/clock")
@admin_operation("adminChangeClock")
def change_clock(call: AdminCall) -> dict[str, Any]:
    body = call.body
    status = call.control.change_clock(
        advance=body.get("advance"),
        set=body.get("set"),
        freeze=bool(body.get("freeze")),
        resume=bool(body.get("resume")),
    )
    return wire.clock_json(status)


@blueprint.get("/faults")
@admin_operation("adminListFaults")
def list_faults(call: AdminCall) -> dict[str, Any]:
    return {"faults": [wire.fault_json(f) for f in call.control.faults()]}


@blueprint.post("/faults")
@admin_operation("adminInjectFault")
def inject_fault(call: AdminCall) -> tuple[dict[str, Any], int]:
    fault = call.control.inject_fault(wire.fault_spec_from_json(call.body))
    return wire.fault_json(fault), 201


@blueprint.delete("/faults")
@admin_operation("adminClearFaults")
def clear_faults(call: AdminCall) -> Response:
    call.control.clear_faults()
    return no_content()


@blueprint.get("/deployments")
@admin_operation("adminListDeployments")
def list_deployments(call: AdminCall) -> dict[str, Any]:
    return ondemand_wire.deployments_json(call.control.deployments())


@blueprint.post("/deployments/<deploymentId>/state")
@admin_operation("adminDriveDeployment")
def drive_deployment(call: AdminCall) -> dict[str, Any]:
    deployment, runs = call.control.drive_deployment(
        str(call.path_args["deploymentId"]), Status(call.body["status"]), call.body.get("message")
    )
    return ondemand_wire.deployment_json(deployment, runs)


@blueprint.get("/tokens")
@admin_operation("adminListTokens")
def list_tokens(call: AdminCall) -> dict[str, Any]:
    return {"tokens": [wire.token_json(r) for r in call.control.token_records()]}


@blueprint.delete("/tokens")
@admin_operation("adminRevokeAllTokens")
def revoke_all_tokens(call: AdminCall) -> dict[str, int]:
    return {"revoked": call.control.revoke_tokens()}


@blueprint.delete("/tokens/<tokenId>")
@admin_operation("adminRevokeToken")
def revoke_token(call: AdminCall) -> dict[str, int]:
    token_id = str(call.path_args["tokenId"])
    return {"revoked": int(call.control.revoke_token(int(token_id)))}
