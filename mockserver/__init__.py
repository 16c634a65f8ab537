"""aa-mockserver: a high-fidelity mock of the Automation Anywhere Control Room for API Tasks.

What users import lives here; the modules behind it are the rooms, not the door. Every name but
`Settings` and `__version__` loads when first asked for: importing the package stays cheap (the
Docker health check and the CLI import it), never imports the web layer, and Testcontainers
(`aa-mockserver[testcontainers]`) only for `AaMockContainer`."""

from typing import TYPE_CHECKING, Any

from mockserver._version import __version__
from mockserver.core.config import Settings

if TYPE_CHECKING:
    from mockserver.core.control import MockControl
    from mockserver.core.faults import FaultSpec
    from mockserver.core.local_control import LocalControl
    from mockserver.core.verification import RequestPattern, VerificationError
    from mockserver.harness.http_control import HttpControl
    from mockserver.harness.mock_server import MockServer
    from mockserver.harness.testcontainer import AaMockContainer
    from mockserver.http.app import create_app

__all__ = [
    "AaMockContainer",
    "FaultSpec",
    "HttpControl",
    "LocalControl",
    "MockControl",
    "MockServer",
    "RequestPattern",
    "Settings",
    "VerificationError",
    "__version__",
    "create_app",
]

# name -> the module that defines it, imported on first use.
_LAZY = {
    "MockControl": "mockserver.core.control",
    "FaultSpec": "mockserver.core.faults",
    "LocalControl": "mockserver.core.local_control",
    "RequestPattern": "mockserver.core.verification",
    "VerificationError": "mockserver.core.verification",
    "create_app": "mockserver.http.app",
    "MockServer": "mockserver.harness.mock_server",
    "HttpControl": "mockserver.harness.http_control",
    "AaMockContainer": "mockserver.harness.testcontainer",  # needs aa-mockserver[testcontainers]
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mockserver' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
