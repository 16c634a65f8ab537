"""The execution URL: token checks, extra headers, outputs."""

from typing import Any

import pytest

from conftest import STRING_TASK, ZIP_PATH, CheckedClient
from mockserver.core.clock import Clock
from mockserver.http.emulated import control_of

ZIP_INPUT = {"iStrZipCode": {"type": "STRING", "string": "95134"}}
TENANT = "0a665343-88e9-17be-8189-936dad5d0144"


def test_documented_zip_code_example(client: CheckedClient) -> None:
    response = client.execute(client.access(), ZIP_INPUT)
    assert response.status_code == 200
    assert response.get_json() == {
        "hotBotResult": {
            "botOutput": {
                "State": {"type": "STRING", "string": "California"},
                "Place": {"type": "STRING", "string": "San Jose"},
            }
        }
    }


def test_missing_token_is_401(client: CheckedClient) -> None:
    detail = client.access()
    response = client.post(detail["url"], json={"botInput": ZIP_INPUT})
    assert response.status_code == 401 and response.get_json()["code"] == "UM1117"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-4] + ("AAAA" if not t.endswith("AAAA") else "BBBB"),  # tampered signature
        lambda t: "x.y.z",  # malformed
        lambda t: t.split(".")[0] + "." + t.split(".")[1] + ".",  # signature removed
    ],
)
def test_bad_tokens_are_401(client: CheckedClient, mangle: Any) -> None:
    detail = client.access()
    headers = {**detail["headers"], "X-Authorization": mangle(detail["headers"]["X-Authorization"])}
    response = client.post(detail["url"], json={"botInput": ZIP_INPUT}, headers=headers)
    assert response.status_code == 401


def test_expired_execution_token_is_401(client: CheckedClient, clock: Clock) -> None:
    detail = client.access()
    clock.advance(43199)
    assert client.execute(detail, ZIP_INPUT).status_code == 200
    clock.advance(1)
    response = client.execute(detail, ZIP_INPUT)
    assert response.status_code == 401 and response.get_json()["code"] == "token.expired"


def test_token_for_another_task_is_401(client: CheckedClient) -> None:
    zip_detail = client.access()
    other = client.access("Automation Anywhere\\Bots\\API_task_String 01 1708025672.bot")
    headers = {**zip_detail["headers"], "X-Authorization": other["headers"]["X-Authorization"]}
    response = client.post(zip_detail["url"], json={"botInput": ZIP_INPUT}, headers=headers)
    assert response.status_code == 401 and "another API Task" in response.get_json()["message"]


def test_control_room_token_is_refused_on_execution_url(client: CheckedClient) -> None:
    detail = client.access()
    headers = {**detail["headers"], **client.login()}
    response = client.post(detail["url"], json={"botInput": ZIP_INPUT}, headers=headers)
    assert response.status_code == 401 and "execution token" in response.get_json()["message"]


def test_execution_token_is_refused_on_control_room(client: CheckedClient) -> None:
    token = client.access()["headers"]["X-Authorization"]
    response = client.post(
        "/orchestrator/v1/hotbot/config/accessdetails",
        json={"botRepositoryPath": [ZIP_PATH]},
        headers={"X-Authorization": token},
    )
    assert response.status_code == 401


def test_revoked_token_after_reset_is_401(client: CheckedClient) -> None:
    detail = client.access()
    control_of(client.application).reset()
    assert client.execute(detail, ZIP_INPUT).status_code == 401


def test_the_zip_code_task_needs_only_x_authorization(client: CheckedClient) -> None:
    detail = client.access()
    assert list(detail["headers"]) == ["X-Authorization"]
    response = client.post(detail["url"], json={"botInput": ZIP_INPUT}, headers=detail["headers"])
    assert response.status_code == 200


def test_extra_headers_are_required_where_the_access_details_list_them(
    client: CheckedClient,
) -> None:
    detail = client.access(STRING_TASK)
    text = {"iStrText": {"type": "STRING", "string": "abc"}}
    token_only = {"X-Authorization": detail["headers"]["X-Authorization"]}
    missing = client.post(detail["url"], json={"botInput": text}, headers=token_only)
    assert missing.status_code == 400 and "API-Task-Name" in missing.get_json()["message"]
    assert missing.get_json()["code"] == "hotbot.header.missing"
    wrong = client.post(
        detail["url"],
        json={"botInput": text},
        headers={**token_only, "API-Task-Name": "Other"},
    )
    assert wrong.status_code == 400 and wrong.get_json()["code"] == "hotbot.header.mismatch"
    assert client.execute(detail, text).status_code == 200


def test_unknown_hotbot_is_404_with_the_swagger_hint(client: CheckedClient) -> None:
    detail = client.access()
    for url in (
        f"/hotbot-999-knative-{TENANT}/execute",
        "/hotbot-149-knative-00000000-0000-0000-0000-000000000000/execute",
        f"/hotbot-250-knative-{TENANT}/execute",
    ):  # in the repository, not allocated
        response = client.post(url, json={}, headers=detail["headers"])
        assert response.status_code == 404
        assert "API Task Warmup completed" in response.get_json()["message"]


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"botInput": "x"}, "botInput"),
        (
            {"botInput": {"iStrZipCode": {"type": "NOPE", "string": "1"}}},
            "botInput.iStrZipCode.type",
        ),
        (
            {"botInput": {"iStrZipCode": {"type": "STRING", "string": 5}}},
            "botInput.iStrZipCode.string",
        ),
    ],
)
def test_malformed_execute_bodies_are_400(
    client: CheckedClient, body: dict[str, Any], fragment: str
) -> None:
    detail = client.access()
    response = client.post(detail["url"], json=body, headers=detail["headers"])
    assert response.status_code == 400 and fragment in response.get_json()["message"]
