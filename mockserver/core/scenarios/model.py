"""Immutable objects a loaded scenario is made of; nothing outside the loader sees raw dicts."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Template

from mockserver.core.values import PyValue

GRANT_MANAGE_ALLOCATIONS = "manageAllocations"
GRANT_ACCESS_DETAILS = "accessDetails"
# Deploy API Tasks on demand and follow their runs on the activity list.
GRANT_DEPLOY = "deployApiTasks"


@dataclass(frozen=True)
class Permission:
    action: str
    resource_type: str


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    grants: frozenset[str]
    permissions: tuple[Permission, ...]


@dataclass(frozen=True)
class User:
    id: str
    username: str
    password: str | None = field(repr=False)
    api_key: str | None = field(repr=False)
    first_name: str
    last_name: str
    email: str
    domain: str | None
    roles: tuple[Role, ...]
    multiple_login_allowed: bool
    license_features: tuple[str, ...]
    disabled: bool

    def has_grant(self, grant: str) -> bool:
        return any(grant in role.grants for role in self.roles)


@dataclass(frozen=True)
class Allocation:
    run_as_user: int | None
    concurrency_limit: int


@dataclass(frozen=True)
class InputVariable:
    name: str
    type: str
    required: bool
    default: PyValue | None


@dataclass(frozen=True)
class StaticValue:
    value: PyValue


@dataclass(frozen=True, eq=False)
class TemplateValue:
    source: str
    template: Template


@dataclass(frozen=True)
class FakeValue:
    provider: str
    args: Mapping[str, Any]


Producer = StaticValue | TemplateValue | FakeValue


@dataclass(frozen=True)
class OutputVariable:
    name: str
    type: str
    producer: Producer | None


@dataclass(frozen=True)
class ErrorSpec:
    status: int
    code: str
    message: str
    details: str | None


@dataclass(frozen=True, eq=False)
class Condition:
    """All the tests on one input variable; every test that is set must hold."""

    variable: str
    equals: PyValue | None = None
    one_of: tuple[PyValue, ...] | None = None
    regex: re.Pattern[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    greater: float | None = None  # exclusive
    less: float | None = None  # exclusive
    present: bool | None = None


@dataclass(frozen=True)
class Outcome:
    """What a rule (or the default) decides: output producers to use, or an error."""

    outputs: Mapping[str, Producer]
    error: ErrorSpec | None


@dataclass(frozen=True)
class Rule:
    name: str
    conditions: tuple[Condition, ...]
    outcome: Outcome
    calls: frozenset[int] | None = None  # only on these calls of the task since the reset


@dataclass(frozen=True)
class Latency:
    min_ms: float
    max_ms: float


@dataclass(frozen=True)
class ErrorRateFault:
    rate: float
    error: ErrorSpec


@dataclass(frozen=True)
class FailFirstFault:
    count: int
    error: ErrorSpec


@dataclass(frozen=True)
class OnDemandBehaviour:
    """How an on-demand run of the task goes: seconds queued and running, then the outcome
    (completed: the rules decide, as in real time; failed, timedOut or deployFailed)."""

    queue_seconds: float = 0.1
    run_seconds: float = 0.5
    outcome: str = "completed"
    message: str | None = None


@dataclass(frozen=True)
class Licence:
    """The tenant's on-demand entitlement; None means no limit."""

    concurrent_on_demand: int | None = None
    execution_quota: int | None = None
    runtime_threshold_seconds: float | None = None


@dataclass(frozen=True)
class ApiTask:
    file_id: int
    path: str
    name: str
    description: str
    headers: Mapping[str, str]
    allocation: Allocation | None
    inputs: tuple[InputVariable, ...] = ()
    outputs: tuple[OutputVariable, ...] = ()
    rules: tuple[Rule, ...] = ()
    default: Outcome | None = None
    latency: Latency | None = None
    error_rate: ErrorRateFault | None = None
    fail_first: FailFirstFault | None = None
    sequence: tuple[Outcome, ...] = ()  # the outcome of call 1, 2, 3 ... since the reset
    on_demand: OnDemandBehaviour = OnDemandBehaviour()


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    tenant_uuid: str
    roles: tuple[Role, ...]
    users: tuple[User, ...]
    tasks: tuple[ApiTask, ...]
    source: Path | None = None
    licence: Licence = Licence()
    _by_username: Mapping[str, User] = field(default_factory=dict, repr=False, compare=False)
    _by_path: Mapping[str, ApiTask] = field(default_factory=dict, repr=False, compare=False)
    _by_file_id: Mapping[int, ApiTask] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_username", {u.username: u for u in self.users})
        object.__setattr__(self, "_by_path", {t.path: t for t in self.tasks})
        object.__setattr__(self, "_by_file_id", {t.file_id: t for t in self.tasks})

    def user_named(self, username: str) -> User | None:
        return self._by_username.get(username)

    def user_by_id(self, user_id: str) -> User | None:
        return next((u for u in self.users if u.id == user_id), None)

    def task_at(self, path: str) -> ApiTask | None:
        return self._by_path.get(path)

    def task_by_file_id(self, file_id: int) -> ApiTask | None:
        return self._by_file_id.get(file_id)
