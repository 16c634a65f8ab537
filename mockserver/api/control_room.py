"""HTTP adapter for the Control Room endpoints: authentication and the hotbot configuration."""

from typing import Any

from flask import Blueprint, Response, request

from mockserver import controlroom
from mockserver.api.guard import (
    current_state,
    current_token,
    current_user,
    emulates,
    execution_token,
)
from mockserver.scenarios.model import GRANT_ACCESS_DETAILS, GRANT_MANAGE_ALLOCATIONS
from mockserver.spec import EXTENSIONS_SPEC, SEED_SPEC

blueprint = Blueprint("control_room", __name__)


def _json_body() -> dict[str, Any]:
    body: dict[str, Any] = request.get_json(force=True)
    return body


@blueprint.post("/v2/authentication")
@emulates(EXTENSIONS_SPEC, "authenticateV2", auth=None)
def authenticate_v2() -> dict[str, Any]:
    return controlroom.login(current_state(), _json_body())


@blueprint.post("/v1/authentication")
@emulates(EXTENSIONS_SPEC, "authenticateV1", auth=None)
def authenticate_v1() -> dict[str, Any]:
    return controlroom.login(current_state(), _json_body())


@blueprint.post("/v2/authentication/token")
@emulates(EXTENSIONS_SPEC, "refreshTokenV2")
def refresh_v2() -> dict[str, Any]:
    return controlroom.refresh(current_state(), current_token())


@blueprint.post("/v1/authentication/token")
@emulates(EXTENSIONS_SPEC, "refreshTokenV1")
def refresh_v1() -> dict[str, Any]:
    return controlroom.legacy_refresh(current_state(), _json_body()["token"])


@blueprint.get("/v1/authentication/token")
@emulates(EXTENSIONS_SPEC, "validateToken", auth=None)
def validate_token() -> dict[str, bool]:
    token = request.args.get("token") or execution_token(request.headers)
    return controlroom.validate(current_state(), token)


@blueprint.post("/v1/authentication/logout")
@emulates(EXTENSIONS_SPEC, "logout")
def logout() -> Response:
    controlroom.logout(current_state(), current_token())
    return Response(status=204)


@blueprint.post("/orchestrator/v1/hotbot/config")
@emulates(SEED_SPEC, "listApiTaskAllocations", grant=GRANT_MANAGE_ALLOCATIONS)
def list_allocations() -> dict[str, Any]:
    page = _json_body().get("page") or {}
    # JSON Schema's "integer" also admits 5.0: read page values as ints.
    return controlroom.list_allocations(
        current_state(), int(page.get("offset", 0)), int(page.get("length", 100))
    )


@blueprint.put("/orchestrator/v1/hotbot/config/create")
@emulates(EXTENSIONS_SPEC, "createApiTaskAllocation", grant=GRANT_MANAGE_ALLOCATIONS)
def create_allocation() -> dict[str, Any]:
    return controlroom.create_allocation(current_state(), _json_body())


@blueprint.post("/orchestrator/v1/hotbot/config/accessdetails")
@emulates(SEED_SPEC, "generateApiTaskAccessDetails", grant=GRANT_ACCESS_DETAILS)
def access_details() -> dict[str, Any]:
    state = current_state()
    base_url = state.settings.public_url or request.host_url
    return controlroom.access_details(
        state, current_user(), _json_body()["botRepositoryPath"], base_url
    )
