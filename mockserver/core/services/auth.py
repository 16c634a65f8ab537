"""Authentication: log in with a password or an API key, refresh, validate, log out, and check
the token and the user's right on every other call. AA's docs:
https://docs.automationanywhere.com/bundle/enterprise-v2019/page/enterprise-cloud/topics/control-room/control-room-api/cloud-authenticate-apikey.html"""

import hmac

from mockserver.core.errors import ApiError, bad_request, forbidden, unauthorized
from mockserver.core.results import Caller, Session
from mockserver.core.scenarios.model import Scenario, User
from mockserver.core.tenant import Tenant
from mockserver.core.tokens import TokenKind, TokenRecord, TokenService


def _same_secret(given: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(given.encode(), expected.encode())


def _user_for(scenario: Scenario, record: TokenRecord) -> User:
    user = scenario.user_by_id(record.subject)
    if user is None or user.disabled:
        raise unauthorized("The token's user no longer exists or is disabled")
    return user


class AuthService:
    def __init__(self, tenant: Tenant):
        self._tenant = tenant

    def authenticate(self, token: str, kind: TokenKind, grant: str | None = None) -> Caller:
        """Verify `token` (401 saying why not) and, for a Control Room token, the user's right."""
        state = self._tenant.state()
        record = state.tokens.verify(token, kind)
        if kind is TokenKind.EXECUTION:
            return Caller(record, None)
        user = _user_for(state.scenario, record)
        if grant is not None and not user.has_grant(grant):
            raise forbidden(
                f"User '{user.username}' is not allowed to do this "
                f"(needs a role that grants {grant})"
            )
        return Caller(record, user)

    def username_of(self, record: TokenRecord) -> str | None:
        user = self._tenant.scenario().user_by_id(record.subject)
        return None if user is None else user.username

    def login(
        self,
        username: str,
        *,
        password: str | None = None,
        api_key: str | None = None,
        multiple_login: bool | None = None,
    ) -> Session:
        """POST /v2/authentication (and the legacy v1 form): password or API key for a JWT."""
        if password is not None and api_key is not None:
            raise bad_request(
                "Provide either 'password' or 'apiKey', not both", details="password, apiKey"
            )
        state = self._tenant.state()
        with_key = api_key is not None
        secret = api_key if api_key is not None else password or ""
        user = state.scenario.user_named(username)
        expected = None if user is None else (user.api_key if with_key else user.password)
        if user is None or user.disabled or not _same_secret(secret, expected):
            raise unauthorized(
                f"Invalid username or {'API key' if with_key else 'password'}",
                code="authentication.failed",
            )
        # An API key gives a multi-session token (AA's API-key docs); a password login keeps earlier
        # sessions only for users with the multi-login right who did not send multipleLogin: false.
        multiple = with_key or (user.multiple_login_allowed and multiple_login is not False)
        if not multiple:
            state.tokens.revoke_where(
                "replaced by a newer login", subject=user.id, kind=TokenKind.CONTROL_ROOM
            )
        token = self._issue(state.tokens, user, multiple)
        return Session(user, token, state.scenario.tenant_uuid, 0)

    def _issue(self, tokens: TokenService, user: User, multiple_login: bool) -> str:
        token, _ = tokens.issue_control_room(
            user.id,
            self._tenant.settings.control_room_token_ttl,
            multiple_login=multiple_login,
            licenses=list(user.license_features),
        )
        return token

    def refresh(self, record: TokenRecord) -> Session:
        """POST /v2/authentication/token: a new token; the one used for the refresh stops."""
        state = self._tenant.state()
        user = _user_for(state.scenario, record)
        state.tokens.revoke(record.token_id, "refreshed")
        token = self._issue(state.tokens, user, record.multiple_login)
        ttl = self._tenant.settings.control_room_token_ttl
        return Session(user, token, state.scenario.tenant_uuid, ttl)

    def legacy_refresh(self, token_in_body: str) -> str:
        """POST /v1/authentication/token: refreshes the token named in the body."""
        record = self._tenant.state().tokens.verify(token_in_body, TokenKind.CONTROL_ROOM)
        return self.refresh(record).token

    def validate(self, token: str | None) -> bool:
        """GET /v1/authentication/token: is this a live token of either kind?"""
        if not token:
            return False
        tokens = self._tenant.state().tokens
        for kind in TokenKind:
            try:
                tokens.verify(token, kind)
                return True
            except ApiError:
                continue
        return False

    def logout(self, record: TokenRecord) -> None:
        self._tenant.state().tokens.revoke(record.token_id, "logged out")

    def public_key_pem(self) -> bytes:
        """The key tokens are signed with (RS512), for a client that checks signatures."""
        return self._tenant.state().tokens.public_key_pem
