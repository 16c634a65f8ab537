"""A Testcontainers module: the aa-mockserver image as a throwaway container, with the same test
control as MockServer (through HttpControl).

    pip install '/path/to/aa-mockserver[testcontainers]'   # a clone, a wheel or a git URL:
                                                            # see docs/docker-and-ci.md

    with AaMockContainer(scenario="tests/tenant.yaml") as mock:
        client = MyClient(mock.url)
        ...
        mock.verify(operation="executeApiTask", times=1)
"""

import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from testcontainers.core.container import DockerContainer

from mockserver.core.config import unknown_variables
from mockserver.harness.http_control import HttpControl
from mockserver.harness.shortcuts import ControlShortcuts

PORT = 8080
SCENARIO_DIR = "/scenarios"


def podman_options() -> dict[str, Any]:
    """Run options podman needs on machines like this project's CI (runc, explicit limits);
    pass them as keyword arguments: AaMockContainer(image, **podman_options())."""
    from docker.types import Ulimit

    return {
        "runtime": "runc",
        "ulimits": [
            Ulimit(name="nofile", soft=20000, hard=20000),
            Ulimit(name="nproc", soft=4096, hard=4096),
        ],
    }


class AaMockContainer(ControlShortcuts, DockerContainer):
    """Start the image, mount a scenario, wait for /__admin/health; `url` and test control.
    With `namespace`, `url` and `control` address that namespace (`/ns/<name>`) of the mock."""

    def __init__(
        self,
        image: str = "aa-mockserver:latest",
        *,
        scenario: str | Path | None = None,
        admin_token: str | None = None,
        startup_timeout: float = 60.0,
        settings: Mapping[str, str] | None = None,
        namespace: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(image, **kwargs)
        self.namespace = namespace
        self.with_exposed_ports(PORT)
        self.admin_token = admin_token
        self.startup_timeout = startup_timeout
        if admin_token:
            self.with_env("AA_MOCK_ADMIN_TOKEN", admin_token)
        mistakes = unknown_variables(settings or {})
        if mistakes:  # the container would ignore them
            raise ValueError("; ".join(mistakes))
        for name, value in (settings or {}).items():  # e.g. {"AA_MOCK_PROFILE": "a360"}
            self.with_env(name, value)
        if scenario is not None and Path(scenario).suffix in (".yaml", ".yml", ".json"):
            path = Path(scenario).resolve()
            self.with_volume_mapping(str(path), f"{SCENARIO_DIR}/{path.name}", "ro")
            self.with_env("AA_MOCK_SCENARIO", f"{SCENARIO_DIR}/{path.name}")
        elif scenario is not None:
            self.with_env("AA_MOCK_SCENARIO", str(scenario))  # a bundled name
        self._control: HttpControl | None = None

    def start(self) -> "AaMockContainer":
        super().start()
        # Execution URLs handed out must work from the test process: the host's mapped port.
        self._wait_until_healthy()
        return self

    @property
    def url(self) -> str:
        return self._root() + (f"/ns/{self.namespace}" if self.namespace else "")

    def _root(self) -> str:
        """Where the container listens, as the test process reaches it."""
        try:
            host = self.get_container_host_ip()
            port = self.get_exposed_port(PORT)
        except KeyError as exc:
            raise RuntimeError(
                f"cannot tell where the aa-mockserver container listens: Testcontainers found no "
                f"{exc} in the container's details, as with podman when the tests themselves run "
                "in a container (as on many CI runners); set "
                "TESTCONTAINERS_CONNECTION_MODE=docker_host (see Podman in docs/docker-and-ci.md)"
            ) from exc
        return f"http://{host}:{port}"

    def _wait_until_healthy(self) -> None:
        control = self.control  # where it listens: a mistake there is no reason to wait
        deadline = time.monotonic() + self.startup_timeout
        last: object = None
        while time.monotonic() < deadline:
            try:
                control.health()
                return
            except (urllib.error.URLError, OSError, ConnectionError) as exc:
                last = exc
            except Exception as exc:
                raise RuntimeError(
                    f"the aa-mockserver container at {control.base_url} answered its health "
                    f"check, but not as aa-mockserver does: {exc}"
                ) from exc
            time.sleep(0.2)
        logs = b"".join(self.get_logs()).decode("utf-8", errors="replace")[-2000:]
        raise TimeoutError(f"aa-mockserver container not healthy ({last}); logs:\n{logs}")

    # -- the same test control as MockServer

    @property
    def control(self) -> HttpControl:
        if self._control is None:
            self._control = HttpControl(self._root(), self.admin_token, namespace=self.namespace)
        return self._control
