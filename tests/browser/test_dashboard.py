"""The live dashboard in headless Chromium: the flow appears without reloading, the clock and
faults are driven from the page, the admin token is asked for and enforced, and request data is
shown as text, never as markup."""

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from driver import chrome, wait_until
from mockserver import MockServer
from served import call

ADMIN_TOKEN = "dashboard-admin-token"
ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"
TEXT = "Automation Anywhere\\Bots\\API_task_String 01 1708025672.bot"
MARKUP = "<img src=x onerror=\"document.title='pwned'\">"


def access(server: MockServer, path: str) -> dict[str, Any]:
    _, login = call(
        server.url + "/v2/authentication", {"username": "jdoe", "password": "mypassword@123"}
    )
    _, details = call(
        server.url + "/orchestrator/v1/hotbot/config/accessdetails",
        {"botRepositoryPath": [path]},
        {"X-Authorization": login["token"]},
    )
    detail: dict[str, Any] = details["accessDetails"][path]
    return detail


def run_zip(server: MockServer) -> int:
    detail = access(server, ZIP)
    status, _ = call(
        detail["url"],
        {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}},
        detail["headers"],
    )
    return status


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer(admin_token=ADMIN_TOKEN) as running:
        yield running


@pytest.fixture
def page(server: MockServer) -> Iterator[WebDriver]:
    """The dashboard, after the presenter typed the admin token once."""
    with chrome() as driver:
        driver.get(server.url + "/__admin/ui")
        form = wait_until(driver, lambda d: d.find_element(By.ID, "token-form"))
        wait_until(driver, lambda d: form.is_displayed())
        driver.find_element(By.ID, "token-input").send_keys(ADMIN_TOKEN)
        driver.find_element(By.ID, "token-save").click()
        wait_until(driver, lambda d: text_of(d, "scenario-name") == "default")
        yield driver


def table(driver: WebDriver, body_id: str) -> list[list[str]]:
    """A table's cells, read in one go (the page re-renders its tables every second)."""
    rows: list[list[str]] = driver.execute_script(
        "return [...document.querySelectorAll(arguments[0] + ' tr')]"
        ".map(r => [...r.cells].map(c => c.textContent))",
        f"#{body_id}",
    )
    return rows


def flow_rows(driver: WebDriver) -> list[list[str]]:
    return table(driver, "flow-rows")


def token_states(driver: WebDriver) -> list[tuple[str, str]]:
    return [(row[0], row[3]) for row in table(driver, "token-rows") if len(row) == 4]


def text_of(driver: WebDriver, element_id: str) -> str:
    text: str = driver.execute_script(
        "return document.getElementById(arguments[0]).textContent", element_id
    )
    return text


def click_newest_row(driver: WebDriver) -> None:
    driver.execute_script("document.querySelector('#flow-rows tr').click()")


def test_the_flow_appears_live_and_opens_in_detail(server: MockServer, page: WebDriver) -> None:
    assert flow_rows(page) == []
    assert run_zip(server) == 200
    rows = wait_until(page, lambda d: (r := flow_rows(d)) and len(r) >= 3 and r)
    operations = [row[1] for row in rows]
    assert operations[:3] == [
        "executeApiTask",
        "generateApiTaskAccessDetails",
        "authenticateV2",
    ]  # newest first, without a reload
    assert rows[0][2] == "jdoe" and rows[0][3].startswith("149") and rows[0][4] == "200"
    click_newest_row(page)
    response = wait_until(page, lambda d: text_of(d, "detail-response"))
    assert "California" in response
    request = text_of(page, "detail-request")
    assert '"X-Authorization": "***"' in request  # redacted, as in the journal
    allocations = table(page, "allocation-rows")
    assert ["149 Zip Code API Task", "0 / 1", "1", "0"] in allocations


def test_advancing_the_clock_from_the_page_expires_the_token(
    server: MockServer, page: WebDriver
) -> None:
    assert run_zip(server) == 200
    wait_until(
        page, lambda d: ("control-room", "expired") not in token_states(d) and token_states(d)
    )
    assert all(state.endswith("s left") for _, state in token_states(page))
    page.find_element(By.ID, "advance-20m").click()
    wait_until(page, lambda d: ("control-room", "expired") in token_states(d))
    assert next(s for kind, s in token_states(page) if kind == "execution").endswith("s left")


def test_a_fault_injected_from_the_page_fails_the_next_call(
    server: MockServer, page: WebDriver
) -> None:
    Select(page.find_element(By.ID, "fault-operation")).select_by_value("executeApiTask")
    status = page.find_element(By.ID, "fault-status")
    status.clear()
    status.send_keys("503")
    page.find_element(By.ID, "fault-inject").click()
    wait_until(page, lambda d: "executeApiTask" in text_of(d, "fault-list"))
    assert [f.operation for f in server.control.faults()] == ["executeApiTask"]
    assert run_zip(server) == 503
    wait_until(page, lambda d: flow_rows(d) and flow_rows(d)[0][4] == "503")
    assert run_zip(server) == 200  # count 1: used up


def test_without_the_admin_token_nothing_is_shown_or_allowed(server: MockServer) -> None:
    status, body = call(server.url + "/__admin/requests")
    assert status == 401 and body["code"] == "admin.unauthorized"
    assert run_zip(server) == 200
    with chrome() as driver:
        driver.get(server.url + "/__admin/ui")
        wait_until(driver, lambda d: d.find_element(By.ID, "token-form").is_displayed())
        assert "needs its token" in text_of(driver, "message")
        assert flow_rows(driver) == []
        driver.find_element(By.ID, "reset").click()  # refused without the token
        wait_until(driver, lambda d: "failed" in text_of(d, "message"))
    assert len(server.control.requests()) == 3  # nothing was reset


def test_markup_in_a_task_input_is_shown_as_text(server: MockServer, page: WebDriver) -> None:
    detail = access(server, TEXT)
    status, _ = call(
        detail["url"],
        {"botInput": {"iStrText": {"type": "STRING", "string": MARKUP}}},
        detail["headers"],
    )
    assert status == 200
    wait_until(page, lambda d: flow_rows(d) and flow_rows(d)[0][1] == "executeApiTask")
    click_newest_row(page)
    shown = wait_until(page, lambda d: text_of(d, "detail-request"))
    assert MARKUP.replace('"', '\\"') in shown  # the JSON text, character for character
    assert page.find_elements(By.CSS_SELECTOR, "img") == []
    assert page.title == "aa-mockserver dashboard"


def test_the_page_loads_nothing_from_outside(server: MockServer) -> None:
    status, _ = call(server.url + "/__admin/health", headers={"X-Admin-Token": ADMIN_TOKEN})
    assert status == 200
    with urllib.request.urlopen(server.url + "/__admin/ui", timeout=10) as response:
        html = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http://" not in html and "https://" not in html and "<script>" not in html


def test_deployments_and_their_runs_are_shown(server: MockServer, page: WebDriver) -> None:
    _, login = call(
        server.url + "/v2/authentication", {"username": "jdoe", "password": "mypassword@123"}
    )
    server.control.change_clock(freeze=True)
    status, deployed = call(
        server.url + "/v4/automations/deploy",
        {
            "botId": 233,
            "botInput": {"iStrCustomerId": {"string": "c-1"}},
            "headlessRequest": {"numberOfExecutions": 2},
        },
        {"X-Authorization": login["token"]},
    )
    assert status == 200
    short = deployed["deploymentId"][:8]
    rows = wait_until(page, lambda d: table(d, "deployment-rows"))
    assert rows == [[short, "233 Customer Lookup", "2 QUEUED", ""]]
    server.control.advance_clock(5)
    wait_until(page, lambda d: table(d, "deployment-rows")[0][2] == "2 COMPLETED")


def test_the_namespace_picker_switches_which_namespace_is_read(
    server: MockServer, page: WebDriver
) -> None:
    # A namespace with its own scenario and one request; the root has none.
    request = urllib.request.Request(
        server.url + "/__admin/namespaces/team-a",
        data=b'{"scenario": "large-tenant"}',
        method="PUT",
        headers={"Content-Type": "application/json", "X-Admin-Token": ADMIN_TOKEN},
    )
    urllib.request.urlopen(request, timeout=10).close()
    status, _ = call(
        server.url + "/ns/team-a/v2/authentication",
        {"username": "jdoe", "password": "mypassword@123"},
    )
    assert status == 200
    picker = page.find_element(By.ID, "namespace-choice")
    wait_until(page, lambda d: "team-a" in [o.text for o in Select(picker).options])
    Select(picker).select_by_value("team-a")
    wait_until(page, lambda d: text_of(d, "scenario-name") == "large-tenant")
    wait_until(page, lambda d: any("authenticateV2" in r for r in flow_rows(d)))
    Select(page.find_element(By.ID, "namespace-choice")).select_by_value("")
    wait_until(page, lambda d: text_of(d, "scenario-name") == "default")
    wait_until(page, lambda d: flow_rows(d) == [])
