"""The JSON shapes of the discovery endpoints (repository, bot interface, devices, pools, run-as
users), built from the core's domain objects as AA's swaggers write them."""

from collections.abc import Callable
from typing import Any, TypeVar

from mockserver.core.discovery.devices import PICKED_AT_RUN_TIME, DeviceEntry, RunAsUserEntry
from mockserver.core.discovery.repository import BOT_TYPES, BotInterface, InterfaceVariable
from mockserver.core.discovery.repository_index import RepositoryItem
from mockserver.core.listing import ListPage
from mockserver.core.scenarios.tenant import PUBLIC, DevicePool
from mockserver.core.values import to_wire

T = TypeVar("T")

# AA's pool snapshot: the status of the devices in the pool, from the pool's own status.
_DETAILED_STATUS = {
    "CONNECTED": "ALL_CONNECTED",
    "DISCONNECTED": "ALL_DISCONNECTED",
    "OFFLINE": "OFFLINE",
}


def list_json(page: ListPage[T], item_json: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    """`{page, list}`: AA's answer to a list request."""
    return {
        "page": {"offset": page.offset, "total": page.total, "totalFilter": page.total_filter},
        "list": [item_json(item) for item in page.items],
    }


def repository_item_json(item: RepositoryItem) -> dict[str, Any]:
    """AA's File object; ids, parent ids and sizes are numeric strings, as in the swagger."""
    data: dict[str, Any] = {
        "id": str(item.id),
        "parentId": str(item.parent_id),
        "name": item.name,
        "path": item.path,
        "type": item.type,
        "folder": item.is_folder,
        "description": item.description,
        "size": str(item.size),
        "lastModified": item.last_modified,
        "workspaceType": item.workspace,
        "hasErrors": False,
        "locked": False,
    }
    if item.workspace == PUBLIC:
        data["workspaceId"] = "0"  # "A workspaceId of 0 indicates the PUBLIC workspace"
    if item.type in BOT_TYPES:
        data["botStatus"] = "PUBLIC" if item.workspace == PUBLIC else "NEW"
    return data


def interface_json(interface: BotInterface) -> dict[str, Any]:
    return {"variables": [_variable_json(v) for v in interface.variables]}


def _variable_json(variable: InterfaceVariable) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": variable.name,
        "description": variable.description,
        "type": variable.type,
        "input": variable.input,
        "output": variable.output,
    }
    if variable.default is not None:
        data["defaultValue"] = to_wire(variable.default)
    return data


def run_as_user_json(entry: RunAsUserEntry) -> dict[str, Any]:
    device = entry.device
    return {
        "id": entry.user.id,
        "username": entry.user.username,
        "device": device.host_name if device else PICKED_AT_RUN_TIME,
        "deviceId": device.id if device else -1,
    }


def device_json(entry: DeviceEntry) -> dict[str, Any]:
    device, users = entry.device, entry.default_users
    return {
        "id": str(device.id),
        "type": device.type,
        "hostName": device.host_name,
        "nickname": device.nickname,
        "status": device.status,
        "botAgentVersion": device.bot_agent_version,
        "userId": str(users[0].id) if users else None,
        "userName": users[0].username if users else None,
        "defaultUsers": [{"id": str(u.id), "username": u.username} for u in users],
    }


def pool_json(pool: DevicePool) -> dict[str, Any]:
    return {
        "id": pool.id,
        "name": pool.name,
        "status": pool.status,
        "detailedStatus": _DETAILED_STATUS.get(pool.status, "POOL_DEVICES_STATUS_UNKNOWN"),
        "automationCount": 0,
        "ownerIds": [],
        "deviceCount": len(pool.device_ids),
        "deviceIds": [str(i) for i in pool.device_ids],
        "poolType": pool.pool_type,
    }
