"""AA's filter and sort language on the allocation list: operators, nesting, ids as strings or
numbers, sort order, totals, paging after filter and sort, and 400s that name the location."""

from typing import Any

import pytest

from conftest import CheckedClient

LIST = "/orchestrator/v1/hotbot/config"
# The default scenario's allocations: fileId -> (runAsUserOrNone, concurrencyLimit)
#   149 Zip Code API Task (12, 1), 180 API_task_String ... (12, 3), 201 Invoice Total (-, 2),
#   233 Customer Lookup (12, 5); 250 is in the repository but not allocated.


def listed(client: CheckedClient, **body: Any) -> tuple[list[int], dict[str, int]]:
    response = client.post(LIST, json=body, headers=client.login())
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    return [item["fileId"] for item in data["list"]], data["page"]


def eq(field: str, value: Any) -> dict[str, Any]:
    return {"operator": "eq", "field": field, "value": value}


@pytest.mark.parametrize("value", ["149", 149])
def test_the_documented_filter_body(client: CheckedClient, value: Any) -> None:
    ids, page = listed(client, filter=eq("fileId", value))
    assert ids == [149]
    assert page == {"offset": 0, "total": 4, "totalFilter": 1}


def test_substring_ignores_case_and_takes_no_wildcards(client: CheckedClient) -> None:
    ids, _ = listed(client, filter={"operator": "substring", "field": "fileName", "value": "TASK"})
    assert ids == [149, 180]
    none, page = listed(
        client, filter={"operator": "substring", "field": "fileName", "value": "T*sk"}
    )
    assert none == [] and page["totalFilter"] == 0


def test_numbers_compare_as_numbers(client: CheckedClient) -> None:
    ids, _ = listed(client, filter={"operator": "lt", "field": "fileId", "value": "200"})
    assert ids == [149, 180]
    ids, _ = listed(client, filter={"operator": "ge", "field": "concurrencyLimit", "value": 3})
    assert ids == [180, 233]
    ids, _ = listed(client, filter=eq("runAsUserOrNone", "12"))
    assert ids == [149, 180, 233]
    ids, _ = listed(client, filter={"operator": "ne", "field": "runAsUserOrNone", "value": 12})
    assert ids == [201]


def test_and_or_not_nest_to_any_depth(client: CheckedClient) -> None:
    nested = {
        "operator": "or",
        "operands": [
            eq("concurrencyLimit", 1),
            {
                "operator": "and",
                "operands": [
                    {"operator": "gt", "field": "concurrencyLimit", "value": 2},
                    {
                        "operator": "not",
                        "operands": [
                            {"operator": "substring", "field": "filePath", "value": "crm"}
                        ],
                    },
                ],
            },
        ],
    }
    ids, page = listed(client, filter=nested)
    assert ids == [149, 180] and page["totalFilter"] == 2
    ids, _ = listed(client, filter={"operator": "NONE"})
    assert ids == [149, 180, 201, 233]


def test_sort_applies_in_order_with_absent_values_last(client: CheckedClient) -> None:
    ids, _ = listed(client, sort=[{"field": "concurrencyLimit", "direction": "desc"}])
    assert ids == [233, 180, 201, 149]
    ids, _ = listed(
        client,
        sort=[
            {"field": "runAsUserOrNone", "direction": "asc"},
            {"field": "fileId", "direction": "desc"},
        ],
    )
    assert ids == [233, 180, 149, 201]
    ids, _ = listed(client, sort=[{"field": "fileName", "direction": "asc"}])
    assert ids == [180, 233, 201, 149]


def test_paging_applies_after_filter_and_sort(client: CheckedClient) -> None:
    ids, page = listed(
        client,
        filter={"operator": "ne", "field": "fileId", "value": "149"},
        sort=[{"field": "fileId", "direction": "desc"}],
        page={"offset": 1, "length": 1},
    )
    assert ids == [201]
    assert page == {"offset": 1, "total": 4, "totalFilter": 3}


@pytest.mark.parametrize(
    "body, location",
    [
        (
            {"filter": {"operator": "and", "operands": [eq("fileId", 1), {"operator": "like"}]}},
            "filter.operands[1].operator",
        ),
        ({"filter": eq("owner", "x")}, "filter.field"),
        ({"filter": {"operator": "or", "operands": []}}, "filter.operands"),
        ({"filter": {"operator": "and"}}, "filter.operands"),
        ({"filter": {"operator": "eq", "field": "fileId"}}, "filter.value"),
        ({"filter": eq("fileId", "abc")}, "filter.value"),
        ({"filter": {"operator": "not", "operands": [eq("fileId", 1)] * 2}}, "filter.operands"),
        ({"sort": [{"field": "size", "direction": "asc"}]}, "sort[0].field"),
        ({"sort": [{"field": "fileId", "direction": "up"}]}, "sort[0].direction"),
    ],
)
def test_bad_filters_are_400_naming_the_location(
    client: CheckedClient, body: dict[str, Any], location: str
) -> None:
    response = client.post(LIST, json=body, headers=client.login())
    assert response.status_code == 400
    error = response.get_json()
    assert location in error["message"] and error["details"] == location
