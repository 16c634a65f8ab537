"""What an on-demand deployment is made of: the request, its runs, and what a run looks like at
a moment of the mock's clock."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from mockserver.core.values import PyValue


class Status(StrEnum):
    """AA's execution statuses (the v3 activity swagger's enum) that an API Task run takes."""

    QUEUED = "QUEUED"
    PENDING_EXECUTION = "PENDING_EXECUTION"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    RUN_FAILED = "RUN_FAILED"
    RUN_TIMED_OUT = "RUN_TIMED_OUT"
    RUN_ABORTED = "RUN_ABORTED"
    DEPLOY_FAILED = "DEPLOY_FAILED"

    @property
    def ended(self) -> bool:
        return self in TERMINAL


TERMINAL = frozenset(
    {
        Status.COMPLETED,
        Status.RUN_FAILED,
        Status.RUN_TIMED_OUT,
        Status.RUN_ABORTED,
        Status.DEPLOY_FAILED,
    }
)
# A scenario's `onDemand.outcome` -> the status the run ends in.
OUTCOMES = {
    "completed": Status.COMPLETED,
    "failed": Status.RUN_FAILED,
    "timedOut": Status.RUN_TIMED_OUT,
    "deployFailed": Status.DEPLOY_FAILED,
}


@dataclass(frozen=True)
class Callback:
    """Where to POST a run's outcome; the headers are the caller's own (never shown)."""

    url: str
    headers: Mapping[str, str] = field(repr=False)


@dataclass(frozen=True)
class DeployRequest:
    """One deploy call, v3 or v4, parsed: `run_as` holds one entry per execution to make (a
    user id, or None for the default run-as user of headless runs)."""

    file_id: int
    run_as: tuple[str | None, ...]
    bot_input: Mapping[str, object]
    automation_name: str | None = None
    priority: str = "PRIORITY_MEDIUM"
    callback: Callback | None = None
    queue_on_slots_exhaustion: bool = True
    api_version: str = "v4"


@dataclass(frozen=True)
class RunPlan:
    """What the run will do, fixed when it is deployed: times on the mock's clock and the end."""

    queue_seconds: float
    pending_seconds: float
    run_seconds: float  # already capped at the on-demand timeout
    outcome: Status  # how the run ends unless it is stopped or driven
    message: str
    outputs: Mapping[str, PyValue] | None  # set when the run completes


@dataclass(frozen=True)
class Override:
    """The run was stopped or driven to `status` at `at` (instead of its plan)."""

    status: Status
    at: float
    message: str


@dataclass
class Execution:
    """One run of a deployment. Owned and changed only by OnDemandService under its lock."""

    id: str
    deployment_id: str
    file_id: int
    file_name: str
    automation_name: str
    run_as_id: str | None
    run_as_name: str
    created_at: float
    created_by: str  # the deploying user's id
    priority: str
    plan: RunPlan
    slot_from: float | None  # when it leaves QUEUED; None: waiting for a licence slot
    override: Override | None = None
    callback_state: str | None = None  # None, "off", "sending", "delivered" or "failed"
    callback_attempts: int = 0
    callback_detail: str = ""

    @property
    def span(self) -> float:
        """How long the run is pending and running once it leaves the queue (its plan)."""
        running = 0.0 if self.plan.outcome is Status.DEPLOY_FAILED else self.plan.run_seconds
        return self.plan.pending_seconds + running

    @property
    def running_from(self) -> float | None:
        return None if self.slot_from is None else self.slot_from + self.plan.pending_seconds

    @property
    def planned_end(self) -> float | None:
        start = self.running_from
        if start is None:
            return None
        return start if self.plan.outcome is Status.DEPLOY_FAILED else start + self.plan.run_seconds

    @property
    def end(self) -> float | None:
        """When the run ends (stopped, driven or as planned); None while waiting for a slot."""
        if self.override is not None:
            return self.override.at
        return self.planned_end


@dataclass
class Deployment:
    id: str
    automation_name: str
    file_id: int
    created_at: float
    created_by: str
    api_version: str
    callback: Callback | None
    executions: list[Execution]


@dataclass(frozen=True)
class ExecutionView:
    """A run as the activity list shows it at one moment."""

    execution: Execution
    status: Status
    progress: int
    modified_at: float
    ended_at: float | None
    message: str
    outputs: Mapping[str, PyValue]


@dataclass(frozen=True)
class ActivityPage:
    items: list[ExecutionView]
    offset: int
    total: int
    total_filter: int


@dataclass(frozen=True)
class ManageResult:
    """`POST /v3/activity/manage`: what was acted on and why the rest was not."""

    acted: list[str]
    errors: list[tuple[str, str]]
