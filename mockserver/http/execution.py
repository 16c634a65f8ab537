"""View of the execution URLs that access details hand out."""

from typing import Any

from flask import Blueprint, request

from mockserver.core.tokens import TokenKind
from mockserver.http import wire
from mockserver.http.emulated import Call, emulates

blueprint = Blueprint("execution", __name__)


@blueprint.post("/hotbot-<int:fileId>-knative-<tenantUuid>/execute")
@emulates("executeApiTask", auth=TokenKind.EXECUTION, hotbot=True)
def execute(call: Call) -> dict[str, Any]:
    assert call.hotbot is not None and call.caller is not None
    bot_input = (call.body or {}).get("botInput") or {}
    outputs = call.control_room.execution.execute(
        call.hotbot, call.caller, request.headers, bot_input
    )
    return wire.execution_result_json(outputs)
