"""AA's filter and sort language on rows, and where each mistake is reported."""

from typing import Any

import pytest

from mockserver.core.errors import ApiError
from mockserver.core.filters import compile_filter, compile_sort, sort_rows

FIELDS: dict[str, type] = {"fileId": int, "fileName": str, "runAsUserOrNone": int}
ROWS: list[dict[str, Any]] = [
    {"fileId": 149, "fileName": "Zip Code API Task", "runAsUserOrNone": 12},
    {"fileId": 180, "fileName": "API_task_String", "runAsUserOrNone": 12},
    {"fileId": 201, "fileName": "Invoice Total", "runAsUserOrNone": None},
]


def kept(filter_doc: Any) -> list[int]:
    matches = compile_filter(filter_doc, FIELDS)
    return [row["fileId"] for row in ROWS if matches(row)]


@pytest.mark.parametrize(
    "filter_doc, file_ids",
    [
        (None, [149, 180, 201]),
        ({"operator": "NONE"}, [149, 180, 201]),
        ({"operator": "eq", "field": "fileId", "value": "180"}, [180]),  # a digit string
        ({"operator": "gt", "field": "fileId", "value": 150}, [180, 201]),
        ({"operator": "substring", "field": "fileName", "value": "TASK"}, [149, 180]),
        ({"operator": "ne", "field": "runAsUserOrNone", "value": 12}, [201]),  # absent differs
        ({"operator": "eq", "field": "runAsUserOrNone", "value": 12}, [149, 180]),
        (
            {
                "operator": "and",
                "operands": [
                    {"operator": "ge", "field": "fileId", "value": 149},
                    {
                        "operator": "not",
                        "operands": [{"operator": "eq", "field": "fileId", "value": 180}],
                    },
                ],
            },
            [149, 201],
        ),
        (
            {
                "operator": "or",
                "operands": [
                    {"operator": "eq", "field": "fileId", "value": 149},
                    {"operator": "eq", "field": "fileName", "value": "Invoice Total"},
                ],
            },
            [149, 201],
        ),
    ],
)
def test_filters_keep_the_rows_they_describe(filter_doc: Any, file_ids: list[int]) -> None:
    assert kept(filter_doc) == file_ids


@pytest.mark.parametrize(
    "filter_doc, where",
    [
        ("fileId = 1", "filter"),
        ({"operator": "like"}, "filter.operator"),
        ({"operator": "eq", "field": "path", "value": 1}, "filter.field"),
        ({"operator": "eq", "field": "fileId"}, "filter.value"),
        ({"operator": "eq", "field": "fileId", "value": "abc"}, "filter.value"),
        ({"operator": "eq", "field": "fileName", "value": 3}, "filter.value"),
        ({"operator": "and", "operands": []}, "filter.operands"),
        ({"operator": "not", "operands": [{"operator": "NONE"}] * 2}, "filter.operands"),
        ({"operator": "or", "operands": [{"operator": "x"}]}, "filter.operands[0].operator"),
    ],
)
def test_a_mistake_is_a_400_that_says_where(filter_doc: Any, where: str) -> None:
    with pytest.raises(ApiError) as caught:
        compile_filter(filter_doc, FIELDS)
    assert (caught.value.status, caught.value.details) == (400, where)
    assert caught.value.message.startswith(where + ":")


def test_sort_by_several_keys_with_absent_values_last() -> None:
    keys = compile_sort(
        [
            {"field": "runAsUserOrNone", "direction": "asc"},
            {"field": "fileId", "direction": "DESC"},
        ],
        FIELDS,
    )
    assert [r["fileId"] for r in sort_rows(ROWS, keys, FIELDS)] == [180, 149, 201]
    assert compile_sort(None, FIELDS) == []


@pytest.mark.parametrize(
    "sort_doc, where",
    [
        ({"field": "fileId"}, "sort"),
        (["fileId"], "sort[0]"),
        ([{"field": "size"}], "sort[0].field"),
        ([{"field": "fileId", "direction": "up"}], "sort[0].direction"),
    ],
)
def test_a_sort_mistake_says_where(sort_doc: Any, where: str) -> None:
    with pytest.raises(ApiError) as caught:
        compile_sort(sort_doc, FIELDS)
    assert caught.value.details == where
