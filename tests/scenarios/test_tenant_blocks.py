"""A scenario's tenant blocks (repository, runAsUsers, devices, pools): the defaults a scenario
gets without them, and every broken reference named with its file, line and location."""

import pytest

from mockserver.core.scenarios import ScenarioError, load_scenario_text
from mockserver.core.scenarios.tenant import APITASKRUNNER, FOLDER_TYPE, PRIVATE, TASKBOT_TYPE
from scenario_text import with_task

TASK = "    outputs:\n      R: {type: STRING, value: ok}\n"


def tenant(blocks: str) -> str:
    """The standard tenant, its one task allocated to run-as user 40, then `blocks`."""
    text = with_task(TASK) + blocks
    return text.replace("allocation: {concurrencyLimit: 5}", "allocation: {runAsUserOrNone: 40}")


def test_without_blocks_a_tenant_has_apitaskrunner_a_device_and_a_pool() -> None:
    scenario = load_scenario_text(tenant(""))
    # apitaskrunner on the default device, and the user the allocation names.
    assert [(u.id, u.username, u.device_id) for u in scenario.run_as_users] == [
        (12, APITASKRUNNER, 1),
        (40, "runasuser40", None),
    ]
    assert [d.host_name for d in scenario.devices] == ["apitask-ondemand-01"]
    assert [(p.name, p.device_ids) for p in scenario.pools] == [("API Task On-Demand", (1,))]
    assert scenario.repository == ()


def test_declared_blocks_are_read_with_their_defaults() -> None:
    scenario = load_scenario_text(
        tenant(
            "repository:\n  files:\n"
            "    - {id: 20, path: 'Bots\\Other'}\n"
            "    - {id: 21, path: 'Bots\\Mine', workspace: private, owner: jdoe}\n"
            "    - {id: 22, path: 'Bots\\Empty', type: application/vnd.aa.directory}\n"
            "runAsUsers: [{id: 40, username: runner, device: 3}]\n"
            "devices: [{id: 3, hostName: HOST3}]\n"
            "pools: [{id: 9, name: Nine, devices: [3]}]\n"
        )
    )
    other, mine, empty = scenario.repository
    assert other.type == TASKBOT_TYPE and mine.workspace == PRIVATE and mine.owner == "jdoe"
    assert empty.type == FOLDER_TYPE
    # apitaskrunner is added when the block leaves it out (AA always has it).
    assert [(u.id, u.username) for u in scenario.run_as_users] == [
        (40, "runner"),
        (12, APITASKRUNNER),
    ]
    assert scenario.devices[0].status == "CONNECTED"
    assert scenario.pools[0].device_ids == (3,)


BROKEN = [
    (
        "file id of a task",
        "repository:\n  files:\n    - {id: 7, path: 'Bots\\Other'}\n",
        "{id: 7",
        "repository.files[0].id",
        "already an API Task's fileId",
    ),
    (
        "file at a task's path",
        "repository:\n  files:\n    - {id: 8, path: 'bots/t'}\n",
        "{id: 8",
        "repository.files[0].path",
        "is also the API Task tasks[0]",
    ),
    (
        "private without owner",
        "repository:\n  files:\n    - {id: 8, path: 'Bots\\X', workspace: private}\n",
        "{id: 8",
        "repository.files[0].workspace",
        "needs an owner",
    ),
    (
        "unknown owner",
        "repository:\n  files:\n    - {id: 8, path: 'B\\X', workspace: private, owner: nobody}\n",
        "{id: 8",
        "repository.files[0].owner",
        "'nobody' is not a username",
    ),
    (
        "a file that holds files",
        "repository:\n  files:\n    - {id: 8, path: 'Bots'}\n",
        "{id: 8",
        "repository.files[0].type",
        "must be a folder",
    ),
    (
        "bad date",
        "repository:\n  files:\n    - {id: 8, path: 'B\\X', lastModified: yesterday}\n",
        "{id: 8",
        "repository.files[0].lastModified",
        "not an ISO 8601",
    ),
    (
        "allocation names an undeclared run-as user",
        "runAsUsers: [{id: 5, username: runner}]\n",
        "allocation:",
        "tasks[0].allocation.runAsUserOrNone",
        "run-as user 40 is not one of runAsUsers (5)",
    ),
    (
        "run-as user on an unknown device",
        "runAsUsers: [{id: 40, username: runner, device: 2}]\n",
        "runAsUsers",
        "runAsUsers[0].device",
        "device 2 is not one of the devices",
    ),
    (
        "duplicate run-as username",
        "runAsUsers: [{id: 40, username: a}, {id: 41, username: a}]\n",
        "runAsUsers",
        "runAsUsers[1].username",
        "duplicate username 'a'",
    ),
    (
        "pool with an unknown device",
        "pools: [{id: 1, name: P, devices: [1, 4]}]\n",
        "pools",
        "pools[0].devices[1]",
        "device 4 is not one of the devices",
    ),
    (
        "duplicate device id",
        "devices: [{id: 1, hostName: A}, {id: 1, hostName: B}]\n",
        "devices",
        "devices[1].id",
        "duplicate id 1",
    ),
    (
        "unknown key",
        "devices: [{id: 1, hostName: A, colour: red}]\n",
        "devices",
        "devices[0].colour",
        "unknown key 'colour'",
    ),
]


@pytest.mark.parametrize(
    "label, blocks, marker, location, message", BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_blocks_name_file_line_and_location(
    label: str, blocks: str, marker: str, location: str, message: str
) -> None:
    text = tenant(blocks)
    line = text[: text.index(marker)].count("\n") + 1
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "tenant.yaml")
    assert any(
        p.file == "tenant.yaml"
        and p.line == line
        and p.location == location
        and message in p.message
        for p in caught.value.problems
    ), [str(p) for p in caught.value.problems]
