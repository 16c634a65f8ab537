"""AaMockContainer's errors say what to do, without a container engine: a Testcontainers lookup
that fails for want of a connection mode names the variable that fixes it, and is not reported
as an answer from the container."""

from pathlib import Path

import pytest

from mockserver.harness.testcontainer import AaMockContainer


@pytest.fixture
def container(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AaMockContainer:
    # A fixed API version: the Docker client then connects to nothing until a container starts.
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'no-engine.sock'}")
    return AaMockContainer("aa-mockserver:test", docker_client_kw={"version": "1.41"})


def test_a_host_lookup_without_host_config_names_the_connection_mode(
    container: AaMockContainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def inside_a_container() -> str:
        raise KeyError("HostConfig")  # what Testcontainers raises on podman, in a container

    monkeypatch.setattr(container, "get_container_host_ip", inside_a_container)
    with pytest.raises(RuntimeError) as caught:
        container._wait_until_healthy()
    message = str(caught.value)
    assert "TESTCONTAINERS_CONNECTION_MODE=docker_host" in message
    assert "'HostConfig'" in message and "answer" not in message


def test_a_misspelled_setting_is_refused_before_a_container_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'no-engine.sock'}")
    with pytest.raises(ValueError, match=r"did you mean 'AA_MOCK_PROFILE'\?"):
        AaMockContainer(settings={"AA_MOCK_PROFLE": "a360"}, docker_client_kw={"version": "1.41"})
