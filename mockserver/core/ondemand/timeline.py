"""The run state machine, computed from the clock: where a run is at any moment follows from its
plan, its licence slot and any stop, so moving or freezing the clock moves or holds every run.

QUEUED -> PENDING_EXECUTION -> RUNNING -> COMPLETED | RUN_FAILED | RUN_TIMED_OUT, or
DEPLOY_FAILED after PENDING_EXECUTION, or RUN_ABORTED whenever it is stopped.
"""

import math
from collections.abc import Iterable, Sequence

from mockserver.core.ondemand.model import Execution, ExecutionView, Status


def view(execution: Execution, now: float) -> ExecutionView:
    """The run as the activity list shows it at `now`."""
    override = execution.override
    if override is not None and now >= override.at:
        return _ended(execution, override.status, override.at, override.message)
    start, running, end = execution.slot_from, execution.running_from, execution.planned_end
    if start is None or running is None or end is None or now < start:
        return ExecutionView(execution, Status.QUEUED, 0, execution.created_at, None, "", {})
    if now < running:
        return ExecutionView(execution, Status.PENDING_EXECUTION, 0, start, None, "", {})
    if now < end:
        return ExecutionView(
            execution, Status.RUNNING, _progress(execution, now), running, None, "", {}
        )
    plan = execution.plan
    return _ended(execution, plan.outcome, end, plan.message)


def _ended(execution: Execution, status: Status, at: float, message: str) -> ExecutionView:
    progress = 100 if status is Status.COMPLETED else _progress(execution, at)
    completed = status is Status.COMPLETED
    outputs = (execution.plan.outputs or {}) if completed else {}
    return ExecutionView(execution, status, progress, at, at, "" if completed else message, outputs)


def _progress(execution: Execution, at: float) -> int:
    """Percent of the planned running time done at `at` (0..99 until it completes)."""
    running = execution.running_from
    if running is None or at <= running:
        return 0
    length = execution.plan.run_seconds
    if length <= 0:
        return 99
    # The epsilon keeps float noise (0.7 - 0.2 = 0.4999...) from costing a percent.
    return min(99, math.floor((at - running) / length * 100 + 1e-9))


def has_ended(execution: Execution, now: float) -> bool:
    end = execution.end
    return end is not None and now >= end


def running_seconds(execution: Execution, now: float) -> float:
    """How long the run has been RUNNING by `now` (what the licence's threshold counts)."""
    start, end = execution.running_from, execution.end
    if start is None:
        return 0.0
    stop = now if end is None else min(now, end)
    return max(0.0, stop - start)


def schedule(waiting: Sequence[Execution], others: Iterable[Execution], slots: int | None) -> None:
    """Give each waiting run (in deploy order) the moment it leaves QUEUED: after its queue
    time and, with `slots`, only when it can be pending and running without more than `slots`
    runs of `others` and of the waiting ones at any moment. Runs waiting for a slot take them
    first in, first out: no later run starts before one deployed earlier that had to wait. A run
    waiting behind a run that has no end yet keeps `slot_from` None."""
    intervals: list[tuple[float, float]] = []
    if slots is not None:
        for other in others:
            if other.slot_from is not None:
                intervals.append((other.slot_from, _end_or_never(other)))
    queue_head = -math.inf  # the start of the latest run that had to wait for a slot
    for execution in waiting:
        ready = execution.created_at + execution.plan.queue_seconds
        if slots is None:
            execution.slot_from = ready
            continue
        earliest = max(ready, queue_head)
        start = _first_fit(earliest, execution.span, intervals, slots)
        execution.slot_from = start
        if start is None:
            queue_head = math.inf
            continue
        if start > ready:
            queue_head = start
        intervals.append((start, _end_or_never(execution)))


def _end_or_never(execution: Execution) -> float:
    end = execution.end
    return math.inf if end is None else end


def _first_fit(
    t: float, span: float, intervals: list[tuple[float, float]], slots: int
) -> float | None:
    """The earliest start from `t` at which [start, start + span) never meets `slots` runs."""
    while not math.isinf(t):
        clash = _clash(t, t + span, intervals, slots)
        if clash is None:
            return t
        t = min(end for start, end in intervals if start <= clash < end)
    return None


def _clash(
    start: float, end: float, intervals: list[tuple[float, float]], slots: int
) -> float | None:
    """The first moment in [start, end) with `slots` runs already there, if any."""
    moments = [start, *sorted(s for s, _ in intervals if start < s < end)]
    for moment in moments:
        if sum(1 for s, e in intervals if s <= moment < e) >= slots:
            return moment
    return None
