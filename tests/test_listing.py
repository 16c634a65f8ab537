"""AA's list request read once (core/listing.py): what absent, null and empty parts mean, the
default page and order, the profile's cap, and 400s that name the field."""

from typing import Any

import pytest

from mockserver.core.errors import ApiError
from mockserver.core.filters import Row
from mockserver.core.listing import DEFAULT_PAGE_LENGTH, read_list_request

FIELDS: dict[str, type] = {"id": int, "name": str, "ready": bool}
ROWS: list[Row] = [{"id": i, "name": f"n{i}", "ready": i % 2 == 0} for i in range(1, 251)]


def page_ids(body: Any, cap: int | None = None) -> tuple[list[int], int, int]:
    query = read_list_request(body, FIELDS, length_cap=cap)
    page = query.page([(row, int(str(row["id"]))) for row in ROWS])
    return page.items, page.total, page.total_filter


@pytest.mark.parametrize(
    "body",
    [None, {}, {"filter": None, "sort": None, "page": None}, {"page": {"length": 0}}, []],
)
def test_nothing_asked_is_the_default_page_by_id_descending(body: Any) -> None:
    items, total, kept = page_ids(body)
    assert items == list(range(250, 250 - DEFAULT_PAGE_LENGTH, -1))
    assert (total, kept) == (250, 250)


def test_filter_sort_then_page() -> None:
    body = {
        "filter": {"operator": "eq", "field": "ready", "value": "true"},
        "sort": [{"field": "id", "direction": "asc"}],
        "page": {"offset": 2.0, "length": 3},
    }
    assert page_ids(body) == ([6, 8, 10], 250, 125)


@pytest.mark.parametrize(
    "page, field",
    [
        ({"offset": -1}, "page.offset"),
        ({"length": 2.5}, "page.length"),
        ({"length": True}, "page.length"),
        ({"length": float("inf")}, "page.length"),
        ({"offset": "3"}, "page.offset"),
        ("all", "page"),
    ],
)
def test_bad_pages_name_the_field(page: Any, field: str) -> None:
    with pytest.raises(ApiError) as caught:
        read_list_request({"page": page}, FIELDS, length_cap=None)
    assert caught.value.status == 400 and caught.value.details == field


def test_the_cap_applies_only_where_set() -> None:
    assert len(page_ids({"page": {"length": 250}})[0]) == 250
    with pytest.raises(ApiError, match="maximum of 100") as caught:
        page_ids({"page": {"length": 101}}, cap=100)
    assert caught.value.details == "page.length"
