"""Warnings about a valid scenario that cannot be used as it is: nobody can log in, or an API
Task that no user can run (in real time or on demand)."""

from mockserver.core.scenarios.model import ApiTask, Scenario, User

STARTER = "see the starter scenario in docs/scenarios.md"


def warnings(scenario: Scenario) -> list[str]:
    """What a user of this scenario would run into first, one sentence each."""
    users = [u for u in scenario.users if not u.disabled]
    if not users:
        who = "every user is disabled" if scenario.users else "the scenario has no users"
        return [f"nobody can log in: {who} (add a role and a user; {STARTER})"]
    return [
        f"API Task {task.file_id} ({task.path}) cannot be run by any user: {reason}"
        for task in scenario.tasks
        if (reason := _why_unreachable(task, users))
    ]


def _why_unreachable(task: ApiTask, users: list[User]) -> str | None:
    def anyone(grant: str) -> bool:
        return any(u.has_grant(grant) for u in users)

    if anyone("deployApiTasks"):  # any task in the repository deploys on demand
        return None
    if anyone("accessDetails") and (task.allocation is not None or anyone("manageAllocations")):
        return None
    if task.allocation is None:
        return (
            "it is not allocated, and no user's role grants deployApiTasks (to run it on "
            "demand) or manageAllocations and accessDetails (to allocate it and run it)"
        )
    return (
        "no user's role grants accessDetails (to get its execution URL) or deployApiTasks "
        "(to run it on demand)"
    )
