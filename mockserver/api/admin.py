"""HTTP adapter for the admin API under /__admin (test control, not part of the Control Room)."""

import json
from typing import Any

from flask import Blueprint, Response, request

from mockserver import admin
from mockserver.api.guard import current_state, emulates
from mockserver.errors import ApiError, bad_request, not_found
from mockserver.scenarios import ScenarioError, load_scenario_text
from mockserver.scenarios.catalog import catalog, find_scenario_file
from mockserver.scenarios.loader import load_scenario
from mockserver.scenarios.model import Scenario
from mockserver.spec import ADMIN_SPEC

blueprint = Blueprint("admin", __name__, url_prefix="/__admin")


def _summary(scenario: Scenario) -> dict[str, Any]:
    return {"scenario": scenario.name, "tasks": len(scenario.tasks)}


@blueprint.get("/health")
@emulates(ADMIN_SPEC, "adminHealth", auth=None)
def health() -> dict[str, Any]:
    return admin.health(current_state())


@blueprint.post("/reset")
@emulates(ADMIN_SPEC, "adminReset", auth=None)
def reset() -> dict[str, Any]:
    state = current_state()
    state.reset()
    return _summary(state.scenario)


@blueprint.get("/scenarios")
@emulates(ADMIN_SPEC, "adminListScenarios", auth=None)
def list_scenarios() -> dict[str, Any]:
    state = current_state()
    entries = catalog(state.settings.scenario_dirs)
    return {
        "current": state.scenario.name,
        "scenarios": [{"name": e.name, "description": e.description} for e in entries],
    }


@blueprint.put("/scenario")
@emulates(ADMIN_SPEC, "adminSwitchScenario", auth=None)
def switch_scenario() -> dict[str, Any]:
    state = current_state()
    try:
        scenario = _scenario_from_request(state.settings.scenario_dirs)
    except ScenarioError as exc:
        problems = [str(p) for p in exc.problems]
        raise ApiError(
            400,
            "mock.scenario.invalid",
            "The scenario is invalid and was not loaded (the current one stays): "
            + "; ".join(problems[:5]),
            "\n".join(problems),
        ) from None
    state.load(scenario)
    return _summary(scenario)


def _scenario_from_request(dirs: tuple[Any, ...]) -> Scenario:
    if request.mimetype in ("application/yaml", "text/yaml"):
        text = request.get_data().decode("utf-8", errors="replace")
        return load_scenario_text(text, "<uploaded>")
    body = request.get_json(force=True)
    if ("name" in body) == ("scenario" in body):
        raise bad_request("Send either 'name' or 'scenario'", details="name, scenario")
    if "scenario" in body:
        return load_scenario_text(json.dumps(body["scenario"], indent=1), "<uploaded>")
    try:
        # Names only (the spec's pattern has no slashes): no file outside the scenario folders.
        return load_scenario(find_scenario_file(body["name"], dirs))
    except ScenarioError as exc:
        if exc.problems[0].message.startswith("unknown scenario"):
            raise not_found(
                f"No scenario named {body['name']!r}; {exc.problems[0].message}",
                code="mock.scenario.not.found",
            ) from None
        raise


@blueprint.get("/requests")
@emulates(ADMIN_SPEC, "adminListRequests", auth=None)
def list_requests() -> dict[str, Any]:
    journal = current_state().journal
    args = request.args
    entries = admin.filter_journal(
        journal.entries(),
        method=args.get("method"),
        path=args.get("path"),
        status=args.get("status", type=int),
        task=args.get("task", type=int),
        since=args.get("since", type=float),
        limit=args.get("limit", type=int),
    )
    return {
        "capacity": journal.capacity,
        "dropped": journal.dropped,
        "requests": [e.to_json() for e in entries],
    }


@blueprint.delete("/requests")
@emulates(ADMIN_SPEC, "adminClearRequests", auth=None)
def clear_requests() -> Response:
    current_state().journal.clear()
    return Response(status=204)


@blueprint.get("/clock")
@emulates(ADMIN_SPEC, "adminGetClock", auth=None)
def get_clock() -> dict[str, Any]:
    return admin.clock_json(current_state())


@blueprint.post("/clock")
@emulates(ADMIN_SPEC, "adminChangeClock", auth=None)
def change_clock() -> dict[str, Any]:
    return admin.change_clock(current_state(), request.get_json(force=True))


@blueprint.get("/faults")
@emulates(ADMIN_SPEC, "adminListFaults", auth=None)
def list_faults() -> dict[str, Any]:
    return {"faults": [admin.fault_json(f) for f in current_state().faults.list()]}


@blueprint.post("/faults")
@emulates(ADMIN_SPEC, "adminInjectFault", auth=None)
def inject_fault() -> tuple[dict[str, Any], int]:
    fault = current_state().faults.add(admin.parse_fault(request.get_json(force=True)))
    return admin.fault_json(fault), 201


@blueprint.delete("/faults")
@emulates(ADMIN_SPEC, "adminClearFaults", auth=None)
def clear_faults() -> Response:
    current_state().faults.clear()
    return Response(status=204)


@blueprint.get("/tokens")
@emulates(ADMIN_SPEC, "adminListTokens", auth=None)
def list_tokens() -> dict[str, Any]:
    return {"tokens": [admin.token_json(r) for r in current_state().tokens.records()]}


@blueprint.delete("/tokens")
@emulates(ADMIN_SPEC, "adminRevokeAllTokens", auth=None)
def revoke_all_tokens() -> dict[str, int]:
    return {"revoked": current_state().tokens.revoke_where("revoked through the admin API")}


@blueprint.delete("/tokens/<int:tokenId>")
@emulates(ADMIN_SPEC, "adminRevokeToken", auth=None)
def revoke_token(tokenId: int) -> dict[str, int]:
    tokens = current_state().tokens
    if not any(r.token_id == tokenId for r in tokens.records()):
        raise not_found(f"No token with id {tokenId}", code="mock.token.not.found")
    return {"revoked": int(tokens.revoke(tokenId, "revoked through the admin API"))}
