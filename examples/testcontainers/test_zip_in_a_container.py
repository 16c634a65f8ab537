"""Example: the mock as a throwaway container in your integration tests (Testcontainers).

Needs the image (`docker build -t aa-mockserver .`) and a Docker API: Docker itself, or podman's
socket (`podman system service`, then DOCKER_HOST=unix://... and TESTCONTAINERS_RYUK_DISABLED=true).
Set AA_MOCK_TEST_IMAGE to the image's name to run it.
"""

import json
import os
import urllib.request
from collections.abc import Iterator

import pytest

from mockserver.harness.testcontainer import AaMockContainer, podman_options

ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"


def post(url: str, body: object, headers: dict[str, str] | None = None) -> object:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def mock() -> Iterator[AaMockContainer]:
    image = os.environ.get("AA_MOCK_TEST_IMAGE")
    if not image:
        message = "set AA_MOCK_TEST_IMAGE (and DOCKER_HOST) to run the container example"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # podman's socket needs runc and explicit limits here; Docker needs nothing.
    extra = podman_options() if "podman" in os.environ.get("DOCKER_HOST", "") else {}
    with AaMockContainer(image, **extra) as container:
        yield container


def test_my_client_against_the_container(mock: AaMockContainer) -> None:
    mock.reset()
    credentials = {"username": "jdoe", "password": "mypassword@123"}
    token = post(f"{mock.url}/v2/authentication", credentials)
    assert isinstance(token, dict)
    details = post(
        f"{mock.url}/orchestrator/v1/hotbot/config/accessdetails",
        {"botRepositoryPath": [ZIP]},
        {"X-Authorization": token["token"]},
    )
    assert isinstance(details, dict)
    detail = details["accessDetails"][ZIP]
    result = post(
        detail["url"],
        {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}},
        detail["headers"],
    )
    assert result == {
        "hotBotResult": {
            "botOutput": {
                "State": {"type": "STRING", "string": "California"},
                "Place": {"type": "STRING", "string": "San Jose"},
            }
        }
    }
    mock.verify(operation="executeApiTask", task=149, inputs={"iStrZipCode": "95134"}, times=1)
