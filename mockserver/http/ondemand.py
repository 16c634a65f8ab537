"""Views of on-demand API Tasks: deploy (v4 and v3), the activity list (v3 and v2), one
execution, and stopping runs."""

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, request

from mockserver.core.errors import bad_request
from mockserver.core.ondemand import Callback, DeployRequest
from mockserver.core.scenarios.model import GRANT_DEPLOY
from mockserver.http import ondemand_wire as wire
from mockserver.http.emulated import TASK_KEY, Call, emulates

blueprint = Blueprint("ondemand", __name__)

DEFAULT_PAGE_LENGTH = 100
DEFAULT_PRIORITY = "PRIORITY_MEDIUM"


@blueprint.post("/v4/automations/deploy")
@emulates("deployAutomationV4", grant=GRANT_DEPLOY)
def deploy_v4(call: Call) -> dict[str, Any]:
    body = call.body
    file_id = int(body["botId"])
    request.environ[TASK_KEY] = file_id
    headless, unattended = body.get("headlessRequest"), body.get("unattendedRequest")
    if body.get("attendedRequest") is not None:
        raise bad_request(
            "attendedRequest: API Tasks are deployed headless (headlessRequest) or unattended "
            "(unattendedRequest); attended deployments are not emulated",
            details="attendedRequest",
        )
    if (headless is None) == (unattended is None):
        raise bad_request(
            "Send exactly one of headlessRequest and unattendedRequest",
            details="headlessRequest, unattendedRequest",
        )
    queue = True
    if headless is not None:
        count = int(headless.get("numberOfExecutions") or 1)
        shared = headless.get("sharedRunAsUserId")
        run_as: list[str | None] = [None if shared is None else str(int(shared))] * count
        fields = ["headlessRequest.sharedRunAsUserId"] * count
        queue = headless.get("queueOnSlotsExhaustion") is not False
    else:
        picked = _run_as_users(
            unattended["runAsUserIds"],
            unattended.get("numOfRunAsUsersToUse"),
            "unattendedRequest.",
        )
        run_as, fields = [user for user, _ in picked], [where for _, where in picked]
    deployment = call.control_room.ondemand.deploy(
        call.user,
        DeployRequest(
            file_id=file_id,
            run_as=tuple(run_as),
            bot_input=body.get("botInput") or {},
            automation_name=body.get("automationName") or None,
            priority=body.get("automationPriority") or DEFAULT_PRIORITY,
            callback=_callback(body.get("callbackInfo")),
            queue_on_slots_exhaustion=queue,
            api_version="v4",
        ),
        fields,
    )
    return wire.deploy_v4_json(deployment)


@blueprint.post("/v3/automations/deploy")
@emulates("deployAutomationV3", grant=GRANT_DEPLOY)
def deploy_v3(call: Call) -> dict[str, Any]:
    body = call.body
    file_id = int(body["fileId"])
    request.environ[TASK_KEY] = file_id
    picked = _run_as_users(body["runAsUserIds"], body.get("numOfRunAsUsersToUse"), "")
    deployment = call.control_room.ondemand.deploy(
        call.user,
        DeployRequest(
            file_id=file_id,
            run_as=tuple(user for user, _ in picked),
            bot_input=body.get("botInput") or {},
            automation_name=body.get("automationName") or None,
            priority=body.get("automationPriority") or DEFAULT_PRIORITY,
            callback=_callback(body.get("callbackInfo")),
            # "If the device is not available or the user is not available then the
            # deployment is queued" (the v3 deploy swagger).
            queue_on_slots_exhaustion=True,
            api_version="v3",
        ),
        [where for _, where in picked],
    )
    return wire.deploy_v3_json(deployment)


@blueprint.post("/v3/activity/list")
@emulates("listActivityV3", grant=GRANT_DEPLOY)
def list_activity_v3(call: Call) -> dict[str, Any]:
    return _list(call, with_outputs=False)


@blueprint.post("/v2/activity/list")
@emulates("listActivityV2", grant=GRANT_DEPLOY)
def list_activity_v2(call: Call) -> dict[str, Any]:
    # Clients written against the older list read `botOutVariables` from its items.
    return _list(call, with_outputs=True)


@blueprint.get("/v3/activity/execution/<id>")
@emulates("getActivityExecution", grant=GRANT_DEPLOY)
def get_execution(call: Call) -> dict[str, Any]:
    item = call.control_room.ondemand.execution(str(call.path_args["id"]))
    request.environ[TASK_KEY] = item.execution.file_id
    return wire.execution_json(item, call.control_room.scenario().tenant_uuid)


@blueprint.post("/v3/activity/manage")
@emulates("manageActivity", grant=GRANT_DEPLOY)
def manage(call: Call) -> dict[str, Any]:
    body = call.body
    for action in ("stop", "pause", "resume"):
        chosen = body.get(f"{action}_executions")
        if chosen is not None:
            ids = [str(i) for i in chosen["execution_ids"]]
            return wire.manage_json(call.control_room.ondemand.manage(call.user, action, ids))
    raise bad_request(  # unreachable after validation (the schema's oneOf)
        "Send one of stop_executions, pause_executions, resume_executions",
        details="stop_executions",
    )


def _list(call: Call, *, with_outputs: bool) -> dict[str, Any]:
    body = call.body
    page = body.get("page") or {}
    offset = int(page.get("offset") or 0)
    length = int(page.get("length") or 0) or DEFAULT_PAGE_LENGTH
    found = call.control_room.ondemand.activity(
        body.get("filter"), body.get("sort"), offset, length
    )
    tenant = call.control_room.scenario().tenant_uuid
    return wire.activity_page_json(found, tenant, with_outputs=with_outputs)


def _run_as_users(ids: Sequence[Any], count: Any, root: str) -> list[tuple[str, str]]:
    """The run-as users a v3 or unattended deploy names, each with where it was sent; the first
    `numOfRunAsUsersToUse` of them when that is above 0 (the swagger)."""
    if not ids:
        raise bad_request(
            f"{root}runAsUserIds must name at least one run-as user",
            details=f"{root}runAsUserIds",
        )
    if count:
        if int(count) > len(ids):
            raise bad_request(
                f"{root}numOfRunAsUsersToUse is {count}, more than the {len(ids)} run-as "
                "user(s) given",
                details=f"{root}numOfRunAsUsersToUse",
            )
        ids = ids[: int(count)]
    return [(str(int(user)), f"{root}runAsUserIds[{i}]") for i, user in enumerate(ids)]


def _callback(raw: Mapping[str, Any] | None) -> Callback | None:
    if raw is None:
        return None
    url = str(raw["url"]).strip()
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        _ = parts.port  # raises on a port that is no number or out of range
    except ValueError:
        valid = False
    if not valid:
        raise bad_request(
            f"callbackInfo.url must be an http or https URL, got {url[:100]!r}",
            details="callbackInfo.url",
        )
    return Callback(url, dict(raw.get("headers") or {}))
