"""On-demand API Tasks: deploy, the activity list, one execution, stop; plus what test control
needs (every deployment, drive a run to its end). One task, two ways to run: the outputs come
from the same engine and rules as a real-time execution."""

import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from random import Random
from typing import Any, NamedTuple

from mockserver.core import engine
from mockserver.core.clock import Clock
from mockserver.core.config import Settings
from mockserver.core.engine import EngineContext
from mockserver.core.errors import ApiError, bad_request, not_found
from mockserver.core.faults import InjectedFault
from mockserver.core.ondemand import licence, timeline
from mockserver.core.ondemand.activity import activity_page, deployment_named
from mockserver.core.ondemand.callbacks import CallbackDispatcher, Ticker, callback_body
from mockserver.core.ondemand.model import (
    OUTCOMES,
    TERMINAL,
    ActivityPage,
    Deployment,
    DeployRequest,
    Execution,
    ExecutionView,
    ManageResult,
    Override,
    RunPlan,
    Status,
)
from mockserver.core.scenarios.model import ApiTask, Scenario, User
from mockserver.core.values import PyValue

# The name AA gives the run-as user of API Tasks when none is chosen (cloud-device-management).
DEFAULT_RUN_AS = "apitaskrunner"
PENDING_SECONDS = 0.1
# A fault injected for `executeApiTask` fails the task's next run, whichever way it runs.
RUN_OPERATION = "executeApiTask"
NOT_MANAGEABLE = "You do not have permission to view this execution or it is already terminated"
NOT_PAUSABLE = "API Task executions run headless and cannot be paused or resumed"
INVALID_USERS = "INVALID_ARGUMENT: Some or all users provided are either deleted or disabled"


class Runner(NamedTuple):
    """Who a run runs as: a user's or a run-as user's id and name."""

    id: str
    username: str
# Runs kept (the activity API's largest page); past it the oldest ended deployments are dropped.
MAX_RUNS = 10_000

TakeFault = Callable[[str, int | None], InjectedFault | None]


class OnDemandService:
    """Deployments and their runs since the last reset; built again by a reset."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        scenario: Callable[[], Scenario],
        engine_context: EngineContext,
        take_fault: TakeFault,
        dispatcher: Callable[[], CallbackDispatcher] = CallbackDispatcher,
        max_runs: int = MAX_RUNS,
    ):
        self._settings = settings
        self._clock = clock
        self._scenario = scenario
        self._engine = engine_context
        self._take_fault = take_fault
        self._make_dispatcher = dispatcher
        self._max_runs = max_runs
        self._dispatcher: CallbackDispatcher | None = None
        self._ticker = Ticker(self.tick)
        self._random = Random(f"on-demand:{settings.seed}")
        self._deployments: dict[str, Deployment] = {}
        self._executions: list[Execution] = []
        self._by_id: dict[str, Execution] = {}
        self._lock = threading.RLock()
        self._closed = False

    # -- the Control Room's operations

    def deploy(
        self, user: User, request: DeployRequest, run_as_fields: Sequence[str]
    ) -> Deployment:
        """POST /v3 and /v4 automations/deploy: check, plan each run, queue them."""
        scenario = self._scenario()
        task = scenario.task_by_file_id(request.file_id)
        if task is None:
            field = "botId" if request.api_version == "v4" else "fileId"
            raise not_found(
                f"No bot with {field} {request.file_id} in the repository",
                code="deploy.file.not.found",
            )
        run_as = [
            self._run_as(scenario, ref, where)
            for ref, where in zip(request.run_as, run_as_fields, strict=True)
        ]
        inputs = engine.parse_inputs(task, request.bot_input)
        now = self._clock.now()
        with self._lock:
            licence.check_deploy(
                scenario.licence,
                self._executions,
                now,
                len(run_as),
                request.queue_on_slots_exhaustion,
            )
            deployment_id = self._uuid()
            name = request.automation_name or _automation_name(task, user, now)
            callbacks_off = request.callback is not None and not self._settings.callbacks
            runs = [
                Execution(
                    id=f"{self._uuid()}_{self._random.getrandbits(64):016x}",
                    deployment_id=deployment_id,
                    file_id=task.file_id,
                    file_name=task.name,
                    automation_name=name,
                    run_as_id=None if runner is None else runner.id,
                    run_as_name=DEFAULT_RUN_AS if runner is None else runner.username,
                    created_at=now,
                    created_by=user.id,
                    priority=request.priority,
                    plan=self._plan(task, inputs),
                    slot_from=None,
                    callback_state="off" if callbacks_off else None,
                )
                for runner in run_as
            ]
            deployment = Deployment(
                deployment_id,
                name,
                task.file_id,
                now,
                user.id,
                request.api_version,
                request.callback,
                runs,
            )
            self._deployments[deployment_id] = deployment
            self._executions.extend(runs)
            self._by_id.update((run.id, run) for run in runs)
            if scenario.licence.concurrent_on_demand is None:
                timeline.schedule(runs, (), None)
            else:  # the new runs queue behind the ones already waiting for a slot
                self._reschedule(now)
            self._forget_oldest(now)
        if request.callback is not None and self._settings.callbacks:
            self._ticker.start()
        return deployment

    def activity(self, filter_doc: Any, sort_doc: Any, offset: int, length: int) -> ActivityPage:
        """POST /v3 and /v2 activity/list (reading it also sends the callbacks now due)."""
        self.tick()
        now = self._clock.now()
        with self._lock:
            total = len(self._executions)
            named = deployment_named(filter_doc)
            candidates: list[Execution] = self._executions
            if named is not None:
                deployment = self._deployments.get(named)
                candidates = [] if deployment is None else deployment.executions
            views = [timeline.view(run, now) for run in candidates]
        # A client polling one deployment names it: only its runs are looked at.
        return activity_page(views, filter_doc, sort_doc, offset, length, total=total)

    def execution(self, execution_id: str) -> ExecutionView:
        """GET /v3/activity/execution/{id}."""
        self.tick()
        with self._lock:
            run = self._by_id.get(execution_id)
            if run is None:
                raise not_found(
                    f"No execution with id {execution_id!r}", code="activity.execution.not.found"
                )
            return timeline.view(run, self._clock.now())

    def manage(self, user: User, action: str, execution_ids: Sequence[str]) -> ManageResult:
        """POST /v3/activity/manage: stop runs (RUN_ABORTED); API Tasks do not pause."""
        acted: list[str] = []
        errors: list[tuple[str, str]] = []
        now = self._clock.now()
        with self._lock:
            for execution_id in execution_ids:
                run = self._by_id.get(execution_id)
                if action != "stop":
                    errors.append((execution_id, NOT_PAUSABLE))
                elif run is None or timeline.has_ended(run, now):
                    errors.append((execution_id, NOT_MANAGEABLE))
                else:
                    message = f"The execution was stopped by {user.username}"
                    run.override = Override(Status.RUN_ABORTED, now, message)
                    acted.append(execution_id)
            if acted:
                self._reschedule(now)
        return ManageResult(acted, errors)

    # -- test control

    def deployments(self) -> list[tuple[Deployment, list[ExecutionView]]]:
        """Every deployment since the reset, oldest first, with its runs as they are now."""
        self.tick()
        now = self._clock.now()
        with self._lock:
            return [
                (d, [timeline.view(run, now) for run in d.executions])
                for d in self._deployments.values()
            ]

    def drive(
        self, deployment_id: str, status: Status, message: str | None = None
    ) -> tuple[Deployment, list[ExecutionView]]:
        """End every run of the deployment that has not ended, now, in `status`."""
        if status not in TERMINAL:
            raise bad_request(
                f"status {status.value} is not a status a run ends in; use one of "
                + ", ".join(sorted(s.value for s in TERMINAL)),
                details="status",
            )
        now = self._clock.now()
        with self._lock:
            deployment = self._deployments.get(deployment_id)
            if deployment is None:
                raise not_found(
                    f"No deployment with id {deployment_id!r}", code="mock.deployment.not.found"
                )
            for run in deployment.executions:
                if not timeline.has_ended(run, now):
                    text = message or f"Driven to {status.value} through the admin API"
                    run.override = Override(status, now, text)
            self._reschedule(now)
        self.tick()
        with self._lock:
            return deployment, [timeline.view(run, now) for run in deployment.executions]

    # -- callbacks and lifecycle

    def tick(self) -> bool:
        """Send the callback of every run that has ended and whose callback is not yet sent;
        answer whether some run with a callback has still to end."""
        if self._closed:
            return False
        now = self._clock.now()
        due: list[tuple[Deployment, ExecutionView]] = []
        waiting = False
        with self._lock:
            for deployment in self._deployments.values():
                if deployment.callback is None:
                    continue
                for run in deployment.executions:
                    if run.callback_state is not None:
                        continue
                    if timeline.has_ended(run, now):
                        run.callback_state = "sending"
                        due.append((deployment, timeline.view(run, now)))
                    else:
                        waiting = True
        for deployment, item in due:
            callback = deployment.callback
            assert callback is not None
            self._dispatcher_now().submit(
                callback.url, callback.headers, callback_body(item), self._recorder(item.execution)
            )
        return waiting

    def _recorder(self, run: Execution) -> Callable[[str, int, str], None]:
        def record(state: str, attempts: int, detail: str) -> None:
            with self._lock:
                run.callback_state = state
                run.callback_attempts = attempts
                run.callback_detail = detail

        return record

    def _dispatcher_now(self) -> CallbackDispatcher:
        with self._lock:
            if self._dispatcher is None:
                self._dispatcher = self._make_dispatcher()
            return self._dispatcher

    def close(self) -> None:
        """Stop noticing ended runs and drop callbacks not yet sent (a reset, or shut down)."""
        self._closed = True
        self._ticker.stop()
        with self._lock:
            dispatcher, self._dispatcher = self._dispatcher, None
        if dispatcher is not None:
            dispatcher.close()

    # -- planning

    def _run_as(self, scenario: Scenario, ref: str | None, where: str) -> Runner | None:
        """A user of the scenario or one of its run-as users (what `/v1/devices/runasusers/list`
        lists, apitaskrunner among them), by id; else the 400 a public client quotes."""
        if ref is None:
            return None
        user = scenario.user_by_id(ref)
        if user is not None and not user.disabled:
            return Runner(user.id, user.username)
        device_user = next((u for u in scenario.run_as_users if str(u.id) == ref), None)
        if device_user is not None:
            return Runner(str(device_user.id), device_user.username)
        raise bad_request(
            f"{INVALID_USERS}: {where} is {ref}, which is no enabled user or run-as user of this "
            "Control Room",
            details=where,
            code="deploy.invalid.run.as.user",
        )

    def _plan(self, task: ApiTask, inputs: Mapping[str, PyValue | None]) -> RunPlan:
        behaviour = task.on_demand
        outcome = OUTCOMES[behaviour.outcome]
        run_seconds = behaviour.run_seconds
        message = behaviour.message or _default_message(task, outcome)
        outputs: Mapping[str, PyValue] | None = None
        fault = self._take_fault(RUN_OPERATION, task.file_id)
        if fault is not None:
            run_seconds += fault.delay_ms / 1000
            if fault.status is not None and outcome is Status.COMPLETED:
                outcome, message = Status.RUN_FAILED, fault.message
        if outcome is Status.COMPLETED:
            try:
                outputs = engine.evaluate(task, inputs, self._engine)
            except ApiError as exc:  # a rule's error, a scenario fault, a broken template
                outcome, message = Status.RUN_FAILED, exc.message
        timeout = self._settings.ondemand_timeout_seconds
        if outcome is Status.RUN_TIMED_OUT or run_seconds > timeout:
            outcome, run_seconds = Status.RUN_TIMED_OUT, timeout
            message = behaviour.message or _default_message(task, Status.RUN_TIMED_OUT, timeout)
            outputs = None
        return RunPlan(
            behaviour.queue_seconds, PENDING_SECONDS, run_seconds, outcome, message, outputs
        )

    def _reschedule(self, now: float) -> None:
        """After a run ends early, the runs waiting for a licence slot may start sooner."""
        slots = self._scenario().licence.concurrent_on_demand
        if slots is None:
            return
        waiting = [
            run
            for run in self._executions
            if run.override is None and (run.slot_from is None or run.slot_from > now)
        ]
        if waiting:
            kept = set(map(id, waiting))
            others = [run for run in self._executions if id(run) not in kept]
            timeline.schedule(waiting, others, slots)

    def _forget_oldest(self, now: float) -> None:
        """Keep memory bounded on a long-running mock: past `max_runs`, drop the oldest
        deployments whose runs have all ended and whose callbacks are settled."""
        while len(self._executions) > self._max_runs:
            oldest = next(iter(self._deployments.values()))
            if not _settled(oldest, now):
                return
            del self._deployments[oldest.id]
            del self._executions[: len(oldest.executions)]
            for run in oldest.executions:
                del self._by_id[run.id]

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))


def _settled(deployment: Deployment, now: float) -> bool:
    """Every run ended, and its callback (if any) delivered, failed or off."""
    return all(
        timeline.has_ended(run, now)
        and (deployment.callback is None or run.callback_state not in (None, "sending"))
        for run in deployment.executions
    )


def _automation_name(task: ApiTask, user: User, now: float) -> str:
    """As the Control Room names a deployment: `<bot>.<yyyy.mm.dd.HH.MM.SS>.<user>`."""
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y.%m.%d.%H.%M.%S")
    return f"{task.name}.{stamp}.{user.username}"


def _default_message(task: ApiTask, status: Status, timeout: float = 0) -> str:
    if status is Status.RUN_TIMED_OUT:
        return (
            f"API Task '{task.name}' did not finish within the on-demand timeout of {timeout:g} s"
        )
    if status is Status.DEPLOY_FAILED:
        return f"API Task '{task.name}' could not be deployed to an on-demand device"
    return f"API Task '{task.name}' failed"
