"""The device service: run-as users, Bot Runner devices and device pools with AA's filter, sort
and page, and the run-as user checks allocations and deployments need."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from mockserver.core.errors import bad_request
from mockserver.core.filters import Row
from mockserver.core.listing import ListPage, read_list_request
from mockserver.core.scenarios.model import Scenario
from mockserver.core.scenarios.tenant import (
    APITASKRUNNER,
    APITASKRUNNER_ID,
    Device,
    DevicePool,
    RunAsUser,
)

# The fields AA's filter and sort may name on each list (the docs' filterable parameters and the
# swaggers' response fields).
RUN_AS_USER_FIELDS: dict[str, type] = {
    "id": int,
    "username": str,
    "deviceId": int,
    "device": str,
}
DEVICE_FIELDS: dict[str, type] = {
    "id": int,
    "hostName": str,
    "userId": int,
    "status": str,
    "type": str,
    "nickname": str,
    "botAgentVersion": str,
}
POOL_FIELDS: dict[str, type] = {
    "id": int,
    "name": str,
    "status": str,
    "poolType": str,
    "deviceCount": int,
}
# AA's run-as user list: "Default device name ... Else the device is 'Picked at run time'".
PICKED_AT_RUN_TIME = "Picked at run time"

T = TypeVar("T")


@dataclass(frozen=True)
class RunAsUserEntry:
    user: RunAsUser
    device: Device | None


@dataclass(frozen=True)
class DeviceEntry:
    device: Device
    default_users: tuple[RunAsUser, ...]  # the run-as users whose default device it is


def apitaskrunner_id(scenario: Scenario) -> int:
    """The id of the scenario's default run-as user of API Tasks (apitaskrunner)."""
    found = next((u for u in scenario.run_as_users if u.username == APITASKRUNNER), None)
    return APITASKRUNNER_ID if found is None else found.id


class DeviceService:
    """Reads the scenario in force through `scenario` (a reload or a switch shows at once)."""

    def __init__(self, scenario: Callable[[], Scenario], *, length_cap: int | None):
        self._scenario = scenario
        self._length_cap = length_cap

    def run_as_users(self, request: Any) -> ListPage[RunAsUserEntry]:
        """POST /v1/devices/runasusers/list."""
        scenario = self._scenario()
        devices = {d.id: d for d in scenario.devices}
        entries = []
        for user in scenario.run_as_users:
            device = devices.get(user.device_id) if user.device_id is not None else None
            row: Row = {
                "id": user.id,
                "username": user.username,
                "deviceId": device.id if device else -1,
                "device": device.host_name if device else PICKED_AT_RUN_TIME,
            }
            entries.append((row, RunAsUserEntry(user, device)))
        return self._page(entries, request, RUN_AS_USER_FIELDS)

    def devices(self, request: Any) -> ListPage[DeviceEntry]:
        """POST /v2/devices/list."""
        scenario = self._scenario()
        entries = []
        for device in scenario.devices:
            users = tuple(u for u in scenario.run_as_users if u.device_id == device.id)
            row: Row = {
                "id": device.id,
                "hostName": device.host_name,
                "userId": users[0].id if users else None,
                "status": device.status,
                "type": device.type,
                "nickname": device.nickname,
                "botAgentVersion": device.bot_agent_version,
            }
            entries.append((row, DeviceEntry(device, users)))
        return self._page(entries, request, DEVICE_FIELDS)

    def pools(self, request: Any) -> ListPage[DevicePool]:
        """POST /v2/devices/pools/list."""
        entries = []
        for pool in self._scenario().pools:
            row: Row = {
                "id": pool.id,
                "name": pool.name,
                "status": pool.status,
                "poolType": pool.pool_type,
                "deviceCount": len(pool.device_ids),
            }
            entries.append((row, pool))
        return self._page(entries, request, POOL_FIELDS)

    def apitaskrunner_id(self) -> int:
        """The id of the default run-as user of API Tasks."""
        return apitaskrunner_id(self._scenario())

    def check_run_as_user(self, user_id: int, where: str = "runAsUserOrNone") -> RunAsUser:
        """The run-as user with this id, or a 400 naming `where`."""
        scenario = self._scenario()
        found = next((u for u in scenario.run_as_users if u.id == user_id), None)
        if found is None:
            known = ", ".join(f"{u.id} ({u.username})" for u in scenario.run_as_users)
            raise bad_request(
                f"{where}: {user_id} is not a run-as user of this Control Room; known: {known}",
                details=where,
                code="runasuser.not.found",
            )
        return found

    def _page(
        self, entries: list[tuple[Row, T]], request: Any, fields: dict[str, type]
    ) -> ListPage[T]:
        return read_list_request(request, fields, length_cap=self._length_cap).page(entries)
