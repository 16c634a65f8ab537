"""Issues and verifies RS512 JWTs shaped like the Control Room's, and tracks revocation."""

import hashlib
import itertools
import random
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from mockserver.core.clock import Clock
from mockserver.core.config import SettingsError
from mockserver.core.errors import unauthorized

ISSUER = "AutomationAnywhere"
ALGORITHM = "RS512"
MAKE_KEY = "make one with: openssl genrsa -out signing-key.pem 2048"
# Clock skew tolerated for `iat` in the future (a token from a slightly faster clock).
_IAT_LEEWAY_SECONDS = 5
# Tokens remembered at most: beyond this the expired ones, then the oldest, are forgotten, so a
# long soak stays in bounded memory. A forgotten token is refused like one never issued.
MAX_RECORDS = 50_000
# Signature checks remembered at most (the cache is emptied when full).
_MAX_VERIFIED = 10_000


class TokenKind(StrEnum):
    CONTROL_ROOM = "control-room"
    EXECUTION = "execution"

    @property
    def article(self) -> str:
        return "a Control Room" if self is TokenKind.CONTROL_ROOM else "an execution"


@dataclass(frozen=True, slots=True)
class TokenRecord:
    token_id: int  # the nanoTime claim, unique per issuer
    kind: TokenKind
    subject: str
    issued_at: int
    expires_at: int
    multiple_login: bool
    bot_id: int | None = None
    revoked_reason: str | None = None


@cache
def _process_key() -> "Future[rsa.RSAPrivateKey]":
    """One generated key per process, made in the background so start-up does not wait ~0.2 s
    for it. Sharing it between mock instances in one process is safe: a token is only accepted by
    the instance whose records hold it."""
    future: Future[rsa.RSAPrivateKey] = Future()

    def generate() -> None:
        try:
            future.set_result(load_or_generate_key(None))
        except BaseException as exc:  # surfaced to whoever signs first
            future.set_exception(exc)

    threading.Thread(target=generate, name="aa-mock-keygen", daemon=True).start()
    return future


def signing_key(key_file: Path | None) -> "rsa.RSAPrivateKey | Future[rsa.RSAPrivateKey]":
    """The key from `key_file`, or the process's generated key (possibly still being made)."""
    return load_or_generate_key(key_file) if key_file is not None else _process_key()


def load_or_generate_key(key_file: Path | None) -> rsa.RSAPrivateKey:
    """The RSA key in `key_file` (PEM, no passphrase), or a new one; a file that cannot serve
    is a SettingsError that says how to make one."""
    if key_file is None:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    setting = "AA_MOCK_SIGNING_KEY_FILE"
    try:
        data = key_file.read_bytes()
    except OSError as exc:
        raise SettingsError(f"{setting}: cannot read {key_file}: {exc.strerror or exc}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):  # not PEM, or protected by a passphrase
        raise SettingsError(
            f"{setting}: {key_file} is not a PEM private key without a passphrase ({MAKE_KEY})"
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SettingsError(
            f"{setting}: {key_file}: the signing key must be an RSA private key ({MAKE_KEY})"
        )
    return key


def jvm_nano_time(clock: Clock, seed: int) -> Iterator[int]:
    """Token ids that look like a JVM's System.nanoTime (a monotonic counter around 10^14..10^15,
    not epoch nanoseconds, as in the docs' sample tokens): a seeded start that moves with the
    mock's clock, and never repeats."""
    start, origin, last = random.Random(seed).randrange(10**14, 10**15), clock.now(), -1
    while True:
        last = max(last + 1, start + int((clock.now() - origin) * 1_000_000_000))
        yield last


class TokenService:
    """Signs tokens with one RSA key and remembers each one so it can be revoked."""

    def __init__(
        self,
        key: "rsa.RSAPrivateKey | Future[rsa.RSAPrivateKey]",
        clock: Clock,
        tenant_uuid: str,
        *,
        max_records: int = MAX_RECORDS,
        ids: Iterator[int] | None = None,
        a360_claims: bool = False,
        namespace: str | None = None,
    ):
        self._a360_claims = a360_claims
        # A namespace's tokens name it in their header's `kid`: namespaces of one process share
        # the key and may count ids alike (one scenario, one seed, one fixed clock), so their
        # tokens could otherwise be the very same string. The root's tokens have no `kid`.
        self._header: dict[str, Any] = {"typ": None}
        if namespace is not None:
            self._header["kid"] = f"ns:{namespace}"
        self._key_source = key
        self._max_records = max_records
        self._clock = clock
        self.tenant_uuid = tenant_uuid
        self._records: dict[int, TokenRecord] = {}
        self._verified: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        # nanoTime must be unique, also across resets (a caller passes its own counter): start
        # from the clock and count up.
        self._ids = ids or itertools.count(int(clock.now() * 1_000_000_000))

    @cached_property
    def _key(self) -> rsa.RSAPrivateKey:
        source = self._key_source
        return source.result(timeout=60) if isinstance(source, Future) else source

    @cached_property
    def _public_key(self) -> rsa.RSAPublicKey:
        return self._key.public_key()

    @property
    def public_key_pem(self) -> bytes:
        return self._public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def issue_control_room(
        self, user_id: str, ttl: int, *, multiple_login: bool, licenses: list[str]
    ) -> tuple[str, TokenRecord]:
        return self._issue(
            TokenKind.CONTROL_ROOM, user_id, ttl, multiple_login, extra={"licenses": licenses}
        )

    def _a360_control_room_claims(self, record: TokenRecord, licenses: list[str]) -> dict[str, Any]:
        """The claims of the A360 sample token in AA's refresh-token docs, in its order and with
        its value shapes: `analyticsLicensesPurchased` holds only AnalyticsClient, `csrfToken` is
        32 hex characters."""
        csrf = hashlib.sha256(f"csrf|{record.token_id}".encode()).digest()[:16]
        return {
            "sub": record.subject,
            "clientType": "WEB",
            "licenses": licenses,
            "analyticsLicensesPurchased": {"AnalyticsClient": False},
            "tenantUuid": self.tenant_uuid,
            "iat": record.issued_at,
            "exp": record.expires_at,
            "iss": ISSUER,
            "nanoTime": record.token_id,
            "csrfToken": csrf.hex(),
        }

    def issue_execution(self, user_id: str, bot_id: int, ttl: int) -> tuple[str, TokenRecord]:
        return self._issue(TokenKind.EXECUTION, user_id, ttl, True, bot_id=bot_id)

    def _issue(
        self,
        kind: TokenKind,
        subject: str,
        ttl: int,
        multiple_login: bool,
        *,
        bot_id: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> tuple[str, TokenRecord]:
        now = int(self._clock.now())
        token_id = next(self._ids)
        record = TokenRecord(token_id, kind, subject, now, now + ttl, multiple_login, bot_id)
        if self._a360_claims and kind is TokenKind.CONTROL_ROOM:
            claims = self._a360_control_room_claims(record, (extra or {}).get("licenses", []))
        else:
            # Claim order as in the sample tokens of AA's docs:
            # https://docs.automationanywhere.com/bundle/enterprise-v2019/page/generate-task-execution-url-token.html
            claims = {
                "sub": subject,
                "tenantUuid": self.tenant_uuid,
                "clientType": "WEB",
                "multipleLogin": multiple_login,
            }
            if bot_id is not None:
                claims["botId"] = bot_id
            claims.update(extra or {})
            claims.update({"iat": now, "exp": now + ttl, "iss": ISSUER, "nanoTime": token_id})
        token = jwt.encode(claims, self._key, algorithm=ALGORITHM, headers=self._header)
        with self._lock:
            self._records[token_id] = record
        if len(self._records) > self._max_records:
            self._prune()
        return token, record

    def verify(self, token: str, kind: TokenKind) -> TokenRecord:
        """Return the live record for `token`, or raise a 401 ApiError saying why not."""
        claims = self._decode(token)
        now = self._clock.now()
        if now >= claims["exp"]:
            raise unauthorized("The token has expired", code="token.expired")
        with self._lock:
            record = self._records.get(claims["nanoTime"])
        if record is None or record.issued_at != claims["iat"] or record.subject != claims["sub"]:
            raise unauthorized("The token was not issued by this Control Room")
        if record.kind is not kind:
            raise unauthorized(
                f"This endpoint needs {kind.article} token, not {record.kind.article} token"
            )
        if record.revoked_reason is not None:
            raise unauthorized(
                f"The token is no longer valid ({record.revoked_reason})", code="token.revoked"
            )
        if record.issued_at > now + _IAT_LEEWAY_SECONDS:
            raise unauthorized("The token is not valid yet")
        return record

    def _decode(self, token: str) -> dict[str, Any]:
        # A token's signature only needs checking once: the same string always has the same
        # claims. Expiry and revocation are still judged on every call, in verify().
        cached = self._verified.get(token)
        if cached is not None:
            return cached
        claims = self._decode_and_check_signature(token)
        if len(self._verified) >= _MAX_VERIFIED:
            self._verified.clear()
        self._verified[token] = claims
        return claims

    def _decode_and_check_signature(self, token: str) -> dict[str, Any]:
        try:
            # Expiry is judged against the injected clock in verify(), never the wall clock.
            decoded = jwt.decode_complete(
                token,
                self._public_key,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "require": ["sub", "iat", "exp", "iss", "nanoTime"],
                },
            )
            claims: dict[str, Any] = decoded["payload"]
        except jwt.InvalidIssuerError:
            raise unauthorized("The token has the wrong issuer") from None
        except jwt.InvalidTokenError as exc:
            raise unauthorized(
                f"The token is malformed or its signature is invalid ({exc})"
            ) from None
        if not all(isinstance(claims.get(c), int) for c in ("nanoTime", "iat", "exp")):
            raise unauthorized("The token is malformed (nanoTime, iat and exp must be integers)")
        if decoded["header"].get("kid") != self._header.get("kid"):
            raise unauthorized("The token was not issued by this Control Room")
        return claims

    def revoke(self, token_id: int, reason: str) -> bool:
        with self._lock:
            record = self._records.get(token_id)
            if record is None or record.revoked_reason is not None:
                return False
            self._records[token_id] = replace(record, revoked_reason=reason)
            return True

    def revoke_where(
        self, reason: str, *, subject: str | None = None, kind: TokenKind | None = None
    ) -> int:
        with self._lock:
            matching = [
                r
                for r in self._records.values()
                if r.revoked_reason is None
                and (subject is None or r.subject == subject)
                and (kind is None or r.kind is kind)
            ]
            for record in matching:
                self._records[record.token_id] = replace(record, revoked_reason=reason)
            return len(matching)

    def records(self) -> list[TokenRecord]:
        with self._lock:
            return list(self._records.values())

    def _prune(self) -> None:
        """Back to 90 % of the limit: expired records go first, then the oldest."""
        keep = self._max_records * 9 // 10
        now = self._clock.now()
        with self._lock:
            expired = [i for i, r in self._records.items() if r.expires_at <= now]
            for token_id in expired[: max(0, len(self._records) - keep)]:
                del self._records[token_id]
            # dicts keep insertion order, so the first keys are the oldest tokens
            for token_id in list(self._records)[: max(0, len(self._records) - keep)]:
                del self._records[token_id]
            self._verified.clear()
