"""The response checker used by every test really rejects responses that break the contract."""

import json

import pytest
from openapi_core.validation.response.exceptions import InvalidData

from contract import check_raw

LIST = "/orchestrator/v1/hotbot/config"


def test_a_conforming_response_passes() -> None:
    body = {"list": [], "page": {"offset": 0, "total": 0, "totalFilter": 0}}
    check_raw("POST", LIST, 200, "application/json", json.dumps(body).encode())


def test_a_documented_status_with_a_wrong_body_fails() -> None:
    body = {"list": [{"fileId": "not-an-integer"}], "page": {}}
    with pytest.raises(InvalidData):
        check_raw("POST", LIST, 200, "application/json", json.dumps(body).encode())


@pytest.mark.parametrize(
    "status, content_type, data",
    [
        (405, "text/html", b"<h1>Method Not Allowed</h1>"),
        (403, "application/json", b'{"error": "forbidden"}'),
        (400, "application/json", b'{"code": "x", "message": "y"}'),  # details missing
    ],
)
def test_error_responses_must_be_control_room_bodies(
    status: int, content_type: str, data: bytes
) -> None:
    with pytest.raises(AssertionError):
        check_raw("POST", LIST, status, content_type, data)
