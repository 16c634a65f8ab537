"""The activity list: AA's filter language, sort and paging, and the empty filters AA documents
as "retrieve all"."""

from typing import Any

import pytest

from conftest import CheckedClient
from ondemand_steps import ZIP_INPUT, advance, deploy, headless


@pytest.fixture
def three(client: CheckedClient) -> list[str]:
    """Three deployments a second apart: 149 (completed), 250 (completed), 149 (queued)."""
    first = deploy(client, headless(149, ZIP_INPUT))
    advance(client, 1)
    second = deploy(client, headless(250), "admin")
    advance(client, 1)
    third = deploy(client, headless(149, ZIP_INPUT))
    return [first, second, third]


def listing(client: CheckedClient, body: Any, version: str = "v3") -> dict[str, Any]:
    response = client.post(f"/{version}/activity/list", json=body, headers=client.login("jdoe"))
    assert response.status_code == 200, response.get_json()
    found: dict[str, Any] = response.get_json()
    return found


def deployments(found: dict[str, Any]) -> list[str]:
    return [item["deploymentId"] for item in found["list"]]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"filter": None, "sort": None, "page": None},
        {"filter": {}},
        {"filter": {"operator": "and", "operands": []}, "page": None, "sort": None},
        {"filter": {"operator": "NONE"}, "page": {"offset": 0, "length": 0}},
    ],
)
def test_an_empty_filter_lists_everything_newest_first(
    client: CheckedClient, three: list[str], body: Any
) -> None:
    found = listing(client, body)
    assert deployments(found) == three[::-1]
    assert found["page"] == {"offset": 0, "total": 3, "totalFilter": 3}


def test_filters(client: CheckedClient, three: list[str]) -> None:
    by_status = {"operator": "eq", "field": "status", "value": "COMPLETED"}
    assert deployments(listing(client, {"filter": by_status})) == three[1::-1]
    by_file = {"operator": "eq", "field": "fileId", "value": "250"}
    found = listing(client, {"filter": by_file})
    assert deployments(found) == [three[1]]
    assert found["page"] == {"offset": 0, "total": 3, "totalFilter": 1}
    both = {
        "operator": "and",
        "operands": [
            {"operator": "eq", "field": "fileId", "value": 149},
            {"operator": "ne", "field": "status", "value": "COMPLETED"},
        ],
    }
    assert deployments(listing(client, {"filter": both})) == [three[2]]
    either = {
        "operator": "or",
        "operands": [
            {"operator": "eq", "field": "deploymentId", "value": three[0]},
            {"operator": "substring", "field": "userName", "value": "TASKRUN"},
        ],
    }
    assert len(listing(client, {"filter": either})["list"]) == 3
    # Times compare as times, sent as ISO 8601 (any precision) or as epoch milliseconds.
    since = {"operator": "ge", "field": "startDateTime", "value": "2025-06-15T15:06:41Z"}
    assert deployments(listing(client, {"filter": since})) == three[:0:-1]
    before = {"operator": "lt", "field": "createdOn", "value": 1_750_000_000_500}
    assert deployments(listing(client, {"filter": before})) == three[:1]


def test_sort_and_paging(client: CheckedClient, three: list[str]) -> None:
    oldest_first = [{"field": "startDateTime", "direction": "asc"}]
    page = listing(client, {"sort": oldest_first, "page": {"offset": 1, "length": 1}})
    assert deployments(page) == [three[1]]
    assert page["page"] == {"offset": 1, "total": 3, "totalFilter": 3}
    by_file = [{"field": "fileId", "direction": "desc"}, {"field": "createdOn", "direction": "asc"}]
    assert deployments(listing(client, {"sort": by_file})) == [three[1], three[0], three[2]]


def test_items_carry_aas_fields(client: CheckedClient, three: list[str]) -> None:
    item = listing(client, {"filter": {"operator": "eq", "field": "fileId", "value": "250"}})[
        "list"
    ][0]
    assert item["fileName"] == "Not Yet Allocated"
    assert (item["activityType"], item["initiationType"], item["type"]) == (
        "API_TASK",
        "API",
        "API",
    )
    assert item["createdBy"] == "9" and item["tenantUuid"] == "0a665343-88e9-17be-8189-936dad5d0144"
    assert item["canManage"] is False and item["automationPriority"] == "PRIORITY_MEDIUM"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"filter": {"operator": "eq", "field": "color", "value": "x"}}, "filter.field"),
        ({"filter": {"operator": "like", "field": "status", "value": "x"}}, "filter.operator"),
        ({"sort": [{"field": "color"}]}, "sort[0].field"),
        ({"filter": {"operator": "gt", "field": "endDateTime", "value": "soon"}}, "filter.value"),
        ({"page": {"offset": -1}}, "page.offset"),
        ({"page": {"length": 10001}}, "page.length"),
    ],
)
def test_bad_lists_are_400_naming_the_field(client: CheckedClient, body: Any, where: str) -> None:
    response = client.post("/v3/activity/list", json=body, headers=client.login("jdoe"))
    assert response.status_code == 400
    assert where in response.get_json()["message"]


def test_the_older_list_takes_the_same_request(client: CheckedClient, three: list[str]) -> None:
    found = listing(
        client, {"filter": {"operator": "eq", "field": "status", "value": "QUEUED"}}, "v2"
    )
    assert deployments(found) == [three[2]]
    assert found["list"][0]["botOutVariables"] == {"values": {}}


def test_a_poll_by_deployment_counts_every_run(client: CheckedClient, three: list[str]) -> None:
    by_id = {"operator": "eq", "field": "deploymentId", "value": three[1]}
    found = listing(client, {"filter": by_id})
    assert deployments(found) == [three[1]]
    assert found["page"] == {"offset": 0, "total": 3, "totalFilter": 1}
    unknown = {**by_id, "value": "00000000-0000-4000-8000-000000000000"}
    assert listing(client, {"filter": unknown})["page"] == {
        "offset": 0,
        "total": 3,
        "totalFilter": 0,
    }
    narrowed = {
        "operator": "and",
        "operands": [by_id, {"operator": "eq", "field": "status", "value": "QUEUED"}],
    }
    assert listing(client, {"filter": narrowed})["list"] == []
    still_checked = {"operator": "and", "operands": [by_id, {"operator": "eq", "field": "colour"}]}
    response = client.post(
        "/v3/activity/list", json={"filter": still_checked}, headers=client.login("jdoe")
    )
    assert response.status_code == 400
