"""aa-mockserver: a high-fidelity mock of the Automation Anywhere Control Room for API Tasks."""

from mockserver._version import __version__
from mockserver.app import create_app
from mockserver.config import Settings

__all__ = ["MockServer", "Settings", "__version__", "create_app"]


def __getattr__(name: str) -> object:
    # MockServer pulls in the threaded server; import it only when asked for.
    if name == "MockServer":
        from mockserver.server import MockServer

        return MockServer
    raise AttributeError(name)
