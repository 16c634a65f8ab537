"""Views of the Control Room endpoints: authentication and the hotbot configuration."""

from typing import Any

from flask import Blueprint, Response, request

from mockserver.core.errors import missing_token
from mockserver.core.listing import DEFAULT_PAGE_LENGTH
from mockserver.core.results import Session
from mockserver.core.scenarios.model import GRANT_ACCESS_DETAILS, GRANT_MANAGE_ALLOCATIONS
from mockserver.core.tokens import TokenKind
from mockserver.http import host, wire
from mockserver.http.emulated import (
    USER_KEY,
    Call,
    control_room_token,
    emulates,
    execution_token,
    no_content,
)

blueprint = Blueprint("control_room", __name__)


def _session(call: Call) -> Session:
    body = call.body
    request.environ[USER_KEY] = body["username"]
    return call.control_room.auth.login(
        body["username"],
        password=body.get("password"),
        api_key=body.get("apiKey"),
        multiple_login=body.get("multipleLogin"),
    )


def _login(call: Call) -> dict[str, Any]:
    return wire.session_json(_session(call))


@blueprint.post("/v2/authentication")
@emulates("authenticateV2", auth=None)
def authenticate_v2(call: Call) -> dict[str, Any]:
    return _login(call)


@blueprint.post("/v1/authentication")
@emulates("authenticateV1", auth=None, legacy_v1=True)
def authenticate_v1(call: Call) -> dict[str, Any]:
    if not call.control_room.profile.v1_user_fields:
        return _login(call)
    return wire.v1_session_json(_session(call))


@blueprint.post("/v2/authentication/token")
@emulates("refreshTokenV2")
def refresh_v2(call: Call) -> dict[str, Any]:
    assert call.caller is not None
    return wire.session_json(call.control_room.auth.refresh(call.caller.record))


@blueprint.post("/v1/authentication/token")
@emulates("refreshTokenV1", auth=None, legacy_v1=True)
def refresh_v1(call: Call) -> dict[str, Any]:
    # The body's token is the credential; a header token, when sent, must be live too.
    bearer = call.control_room.profile.bearer_takes_control_room_token
    header_token = control_room_token(request.headers, bearer=bearer)
    if header_token is not None:
        call.control_room.auth.authenticate(header_token, TokenKind.CONTROL_ROOM)
    return {"token": call.control_room.auth.legacy_refresh(call.body["token"])}


@blueprint.get("/v1/authentication/token")
@emulates("validateToken", auth=None)
def validate_token(call: Call) -> dict[str, bool]:
    header = execution_token(request.headers)
    if call.control_room.profile.validate_needs_header:
        # The query form is deprecated "in favour of the X-Authorization header" (v.33 on).
        if header is None:
            raise missing_token()
        return {"valid": call.control_room.auth.validate(header)}
    return {"valid": call.control_room.auth.validate(request.args.get("token") or header)}


@blueprint.post("/v1/authentication/logout")
@emulates("logout")
def logout(call: Call) -> Response:
    assert call.caller is not None
    call.control_room.auth.logout(call.caller.record)
    return no_content()


@blueprint.post("/orchestrator/v1/hotbot/config")
@emulates("listApiTaskAllocations", grant=GRANT_MANAGE_ALLOCATIONS)
def list_allocations(call: Call) -> dict[str, Any]:
    page = call.body.get("page") or {}
    # JSON Schema's "integer" also admits 5.0: read page values as ints. A null or 0 length is
    # the default page (the docs' skeleton); the seed spec refuses both before this point.
    offset = int(page.get("offset") or 0)
    length = int(page.get("length") or DEFAULT_PAGE_LENGTH)
    allocations = call.control_room.allocations.list_allocations(
        offset, length, call.body.get("filter"), call.body.get("sort")
    )
    return wire.allocation_page_json(allocations, call.control_room.profile.ids_as_strings)


@blueprint.put("/orchestrator/v1/hotbot/config/create")
@emulates("createApiTaskAllocation", grant=GRANT_MANAGE_ALLOCATIONS)
def create_allocation(call: Call) -> dict[str, Any]:
    body = call.body
    run_as = body.get("runAsUserOrNone")
    allocation = call.control_room.allocations.create_allocation(
        int(body["fileId"]),
        None if run_as is None else int(run_as),
        int(body.get("concurrencyLimit", 1)),
    )
    ids_as_strings = call.control_room.profile.ids_as_strings
    return wire.created_allocation_json(body, allocation, ids_as_strings)


@blueprint.post("/orchestrator/v1/hotbot/config/accessdetails")
@emulates("generateApiTaskAccessDetails", grant=GRANT_ACCESS_DETAILS)
def access_details(call: Call) -> dict[str, Any]:
    # script_root is `/ns/<name>` in a namespace: its execution URLs stay inside it.
    base_url = call.control_room.settings.public_url or host.base_url(request)
    base_url = base_url.rstrip("/") + request.script_root
    details = call.control_room.execution.access_details(
        call.user, call.body["botRepositoryPath"], base_url
    )
    return wire.access_details_json(details)
