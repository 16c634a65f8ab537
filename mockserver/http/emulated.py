"""The door every emulated request goes through: a decorator per view that injects faults,
authenticates, checks the right, validates against the spec and hands the view one `Call`."""

import functools
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, current_app, has_request_context, request
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import Headers

from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import ApiError, bad_request, missing_token, unauthorized
from mockserver.core.local_control import LocalControl
from mockserver.core.namespaces import Namespace
from mockserver.core.results import AllocatedTask, Caller
from mockserver.core.scenarios.model import User
from mockserver.core.tokens import TokenKind
from mockserver.http.admin_origin import check_same_origin
from mockserver.http.spec import ProfileSpecs, profile_specs
from mockserver.http.validation import validate_request

CONTROL_ROOM_KEY = "aa_mock"
CONTROL_KEY = "aa_mock.control"
# What the journal records about a request beyond HTTP, kept in the request's own WSGI environ.
OPERATION_KEY = "aa_mock.operation"
USER_KEY = "aa_mock.user"
TASK_KEY = "aa_mock.task"  # the API Task a request is about, when its URL does not say
SPECS_KEY = "aa_mock.specs"
# The namespace (core/namespaces.py) a request under /ns/<name>/ is served by (http/namespaces.py).
NAMESPACE_KEY = "aa_mock.namespace"


def attach(app: Flask, control_room: ControlRoom) -> None:
    """Hang the Control Room, its test control and its profile's specs off the app."""
    app.extensions[CONTROL_ROOM_KEY] = control_room
    app.extensions[CONTROL_KEY] = LocalControl(control_room)
    app.extensions[SPECS_KEY] = profile_specs(control_room.profile.name)


def _namespace() -> "Namespace | None":
    """The namespace serving the request in hand, if it came under /ns/<name>/."""
    if not has_request_context():
        return None
    namespace: Namespace | None = request.environ.get(NAMESPACE_KEY)
    return namespace


def control_room_of(app: Flask) -> ControlRoom:
    """The Control Room serving the request in hand: its namespace's, else the app's own."""
    namespace = _namespace()
    if namespace is not None:
        return namespace.control_room
    control_room: ControlRoom = app.extensions[CONTROL_ROOM_KEY]
    return control_room


def control_of(app: Flask) -> LocalControl:
    """The test-control interface of the Control Room serving the request in hand."""
    namespace = _namespace()
    if namespace is not None:
        return namespace.control
    control: LocalControl = app.extensions[CONTROL_KEY]
    return control


def specs_of(app: Flask) -> ProfileSpecs:
    namespace = _namespace()
    if namespace is not None:
        return profile_specs(namespace.control_room.profile.name)
    specs: ProfileSpecs = app.extensions[SPECS_KEY]
    return specs


@dataclass(frozen=True)
class Emulation:
    """Which spec operation (operationId) a view serves; checked against the active profile's
    specs at start-up."""

    operation: str


@dataclass(frozen=True)
class Call:
    """One checked request, as a view receives it."""

    control_room: ControlRoom
    body: Any  # the parsed JSON body (None without one; raw bytes for a non-JSON media type)
    caller: Caller | None = None
    hotbot: AllocatedTask | None = None
    path_args: dict[str, Any] = field(default_factory=dict)

    @property
    def user(self) -> User:
        assert self.caller is not None and self.caller.user is not None
        return self.caller.user


@dataclass(frozen=True)
class AdminCall:
    """One checked request to the admin API, as its view receives it."""

    control: LocalControl
    body: Any
    path_args: dict[str, Any] = field(default_factory=dict)


View = Callable[[Call], ResponseReturnValue]
AdminView = Callable[[AdminCall], ResponseReturnValue]


def emulates(
    operation: str,
    *,
    auth: TokenKind | None = TokenKind.CONTROL_ROOM,
    grant: str | None = None,
    hotbot: bool = False,
    legacy_v1: bool = False,
) -> Callable[[View], Callable[..., ResponseReturnValue]]:
    """Serve Control Room operation `operation` (an operationId of the profile's specs). Checks
    run in the Control Room's order: a legacy v1 endpoint the profile discontinued is 404, an
    execution URL with no API Task behind it is 404 (`hotbot`), then an injected fault, then the
    token (401) and the right (403), then the request against the spec (400)."""

    def wrap(view: View) -> Callable[..., ResponseReturnValue]:
        @functools.wraps(view)
        def handle(**path_args: Any) -> ResponseReturnValue:
            control_room = control_room_of(current_app)
            request.environ[OPERATION_KEY] = operation
            if legacy_v1 and not control_room.profile.legacy_v1_auth:
                raise discontinued(request.method, request.path)
            found = (
                control_room.execution.hotbot(path_args["fileId"], path_args["tenantUuid"])
                if hotbot
                else None
            )
            control_room.apply_injected_fault(operation, found.task.file_id if found else None)
            caller = None
            if auth is not None:
                bearer = control_room.profile.bearer_takes_control_room_token
                token = _token_for(auth, request.headers, bearer=bearer)
                if token is None:
                    raise missing_token()
                caller = control_room.auth.authenticate(token, auth, grant)
                request.environ[USER_KEY] = control_room.auth.username_of(caller.record)
            spec = specs_of(current_app).spec_of(operation)
            body = validate_request(spec, operation, request)
            return view(Call(control_room, body, caller, found, path_args))

        handle.emulation = Emulation(operation)  # type: ignore[attr-defined]
        return handle

    return wrap


def admin_operation(
    operation: str,
) -> Callable[[AdminView], Callable[..., ResponseReturnValue]]:
    """Serve test-control operation `operation` of the admin spec, behind the admin token."""

    def wrap(view: AdminView) -> Callable[..., ResponseReturnValue]:
        @functools.wraps(view)
        def handle(**path_args: Any) -> ResponseReturnValue:
            settings = control_room_of(current_app).settings
            check_same_origin(request, settings.public_url)
            _check_admin_token(settings.admin_token, request.headers)
            spec = specs_of(current_app).spec_of(operation)
            body = validate_request(spec, operation, request)
            return view(AdminCall(control_of(current_app), body, path_args))

        handle.emulation = Emulation(operation)  # type: ignore[attr-defined]
        return handle

    return wrap


def discontinued(method: str, path: str) -> ApiError:
    """The legacy v1 login and refresh on a Control Room from v.33 (the a360 profile). The
    real status is unknown; 404 is the mock's choice (see docs/fidelity.md)."""
    return ApiError(
        404,
        "endpoint.discontinued",
        f"{method} {path} was discontinued in Control Room v.33; use the /v2/authentication "
        "endpoints (or the mock's legacy profile)",
    )


def no_content() -> Response:
    """204 with no body and no content type (Flask would label it text/html)."""
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response


def _check_admin_token(expected: str | None, headers: Headers) -> None:
    if expected is None:
        return
    given = headers.get("X-Admin-Token", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise unauthorized(
            "The admin API needs the X-Admin-Token header", code="admin.unauthorized"
        )


def _token_for(kind: TokenKind, headers: Headers, *, bearer: bool) -> str | None:
    if kind is TokenKind.CONTROL_ROOM:
        return control_room_token(headers, bearer=bearer)
    return execution_token(headers)


def control_room_token(headers: Headers, *, bearer: bool = True) -> str | None:
    """`X-Authorization: <jwt>` or `Authorization: Bearer <jwt>`; both at once is a 400. With
    `bearer` False (AA's profiles: "a bearer token from OAuth services", which the mock does not
    issue) a Bearer token is a 401 that says where the Control Room token goes."""
    x_auth = headers.get("X-Authorization")
    authorization = headers.get("Authorization")
    if x_auth is not None and authorization is not None:
        raise bad_request(
            "Send the token in X-Authorization or in Authorization: Bearer, not both",
            details="X-Authorization, Authorization",
        )
    if x_auth is not None:
        return x_auth.strip() or None
    if authorization is not None:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise unauthorized("The Authorization header must be 'Bearer <token>'")
        if not bearer:
            raise unauthorized(
                "Authorization: Bearer takes an OAuth token, which this Control Room does not "
                "issue; send the token from /v2/authentication in X-Authorization",
                code="token.bearer.not.oauth",
            )
        return value.strip()
    return None


def execution_token(headers: Headers) -> str | None:
    # The execution URL is documented with X-Authorization only:
    # https://docs.automationanywhere.com/bundle/enterprise-v2019/page/api-task-real-time-endpoint-authenticate.html
    value = headers.get("X-Authorization")
    if value is None:
        return None
    return value.strip() or None
