"""TokenService units: issue, verify, revoke, and the bounded memory of issued tokens."""

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from mockserver.core.clock import Clock
from mockserver.core.errors import ApiError
from mockserver.core.tokens import TokenKind, TokenService

TENANT = "0a665343-88e9-17be-8189-936dad5d0144"


def test_records_stay_bounded_and_the_newest_survive(signing_key: rsa.RSAPrivateKey) -> None:
    clock = Clock(frozen_at=1_750_000_000.0)
    service = TokenService(signing_key, clock, TENANT, max_records=100)
    tokens = [service.issue_execution("9", 149, 3600)[0] for _ in range(250)]
    assert len(service.records()) <= 100
    assert service.verify(tokens[-1], TokenKind.EXECUTION).bot_id == 149
    with pytest.raises(ApiError) as forgotten:
        service.verify(tokens[0], TokenKind.EXECUTION)
    assert forgotten.value.status == 401


def test_expired_records_are_forgotten_before_live_ones(signing_key: rsa.RSAPrivateKey) -> None:
    clock = Clock(frozen_at=1_750_000_000.0)
    service = TokenService(signing_key, clock, TENANT, max_records=10)
    live, _ = service.issue_control_room("9", 10_000, multiple_login=True, licenses=[])
    for _ in range(5):
        service.issue_control_room("9", 1, multiple_login=True, licenses=[])
    clock.advance(5)
    for _ in range(6):  # pushes past the limit: the five expired ones go first
        service.issue_control_room("9", 10_000, multiple_login=True, licenses=[])
    assert service.verify(live, TokenKind.CONTROL_ROOM).subject == "9"
