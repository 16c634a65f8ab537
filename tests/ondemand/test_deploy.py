"""Deploy, v4 and v3, through HTTP: what it answers, what it checks, and who may do it. Every
answer is checked against openapi/on-demand.yml by the client."""

import re
from typing import Any

import pytest

from conftest import AppFactory, CheckedClient
from mockserver.http.emulated import control_of
from ondemand_steps import CALIFORNIA, ZIP_INPUT, advance, deploy, execution, headless, runs

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.mark.parametrize("bot_id", [149, "149"])
def test_v4_headless_deploy_answers_a_deployment_id(client: CheckedClient, bot_id: Any) -> None:
    response = client.post(
        "/v4/automations/deploy",
        json=headless(bot_id, ZIP_INPUT, queueOnSlotsExhaustion=False, sharedRunAsUserId=9),
        headers=client.login("jdoe"),
    )
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["deploymentId"]
    assert UUID.match(body["deploymentId"])
    [run] = runs(client, body["deploymentId"])
    assert (run["fileId"], run["userId"], run["userName"]) == ("149", "9", "admin")


def test_deployment_ids_come_from_the_seed_and_start_again_on_reset(
    make_app: AppFactory,
) -> None:
    first = make_app(seed=7).test_client()
    ids = [deploy(first, headless(149, ZIP_INPUT)) for _ in range(2)]
    assert ids[0] != ids[1]
    control_of(first.application).reset()
    assert deploy(first, headless(149, ZIP_INPUT)) == ids[0]
    other = make_app(seed=8).test_client()
    assert deploy(other, headless(149, ZIP_INPUT)) != ids[0]


def test_the_pixiebrix_request_shape_is_accepted(client: CheckedClient) -> None:
    body = {
        "botId": 149,
        "automationName": "My Test Automation",
        "executionType": "RUN_NOW",
        "headlessRequest": {
            "numberOfExecutions": 1,
            "queueOnSlotsExhaustion": False,
            "sharedRunAsUserId": 380,
        },
        "botInput": ZIP_INPUT,
    }
    deployment_id = deploy(client, body)
    [run] = runs(client, deployment_id)
    assert run["automationName"] == "My Test Automation"


def test_a_headless_request_makes_number_of_executions_runs(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(149, ZIP_INPUT, numberOfExecutions=3))
    found = runs(client, deployment_id)
    assert len(found) == 3 and len({run["id"] for run in found}) == 3
    # No sharedRunAsUserId: the default run-as user of API Tasks.
    assert {run["userName"] for run in found} == {"apitaskrunner"}
    assert all("userId" not in run for run in found)


def test_v3_deploy_makes_a_run_per_run_as_user(client: CheckedClient) -> None:
    response = client.post(
        "/v3/automations/deploy",
        json={
            "fileId": 201,
            "runAsUserIds": [9, "380"],
            "poolIds": None,
            "callBackInfo": None,  # a published client's spelling: an unknown key, ignored
            "botInput": {"iNumAmount": {"type": "NUMBER", "number": "100"}},
            "overrideDefaultDevice": False,
        },
        headers=client.login("admin"),
    )
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["deploymentId", "automationName"]
    # The Control Room's naming: <bot>.<yyyy.mm.dd.HH.MM.SS>.<user>
    assert re.fullmatch(r"Invoice Total\.\d{4}(\.\d\d){5}\.admin", body["automationName"])
    found = runs(client, body["deploymentId"])
    assert sorted(run["userId"] for run in found) == ["380", "9"]


def test_v3_num_of_run_as_users_to_use_takes_the_first_ones(client: CheckedClient) -> None:
    response = client.post(
        "/v3/automations/deploy",
        json={"fileId": 250, "runAsUserIds": [9, 380, 412], "numOfRunAsUsersToUse": 2},
        headers=client.login("admin"),
    )
    assert response.status_code == 200
    assert sorted(r["userId"] for r in runs(client, response.get_json()["deploymentId"])) == [
        "380",
        "9",
    ]


def test_v4_unattended_request_runs_as_each_user(client: CheckedClient) -> None:
    body = {
        "botId": 250,
        "unattendedRequest": {"runAsUserIds": [412, 9], "deviceUsageType": None, "poolIds": None},
    }
    deployment_id = deploy(client, body, "admin")
    assert sorted(r["userName"] for r in runs(client, deployment_id)) == ["admin", "viewer"]


def test_inputs_without_a_type_are_strings(client: CheckedClient) -> None:
    # AA's Dialogflow integration sends its inputs so.
    deployment_id = deploy(client, headless(149, {"iStrZipCode": {"string": "95134"}}))
    advance(client, 5)
    [run] = runs(client, deployment_id)
    assert execution(client, run["id"])["botOutVariables"]["values"] == CALIFORNIA


def test_a_task_needs_no_allocation_to_run_on_demand(client: CheckedClient) -> None:
    deployment_id = deploy(client, headless(250))  # not allocated for real time
    advance(client, 5)
    [run] = runs(client, deployment_id)
    assert execution(client, run["id"])["botOutVariables"]["values"] == {
        "Status": {"type": "STRING", "string": "draft"}
    }


BAD_REQUESTS = [
    ({"headlessRequest": {}}, "botId: is required"),
    ({"botId": "14x9", "headlessRequest": {}}, "botId"),
    ({"botId": 149}, "Send exactly one of headlessRequest and unattendedRequest"),
    (
        {"botId": 149, "headlessRequest": {}, "unattendedRequest": {"runAsUserIds": [9]}},
        "Send exactly one of headlessRequest and unattendedRequest",
    ),
    ({"botId": 149, "attendedRequest": {}}, "attendedRequest"),
    ({**headless(149), "headlessRequest": {"numberOfExecutions": 0}}, "numberOfExecutions"),
    ({**headless(149), "callbackInfo": {"url": "ftp://x"}}, "callbackInfo.url"),
    ({**headless(149), "callbackInfo": {"headers": {}}}, "callbackInfo.url: is required"),
    ({**headless(149), "automationPriority": "URGENT"}, "automationPriority"),
    ({"botId": 149, "unattendedRequest": {"runAsUserIds": []}}, "runAsUserIds"),
    (
        {"botId": 149, "unattendedRequest": {"runAsUserIds": [9], "numOfRunAsUsersToUse": 2}},
        "unattendedRequest.numOfRunAsUsersToUse",
    ),
    (headless(149, {"iStrZipCode": {"type": "NUMBER", "number": "1"}}), "iStrZipCode"),
    (headless(149, {}), "iStrZipCode"),  # a required input of the task
    (headless(149, {"iStrZipCode": {"type": "STRING"}}), "iStrZipCode"),
]


@pytest.mark.parametrize(("body", "named"), BAD_REQUESTS)
def test_bad_deploys_are_400_naming_the_field(
    client: CheckedClient, body: dict[str, Any], named: str
) -> None:
    response = client.post("/v4/automations/deploy", json=body, headers=client.login("jdoe"))
    assert response.status_code == 400, response.get_json()
    assert named in response.get_json()["message"]


def test_an_unknown_bot_is_404(client: CheckedClient) -> None:
    response = client.post(
        "/v4/automations/deploy", json=headless(1490), headers=client.login("jdoe")
    )
    assert response.status_code == 404
    assert response.get_json()["code"] == "deploy.file.not.found"
    assert "botId 1490" in response.get_json()["message"]
    v3 = client.post(
        "/v3/automations/deploy",
        json={"fileId": 1490, "runAsUserIds": [9]},
        headers=client.login("jdoe"),
    )
    assert v3.status_code == 404 and "fileId 1490" in v3.get_json()["message"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v4/automations/deploy", headless(149, sharedRunAsUserId=77), "sharedRunAsUserId"),
        ("/v3/automations/deploy", {"fileId": 149, "runAsUserIds": [9, 77]}, "runAsUserIds[1]"),
    ],
)
def test_a_run_as_user_that_is_no_user_is_400(
    client: CheckedClient, path: str, body: dict[str, Any], field: str
) -> None:
    response = client.post(path, json=body, headers=client.login("jdoe"))
    assert response.status_code == 400
    error = response.get_json()
    assert error["code"] == "deploy.invalid.run.as.user"
    assert error["message"].startswith("INVALID_ARGUMENT: Some or all users provided")
    assert field in error["details"]


def test_a_run_as_user_from_the_run_as_user_list_is_taken(client: CheckedClient) -> None:
    """What `/v1/devices/runasusers/list` lists (apitaskrunner, 12, among them) is what a client
    deploys as."""
    headers = client.login("jdoe")
    listed = client.post("/v1/devices/runasusers/list", json={}, headers=headers).get_json()
    runner = next(u for u in listed["list"] if u["username"] == "apitaskrunner")
    body = headless(149, ZIP_INPUT, sharedRunAsUserId=runner["id"])
    response = client.post("/v4/automations/deploy", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    activity = client.post("/v3/activity/list", json={}, headers=headers).get_json()
    assert [(r["userId"], r["userName"]) for r in activity["list"]] == [
        (str(runner["id"]), "apitaskrunner")
    ]


def test_a_disabled_run_as_user_is_refused(make_app: AppFactory) -> None:
    from scenario_text import PREAMBLE

    text = PREAMBLE.replace(
        "tasks:\n",
        '  - {id: "5", username: gone, password: x, disabled: true}\n'
        'tasks:\n  - {fileId: 7, path: "Bots\\\\T"}\n',
    )
    client = make_app(yaml_text=text).test_client()
    response = client.post(
        "/v4/automations/deploy",
        json=headless(7, sharedRunAsUserId="5"),
        headers=client.login("jdoe"),
    )
    assert response.status_code == 400 and response.get_json()["details"] == (
        "headlessRequest.sharedRunAsUserId"
    )


def test_a_user_without_the_deploy_right_is_403(client: CheckedClient) -> None:
    response = client.post(
        "/v4/automations/deploy", json=headless(149, ZIP_INPUT), headers=client.login("viewer")
    )
    assert response.status_code == 403
    assert "deployApiTasks" in response.get_json()["message"]
    activity = client.post("/v3/activity/list", json={}, headers=client.login("viewer"))
    assert activity.status_code == 403


def test_deploy_needs_a_token(client: CheckedClient) -> None:
    response = client.post("/v4/automations/deploy", json=headless(149, ZIP_INPUT))
    assert response.status_code == 401 and response.get_json()["code"] == "UM1117"


def test_deploys_are_journalled_with_their_operation_and_task(client: CheckedClient) -> None:
    deploy(client, headless(149, ZIP_INPUT))
    control = control_of(client.application)
    from mockserver.core.verification import RequestPattern

    assert (
        control.count_requests(RequestPattern(operation="deployAutomationV4", task=149)).count == 1
    )
    [entry] = [e for e in control.requests() if e.operation == "deployAutomationV4"]
    assert entry.user == "jdoe" and entry.status == 200
