"""The Testcontainers module against the real image through a Docker API (podman's socket in
CI): a mounted scenario, the health wait, the flow from the test process, and the same test
control as MockServer (verification, faults, clock, reset)."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mockserver.core.resources import scenarios_dir
from mockserver.harness.shortcuts import VerificationError
from served import call, execution_access

ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"
ADMIN_TOKEN = "container-admin"


@pytest.fixture(scope="module")
def container_settings() -> dict[str, Any]:
    """The image and how to run it; CI (.ci/run) builds it and serves podman's Docker API."""
    image = os.environ.get("AA_MOCK_TEST_IMAGE")
    if not image or not os.environ.get("DOCKER_HOST"):
        message = (
            "the container tests need AA_MOCK_TEST_IMAGE and DOCKER_HOST (.ci/run sets them: "
            "it builds the image with podman and starts `podman system service`)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from mockserver.harness.testcontainer import podman_options

    return {"image": image, **podman_options()}


@pytest.fixture(scope="module")
def mock(
    container_settings: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    from mockserver.harness.testcontainer import AaMockContainer

    folder: Path = tmp_path_factory.mktemp("scenario")
    tenant = folder / "tenant.yaml"
    text = (scenarios_dir() / "default.yaml").read_text(encoding="utf-8")
    tenant.write_text(text.replace("name: default", "name: container-tenant", 1), "utf-8")
    tenant.chmod(0o644)
    folder.chmod(0o755)
    settings = dict(container_settings)
    image = settings.pop("image")
    with AaMockContainer(image, scenario=tenant, admin_token=ADMIN_TOKEN, **settings) as container:
        yield container


def test_the_mounted_scenario_serves_the_flow(mock: Any) -> None:
    mock.reset()
    assert mock.control.health().scenario == "container-tenant"
    detail = execution_access(mock.url, ZIP)
    assert detail["url"].startswith(mock.url)  # reachable from the test process
    status, result = call(
        detail["url"],
        {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}},
        detail["headers"],
    )
    assert status == 200
    assert result["hotBotResult"]["botOutput"]["State"]["string"] == "California"
    mock.verify(task=149, inputs={"iStrZipCode": "95134"}, times=1)
    with pytest.raises(VerificationError, match="nearest requests"):
        mock.verify(task=149, inputs={"iStrZipCode": "10001"}, times=1)


def test_faults_clock_and_reset_through_the_container(mock: Any) -> None:
    mock.reset()
    detail = execution_access(mock.url, ZIP)
    mock.inject_fault(operation="executeApiTask", status=503, count=1)
    body = {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}}
    assert call(detail["url"], body, detail["headers"])[0] == 503
    assert call(detail["url"], body, detail["headers"])[0] == 200
    mock.advance_clock(43_201)  # past the execution token's lifetime
    assert call(detail["url"], body, detail["headers"])[0] == 401
    mock.reset()
    assert mock.requests() == []


def test_a_namespace_of_the_container_is_a_control_room_of_its_own(
    container_settings: dict[str, Any],
) -> None:
    from mockserver import HttpControl, RequestPattern
    from mockserver.harness.testcontainer import AaMockContainer

    settings = dict(container_settings)
    image = settings.pop("image")
    with AaMockContainer(image, namespace="team-a", **settings) as team:
        assert team.url.endswith("/ns/team-a")
        detail = execution_access(team.url, ZIP)
        assert detail["url"].startswith(team.url + "/")  # the execution URL stays inside
        body = {"botInput": {"iStrZipCode": {"type": "STRING", "string": "95134"}}}
        assert call(detail["url"], body, detail["headers"])[0] == 200
        team.verify(task=149, times=1)
        root = HttpControl(team.url.removesuffix("/ns/team-a"))
        assert root.requests(RequestPattern(task=149)) == []  # the root saw none of it
        assert [n["name"] for n in root.namespaces()] == ["team-a"]
