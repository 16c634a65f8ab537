"""Views of the repository endpoints and the bot interface: how clients find an API Task and its
inputs before they run it."""

from typing import Any

from flask import Blueprint

from mockserver.core.scenarios.model import GRANT_VIEW_BOT_INTERFACE, GRANT_VIEW_REPOSITORY
from mockserver.http import discovery_wire as wire
from mockserver.http.emulated import Call, emulates

blueprint = Blueprint("repository", __name__)


@blueprint.post("/v2/repository/workspaces/<workspaceType>/files/list")
@emulates("listWorkspaceFiles", grant=GRANT_VIEW_REPOSITORY)
def list_workspace_files(call: Call) -> dict[str, Any]:
    workspace = str(call.path_args["workspaceType"])
    page = call.control_room.repository.list_workspace(call.user, workspace, call.body)
    return wire.list_json(page, wire.repository_item_json)


@blueprint.post("/v2/repository/folders/<folderId>/list")
@emulates("listFolderFiles", grant=GRANT_VIEW_REPOSITORY)
def list_folder_files(call: Call) -> dict[str, Any]:
    folder_id = int(call.path_args["folderId"])  # checked against the spec: an integer
    page = call.control_room.repository.list_folder(call.user, folder_id, call.body)
    return wire.list_json(page, wire.repository_item_json)


@blueprint.get("/v2/repository/files/<fileId>")
@emulates("getRepositoryFile", grant=GRANT_VIEW_REPOSITORY)
def get_file(call: Call) -> dict[str, Any]:
    item = call.control_room.repository.file(call.user, int(call.path_args["fileId"]))
    return wire.repository_item_json(item)


@blueprint.get("/v1/filecontent/<fileId>/interface")
@emulates("getBotInterface", grant=GRANT_VIEW_BOT_INTERFACE)
def get_interface(call: Call) -> dict[str, Any]:
    interface = call.control_room.repository.interface(call.user, int(call.path_args["fileId"]))
    return wire.interface_json(interface)
