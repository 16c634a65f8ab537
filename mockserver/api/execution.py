"""HTTP adapter for the execution URLs that accessdetails hands out."""

from typing import Any

from flask import Blueprint, g, request

from mockserver import engine
from mockserver.api.guard import current_state, current_token, emulates
from mockserver.errors import ApiError, bad_request, unauthorized
from mockserver.spec import EXTENSIONS_SPEC
from mockserver.tokens import TokenKind

blueprint = Blueprint("execution", __name__)

# The swagger's text for a hotbot that is not there (reference 5.1).
NOT_CONFIGURED = (
    "The hotbot service is not configured. Was the allocation created correctly? "
    "Check for 'API Task Warmup completed' event in audit log."
)


def resolve_hotbot() -> None:
    """Answer 404 before anything else when no allocated API Task lives at this URL."""
    args = request.view_args or {}
    state = current_state()
    found = state.allocated_task(args["fileId"])
    if found is None or args["tenantUuid"] != state.scenario.tenant_uuid:
        raise ApiError(404, "hotbot.not.configured", NOT_CONFIGURED)
    g.hotbot = found
    g.task_file_id = found[0].file_id


@blueprint.post("/hotbot-<int:fileId>-knative-<tenantUuid>/execute")
@emulates(EXTENSIONS_SPEC, "executeApiTask", auth=TokenKind.EXECUTION, precheck=resolve_hotbot)
def execute(fileId: int, tenantUuid: str) -> dict[str, Any]:
    task, allocation = g.hotbot
    if current_token().bot_id != task.file_id:
        raise unauthorized("The execution token was issued for another API Task")
    for name, expected in task.headers.items():
        given = request.headers.get(name)
        if given is None:
            raise bad_request(
                f"Header '{name}' from the access details is missing",
                details=name,
                code="hotbot.header.missing",
            )
        if given != expected:
            raise bad_request(
                f"Header '{name}' does not match the access details",
                details=name,
                code="hotbot.header.mismatch",
            )
    body = request.get_json(force=True)
    bot_input = body.get("botInput") or {}
    outputs = engine.execute(
        task, allocation.concurrency_limit, bot_input, current_state().engine_context
    )
    return {"hotBotResult": {"botOutput": outputs}}
