"""The repository of a scenario as the Control Room lists it: the API Tasks and the scenario's
other files, and the folders on their paths (made up where the scenario does not declare them),
each with an id, its parent folder's id, a size and a date."""

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from random import Random

from mockserver.core.scenarios.model import ApiTask, Scenario
from mockserver.core.scenarios.tenant import API_TASK_TYPE, FOLDER_TYPE, PRIVATE, PUBLIC
from mockserver.core.scenarios.tenant_loader import split_path

ROOT_PARENT_ID = 0  # the parent of the top folder ("Automation Anywhere")
_FOLDER_IDS_FROM = 1_000_000  # made-up folder ids start here, away from the scenario's file ids
# Seeded sizes and dates: sizes of a small bot file, dates in the year before this day.
_SIZES = (1_024, 96_000)
_DATES_UNTIL = datetime(2025, 6, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RepositoryItem:
    """A file or folder of the repository."""

    id: int
    parent_id: int
    name: str
    path: str
    type: str
    size: int
    last_modified: str
    workspace: str  # PUBLIC or PRIVATE
    owner: str | None  # the username whose private workspace holds it
    description: str = ""
    task: ApiTask | None = None  # the API Task this file is, if it is one

    @property
    def is_folder(self) -> bool:
        return self.type == FOLDER_TYPE


class RepositoryIndex:
    """Every item of one scenario's repository, by id and by parent folder."""

    def __init__(self, scenario: Scenario, seed: int):
        self._seed = seed
        files = list(self._files(scenario))
        declared = {_key(item.path): item for item in files if item.is_folder}
        used = {item.id for item in files}
        folder_ids: dict[str, int] = {key: item.id for key, item in declared.items()}
        for key in sorted({p for item in files for p in _parent_keys(item.path)} - set(declared)):
            folder_ids[key] = _free_id(key, used)
            used.add(folder_ids[key])
        items = [self._with_parent(item, folder_ids) for item in files if not item.is_folder]
        items += [self._folder(key, folder_ids, files) for key in folder_ids]
        self.items = sorted(items, key=lambda item: item.id)
        self._by_id = {item.id: item for item in self.items}

    def get(self, item_id: int) -> RepositoryItem | None:
        return self._by_id.get(item_id)

    def children(self, folder_id: int) -> list[RepositoryItem]:
        return [item for item in self.items if item.parent_id == folder_id]

    def _files(self, scenario: Scenario) -> Iterator[RepositoryItem]:
        for task in scenario.tasks:
            size, date = self._seeded(task.file_id)
            yield RepositoryItem(
                task.file_id,
                ROOT_PARENT_ID,
                task.name,
                _display(task.path),
                API_TASK_TYPE,
                size,
                date,
                PUBLIC,
                None,
                task.description,
                task,
            )
        for file in scenario.repository:
            size, date = self._seeded(file.id)
            yield RepositoryItem(
                file.id,
                ROOT_PARENT_ID,
                split_path(file.path)[-1],
                _display(file.path),
                file.type,
                0 if file.is_folder else (size if file.size is None else file.size),
                file.last_modified or date,
                file.workspace,
                file.owner,
                file.description,
            )

    def _seeded(self, item_id: int) -> tuple[int, str]:
        """A size and a last-modified date that depend only on the seed and the id."""
        draw = Random(f"{self._seed}/{item_id}")
        size = draw.randint(*_SIZES)
        when = _DATES_UNTIL - timedelta(seconds=draw.randint(0, 365 * 86_400))
        return size, when.replace(microsecond=draw.randint(0, 999_999)).strftime(
            "%Y-%m-%dT%H:%M:%S.%fZ"
        )

    @staticmethod
    def _with_parent(item: RepositoryItem, folder_ids: dict[str, int]) -> RepositoryItem:
        parents = _parent_keys(item.path)
        return replace(item, parent_id=folder_ids[parents[-1]] if parents else ROOT_PARENT_ID)

    def _folder(
        self, key: str, folder_ids: dict[str, int], files: list[RepositoryItem]
    ) -> RepositoryItem:
        """A folder: declared or made up; private when everything below it is private."""
        declared = next((f for f in files if f.is_folder and _key(f.path) == key), None)
        below = [f for f in files if _key(f.path).startswith(key + "\\")]
        workspace = PRIVATE if below and all(f.workspace == PRIVATE for f in below) else PUBLIC
        owners = {f.owner for f in below if f.workspace == PRIVATE}
        path = declared.path if declared else _display_of(key, files)
        _, date = self._seeded(folder_ids[key])
        return self._with_parent(
            RepositoryItem(
                folder_ids[key],
                ROOT_PARENT_ID,
                split_path(path)[-1],
                path,
                FOLDER_TYPE,
                0,
                declared.last_modified if declared else date,
                declared.workspace if declared else workspace,
                declared.owner if declared else _only(owners) if workspace == PRIVATE else None,
                declared.description if declared else "",
            ),
            folder_ids,
        )


def _only(owners: set[str | None]) -> str | None:
    return next(iter(owners)) if len(owners) == 1 else None


def _display(path: str) -> str:
    """A path as the Control Room writes it: parts joined by backslashes."""
    return "\\".join(split_path(path))


def _key(path: str) -> str:
    return _display(path).lower()


def _parent_keys(path: str) -> list[str]:
    parts = split_path(path)
    return ["\\".join(parts[:n]).lower() for n in range(1, len(parts))]


def _display_of(key: str, files: list[RepositoryItem]) -> str:
    """A made-up folder's path, spelled as the first file below it spells it."""
    depth = len(key.split("\\"))
    for item in files:
        parts = split_path(item.path)
        if _key(item.path).startswith(key + "\\"):
            return "\\".join(parts[:depth])
    return key


def _free_id(key: str, used: set[int]) -> int:
    """A made-up folder's id: the same for the same path whatever else the scenario holds."""
    candidate = _FOLDER_IDS_FROM + zlib.crc32(key.encode()) % 1_000_000
    while candidate in used:
        candidate += 1
    return candidate
