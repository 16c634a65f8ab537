"""What the emulated Control Room's operations return: domain objects the HTTP layer turns into
wire shapes (http/wire.py)."""

from dataclasses import dataclass
from typing import NamedTuple, Protocol

from mockserver.core.scenarios.model import Allocation, ApiTask, User
from mockserver.core.tokens import TokenRecord


@dataclass(frozen=True)
class Session:
    """A login or refresh: the user, the new token and what the response reports."""

    user: User
    token: str
    tenant_uuid: str
    ttl_seconds: int  # 0 on a login (as the swagger shows), the lifetime on a refresh


@dataclass(frozen=True)
class Caller:
    """Who sent a request, from its verified token (`user` is None for an execution token)."""

    record: TokenRecord
    user: User | None


class AllocatedTask(NamedTuple):
    """An API Task with its allocation. A pair, not a dataclass: a page of the list builds a
    hundred of them, and a frozen dataclass costs about 1 µs each to make."""

    task: ApiTask
    allocation: Allocation


@dataclass(frozen=True)
class AllocationState:
    task: ApiTask
    allocation: Allocation
    in_flight: int
    peak: int
    rejected: int


@dataclass(frozen=True)
class AllocationPage:
    items: list[AllocatedTask]
    offset: int
    total: int
    total_filter: int


@dataclass(frozen=True)
class ExecutionAccess:
    url: str
    headers: dict[str, str]


@dataclass(frozen=True)
class AccessDetails:
    granted: dict[str, ExecutionAccess]  # in request order
    errors: dict[str, str]


class HeaderLookup(Protocol):
    """What execute reads of the request headers (case-insensitive in the HTTP layer)."""

    def get(self, name: str) -> str | None: ...


def execution_path(file_id: int, tenant_uuid: str) -> str:
    """Shaped like the execution host name in AA's access-details docs example."""
    return f"/hotbot-{file_id}-knative-{tenant_uuid}/execute"
