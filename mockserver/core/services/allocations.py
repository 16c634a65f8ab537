"""Real-time allocations: list them with AA's filter and sort, and create them. AA's docs:
https://docs.automationanywhere.com/bundle/enterprise-v2019/page/list-api-task-allocation.html"""

from typing import Any

from mockserver.core.discovery.devices import DeviceService
from mockserver.core.errors import not_found
from mockserver.core.filters import Row, compile_filter, compile_sort, sort_rows
from mockserver.core.results import AllocatedTask, AllocationPage
from mockserver.core.scenarios.model import Allocation, ApiTask
from mockserver.core.tenant import Tenant

# The fields AA's filter and sort may name on the allocation list, and how they compare.
ALLOCATION_FIELDS: dict[str, type] = {
    "fileId": int,
    "fileName": str,
    "filePath": str,
    "runAsUserOrNone": int,
    "concurrencyLimit": int,
}


def _allocation_row(task: ApiTask, allocation: Allocation) -> Row:
    return {
        "fileId": task.file_id,
        "fileName": task.name,
        "filePath": task.path,
        "runAsUserOrNone": allocation.run_as_user,
        "concurrencyLimit": allocation.concurrency_limit,
    }


class AllocationService:
    def __init__(self, tenant: Tenant, devices: DeviceService):
        self._tenant = tenant
        self._devices = devices

    def list_allocations(
        self, offset: int, length: int, filter_doc: Any = None, sort_doc: Any = None
    ) -> AllocationPage:
        """POST .../hotbot/config: AA's filter and sort, then the page. `total` counts every
        allocation, `total_filter` what the filter kept."""
        matches = compile_filter(filter_doc, ALLOCATION_FIELDS)
        order = compile_sort(sort_doc, ALLOCATION_FIELDS)
        state = self._tenant.state()
        allocations = state.allocations()
        scenario = state.scenario
        if filter_doc is None and not order:
            # Only the requested page is looked up (a large tenant has hundreds of allocations).
            items = [
                AllocatedTask(task, allocation)
                for file_id, allocation in allocations[offset : offset + length]
                if (task := scenario.task_by_file_id(file_id)) is not None
            ]
            return AllocationPage(items, offset, len(allocations), len(allocations))
        by_id: dict[int, AllocatedTask] = {}
        rows = []
        for file_id, allocation in allocations:
            task = scenario.task_by_file_id(file_id)
            if task is not None:
                by_id[file_id] = AllocatedTask(task, allocation)
                rows.append(_allocation_row(task, allocation))
        kept = sort_rows([row for row in rows if matches(row)], order, ALLOCATION_FIELDS)
        items = [by_id[int(str(row["fileId"]))] for row in kept]
        return AllocationPage(items[offset : offset + length], offset, len(allocations), len(kept))

    def create_allocation(
        self, file_id: int, run_as_user: int | None, concurrency_limit: int
    ) -> Allocation:
        """PUT /orchestrator/v1/hotbot/config/create; allocating again replaces the allocation."""
        state = self._tenant.state()
        if state.scenario.task_by_file_id(file_id) is None:
            raise not_found(
                f"No API Task with fileId {file_id} in the repository",
                code="hotbot.file.not.found",
            )
        if run_as_user is not None:
            self._devices.check_run_as_user(run_as_user)
        allocation = state.with_default_run_as_user(
            Allocation(run_as_user=run_as_user, concurrency_limit=concurrency_limit)
        )
        state.allocate(file_id, allocation)
        return allocation

    def allocated_task(self, file_id: int) -> AllocatedTask | None:
        return self._tenant.state().allocated_task(file_id)
