"""Builds a scenario's tenant blocks (repository files, run-as users, devices, pools) from a
schema-valid document, checks how they refer to each other, and fills in what a scenario leaves
out: apitaskrunner, one connected on-demand device and one on-demand pool."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockserver.core.errors import quoted
from mockserver.core.scenarios.model import ApiTask
from mockserver.core.scenarios.tenant import (
    APITASKRUNNER,
    APITASKRUNNER_ID,
    FOLDER_TYPE,
    PRIVATE,
    PUBLIC,
    TASKBOT_TYPE,
    Device,
    DevicePool,
    RepositoryFile,
    RunAsUser,
)

Report = Callable[[list[Any], str], None]

DEFAULT_DEVICE = Device(
    id=1,
    host_name="apitask-ondemand-01",
    nickname="API Task on-demand runner",
    type="BOT_RUNNER",
    status="CONNECTED",
    bot_agent_version="22.100.10",
)
DEFAULT_POOL_NAME = "API Task On-Demand"


@dataclass(frozen=True)
class TenantParts:
    repository: tuple[RepositoryFile, ...]
    run_as_users: tuple[RunAsUser, ...]
    devices: tuple[Device, ...]
    pools: tuple[DevicePool, ...]


def split_path(path: str) -> list[str]:
    """A repository path's parts; a slash counts as a backslash (the seed spec writes paths with
    slashes)."""
    return [part for part in path.replace("/", "\\").split("\\") if part]


def build_tenant(
    doc: Mapping[str, Any], tasks: Sequence[ApiTask], usernames: Iterable[str], report: Report
) -> TenantParts:
    """The tenant blocks of `doc`; each problem goes to `report(location, message)`."""
    files = _files(doc.get("repository", {}).get("files", []), tasks, set(usernames), report)
    devices = tuple(_device(raw) for raw in doc.get("devices", [])) or (DEFAULT_DEVICE,)
    _unique([d.id for d in devices], "devices", "id", report)
    device_ids = {d.id for d in devices}
    run_as_users = _run_as_users(doc, tasks, devices, report)
    pools = tuple(_pool(raw) for raw in doc.get("pools", [])) or (
        DevicePool(1, DEFAULT_POOL_NAME, "CONNECTED", "BASIC", tuple(sorted(device_ids))),
    )
    _unique([p.id for p in pools], "pools", "id", report)
    for i, pool in enumerate(doc.get("pools", [])):
        for j, device in enumerate(pool.get("devices", [])):
            if device not in device_ids:
                report(["pools", i, "devices", j], f"device {device} is not one of the devices")
    return TenantParts(files, run_as_users, devices, pools)


def _unique(values: Sequence[Any], section: str, key: str, report: Report) -> None:
    seen: dict[Any, int] = {}
    for i, value in enumerate(values):
        if value in seen:
            report(
                [section, i, key],
                f"duplicate {key} {quoted(value)} (also {section}[{seen[value]}])",
            )
        seen.setdefault(value, i)


def _files(
    raw_files: list[dict[str, Any]], tasks: Sequence[ApiTask], users: set[str], report: Report
) -> tuple[RepositoryFile, ...]:
    at = ["repository", "files"]
    task_ids = {t.file_id for t in tasks}
    taken_paths = {_key(t.path): f"the API Task tasks[{i}]" for i, t in enumerate(tasks)}
    seen_ids: dict[int, int] = {}
    files = []
    for i, raw in enumerate(raw_files):
        here = [*at, i]
        file_id = raw["id"]
        if file_id in task_ids:
            report([*here, "id"], f"id {file_id} is already an API Task's fileId")
        elif file_id in seen_ids:
            report([*here, "id"], f"duplicate id {file_id} (also {_where(at, seen_ids[file_id])})")
        seen_ids.setdefault(file_id, i)
        key = _key(raw["path"])
        if key in taken_paths:
            report([*here, "path"], f"path {quoted(raw['path'])} is also {taken_paths[key]}")
        taken_paths.setdefault(key, _where(at, i))
        files.append(_file(raw, here, users, report))
    _check_folders(files, tasks, at, report)
    return tuple(files)


def _where(at: list[Any], index: int) -> str:
    return f"{'.'.join(at)}[{index}]"


def _key(path: str) -> str:
    return "\\".join(split_path(path)).lower()


def _file(raw: dict[str, Any], here: list[Any], users: set[str], report: Report) -> RepositoryFile:
    workspace = PRIVATE if raw.get("workspace") == "private" else PUBLIC
    owner = raw.get("owner")
    if workspace == PRIVATE and owner is None:
        report([*here, "workspace"], "a private file needs an owner (a username of users)")
    if owner is not None and workspace == PUBLIC:
        report([*here, "owner"], "'owner' only goes with workspace: private")
    if owner is not None and owner not in users:
        report([*here, "owner"], f"owner {owner!r} is not a username of users")
    stamp = raw.get("lastModified")
    if stamp is not None:
        try:
            datetime.fromisoformat(stamp)
        except ValueError:
            report([*here, "lastModified"], f"{stamp!r} is not an ISO 8601 date and time")
    return RepositoryFile(
        id=raw["id"],
        path=raw["path"],
        type=raw.get("type", TASKBOT_TYPE),
        workspace=workspace,
        owner=owner,
        description=raw.get("description", ""),
        size=raw.get("size"),
        last_modified=stamp,
    )


def _check_folders(
    files: Sequence[RepositoryFile], tasks: Sequence[ApiTask], at: list[Any], report: Report
) -> None:
    """A file that is not a folder cannot hold another entry."""
    parents = {
        _key("\\".join(split_path(path)[:n]))
        for path in [*(f.path for f in files), *(t.path for t in tasks)]
        for n in range(1, len(split_path(path)))
    }
    for i, file in enumerate(files):
        if not file.is_folder and _key(file.path) in parents:
            report(
                [*at, i, "type"],
                f"{quoted(file.path)} holds other files, so it must be a folder ({FOLDER_TYPE})",
            )


def _device(raw: dict[str, Any]) -> Device:
    return Device(
        id=raw["id"],
        host_name=raw["hostName"],
        nickname=raw.get("nickname", ""),
        type=raw.get("type", DEFAULT_DEVICE.type),
        status=raw.get("status", "CONNECTED"),
        bot_agent_version=raw.get("botAgentVersion", DEFAULT_DEVICE.bot_agent_version),
    )


def _pool(raw: dict[str, Any]) -> DevicePool:
    return DevicePool(
        id=raw["id"],
        name=raw["name"],
        status=raw.get("status", "CONNECTED"),
        pool_type=raw.get("poolType", "BASIC"),
        device_ids=tuple(raw.get("devices", [])),
    )


def _run_as_users(
    doc: Mapping[str, Any], tasks: Sequence[ApiTask], devices: Sequence[Device], report: Report
) -> tuple[RunAsUser, ...]:
    device_ids = {d.id for d in devices}
    referenced = sorted(
        {t.allocation.run_as_user for t in tasks if t.allocation and t.allocation.run_as_user}
    )
    if "runAsUsers" not in doc:
        # No block: apitaskrunner on the default device, and a user for each id an allocation
        # names, so the tenant is coherent without the scenario having to say more.
        default_device = devices[0].id if "devices" not in doc else None
        users = [RunAsUser(APITASKRUNNER_ID, APITASKRUNNER, default_device)]
        users += [RunAsUser(i, f"runasuser{i}", None) for i in referenced if i != APITASKRUNNER_ID]
        return tuple(users)
    raw_users = doc["runAsUsers"]
    _unique([u["id"] for u in raw_users], "runAsUsers", "id", report)
    _unique([u["username"] for u in raw_users], "runAsUsers", "username", report)
    users = []
    for i, raw in enumerate(raw_users):
        device = raw.get("device")
        if device is not None and device not in device_ids:
            report(["runAsUsers", i, "device"], f"device {device} is not one of the devices")
        users.append(RunAsUser(raw["id"], raw["username"], device))
    declared = {u.id for u in users}
    for i, task in enumerate(tasks):
        run_as = task.allocation.run_as_user if task.allocation else None
        if run_as is not None and run_as not in declared:
            report(
                ["tasks", i, "allocation", "runAsUserOrNone"],
                f"run-as user {run_as} is not one of runAsUsers "
                f"({', '.join(str(u.id) for u in users) or 'none'})",
            )
    if all(u.username != APITASKRUNNER for u in users):
        free = APITASKRUNNER_ID
        while free in declared:
            free += 1
        users.append(RunAsUser(free, APITASKRUNNER, None))
    return tuple(users)
