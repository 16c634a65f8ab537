"""RequestPattern: its checks, what it selects (with since and limit), near misses and the
messages of a failed expectation."""

from typing import Any

import pytest

from core.conftest import record
from mockserver.core.errors import ApiError
from mockserver.core.journal import Journal, JournalEntry
from mockserver.core.verification import (
    RequestPattern,
    VerificationError,
    count_matching,
    differences,
    expect,
)

TASKS = {149, 180}
ZIP = {"iStrZipCode": {"type": "STRING", "string": "95134"}}


def journal() -> list[JournalEntry]:
    entries = Journal(10)
    record(entries, time=10.0, operation="authenticateV2", path="/v2/authentication")
    for time, zip_input, status in ((20.0, ZIP, 200), (30.0, {"iStrZipCode": 10001}, 200)):
        record(
            entries,
            body={"botInput": zip_input},
            time=time,
            operation="executeApiTask",
            path="/hotbot-149-knative-t/execute",
            task=149,
            status=status,
            headers={"API-Task-Name": "Zip"},
        )
    record(entries, time=40.0, method="GET", path="/v1/authentication/token", status=401)
    return entries.entries()


@pytest.mark.parametrize(
    "fields, field, fragment",
    [
        ({"operation": "executeApiTsk"}, "operation", "did you mean 'executeApiTask'?"),
        ({"task": 1490}, "task", "did you mean 149?"),
        ({"task": True}, "task", "task True is not a fileId"),
        ({"status": "200"}, "status", "did you mean 200?"),
        ({"status": 99}, "status", "an integer 100..599"),
        ({"method": "PSOT"}, "method", "did you mean 'POST'?"),
        ({"method": 1}, "method", "1 is not an HTTP method"),
        ({"path": 5}, "path", "is not a string"),
        ({"since": "yesterday"}, "since", "is not epoch seconds"),
        ({"limit": 0}, "limit", "at least 1"),
        ({"inputs": ["iStrZipCode"]}, "inputs", "must map names to values"),
    ],
)
def test_a_pattern_that_cannot_match_is_refused(
    fields: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(ApiError) as caught:
        RequestPattern(**fields).check(TASKS)
    assert (caught.value.status, caught.value.details) == (400, field)
    assert fragment in caught.value.message, caught.value.message


def test_a_sound_pattern_passes_its_check() -> None:
    RequestPattern("executeApiTask", 149, "post", "/execute", 200, since=0, limit=1).check(TASKS)


def test_select_matches_every_field_with_since_and_limit() -> None:
    entries = journal()
    assert [e.id for e in RequestPattern().select(entries)] == [1, 2, 3, 4]
    assert [e.id for e in RequestPattern(task=149).select(entries)] == [2, 3]
    assert [e.id for e in RequestPattern(method="get", status=401).select(entries)] == [4]
    assert [e.id for e in RequestPattern(inputs={"iStrZipCode": "95134"}).select(entries)] == [2]
    assert [e.id for e in RequestPattern(inputs={"iStrZipCode": 10001.0}).select(entries)] == [3]
    assert [
        e.id for e in RequestPattern(inputs={"iStrZipCode": ZIP["iStrZipCode"]}).select(entries)
    ] == [2]
    assert [e.id for e in RequestPattern(headers={"api-task-name": "Zip"}).select(entries)] == [
        2,
        3,
    ]
    assert [e.id for e in RequestPattern(path="authentication").select(entries)] == [1, 4]
    assert [e.id for e in RequestPattern(since=30).select(entries)] == [3, 4]
    assert [e.id for e in RequestPattern(operation="executeApiTask", limit=1).select(entries)] == [
        3
    ]


def test_differences_say_how_a_request_differs() -> None:
    login = journal()[0]
    pattern = RequestPattern(
        operation="logout", method="GET", path="/logout", inputs={"x": 1}, headers={"X-A": "b"}
    )
    assert differences(login, pattern) == [
        "operation is 'authenticateV2', not 'logout'",
        "method is POST, not GET",
        "path /v2/authentication does not contain '/logout'",
        "header X-A is missing",
        "it has no botInput",
    ]


def test_near_misses_are_the_closest_newest_first_outside_the_window_none() -> None:
    entries = journal()
    result = count_matching(entries, RequestPattern(task=149, inputs={"iStrZipCode": "94105"}))
    assert result.count == 0
    assert [m.entry.id for m in result.near_misses] == [3, 2, 4]
    assert result.near_misses[0].differences == ("input iStrZipCode is 10001, not '94105'",)
    later = count_matching(entries, RequestPattern(task=149, since=35))
    assert later.count == 0 and [m.entry.id for m in later.near_misses] == [4]
    limited = count_matching(entries, RequestPattern(operation="executeApiTask", limit=1))
    assert limited.count == 1 and limited.matched[0].id == 3


def test_expect_passes_or_fails_with_the_near_misses() -> None:
    entries = journal()
    pattern = RequestPattern(task=149, status=500)
    result = count_matching(entries, pattern)
    assert expect(pattern, result, never=True) is result
    with pytest.raises(VerificationError) as caught:
        expect(pattern, result, times=1)
    lines = str(caught.value).splitlines()
    assert lines[0] == "expected exactly 1 request(s) matching task 149, status 500, but 0 matched"
    assert lines[1:3] == ["nearest requests:", "  #3 POST /hotbot-149-knative-t/execute -> 200"]
    assert lines[3] == "      - status is 200, not 500"
    with pytest.raises(VerificationError, match="expected at least 1 request"):
        expect(pattern, result)
    with pytest.raises(ValueError, match="one of times, at_least or never"):
        expect(pattern, result, times=1, never=True)


def test_describe_names_every_field_set() -> None:
    assert RequestPattern().describe() == "any request"
    assert RequestPattern(path="/x", inputs={"a": 1}, since=5.0).describe() == (
        "path containing '/x', input a = 1, since 5.0"
    )
