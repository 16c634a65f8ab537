"""The JSON shapes of on-demand API Tasks (deploy answers, activity items, an execution, the
admin's deployments), built from the core's objects in one place, in AA's swagger field names."""

from typing import Any

from mockserver.core.ondemand import ActivityPage, Deployment, ExecutionView, ManageResult
from mockserver.core.ondemand.activity import (
    ACTIVITY_TYPE,
    AUTOMATION_ID,
    INITIATION_TYPE,
    LEGACY_TYPE,
    iso,
)
from mockserver.core.values import to_wire

# The device headless runs take (AA: "one of the On-Demand Bot Runner devices").
DEVICE_NAME = "On-Demand Bot Runner"


def deploy_v4_json(deployment: Deployment) -> dict[str, Any]:
    return {"deploymentId": deployment.id}


def deploy_v3_json(deployment: Deployment) -> dict[str, Any]:
    return {"deploymentId": deployment.id, "automationName": deployment.automation_name}


def execution_json(
    item: ExecutionView, tenant_uuid: str, *, with_outputs: bool = True
) -> dict[str, Any]:
    """One execution in the swagger's `Execution` shape; `botOutVariables` holds the outputs
    once the run completed (empty before)."""
    run = item.execution
    data: dict[str, Any] = {
        "id": run.id,
        "automationName": run.automation_name,
        "fileName": run.file_name,
        "type": LEGACY_TYPE,
        "startDateTime": iso(run.created_at),
    }
    if item.ended_at is not None:
        data["endDateTime"] = iso(item.ended_at)
    data.update(
        {
            "status": item.status.value,
            "progress": item.progress,
            "automationId": AUTOMATION_ID,
            "fileId": str(run.file_id),
            "modifiedBy": run.created_by,
            "createdBy": run.created_by,
            "modifiedOn": iso(item.modified_at),
            "createdOn": iso(run.created_at),
            "deploymentId": run.deployment_id,
            "canManage": not item.status.ended,
            "deviceName": DEVICE_NAME,
            "userName": run.run_as_name,
            "tenantUuid": tenant_uuid,
            "automationPriority": run.priority,
            "initiationType": INITIATION_TYPE,
            "activityType": ACTIVITY_TYPE,
        }
    )
    if run.run_as_id is not None:
        data["userId"] = run.run_as_id
    if item.message:
        data["message"] = item.message
    if with_outputs:
        data["botOutVariables"] = {
            "values": {name: to_wire(value) for name, value in item.outputs.items()}
        }
    return data


def activity_page_json(
    page: ActivityPage, tenant_uuid: str, *, with_outputs: bool
) -> dict[str, Any]:
    return {
        "page": {"offset": page.offset, "total": page.total, "totalFilter": page.total_filter},
        "list": [execution_json(i, tenant_uuid, with_outputs=with_outputs) for i in page.items],
    }


def manage_json(result: ManageResult) -> dict[str, Any]:
    return {
        "requests_sent_to_device": list(result.acted),
        "manage_action_errors": [
            {"execution_id": execution_id, "error_response": reason}
            for execution_id, reason in result.errors
        ],
    }


# -- test control (/__admin/deployments)


def deployment_json(deployment: Deployment, views: list[ExecutionView]) -> dict[str, Any]:
    """A deployment and its runs for the admin API and the dashboard; of the callback only the
    URL and the header names (their values may be credentials)."""
    callback = deployment.callback
    return {
        "deploymentId": deployment.id,
        "automationName": deployment.automation_name,
        "fileId": deployment.file_id,
        "api": deployment.api_version,
        "createdAt": deployment.created_at,
        "createdBy": deployment.created_by,
        "callback": None
        if callback is None
        else {"url": callback.url, "headers": sorted(callback.headers)},
        "executions": [_run_json(item, callback is not None) for item in views],
    }


def _run_json(item: ExecutionView, has_callback: bool) -> dict[str, Any]:
    run = item.execution
    state = run.callback_state or ("pending" if has_callback else None)
    return {
        "id": run.id,
        "status": item.status.value,
        "progress": item.progress,
        "runAsUserId": run.run_as_id,
        "runAsUserName": run.run_as_name,
        "createdAt": run.created_at,
        "endedAt": item.ended_at,
        "message": item.message,
        "outputs": {name: to_wire(value) for name, value in item.outputs.items()},
        "callback": None
        if state is None
        else {
            "state": state,
            "attempts": run.callback_attempts,
            "detail": run.callback_detail,
        },
    }


def deployments_json(entries: list[tuple[Deployment, list[ExecutionView]]]) -> dict[str, Any]:
    return {"deployments": [deployment_json(d, views) for d, views in entries]}
