"""What a scenario's tenant holds besides users and API Tasks: other repository files and folders,
run-as users, Bot Runner devices and device pools (immutable, built by the loader)."""

from dataclasses import dataclass

# Content types of the repository (AA's swagger: `type`, "the content type, also known as MIME
# type"). An API Task's own type is inferred: no AA page names it.
API_TASK_TYPE = "application/vnd.aa.headlessbot"
TASKBOT_TYPE = "application/vnd.aa.taskbot"
FOLDER_TYPE = "application/vnd.aa.directory"

PUBLIC = "PUBLIC"
PRIVATE = "PRIVATE"

# "A default run-as-user (apitaskrunner) is automatically assigned to each API Tasks added to the
# API Task allocations table" (cloud-device-management.html). Its id is the mock's choice: 12, the
# run-as user the bundled scenarios' allocations already name.
APITASKRUNNER = "apitaskrunner"
APITASKRUNNER_ID = 12


@dataclass(frozen=True)
class RepositoryFile:
    """A file or folder a scenario adds to the repository (API Tasks come from `tasks`)."""

    id: int
    path: str
    type: str
    workspace: str  # PUBLIC or PRIVATE
    owner: str | None  # the username whose private workspace holds it
    description: str = ""
    size: int | None = None  # bytes; None: drawn from the seed
    last_modified: str | None = None  # ISO 8601; None: drawn from the seed

    @property
    def is_folder(self) -> bool:
        return self.type == FOLDER_TYPE


@dataclass(frozen=True)
class RunAsUser:
    id: int
    username: str
    device_id: int | None  # the user's default device; None: picked at run time


@dataclass(frozen=True)
class Device:
    id: int
    host_name: str
    nickname: str
    type: str
    status: str
    bot_agent_version: str


@dataclass(frozen=True)
class DevicePool:
    id: int
    name: str
    status: str
    pool_type: str
    device_ids: tuple[int, ...]
