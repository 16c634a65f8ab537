"""The captured tenant's other blocks: the public workspace's files and folders (besides the
allocated API Tasks, which become tasks), the run-as users, devices and device pools, kept only
where the scenario language can hold them and their references agree."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from mockserver.core.scenarios.tenant import FOLDER_TYPE
from mockserver.probe.plan import ProbeRun

# The values the scenario schema accepts for each enumerated field (others are left out, so
# the scenario's default is used).
DEVICE_TYPES = {"BOT_RUNNER", "BOT_CREATOR", "CLOUD"}
STATUSES = {"CONNECTED", "DISCONNECTED", "OFFLINE"}
POOL_TYPES = {"BASIC", "MAC_OS"}


def tenant_blocks(run: ProbeRun) -> dict[str, Any]:
    """`repository`, `runAsUsers`, `devices` and `pools`, each only when the target listed it."""
    blocks: dict[str, Any] = {}
    files = _files(run)
    if files:
        blocks["repository"] = {"files": files}
    devices = _unique_ids(_device(raw) for raw in run.devices)
    device_ids = {d["id"] for d in devices}
    if devices:
        blocks["devices"] = devices
    if run.run_as_users:
        blocks["runAsUsers"] = _run_as_users(run, device_ids)
    pools = _unique_ids(_pool(raw, device_ids) for raw in run.pools)
    if pools:
        blocks["pools"] = pools
    return blocks


def _unique_ids(entries: Iterable[dict[str, Any] | None]) -> list[dict[str, Any]]:
    kept: dict[int, dict[str, Any]] = {}
    for entry in entries:
        if entry is not None:
            kept.setdefault(entry["id"], entry)
    return list(kept.values())


def _number(raw: Any) -> int | None:
    text = str(raw)
    return int(text) if text.isdigit() and int(text) > 0 else None


def _files(run: ProbeRun) -> list[dict[str, Any]]:
    allocated = {_number(item.get("fileId")) for item in run.allocations}
    task_paths = {str(item.get("filePath", "")).lower() for item in run.allocations}
    files, seen = [], set()
    for raw in run.files:
        file_id, path = _number(raw.get("id")), str(raw.get("path") or "")
        if file_id is None or file_id in allocated or file_id in seen or not path:
            continue
        if path.lower() in task_paths:
            continue
        seen.add(file_id)
        task_paths.add(path.lower())  # one file per path
        folder = raw.get("folder") is True or raw.get("type") == FOLDER_TYPE
        entry: dict[str, Any] = {"id": file_id, "path": path}
        kind = str(raw.get("type") or "")
        if folder:
            entry["type"] = FOLDER_TYPE
        elif "/" in kind:
            entry["type"] = kind
        if raw.get("description"):
            entry["description"] = str(raw["description"])
        size = _number(raw.get("size"))
        if size is not None and not folder:
            entry["size"] = size
        stamp = raw.get("lastModified")
        if isinstance(stamp, str) and _is_timestamp(stamp):
            entry["lastModified"] = stamp
        files.append(entry)
    return files


def _is_timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _device(raw: dict[str, Any]) -> dict[str, Any] | None:
    device_id, host = _number(raw.get("id")), raw.get("hostName")
    if device_id is None or not isinstance(host, str) or not host:
        return None
    device: dict[str, Any] = {"id": device_id, "hostName": host}
    if raw.get("nickname"):
        device["nickname"] = str(raw["nickname"])
    if raw.get("type") in DEVICE_TYPES:
        device["type"] = raw["type"]
    if raw.get("status") in STATUSES:
        device["status"] = raw["status"]
    if raw.get("botAgentVersion"):
        device["botAgentVersion"] = str(raw["botAgentVersion"])
    return device


def _run_as_users(run: ProbeRun, device_ids: set[int]) -> list[dict[str, Any]]:
    users: list[dict[str, Any]] = []
    for raw in run.run_as_users:
        user_id, name = _number(raw.get("id")), raw.get("username")
        if user_id is None or not isinstance(name, str) or not name:
            continue
        if any(u["id"] == user_id or u["username"] == name for u in users):
            continue
        user: dict[str, Any] = {"id": user_id, "username": name}
        device = _number(raw.get("deviceId"))
        if device in device_ids:
            user["device"] = device
        users.append(user)
    # Every run-as user an allocation names must be one of them.
    known = {u["id"] for u in users}
    for item in run.allocations:
        run_as = _number(item.get("runAsUserOrNone"))
        if run_as is not None and run_as not in known:
            users.append({"id": run_as, "username": f"runasuser{run_as}"})
            known.add(run_as)
    return users


def _pool(raw: dict[str, Any], device_ids: set[int]) -> dict[str, Any] | None:
    pool_id, name = _number(raw.get("id")), raw.get("name")
    if pool_id is None or not isinstance(name, str) or not name:
        return None
    members = [_number(d) for d in raw.get("deviceIds") or []]
    pool: dict[str, Any] = {
        "id": pool_id,
        "name": name,
        "devices": sorted({d for d in members if d in device_ids}),
    }
    if raw.get("status") in STATUSES:
        pool["status"] = raw["status"]
    if raw.get("poolType") in POOL_TYPES:
        pool["poolType"] = raw["poolType"]
    return pool
