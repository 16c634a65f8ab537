"""The activity list: runs as rows for AA's filter and sort language, then the page."""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from mockserver.core.filters import Instant, Row, compile_filter, compile_sort, sort_rows
from mockserver.core.ondemand.model import ActivityPage, ExecutionView

# The fields a filter or sort may name, and how they compare (AA: "filter by automationId,
# deviceId, status or deploymentId"; the rest are fields of the swagger's Execution). Times
# compare as times: clients send ISO 8601 strings or epoch milliseconds.
ACTIVITY_FIELDS: dict[str, type] = {
    "id": str,
    "deploymentId": str,
    "automationName": str,
    "automationId": str,
    "fileId": int,
    "fileName": str,
    "status": str,
    "progress": int,
    "userId": int,
    "userName": str,
    "createdBy": int,
    "startDateTime": Instant,
    "endDateTime": Instant,
    "createdOn": Instant,
    "modifiedOn": Instant,
    "activityType": str,
    "initiationType": str,
    "automationPriority": str,
    "type": str,
}
ACTIVITY_TYPE = "API_TASK"
INITIATION_TYPE = "API"
# The older `type` field (deprecated in the swagger): "API - An automation that is run from an API".
LEGACY_TYPE = "API"
AUTOMATION_ID = "0"  # the swagger's example for a deployment that no schedule started


def iso(epoch: float) -> str:
    """A time as the activity API writes it: UTC with microseconds and a Z."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row(item: ExecutionView) -> Row:
    run = item.execution
    return {
        "id": run.id,
        "deploymentId": run.deployment_id,
        "automationName": run.automation_name,
        "automationId": AUTOMATION_ID,
        "fileId": run.file_id,
        "fileName": run.file_name,
        "status": item.status.value,
        "progress": item.progress,
        "userId": None if run.run_as_id is None else int(run.run_as_id),
        "userName": run.run_as_name,
        "createdBy": int(run.created_by),
        "startDateTime": run.created_at,
        "endDateTime": item.ended_at,
        "createdOn": run.created_at,
        "modifiedOn": item.modified_at,
        "activityType": ACTIVITY_TYPE,
        "initiationType": INITIATION_TYPE,
        "automationPriority": run.priority,
        "type": LEGACY_TYPE,
    }


def no_filter(raw: Any) -> bool:
    """AA: "Use the empty filter or no filter to retrieve all": null, {}, an operator NONE,
    or and/or over no operands (a published client sends that) all keep everything."""
    if raw is None or raw == {}:
        return True
    if not isinstance(raw, Mapping):
        return False
    operator = raw.get("operator")
    operands = raw.get("operands")
    if operator == "NONE":
        return True
    return operator in ("and", "or") and isinstance(operands, list) and not operands


def deployment_named(raw: Any) -> str | None:
    """The deploymentId a filter requires (`eq`, alone or as an operand of `and`), if any."""
    if not isinstance(raw, Mapping):
        return None
    if raw.get("operator") == "and" and isinstance(raw.get("operands"), list):
        return next(filter(None, map(deployment_named, raw["operands"])), None)
    if raw.get("operator") == "eq" and raw.get("field") == "deploymentId":
        value = raw.get("value")
        return value if isinstance(value, str) else None
    return None


def activity_page(
    views: Sequence[ExecutionView],
    filter_doc: Any,
    sort_doc: Any,
    offset: int,
    length: int,
    *,
    total: int | None = None,
) -> ActivityPage:
    """Filter, sort (newest first unless `sort` says otherwise), then the page. `total` counts
    every run (`views` may be a part of them that holds every match), `total_filter` what the
    filter kept."""
    matches = compile_filter(None if no_filter(filter_doc) else filter_doc, ACTIVITY_FIELDS)
    order = compile_sort(sort_doc, ACTIVITY_FIELDS)
    by_id = {item.execution.id: item for item in views}
    rows = [r for r in (row(item) for item in reversed(views)) if matches(r)]
    kept = sort_rows(rows, order, ACTIVITY_FIELDS) if order else rows
    items = [by_id[str(r["id"])] for r in kept[offset : offset + length]]
    return ActivityPage(items, offset, len(views) if total is None else total, len(kept))
