"""The app in `serve`'s worker process: granian calls `create_worker_app` there (server.py)."""

import gc
import logging
import os
import sys
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any

from mockserver.core.config import Settings
from mockserver.core.watcher import ScenarioWatcher
from mockserver.http.app import create_app
from mockserver.http.emulated import control_of, control_room_of
from mockserver.serving.access_log import BatchedStreamHandler
from mockserver.serving.announce import announce_when_listening

SERVER_NAME = "aa-mockserver"
# The request headers a WSGI environ holds without the HTTP_ prefix.
_CGI_HEADERS = ("CONTENT_TYPE", "CONTENT_LENGTH")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def create_worker_app() -> WsgiApp:
    """The mock built from the `AA_MOCK_*` environment (the CLI sets it from its flags), with
    the access log, the scenario watcher and the announcement in this process, beside the
    control room they serve."""
    settings = Settings.from_env(os.environ)
    _drop_header_lookalikes(os.environ)
    logging.basicConfig(
        level=logging.INFO, format="%(message)s", handlers=[BatchedStreamHandler(sys.stderr)]
    )
    app = create_app(settings)
    if settings.watch:
        ScenarioWatcher(control_of(app)).start()  # a daemon thread: it ends with the worker
    announce_when_listening(settings, control_room_of(app))
    # What start-up built (specs, validators, the scenario, Faker) lives as long as the worker:
    # out of the collector's reach, a full collection no longer walks it every time the
    # requests' garbage triggers one.
    gc.freeze()
    return served(app)


def _drop_header_lookalikes(environ: MutableMapping[str, str]) -> None:
    """granian starts each request's WSGI environ from a copy of the process environment, taken
    once this factory has returned: a variable named like a request header (`HTTP_PROXY`, with a
    proxy's password in it, say) would arrive with every request and show in the journal."""
    for name in [n for n in environ if n.startswith("HTTP_") or n in _CGI_HEADERS]:
        del environ[name]


def served(app: WsgiApp) -> WsgiApp:
    """`app` as `serve` sends it: named in a `Server` header, each body whole (the mock's answers
    are small and nothing streams: granian writes a list in one go), and `Connection: close` on
    a 413, whose body may still be arriving."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers = [*headers, ("Server", SERVER_NAME)]
            if status.startswith("413"):
                headers.append(("Connection", "close"))
            return start_response(status, headers, exc_info)

        result = app(environ, start)
        try:
            return [b"".join(result)]
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    return serve
