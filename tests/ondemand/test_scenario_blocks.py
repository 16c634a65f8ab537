"""The scenario's `onDemand` and `licence` blocks: loaded into the model, and every mistake
reported at its place."""

import pytest

from mockserver.core.scenarios import ScenarioError, load_scenario_text
from mockserver.core.scenarios.model import Licence, OnDemandBehaviour
from scenario_text import with_task


def test_the_blocks_are_loaded() -> None:
    text = with_task(
        "    onDemand: {queueSeconds: 3, runSeconds: 42.5, outcome: failed, message: boom}\n"
    ).replace(
        "tasks:\n",
        "licence: {concurrentOnDemand: 2, executionQuota: 100, runtimeThresholdSeconds: 60}\ntasks:\n",
    )
    scenario = load_scenario_text(text)
    assert scenario.licence == Licence(2, 100, 60)
    assert scenario.tasks[0].on_demand == OnDemandBehaviour(3.0, 42.5, "failed", "boom")


def test_left_out_they_mean_the_defaults() -> None:
    scenario = load_scenario_text(with_task(""))
    assert scenario.licence == Licence(None, None, None)
    assert scenario.tasks[0].on_demand == OnDemandBehaviour(0.1, 0.5, "completed", None)


@pytest.mark.parametrize(
    ("block", "where"),
    [
        ("    onDemand: {outcome: exploded}\n", "tasks[0].onDemand.outcome"),
        ("    onDemand: {runSeconds: -1}\n", "tasks[0].onDemand.runSeconds"),
        ("    onDemand: {runSecs: 1}\n", "tasks[0].onDemand.runSecs"),
    ],
)
def test_task_mistakes_are_located(block: str, where: str) -> None:
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(with_task(block))
    assert [p.location for p in error.value.problems] == [where]


@pytest.mark.parametrize(
    ("block", "where"),
    [
        ("{concurrentOnDemand: 0}", "licence.concurrentOnDemand"),
        ("{executionQuota: many}", "licence.executionQuota"),
        ("{runtimeThresholdSeconds: 0}", "licence.runtimeThresholdSeconds"),
        ("{slots: 2}", "licence.slots"),
    ],
)
def test_licence_mistakes_are_located(block: str, where: str) -> None:
    text = with_task("").replace("tasks:\n", f"licence: {block}\ntasks:\n")
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(text)
    assert [p.location for p in error.value.problems] == [where]
