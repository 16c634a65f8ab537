"""ExecutionService: access details, the hotbot behind an execution URL, and execution (with
latency on the simulated clock)."""

from typing import Any

import pytest

from core.conftest import Built, caller
from mockserver.core.clock import Clock
from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import ApiError
from mockserver.core.tokens import TokenKind

ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"
TEXT = "Automation Anywhere\\Bots\\API_task_String 01 1708025672.bot"
DRAFT = "Automation Anywhere\\Bots\\Drafts\\Not Yet Allocated"
BASE = "http://mock.test/"


class Headers(dict[str, str]):
    """What execute reads of the request headers."""


def access(control_room: ControlRoom, *paths: str) -> Any:
    user = caller(control_room, "jdoe").user
    assert user is not None
    return control_room.execution.access_details(user, list(paths), BASE)


def run(control_room: ControlRoom, path: str, bot_input: dict[str, Any]) -> Any:
    granted = access(control_room, path).granted[path]
    token = granted.headers["X-Authorization"]
    who = control_room.auth.authenticate(token, TokenKind.EXECUTION)
    file_id, tenant = int(granted.url.split("-")[1]), granted.url.split("-knative-")[1][:-8]
    hotbot = control_room.execution.hotbot(file_id, tenant)
    return control_room.execution.execute(hotbot, who, Headers(granted.headers), bot_input)


def test_access_details_grant_what_is_allocated(control_room: ControlRoom) -> None:
    details = access(control_room, ZIP, DRAFT)
    assert list(details.granted) == [ZIP]
    assert details.granted[ZIP].url == (
        "http://mock.test/hotbot-149-knative-0a665343-88e9-17be-8189-936dad5d0144/execute"
    )
    assert details.errors == {DRAFT: f"API Task is not allocated for real-time execution: {DRAFT}"}
    assert list(access(control_room, TEXT).granted[TEXT].headers) == [
        "X-Authorization",
        "API-Task-Name",
    ]


@pytest.mark.parametrize(
    "paths, status, fragment",
    [
        ([DRAFT], 404, "None of the requested API Tasks is allocated"),
        ([], 400, "at least one repository path"),
        ([ZIP, ZIP], 400, "botRepositoryPath[1] repeats botRepositoryPath[0]"),
        (["  "], 400, "botRepositoryPath[0] is empty"),
    ],
)
def test_access_details_refusals(
    control_room: ControlRoom, paths: list[str], status: int, fragment: str
) -> None:
    with pytest.raises(ApiError) as caught:
        access(control_room, *paths)
    assert caught.value.status == status and fragment in caught.value.message


def test_execute_runs_the_rules(control_room: ControlRoom) -> None:
    outputs = run(control_room, ZIP, {"iStrZipCode": {"type": "STRING", "string": "95134"}})
    assert outputs == {"State": "California", "Place": "San Jose"}


def test_an_execution_url_without_an_allocated_task_is_404(control_room: ControlRoom) -> None:
    tenant = control_room.scenario().tenant_uuid
    for file_id, tenant_uuid in ((250, tenant), (149, "another-tenant"), (999, tenant)):
        with pytest.raises(ApiError) as caught:
            control_room.execution.hotbot(file_id, tenant_uuid)
        assert (caught.value.status, caught.value.code) == (404, "hotbot.not.configured")


def test_execute_checks_the_tokens_task_and_the_extra_headers(control_room: ControlRoom) -> None:
    granted = access(control_room, ZIP, TEXT).granted
    zip_token = control_room.auth.authenticate(
        granted[ZIP].headers["X-Authorization"], TokenKind.EXECUTION
    )
    text = control_room.execution.hotbot(180, control_room.scenario().tenant_uuid)
    bot_input = {"iStrText": {"type": "STRING", "string": "abc"}}
    with pytest.raises(ApiError) as other_task:
        control_room.execution.execute(text, zip_token, Headers(), bot_input)
    assert other_task.value.status == 401
    text_token = control_room.auth.authenticate(
        granted[TEXT].headers["X-Authorization"], TokenKind.EXECUTION
    )
    for headers, code in (
        ({}, "hotbot.header.missing"),
        ({"API-Task-Name": "x"}, "hotbot.header.mismatch"),
    ):
        with pytest.raises(ApiError) as caught:
            control_room.execution.execute(text, text_token, Headers(headers), bot_input)
        assert (caught.value.status, caught.value.code, caught.value.details) == (
            400,
            code,
            "API-Task-Name",
        )


def test_latency_passes_on_the_simulated_clock(build: Built, clock: Clock) -> None:
    control_room = build("latency")
    before = clock.now()
    assert run(control_room, "Automation Anywhere\\Bots\\Latency\\Slow Report", {}) == {
        "Report": "done"
    }
    assert clock.now() - before == 1.5
