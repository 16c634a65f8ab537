"""The repository and the bot interface under every profile: workspace and folder lists with AA's
filter, sort and page, one file's details, an API Task's variables, who may see what, and 4xx
bodies that name the field. Every answer is checked against the profile's spec by the client."""

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import AppFactory, CheckedClient, open_client
from mockserver.core.faults import FaultSpec
from mockserver.core.verification import RequestPattern
from mockserver.http.emulated import control_of

PUBLIC = "/v2/repository/workspaces/public/files/list"
PRIVATE = "/v2/repository/workspaces/private/files/list"
API_TASK = "application/vnd.aa.headlessbot"
FOLDER = "application/vnd.aa.directory"
# The default scenario's public repository: five API Tasks, three other files and the folders on
# their paths (Automation Anywhere, Bots, CRM, Drafts, Finance); jdoe also has a private draft.
API_TASK_IDS = [149, 180, 201, 233, 250]


@pytest.fixture
def client(make_app: AppFactory, profile: str) -> Iterator[CheckedClient]:
    with open_client(make_app(profile=profile)) as test_client:
        assert isinstance(test_client, CheckedClient)
        yield test_client


def listed(
    client: CheckedClient, body: dict[str, Any], path: str = PUBLIC, user: str = "jdoe"
) -> dict[str, Any]:
    response = client.post(path, json=body, headers=client.login(user))
    assert response.status_code == 200, response.get_json()
    data: dict[str, Any] = response.get_json()
    return data


def ids(data: dict[str, Any]) -> list[int]:
    return [int(item["id"]) for item in data["list"]]


def by_name(client: CheckedClient, name: str) -> dict[str, Any]:
    found = listed(client, {"filter": {"operator": "eq", "field": "name", "value": name}})
    assert len(found["list"]) == 1, found
    item: dict[str, Any] = found["list"][0]
    return item


def test_the_public_workspace_lists_every_file_and_folder_by_id_descending(
    client: CheckedClient,
) -> None:
    data = listed(client, {})
    assert data["page"] == {"offset": 0, "total": 13, "totalFilter": 13}
    assert ids(data) == sorted(ids(data), reverse=True)  # AA's default order
    zip_task = next(item for item in data["list"] if item["id"] == "149")
    assert zip_task["name"] == "Zip Code API Task" and zip_task["type"] == API_TASK
    assert zip_task["path"] == "Automation Anywhere\\Bots\\Zip Code API Task"
    assert zip_task["folder"] is False and zip_task["workspaceType"] == "PUBLIC"
    assert 310 not in ids(data)  # jdoe's private draft


def test_api_tasks_are_found_as_the_browser_extension_searches(client: CheckedClient) -> None:
    search = {
        "sort": [{"field": "name", "direction": "asc"}],
        "filter": {
            "operator": "and",
            "operands": [
                {"operator": "substring", "field": "name", "value": "task"},
                {"operator": "eq", "field": "type", "value": API_TASK},
            ],
        },
        "page": {"offset": 0, "length": 100},
    }
    data = listed(client, search)
    assert [item["name"] for item in data["list"]] == [
        "API_task_String 01 1708025672.bot",
        "Zip Code API Task",
    ]
    assert data["page"]["totalFilter"] == 2 and data["page"]["total"] == 13


def test_parents_sizes_and_dates_come_from_the_path_and_the_seed(
    client: CheckedClient, make_app: AppFactory, profile: str
) -> None:
    invoice = by_name(client, "Invoice Total")
    finance = by_name(client, "Finance")
    bots = by_name(client, "Bots")
    top = by_name(client, "Automation Anywhere")
    assert invoice["parentId"] == finance["id"] and finance["parentId"] == bots["id"]
    assert bots["parentId"] == top["id"] and top["parentId"] == "0"
    assert finance["folder"] is True and finance["type"] == FOLDER
    assert finance["path"] == "Automation Anywhere\\Bots\\Finance"
    assert int(invoice["size"]) > 0 and invoice["lastModified"].endswith("Z")
    # The same seed gives the same sizes and dates; another seed other ones.
    with open_client(make_app(profile=profile)) as again:
        assert by_name(again, "Invoice Total") == invoice
    with open_client(make_app(profile=profile, seed=7)) as other:
        reseeded = by_name(other, "Invoice Total")
    assert reseeded["size"] != invoice["size"] and reseeded["id"] == invoice["id"]


def test_pages_of_100_until_total_filter_reach_everything(make_app: AppFactory) -> None:
    with open_client(make_app("large-tenant")) as client:
        seen: list[int] = []
        offset, total = 0, None
        while total is None or offset < total:
            page = listed(
                client,
                {
                    "filter": {"operator": "eq", "field": "type", "value": API_TASK},
                    "page": {"offset": offset, "length": 100},
                },
            )
            seen += ids(page)
            offset += len(page["list"])
            total = page["page"]["totalFilter"]
    assert len(seen) == len(set(seen)) == 270 and total == 270


def test_the_private_workspace_holds_the_callers_own_files(client: CheckedClient) -> None:
    mine = listed(client, {}, PRIVATE, user="jdoe")
    assert sorted(item["name"] for item in mine["list"]) == ["Scratch", "Zip Lookup Draft"]
    assert {item["workspaceType"] for item in mine["list"]} == {"PRIVATE"}
    assert listed(client, {}, PRIVATE, user="admin")["list"] == []
    draft = client.get("/v2/repository/files/310", headers=client.login("admin"))
    assert draft.status_code == 404  # another user's private file is not there for admin


def test_a_folder_lists_its_own_files_and_sub_folders(client: CheckedClient) -> None:
    finance = by_name(client, "Finance")
    response = client.post(
        f"/v2/repository/folders/{finance['id']}/list",
        json={"sort": [{"field": "name", "direction": "asc"}]},
        headers=client.login("jdoe"),
    )
    assert response.status_code == 200
    assert [item["name"] for item in response.get_json()["list"]] == [
        "Invoice Total",
        "Monthly Close",
        "Rates.xlsx",
    ]
    bots = by_name(client, "Bots")
    folders = client.post(
        f"/v2/repository/folders/{bots['id']}/list",
        json={"filter": {"operator": "eq", "field": "folder", "value": True}},
        headers=client.login("jdoe"),
    ).get_json()
    assert sorted(item["name"] for item in folders["list"]) == [
        "CRM",
        "Drafts",
        "Finance",
        "Scratch",  # jdoe's own
    ]


def test_one_file_or_folder_by_id(client: CheckedClient) -> None:
    headers = client.login("jdoe")
    task = client.get("/v2/repository/files/233", headers=headers)
    assert task.status_code == 200 and task.get_json()["name"] == "Customer Lookup"
    folder_id = task.get_json()["parentId"]
    folder = client.get(f"/v2/repository/files/{folder_id}", headers=headers).get_json()
    assert folder["name"] == "CRM" and folder["folder"] is True
    missing = client.get("/v2/repository/files/999", headers=headers)
    assert missing.status_code == 404 and "999" in missing.get_json()["message"]


def test_an_api_tasks_interface_is_its_declared_inputs_and_outputs(client: CheckedClient) -> None:
    response = client.get("/v1/filecontent/201/interface", headers=client.login("jdoe"))
    assert response.status_code == 200
    assert response.get_json()["variables"] == [
        {
            "name": "iNumAmount",
            "description": "The invoice amount before tax",
            "type": "NUMBER",
            "input": True,
            "output": False,
        },
        {
            "name": "iNumTaxRate",
            "description": "The tax rate",
            "type": "NUMBER",
            "input": True,
            "output": False,
            "defaultValue": {"type": "NUMBER", "number": "0.2"},
        },
        {
            "name": "iBoolRound",
            "description": "Round the total to a whole number",
            "type": "BOOLEAN",
            "input": True,
            "output": False,
            "defaultValue": {"type": "BOOLEAN", "boolean": "false"},
        },
        {"name": "Total", "description": "", "type": "NUMBER", "input": False, "output": True},
        {"name": "Currency", "description": "", "type": "STRING", "input": False, "output": True},
    ]


def test_interface_of_other_files(client: CheckedClient) -> None:
    finance = by_name(client, "Finance")["id"]
    headers = client.login("jdoe")  # jdoe's new login ends the one by_name made
    draft = client.get("/v1/filecontent/250/interface", headers=headers).get_json()
    assert [(v["name"], v["input"], v["output"]) for v in draft["variables"]] == [
        ("Status", False, True)
    ]
    bot = client.get("/v1/filecontent/301/interface", headers=headers)
    assert bot.status_code == 200 and bot.get_json() == {"variables": []}
    for not_a_bot in ("303", finance):
        response = client.get(f"/v1/filecontent/{not_a_bot}/interface", headers=headers)
        assert response.status_code == 404
        assert response.get_json()["code"] == "repository.not.a.bot"


def test_who_may_see_the_repository_follows_the_roles(client: CheckedClient) -> None:
    viewer = client.login("viewer")
    for method, path in (
        ("POST", PUBLIC),
        ("POST", "/v2/repository/folders/1/list"),
        ("GET", "/v2/repository/files/149"),
        ("GET", "/v1/filecontent/149/interface"),
    ):
        response = client.open(path, method=method, json={}, headers=viewer)
        assert response.status_code == 403, path
        body = response.get_json()
        assert body["code"] == "access.denied" and "viewer" in body["message"]
    assert client.post(PUBLIC, json={}).get_json()["code"] == "UM1117"


def test_the_interface_needs_its_own_grant(make_app: AppFactory) -> None:
    from mockserver.core.resources import scenarios_dir

    text = (scenarios_dir() / "default.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "grants: [accessDetails, deployApiTasks, viewRepository, viewBotInterface, viewDevices]",
        "grants: [accessDetails, viewRepository]",
    )
    assert "grants: [accessDetails, viewRepository]" in text  # the replacement took
    with open_client(make_app(yaml_text=text)) as client:
        headers = client.login("jdoe")
        assert client.post(PUBLIC, json={}, headers=headers).status_code == 200
        denied = client.get("/v1/filecontent/149/interface", headers=headers)
        assert denied.status_code == 403 and "viewBotInterface" in denied.get_json()["message"]


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/v2/repository/folders/abc/list", {}, "folderId"),
        ("/v2/repository/folders/-1/list", {}, "folderId"),
        ("/v2/repository/workspaces/shared/files/list", {}, "workspaceType"),
        (PUBLIC, {"filter": {"operator": "eq", "field": "owner", "value": "x"}}, "filter.field"),
        (PUBLIC, {"filter": {"operator": "eq", "field": "folder", "value": "yes"}}, "filter.value"),
        (PUBLIC, {"sort": [{"field": "name", "direction": "up"}]}, "sort[0].direction"),
        (PUBLIC, {"page": {"offset": -1}}, "page.offset"),
        (PUBLIC, {"page": {"length": -5}}, "page.length"),
    ],
)
def test_bad_requests_are_400_naming_the_field(
    client: CheckedClient, path: str, body: dict[str, Any], field: str
) -> None:
    response = client.post(path, json=body, headers=client.login("jdoe"))
    assert response.status_code == 400
    assert field in response.get_json()["message"]


def test_unknown_folder_is_404(client: CheckedClient) -> None:
    response = client.post("/v2/repository/folders/149/list", json={}, headers=client.login("jdoe"))
    assert response.status_code == 404 and "149" in response.get_json()["message"]


def test_faults_can_be_injected_on_discovery_operations(make_app: AppFactory) -> None:
    app = make_app(profile="a360")
    client = open_client(app)
    control_of(app).inject_fault(FaultSpec(operation="getBotInterface", status=503, count=1))
    headers = client.login("jdoe")
    failed = client.get("/v1/filecontent/149/interface", headers=headers)
    assert failed.status_code == 503
    assert client.get("/v1/filecontent/149/interface", headers=headers).status_code == 200
    journal = control_of(app).requests(RequestPattern(path="/interface"))
    assert [(e.operation, e.status) for e in journal] == [
        ("getBotInterface", 503),
        ("getBotInterface", 200),
    ]
