"""AllocationService: pages, AA's filter and sort, and allocating."""

import pytest

from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import ApiError


def file_ids(control_room: ControlRoom, **kwargs: object) -> list[int]:
    page = control_room.allocations.list_allocations(
        int(str(kwargs.get("offset", 0))),
        int(str(kwargs.get("length", 100))),
        kwargs.get("filter"),
        kwargs.get("sort"),
    )
    return [item.task.file_id for item in page.items]


def test_a_page_counts_every_allocation(control_room: ControlRoom) -> None:
    page = control_room.allocations.list_allocations(1, 2)
    assert [i.task.file_id for i in page.items] == [180, 201]
    assert (page.offset, page.total, page.total_filter) == (1, 4, 4)


def test_filter_and_sort(control_room: ControlRoom) -> None:
    page = control_room.allocations.list_allocations(
        0, 100, {"operator": "gt", "field": "concurrencyLimit", "value": 1}
    )
    assert [i.task.file_id for i in page.items] == [180, 201, 233]
    assert (page.total, page.total_filter) == (4, 3)
    by_limit = [{"field": "concurrencyLimit", "direction": "desc"}]
    assert file_ids(control_room, sort=by_limit) == [233, 180, 201, 149]


def test_allocating_adds_or_replaces(control_room: ControlRoom) -> None:
    allocations = control_room.allocations
    assert allocations.allocated_task(250) is None
    allocation = allocations.create_allocation(250, None, 2)
    found = allocations.allocated_task(250)
    assert found is not None and found.allocation == allocation
    allocations.create_allocation(149, 3, 4)
    replaced = allocations.allocated_task(149)
    assert replaced is not None and replaced.allocation.run_as_user == 3
    assert file_ids(control_room)[-1] == 250


def test_allocating_for_an_unknown_run_as_user_is_400(control_room: ControlRoom) -> None:
    with pytest.raises(ApiError) as caught:
        control_room.allocations.create_allocation(149, 7, 4)
    assert (caught.value.status, caught.value.code) == (400, "runasuser.not.found")
    assert caught.value.details == "runAsUserOrNone"


def test_allocating_a_task_the_repository_lacks_is_404(control_room: ControlRoom) -> None:
    with pytest.raises(ApiError) as caught:
        control_room.allocations.create_allocation(999, None, 1)
    assert (caught.value.status, caught.value.code) == (404, "hotbot.file.not.found")


def test_a_reset_forgets_what_was_allocated(control_room: ControlRoom) -> None:
    control_room.allocations.create_allocation(250, None, 1)
    control_room.reset()
    assert control_room.allocations.allocated_task(250) is None
