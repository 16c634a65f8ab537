"""The before-request hook: authenticates, authorises and validates every emulated request."""

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import current_app, g, request

from mockserver.controlroom import user_for
from mockserver.errors import bad_request, forbidden, missing_token, unauthorized
from mockserver.scenarios.model import User
from mockserver.spec import ADMIN_SPEC, load_spec
from mockserver.state import MockState
from mockserver.tokens import TokenKind, TokenRecord
from mockserver.validation import validate_request

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Emulation:
    """How a view's requests are checked before the view runs."""

    spec: str
    operation: str  # the operationId in `spec`; checked at start-up
    auth: TokenKind | None
    grant: str | None = None
    # Runs first: lets a view answer 404 for a resource that does not exist before any auth.
    precheck: Callable[[], None] | None = None


def emulates(
    spec: str,
    operation: str,
    *,
    auth: TokenKind | None = TokenKind.CONTROL_ROOM,
    grant: str | None = None,
    precheck: Callable[[], None] | None = None,
) -> Callable[[View], View]:
    def mark(view: View) -> View:
        view.emulation = Emulation(spec, operation, auth, grant, precheck)  # type: ignore[attr-defined]
        return view

    return mark


def current_state() -> MockState:
    state: MockState = current_app.extensions["aa_mock"]
    return state


def current_user() -> User:
    user: User = g.user
    return user


def current_token() -> TokenRecord:
    record: TokenRecord = g.token_record
    return record


def control_room_token(headers: Any) -> str | None:
    """`X-Authorization: <jwt>` or `Authorization: Bearer <jwt>`; both at once is a 400."""
    x_auth = headers.get("X-Authorization")
    authorization = headers.get("Authorization")
    if x_auth is not None and authorization is not None:
        raise bad_request(
            "Send the token in X-Authorization or in Authorization: Bearer, not both",
            details="X-Authorization, Authorization",
        )
    if x_auth is not None:
        return str(x_auth).strip() or None
    if authorization is not None:
        scheme, _, value = str(authorization).partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise unauthorized("The Authorization header must be 'Bearer <token>'")
        return value.strip()
    return None


def execution_token(headers: Any) -> str | None:
    # The execution URL is documented with X-Authorization only (reference 1.5).
    value = headers.get("X-Authorization")
    if value is None:
        return None
    return str(value).strip() or None


def guard_request() -> None:
    if request.routing_exception is not None or request.endpoint is None:
        return
    emulation: Emulation | None = getattr(
        current_app.view_functions[request.endpoint], "emulation", None
    )
    if emulation is None:
        return
    if emulation.spec == ADMIN_SPEC:
        _check_admin_token()
    else:
        if emulation.precheck is not None:
            emulation.precheck()
        _apply_injected_fault(emulation.operation)
    if emulation.auth is not None:
        _authenticate(emulation)
    validate_request(load_spec(emulation.spec), emulation.operation, request)


def _check_admin_token() -> None:
    expected = current_state().settings.admin_token
    if expected is None:
        return
    given = request.headers.get("X-Admin-Token", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise unauthorized(
            "The admin API needs the X-Admin-Token header", code="admin.unauthorized"
        )


def _apply_injected_fault(operation: str) -> None:
    state = current_state()
    fault = state.faults.take(operation, g.get("task_file_id"))
    if fault is None:
        return
    if fault.delay_ms > 0:
        state.engine_context.sleep(fault.delay_ms / 1000)
    error = fault.error()
    if error is not None:
        raise error


def _authenticate(emulation: Emulation) -> None:
    state = current_state()
    extract = control_room_token if emulation.auth is TokenKind.CONTROL_ROOM else execution_token
    token = extract(request.headers)
    if token is None:
        raise missing_token()
    assert emulation.auth is not None
    g.token_record = state.tokens.verify(token, emulation.auth)
    if emulation.auth is TokenKind.CONTROL_ROOM:
        g.user = user_for(state, g.token_record)
        if emulation.grant is not None and not g.user.has_grant(emulation.grant):
            raise forbidden(
                f"User '{g.user.username}' is not allowed to do this "
                f"(needs a role that grants {emulation.grant})"
            )
