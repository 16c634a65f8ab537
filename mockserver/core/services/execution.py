"""Real-time execution: access details hand out execution URLs and tokens; an execution URL runs
its API Task through the engine. AA's docs:
https://docs.automationanywhere.com/bundle/enterprise-v2019/page/execute-api-task-real-time-endpoint.html"""

from collections.abc import Mapping, Sequence
from typing import Any

from mockserver.core import engine
from mockserver.core.errors import ApiError, bad_request, not_found, unauthorized
from mockserver.core.limits import MAX_REPOSITORY_PATHS, echo
from mockserver.core.results import (
    AccessDetails,
    AllocatedTask,
    Caller,
    ExecutionAccess,
    HeaderLookup,
    execution_path,
)
from mockserver.core.scenarios.model import User
from mockserver.core.tenant import Tenant
from mockserver.core.values import PyValue

# AA's swagger's text for a hotbot that is not there (its 404 on the execution URL).
NOT_CONFIGURED = (
    "The hotbot service is not configured. Was the allocation created correctly? "
    "Check for 'API Task Warmup completed' event in audit log."
)


def _check_paths(paths: Sequence[str]) -> None:
    if not paths:
        raise bad_request(
            "botRepositoryPath must list at least one repository path", details="botRepositoryPath"
        )
    if len(paths) > MAX_REPOSITORY_PATHS:
        raise bad_request(
            f"botRepositoryPath lists {len(paths)} paths; the mock takes at most "
            f"{MAX_REPOSITORY_PATHS} per request",
            details="botRepositoryPath",
        )
    seen: dict[str, int] = {}
    for i, path in enumerate(paths):
        if not path.strip():
            raise bad_request(f"botRepositoryPath[{i}] is empty", details=f"botRepositoryPath[{i}]")
        if path in seen:
            raise bad_request(
                f"botRepositoryPath[{i}] repeats botRepositoryPath[{seen[path]}]",
                details=f"botRepositoryPath[{i}]",
            )
        seen[path] = i


class ExecutionService:
    def __init__(self, tenant: Tenant):
        self._tenant = tenant

    def access_details(self, user: User, paths: Sequence[str], base_url: str) -> AccessDetails:
        """POST .../config/accessdetails: an execution URL and a fresh token per path."""
        _check_paths(paths)
        state = self._tenant.state()
        scenario = state.scenario
        ttl = self._tenant.settings.execution_token_ttl
        granted: dict[str, ExecutionAccess] = {}
        errors: dict[str, str] = {}
        for path in paths:
            task = scenario.task_at(path)
            if task is None:
                errors[path] = f"API Task not found in the repository: {echo(path)}"
                continue
            if state.allocated_task(task.file_id) is None:
                errors[path] = f"API Task is not allocated for real-time execution: {echo(path)}"
                continue
            token, _ = state.tokens.issue_execution(user.id, task.file_id, ttl)
            url = base_url.rstrip("/") + execution_path(task.file_id, scenario.tenant_uuid)
            granted[path] = ExecutionAccess(url, {"X-Authorization": token, **task.headers})
        if not granted:
            raise not_found(
                "None of the requested API Tasks is allocated: " + "; ".join(errors.values()),
                code="hotbot.not.allocated",
            )
        return AccessDetails(granted, errors)

    def hotbot(self, file_id: int, tenant_uuid: str) -> AllocatedTask:
        """The allocated API Task behind an execution URL, or the swagger's 404."""
        state = self._tenant.state()
        found = state.allocated_task(file_id)
        if found is None or tenant_uuid != state.scenario.tenant_uuid:
            raise ApiError(404, "hotbot.not.configured", NOT_CONFIGURED)
        return found

    def execute(
        self,
        hotbot: AllocatedTask,
        caller: Caller,
        headers: HeaderLookup,
        bot_input: Mapping[str, Any],
    ) -> dict[str, PyValue]:
        """POST <execution URL>: check the token's task and the extra headers, then run it."""
        task = hotbot.task
        if caller.record.bot_id != task.file_id:
            raise unauthorized("The execution token was issued for another API Task")
        for name, expected in task.headers.items():
            given = headers.get(name)
            if given is None:
                raise bad_request(
                    f"Header '{name}' from the access details is missing",
                    details=name,
                    code="hotbot.header.missing",
                )
            if given != expected:
                raise bad_request(
                    f"Header '{name}' does not match the access details",
                    details=name,
                    code="hotbot.header.mismatch",
                )
        limit = hotbot.allocation.concurrency_limit
        return engine.execute(task, limit, bot_input, self._tenant.state().engine)
