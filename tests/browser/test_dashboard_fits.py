"""The dashboard fits the screens it is shown on (a laptop at 1280 px, a projector or half a
screen at 800 px): no horizontal scrolling, and every table's last column (a token's state,
a deployment's callback) inside the window, with the tables full of a real flow."""

from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from driver import chrome, wait_until
from mockserver import MockServer
from served import call

ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"
TEXT = "Automation Anywhere\\Bots\\API_task_String 01 1708025672.bot"


@pytest.fixture(scope="module")
def busy() -> Iterator[MockServer]:
    """A mock whose every panel has rows: logins, executions, a deployment, a fault."""
    with MockServer() as server:
        _, login = call(
            server.url + "/v2/authentication", {"username": "jdoe", "password": "mypassword@123"}
        )
        headers = {"X-Authorization": login["token"]}
        _, details = call(
            server.url + "/orchestrator/v1/hotbot/config/accessdetails",
            {"botRepositoryPath": [ZIP, TEXT]},
            headers,
        )
        zip_task = details["accessDetails"][ZIP]
        call(
            zip_task["url"],
            {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}},
            zip_task["headers"],
        )
        call(
            server.url + "/v4/automations/deploy",
            {
                "botId": 233,
                "botInput": {"iStrCustomerId": {"string": "c-1"}},
                "headlessRequest": {"numberOfExecutions": 2},
                "callbackInfo": {"url": "http://127.0.0.1:9/callback-with-a-long-path"},
            },
            headers,
        )
        server.inject_fault(operation="generateApiTaskAccessDetails", status=503, count=3)
        yield server


def overflow(driver: WebDriver) -> dict[str, Any]:
    measured: dict[str, Any] = driver.execute_script(
        """
        const width = document.documentElement.clientWidth;
        const outside = [...document.querySelectorAll('th, td, button, select, input')]
          .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5)
          .map(e => (e.id || e.textContent).slice(0, 40));
        return {scroll: document.documentElement.scrollWidth - width, outside: outside};
        """
    )
    return measured


@pytest.mark.parametrize("width", [1280, 800])
def test_the_dashboard_fits_without_horizontal_scrolling(busy: MockServer, width: int) -> None:
    with chrome(width=width, height=800) as page:
        page.get(busy.url + "/__admin/ui")
        wait_until(
            page,
            lambda d: (
                d.execute_script("return document.querySelectorAll('#token-rows tr').length") >= 2
            ),
        )
        wait_until(
            page,
            lambda d: (
                d.execute_script("return document.querySelectorAll('#deployment-rows tr').length")
                >= 1
            ),
        )
        measured = overflow(page)
    assert measured == {"scroll": 0, "outside": []}
