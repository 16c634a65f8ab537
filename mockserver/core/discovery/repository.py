"""The repository service: workspace and folder lists with AA's filter, sort and page, one file's
details, and a bot's interface (its input and output variables)."""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mockserver.core.discovery.repository_index import RepositoryIndex, RepositoryItem
from mockserver.core.errors import not_found
from mockserver.core.filters import Row
from mockserver.core.listing import ListPage, read_list_request
from mockserver.core.scenarios.model import ApiTask, Scenario, User
from mockserver.core.scenarios.tenant import API_TASK_TYPE, PRIVATE, PUBLIC, TASKBOT_TYPE
from mockserver.core.values import PyValue

# The fields AA's filter and sort may name on a repository list (the swagger's File object).
REPOSITORY_FIELDS: dict[str, type] = {
    "id": int,
    "parentId": int,
    "name": str,
    "path": str,
    "type": str,
    "folder": bool,
    "size": int,
    "lastModified": str,
    "workspaceType": str,
    "description": str,
}
BOT_TYPES = frozenset({API_TASK_TYPE, TASKBOT_TYPE})


@dataclass(frozen=True)
class InterfaceVariable:
    name: str
    type: str
    input: bool
    output: bool
    description: str
    default: PyValue | None


@dataclass(frozen=True)
class BotInterface:
    file_id: int
    variables: tuple[InterfaceVariable, ...]


class RepositoryService:
    """Reads the scenario in force through `scenario` (a reload or a switch shows at once)."""

    def __init__(self, scenario: Callable[[], Scenario], *, seed: int, length_cap: int | None):
        self._scenario = scenario
        self._seed = seed
        self._length_cap = length_cap
        self._built: tuple[Scenario, RepositoryIndex] | None = None
        self._lock = threading.Lock()

    def index(self) -> RepositoryIndex:
        """The repository of the scenario in force, built once per scenario."""
        scenario = self._scenario()
        built = self._built
        if built is None or built[0] is not scenario:
            with self._lock:
                built = self._built
                if built is None or built[0] is not scenario:
                    built = self._built = (scenario, RepositoryIndex(scenario, self._seed))
        return built[1]

    def list_workspace(self, user: User, workspace: str, request: Any) -> ListPage[RepositoryItem]:
        """POST /v2/repository/workspaces/{public|private}/files/list: every file and folder of
        the workspace, at any depth; a private workspace holds the caller's own files only."""
        wanted = PRIVATE if workspace.lower() == "private" else PUBLIC
        items = [
            item for item in self.index().items if item.workspace == wanted and _visible(item, user)
        ]
        return self._page(items, request)

    def list_folder(self, user: User, folder_id: int, request: Any) -> ListPage[RepositoryItem]:
        """POST /v2/repository/folders/{id}/list: the folder's own files and sub-folders."""
        folder = self.index().get(folder_id)
        if folder is None or not folder.is_folder or not _visible(folder, user):
            raise not_found(
                f"No folder with id {folder_id} in the repository", code="repository.not.found"
            )
        children = [item for item in self.index().children(folder_id) if _visible(item, user)]
        return self._page(children, request)

    def file(self, user: User, file_id: int) -> RepositoryItem:
        """GET /v2/repository/files/{id}: a file's (or a folder's) details."""
        item = self.index().get(file_id)
        if item is None or not _visible(item, user):
            raise not_found(
                f"No file or folder with id {file_id} in the repository",
                code="repository.not.found",
            )
        return item

    def interface(self, user: User, file_id: int) -> BotInterface:
        """GET /v1/filecontent/{id}/interface: an API Task's declared inputs and outputs (a
        bot the scenario only lists has none)."""
        item = self.file(user, file_id)
        if item.type not in BOT_TYPES:
            raise not_found(
                f"File {file_id} is not a bot ({item.type}), so it has no interface",
                code="repository.not.a.bot",
            )
        return BotInterface(file_id, () if item.task is None else tuple(_variables(item.task)))

    def _page(self, items: Iterable[RepositoryItem], request: Any) -> ListPage[RepositoryItem]:
        query = read_list_request(request, REPOSITORY_FIELDS, length_cap=self._length_cap)
        return query.page([(_row(item), item) for item in items])


def _visible(item: RepositoryItem, user: User) -> bool:
    return item.workspace == PUBLIC or item.owner == user.username


def _row(item: RepositoryItem) -> Row:
    return {
        "id": item.id,
        "parentId": item.parent_id,
        "name": item.name,
        "path": item.path,
        "type": item.type,
        "folder": item.is_folder,
        "size": item.size,
        "lastModified": item.last_modified,
        "workspaceType": item.workspace,
        "description": item.description,
    }


def _variables(task: ApiTask) -> list[InterfaceVariable]:
    """Inputs first, then outputs, in the order the scenario declares them; a name that is both
    is one variable marked input and output."""
    outputs = {o.name: o for o in task.outputs}
    variables = [
        InterfaceVariable(
            i.name,
            i.type,
            True,
            i.name in outputs,
            i.description or outputs.get(i.name, i).description,
            i.default,
        )
        for i in task.inputs
    ]
    inputs = {i.name for i in task.inputs}
    variables += [
        InterfaceVariable(o.name, o.type, False, True, o.description, None)
        for o in task.outputs
        if o.name not in inputs
    ]
    return variables
