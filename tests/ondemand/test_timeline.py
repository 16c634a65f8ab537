"""The run state machine and the licence, directly on the core (no Flask), at chosen instants."""

import pytest

from mockserver.core.errors import ApiError
from mockserver.core.ondemand import licence, timeline
from mockserver.core.ondemand.model import Execution, Override, RunPlan, Status
from mockserver.core.scenarios.model import Licence


def run(
    created: float = 0.0,
    *,
    queue: float = 0.1,
    seconds: float = 0.5,
    outcome: Status = Status.COMPLETED,
    name: str = "r",
) -> Execution:
    plan = RunPlan(queue, 0.1, seconds, outcome, "it broke", {"Out": "x"})
    return Execution(
        id=name,
        deployment_id="d",
        file_id=1,
        file_name="T",
        automation_name="T.run",
        run_as_id=None,
        run_as_name="apitaskrunner",
        created_at=created,
        created_by="9",
        priority="PRIORITY_MEDIUM",
        plan=plan,
        slot_from=None,
    )


def scheduled(*runs: Execution, slots: int | None = None) -> list[Execution]:
    timeline.schedule(list(runs), [], slots)
    return list(runs)


def at(execution: Execution, now: float) -> tuple[str, int]:
    shown = timeline.view(execution, now)
    return shown.status.value, shown.progress


def test_the_statuses_in_order() -> None:
    [r] = scheduled(run(seconds=1.0))
    assert [at(r, t) for t in (0, 0.05, 0.1, 0.15, 0.2, 0.7, 1.19, 1.2, 99)] == [
        ("QUEUED", 0),
        ("QUEUED", 0),
        ("PENDING_EXECUTION", 0),
        ("PENDING_EXECUTION", 0),
        ("RUNNING", 0),
        ("RUNNING", 50),
        ("RUNNING", 99),
        ("COMPLETED", 100),
        ("COMPLETED", 100),
    ]
    assert timeline.view(r, 2).outputs == {"Out": "x"}
    assert timeline.view(r, 1).outputs == {}
    assert timeline.view(r, 2).ended_at == pytest.approx(1.2)


@pytest.mark.parametrize(
    ("outcome", "at_end"),
    [
        (Status.RUN_FAILED, ("RUN_FAILED", 99)),
        (Status.RUN_TIMED_OUT, ("RUN_TIMED_OUT", 99)),
        (Status.DEPLOY_FAILED, ("DEPLOY_FAILED", 0)),
    ],
)
def test_how_a_run_ends(outcome: Status, at_end: tuple[str, int]) -> None:
    [r] = scheduled(run(outcome=outcome))
    assert at(r, 10) == at_end
    assert timeline.view(r, 10).message == "it broke"
    assert timeline.view(r, 10).outputs == {}
    if outcome is Status.DEPLOY_FAILED:
        assert at(r, 0.19) == ("PENDING_EXECUTION", 0)  # never RUNNING


def test_a_stop_ends_the_run_when_it_is_made() -> None:
    [r] = scheduled(run(seconds=1.0))
    r.override = Override(Status.RUN_ABORTED, 0.45, "stopped")
    assert at(r, 0.4) == ("RUNNING", 20)
    assert at(r, 0.45) == ("RUN_ABORTED", 25)
    assert timeline.view(r, 5).ended_at == 0.45


def test_without_slots_every_run_starts_after_its_queue_time() -> None:
    runs = scheduled(*(run(created=0, name=str(i)) for i in range(5)))
    assert {r.slot_from for r in runs} == {0.1}


def test_slots_queue_runs_first_in_first_out() -> None:
    a, b, c = scheduled(
        run(0, seconds=1.0, name="a"), run(0, seconds=3.0, name="b"), run(0, name="c"), slots=2
    )
    assert (a.slot_from, b.slot_from) == (0.1, 0.1)
    assert c.slot_from == pytest.approx(1.2)  # when a ends
    assert at(c, 1.0) == ("QUEUED", 0)
    assert at(c, 1.25) == ("PENDING_EXECUTION", 0)


def test_a_later_run_never_overtakes_nor_overfills() -> None:
    *_, c, d = scheduled(
        run(0, seconds=1.0, name="a"),
        run(0, seconds=3.0, name="b"),
        run(0, name="c"),
        run(0.05, queue=0.0, name="d"),  # would fit at 0.05, but a and b start at 0.1
        slots=2,
    )
    assert c.slot_from == pytest.approx(1.2)
    assert d.slot_from == pytest.approx(1.8)  # after c, when c ends (b still runs)


def test_a_run_waiting_behind_one_without_an_end_has_no_start_yet() -> None:
    blocker = run(name="blocker")
    blocker.slot_from = 0.1
    blocker.plan = RunPlan(0.1, 0.1, float("inf"), Status.COMPLETED, "", None)
    waiting = run(name="waiting")
    timeline.schedule([waiting], [blocker], 1)
    assert waiting.slot_from is None
    assert at(waiting, 1e9) == ("QUEUED", 0)


def test_the_quota_counts_blocks_of_the_runtime_threshold() -> None:
    [short, long] = scheduled(run(seconds=30, name="s"), run(seconds=150, name="l"))
    with_threshold = Licence(runtime_threshold_seconds=60)
    assert licence.executions_used(with_threshold, [short, long], 0) == 2  # queued: one each
    assert licence.executions_used(with_threshold, [short, long], 100) == 3
    assert licence.executions_used(with_threshold, [short, long], 1000) == 4
    assert licence.executions_used(Licence(), [short, long], 1000) == 2


def test_past_the_quota_a_deploy_is_refused_403() -> None:
    runs = scheduled(run(name="1"), run(name="2"))
    licence.check_deploy(Licence(execution_quota=3), runs, 0, 1, True)
    with pytest.raises(ApiError) as refused:
        licence.check_deploy(Licence(execution_quota=3), runs, 0, 2, True)
    assert refused.value.status == 403
    assert "2 of 3 executions used, 2 more requested" in refused.value.message


def test_past_the_slots_a_deploy_that_does_not_queue_is_refused_429() -> None:
    runs = scheduled(run(seconds=1.0, name="1"), run(seconds=1.0, name="2"))
    two = Licence(concurrent_on_demand=2)
    licence.check_deploy(two, runs, 0.5, 5, True)  # it queues
    with pytest.raises(ApiError) as refused:
        licence.check_deploy(two, runs, 0.5, 1, False)
    assert refused.value.status == 429 and refused.value.headers == {"Retry-After": "1"}
    licence.check_deploy(two, runs, 1.2, 2, False)  # both ended: the slots are free


def test_a_slow_pick_up_is_no_queue_for_a_slot() -> None:
    slow, fast = scheduled(run(0, queue=5.0, name="slow"), run(0, name="fast"), slots=1)
    assert (slow.slot_from, fast.slot_from) == (5.0, 0.1)  # a slot was free meanwhile
