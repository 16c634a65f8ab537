"""aa-mockserver: a high-fidelity mock of the Automation Anywhere Control Room for API Tasks."""

from typing import Any

from mockserver._version import __version__
from mockserver.core.config import Settings

__all__ = ["MockServer", "Settings", "__version__", "create_app"]


def __getattr__(name: str) -> Any:
    # The web layer loads only when asked for, so importing the core never imports Flask.
    if name == "create_app":
        from mockserver.http.app import create_app

        return create_app
    if name == "MockServer":
        from mockserver.harness.mock_server import MockServer

        return MockServer
    raise AttributeError(name)
