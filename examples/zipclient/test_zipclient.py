"""The example application's tests, written with the aa-mockserver pytest plugin."""

import threading

import pytest
from zipclient import ApiTaskClient, ControlRoomError

ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"


def admin(server) -> ApiTaskClient:
    # Retries span 2.5 s: longer than the 1.5 s "Slow Report" execution it may wait behind.
    return ApiTaskClient(server.url, "admin", "Admin#2024", busy_wait_seconds=0.5)


def test_runs_the_zip_code_task(aa_mock) -> None:
    assert admin(aa_mock).run(ZIP, iStrZipCode="95134") == {
        "State": "California",
        "Place": "San Jose",
    }


def test_logs_in_again_when_the_token_expires(aa_mock) -> None:
    client = admin(aa_mock)
    client.run(ZIP, iStrZipCode="95134")
    aa_mock.advance_clock(1201)  # past the 20-minute token lifetime, without waiting
    client.run(ZIP, iStrZipCode="95134")
    statuses = [(e.path.rsplit("/", 1)[-1], e.status) for e in aa_mock.requests()]
    assert ("accessdetails", 401) in statuses
    assert [p for p, _ in statuses].count("authentication") == 2


@pytest.mark.aa_scenario("large-tenant")
def test_pages_through_all_allocations(aa_mock) -> None:
    items = list(admin(aa_mock).allocations(page_size=100))
    assert len(items) == 260 and len({i["fileId"] for i in items}) == 260
    pages = aa_mock.requests(path="/orchestrator/v1/hotbot/config", method="POST")
    assert [e.body["page"]["offset"] for e in pages] == [0, 100, 200]


@pytest.mark.aa_scenario("latency")
def test_waits_while_the_task_is_at_its_concurrency_limit(aa_mock) -> None:
    slow = "Automation Anywhere\\Bots\\Latency\\Slow Report"
    first = threading.Thread(target=admin(aa_mock).run, args=(slow,))
    first.start()
    aa_mock_wait_until_in_flight(aa_mock, 401)
    assert admin(aa_mock).run(slow) == {"Report": "done"}
    first.join(10)
    assert 429 in [e.status for e in aa_mock.requests(task=401)]


def aa_mock_wait_until_in_flight(server, file_id: int) -> None:
    import time

    deadline = time.monotonic() + 5
    while in_flight(server, file_id) == 0:
        assert time.monotonic() < deadline, "the first execution never started"
        time.sleep(0.01)


def in_flight(server, file_id: int) -> int:
    """Executions of the API Task running now, as the mock's dashboard shows them."""
    states = server.control.allocation_states()
    return next(s.in_flight for s in states if s.task.file_id == file_id)


def test_unallocated_task_is_reported(aa_mock) -> None:
    with pytest.raises(ControlRoomError) as caught:
        admin(aa_mock).run("Automation Anywhere\\Bots\\Drafts\\Not Yet Allocated")
    assert caught.value.status == 404


def test_injected_outage_reaches_the_application(aa_mock) -> None:
    aa_mock.inject_fault(operation="executeApiTask", status=500, count=1)
    with pytest.raises(ControlRoomError) as caught:
        admin(aa_mock).run(ZIP, iStrZipCode="95134")
    assert caught.value.status == 500
