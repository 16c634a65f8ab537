"""AuthService: logins, refreshes, validation, logout and the rights behind every call, with
token lifetimes on the simulated clock."""

import pytest

from core.conftest import caller, login
from mockserver.core.clock import Clock
from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import ApiError
from mockserver.core.scenarios.model import GRANT_MANAGE_ALLOCATIONS
from mockserver.core.tokens import TokenKind

TENANT = "0a665343-88e9-17be-8189-936dad5d0144"


def refused(status: int, code: str, call: object, *args: object, **kwargs: object) -> str:
    assert callable(call)
    with pytest.raises(ApiError) as caught:
        call(*args, **kwargs)
    assert (caught.value.status, caught.value.code) == (status, code)
    return caught.value.message


def test_a_password_login_gives_a_session(control_room: ControlRoom) -> None:
    session = login(control_room, "jdoe")
    assert (session.user.username, session.tenant_uuid, session.ttl_seconds) == ("jdoe", TENANT, 0)
    record = control_room.auth.authenticate(session.token, TokenKind.CONTROL_ROOM).record
    assert record.subject == "380" and not record.multiple_login


def test_wrong_secrets_and_both_secrets_are_refused(control_room: ControlRoom) -> None:
    auth = control_room.auth
    message = refused(401, "authentication.failed", auth.login, "jdoe", password="nope")
    assert message == "Invalid username or password"
    assert "API key" in refused(401, "authentication.failed", auth.login, "jdoe", api_key="x")
    refused(401, "authentication.failed", auth.login, "nobody", password="x")
    refused(400, "bad.request", auth.login, "jdoe", password="x", api_key="y")


def test_a_new_password_login_replaces_a_single_session_user(control_room: ControlRoom) -> None:
    first = login(control_room, "jdoe").token
    login(control_room, "jdoe")
    refused(401, "token.revoked", control_room.auth.authenticate, first, TokenKind.CONTROL_ROOM)
    current = login(control_room, "jdoe").token
    keyed = control_room.auth.login("jdoe", api_key="JDOEkey00000000000000000000000000000000b")
    # An API key's login starts one more session, and replaces none.
    assert control_room.auth.validate(current) and control_room.auth.validate(keyed.token)


def test_tokens_expire_on_the_mocks_clock(control_room: ControlRoom, clock: Clock) -> None:
    token = login(control_room).token
    clock.advance(1199)
    assert control_room.auth.validate(token)
    clock.advance(2)
    refused(401, "token.expired", control_room.auth.authenticate, token, TokenKind.CONTROL_ROOM)


def test_refresh_replaces_the_token_and_reports_its_lifetime(control_room: ControlRoom) -> None:
    old = caller(control_room)
    session = control_room.auth.refresh(old.record)
    assert session.ttl_seconds == 1200 and session.token != login(control_room).token
    assert control_room.auth.validate(session.token)
    assert control_room.auth.legacy_refresh(session.token) != session.token
    assert not control_room.auth.validate(session.token)


def test_validate_and_logout(control_room: ControlRoom) -> None:
    token = login(control_room).token
    other = login(control_room).token  # admin may hold several sessions
    me = control_room.auth.authenticate(token, TokenKind.CONTROL_ROOM)
    assert control_room.auth.validate(token) and not control_room.auth.validate(None)
    assert not control_room.auth.validate("not.a.token")
    control_room.auth.logout(me.record)
    assert not control_room.auth.validate(token) and control_room.auth.validate(other)
    assert control_room.auth.username_of(me.record) == "admin"


def test_a_right_the_role_lacks_is_403(control_room: ControlRoom) -> None:
    token = login(control_room, "jdoe").token
    auth = control_room.auth
    message = refused(
        403,
        "access.denied",
        auth.authenticate,
        token,
        TokenKind.CONTROL_ROOM,
        GRANT_MANAGE_ALLOCATIONS,
    )
    assert "jdoe" in message and GRANT_MANAGE_ALLOCATIONS in message
    assert auth.authenticate(
        login(control_room).token, TokenKind.CONTROL_ROOM, GRANT_MANAGE_ALLOCATIONS
    )


def test_the_signing_key_is_public(control_room: ControlRoom) -> None:
    assert control_room.auth.public_key_pem().startswith(b"-----BEGIN PUBLIC KEY-----")
