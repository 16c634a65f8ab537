"""What a fault or a request pattern may name, checked the same way for both: an operationId of
the Control Room and an API Task fileId of the scenario (a 400 with a did-you-mean otherwise)."""

from collections.abc import Collection

from mockserver.core.errors import is_int, not_one_of
from mockserver.core.profiles import CONTROL_ROOM_OPERATIONS


def check_operation(operation: object) -> None:
    if operation is not None and operation not in CONTROL_ROOM_OPERATIONS:
        raise not_one_of(
            "operation", operation, CONTROL_ROOM_OPERATIONS, "an operationId of the Control Room"
        )


def check_task(task: object, known_tasks: Collection[int]) -> None:
    if task is not None and (not is_int(task) or task not in known_tasks):
        raise not_one_of("task", task, sorted(known_tasks), "a fileId of the scenario")
