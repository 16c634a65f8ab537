"""The tenant's on-demand licence: concurrent slots and the execution quota, checked at deploy.

AA documents the entitlement (2 concurrent executions and 100 executions in the base licence, a
runtime threshold of 60 seconds per execution) but not what the Control Room answers past it:
the statuses below are the mock's choices (docs/on-demand.md).
"""

import math
from collections.abc import Iterable

from mockserver.core.engine import RETRY_AFTER_SECONDS
from mockserver.core.errors import ApiError
from mockserver.core.ondemand.model import Execution
from mockserver.core.ondemand.timeline import has_ended, running_seconds
from mockserver.core.scenarios.model import Licence


def executions_used(licence: Licence, runs: Iterable[Execution], now: float) -> int:
    """Executions counted against the quota: one per run, or one per started block of the
    runtime threshold of running time."""
    threshold = licence.runtime_threshold_seconds
    if threshold is None:
        return sum(1 for _ in runs)
    return sum(max(1, math.ceil(running_seconds(run, now) / threshold)) for run in runs)


def check_deploy(
    licence: Licence, runs: list[Execution], now: float, wanted: int, queue: bool
) -> None:
    """Refuse a deploy of `wanted` runs past the quota (403), or past the concurrent slots
    when the request does not ask to queue (429)."""
    quota = licence.execution_quota
    if quota is not None:
        used = executions_used(licence, runs, now)
        if used + wanted > quota:
            raise ApiError(
                403,
                "license.execution.quota.exhausted",
                f"The API Task execution quota of this Control Room is used up: {used} of "
                f"{quota} executions used, {wanted} more requested",
                details="headlessRequest.numberOfExecutions",
            )
    slots = licence.concurrent_on_demand
    if slots is not None and not queue:
        active = sum(1 for run in runs if not has_ended(run, now))
        if active + wanted > slots:
            raise ApiError(
                429,
                "license.concurrency.limit.exceeded",
                f"All {slots} concurrent on-demand execution slots are in use ({active} "
                f"execution(s) queued or running, {wanted} more requested) and the request "
                "does not queue (queueOnSlotsExhaustion is false)",
                details="headlessRequest.queueOnSlotsExhaustion",
                headers={"Retry-After": RETRY_AFTER_SECONDS},
            )
