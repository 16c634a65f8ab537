"""The Control Room's behaviour: logins, token refresh and logout, allocations, access details."""

import hmac
from collections.abc import Mapping
from typing import Any

from mockserver.errors import ApiError, bad_request, not_found, unauthorized
from mockserver.scenarios.model import Allocation, ApiTask, User
from mockserver.state import MockState
from mockserver.tokens import TokenKind, TokenRecord


def _same_secret(given: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(given.encode(), expected.encode())


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "domain": user.domain,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "principalId": user.id,
        "email": user.email,
        "emailVerified": True,
        "passwordSet": user.password is not None,
        "questionsSet": True,
        "enableAutoLogin": False,
        "licenseFeatures": list(user.license_features),
        "roles": [{"id": role.id, "name": role.name} for role in user.roles],
        "multipleLoginAllowed": user.multiple_login_allowed,
        "deleted": False,
    }


def _auth_response(state: MockState, user: User, token: str, ttl_seconds: str) -> dict[str, Any]:
    permissions: list[dict[str, str]] = []
    for role in user.roles:
        for p in role.permissions:
            entry = {"action": p.action, "resourceType": p.resource_type}
            if entry not in permissions:
                permissions.append(entry)
    return {
        "token": token,
        "user": user_json(user),
        "permissions": permissions,
        "tenantUuid": state.scenario.tenant_uuid,
        "ttlSeconds": ttl_seconds,
    }


def login(state: MockState, body: Mapping[str, Any]) -> dict[str, Any]:
    """POST /v2/authentication (and the legacy v1 form): password or API key for a JWT."""
    if "password" in body and "apiKey" in body:
        raise bad_request(
            "Provide either 'password' or 'apiKey', not both", details="password, apiKey"
        )
    user = state.scenario.user_named(body["username"])
    with_key = "apiKey" in body
    secret = body["apiKey"] if with_key else body["password"]
    expected = None if user is None else (user.api_key if with_key else user.password)
    if user is None or user.disabled or not _same_secret(secret, expected):
        raise unauthorized(
            f"Invalid username or {'API key' if with_key else 'password'}",
            code="authentication.failed",
        )
    # An API key gives a multi-session token (reference 1.2); a password login keeps earlier
    # sessions only for users with the multi-login right who did not send multipleLogin: false.
    multiple = with_key or (user.multiple_login_allowed and body.get("multipleLogin") is not False)
    if not multiple:
        state.tokens.revoke_where(
            "replaced by a newer login", subject=user.id, kind=TokenKind.CONTROL_ROOM
        )
    token, _ = state.tokens.issue_control_room(
        user.id,
        state.settings.control_room_token_ttl,
        multiple_login=multiple,
        licenses=list(user.license_features),
    )
    return _auth_response(state, user, token, "0")


def user_for(state: MockState, record: TokenRecord) -> User:
    user = state.scenario.user_by_id(record.subject)
    if user is None or user.disabled:
        raise unauthorized("The token's user no longer exists or is disabled")
    return user


def _reissue(state: MockState, record: TokenRecord) -> tuple[User, str]:
    user = user_for(state, record)
    state.tokens.revoke(record.token_id, "refreshed")
    token, _ = state.tokens.issue_control_room(
        user.id,
        state.settings.control_room_token_ttl,
        multiple_login=record.multiple_login,
        licenses=list(user.license_features),
    )
    return user, token


def refresh(state: MockState, record: TokenRecord) -> dict[str, Any]:
    """POST /v2/authentication/token: a new token; the one used for the refresh stops working."""
    user, token = _reissue(state, record)
    return _auth_response(state, user, token, str(state.settings.control_room_token_ttl))


def legacy_refresh(state: MockState, token_in_body: str) -> dict[str, Any]:
    """POST /v1/authentication/token: refreshes the token named in the body."""
    record = state.tokens.verify(token_in_body, TokenKind.CONTROL_ROOM)
    _, token = _reissue(state, record)
    return {"token": token}


def validate(state: MockState, token: str | None) -> dict[str, bool]:
    if not token:
        return {"valid": False}
    for kind in TokenKind:
        try:
            state.tokens.verify(token, kind)
            return {"valid": True}
        except ApiError:
            continue
    return {"valid": False}


def logout(state: MockState, record: TokenRecord) -> None:
    state.tokens.revoke(record.token_id, "logged out")


def _allocation_json(task: ApiTask, allocation: Allocation) -> dict[str, Any]:
    item: dict[str, Any] = {"fileId": task.file_id, "filePath": task.path, "fileName": task.name}
    if allocation.run_as_user is not None:
        item["runAsUserOrNone"] = allocation.run_as_user
    item["concurrencyLimit"] = allocation.concurrency_limit
    return item


def list_allocations(state: MockState, offset: int, length: int) -> dict[str, Any]:
    with state.lock:
        allocations = list(state.allocations.items())
        scenario = state.scenario
    # Only the requested page is rendered (a large tenant has hundreds of allocations).
    page = [
        (scenario.task_by_file_id(file_id), allocation)
        for file_id, allocation in allocations[offset : offset + length]
    ]
    return {
        "list": [_allocation_json(task, allocation) for task, allocation in page if task],
        "page": {"offset": offset, "total": len(allocations), "totalFilter": len(allocations)},
    }


def create_allocation(state: MockState, body: Mapping[str, Any]) -> dict[str, Any]:
    """PUT /orchestrator/v1/hotbot/config/create; allocating again replaces the allocation."""
    file_id = int(body["fileId"])
    task = state.scenario.task_by_file_id(file_id)
    if task is None:
        raise not_found(
            f"No API Task with fileId {body['fileId']} in the repository",
            code="hotbot.file.not.found",
        )
    run_as = body.get("runAsUserOrNone")
    allocation = Allocation(  # JSON Schema's "integer" also admits 5.0
        run_as_user=None if run_as is None else int(run_as),
        concurrency_limit=int(body.get("concurrencyLimit", 1)),
    )
    with state.lock:
        state.allocations[file_id] = allocation
    return {
        "fileId": body["fileId"],
        "runAsUserOrNone": allocation.run_as_user,
        "concurrencyLimit": allocation.concurrency_limit,
    }


def execution_path(file_id: int, tenant_uuid: str) -> str:
    """Shaped like the real execution host name (reference 4.1)."""
    return f"/hotbot-{file_id}-knative-{tenant_uuid}/execute"


def _check_paths(paths: list[str]) -> None:
    if not paths:
        raise bad_request(
            "botRepositoryPath must list at least one repository path", details="botRepositoryPath"
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


def access_details(state: MockState, user: User, paths: list[str], base_url: str) -> dict[str, Any]:
    """POST /orchestrator/v1/hotbot/config/accessdetails: an execution URL and token per path."""
    _check_paths(paths)
    details: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for path in paths:
        task = state.scenario.task_at(path)
        if task is None:
            errors[path] = f"API Task not found in the repository: {path}"
            continue
        if state.allocated_task(task.file_id) is None:
            errors[path] = f"API Task is not allocated for real-time execution: {path}"
            continue
        token, _ = state.tokens.issue_execution(
            user.id, task.file_id, state.settings.execution_token_ttl
        )
        details[path] = {
            "url": base_url.rstrip("/") + execution_path(task.file_id, state.scenario.tenant_uuid),
            "headers": {"X-Authorization": token, **task.headers},
        }
    if not details:
        raise not_found(
            "None of the requested API Tasks is allocated: " + "; ".join(errors.values()),
            code="hotbot.not.allocated",
        )
    return {"accessDetails": details, "errors": errors}
