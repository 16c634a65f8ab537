"""Views of the device endpoints: run-as users, Bot Runner devices and device pools."""

from typing import Any

from flask import Blueprint

from mockserver.core.scenarios.model import GRANT_VIEW_DEVICES
from mockserver.http import discovery_wire as wire
from mockserver.http.emulated import Call, emulates

blueprint = Blueprint("devices", __name__)


@blueprint.post("/v1/devices/runasusers/list")
@emulates("listRunAsUsers", grant=GRANT_VIEW_DEVICES)
def list_run_as_users(call: Call) -> dict[str, Any]:
    return wire.list_json(call.control_room.devices.run_as_users(call.body), wire.run_as_user_json)


@blueprint.post("/v2/devices/list")
@emulates("listDevices", grant=GRANT_VIEW_DEVICES)
def list_devices(call: Call) -> dict[str, Any]:
    return wire.list_json(call.control_room.devices.devices(call.body), wire.device_json)


@blueprint.post("/v2/devices/pools/list")
@emulates("listDevicePools", grant=GRANT_VIEW_DEVICES)
def list_pools(call: Call) -> dict[str, Any]:
    return wire.list_json(call.control_room.devices.pools(call.body), wire.pool_json)
