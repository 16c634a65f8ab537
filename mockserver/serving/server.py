"""The production server (`aa-mockserver serve`, the Docker image): granian, through its public
`Granian` class, with the app in one worker process.

One worker, because every piece of state (tokens, journal, concurrency counters, clock) lives in
the process that answers. Its `Settings.threads` Python threads answer that many requests at once,
one sleeping in emulated latency or an injected delay included; a further request waits for a
thread. granian builds the app in the worker by calling `WORKER_APP` (no arguments), which reads
the `AA_MOCK_*` environment: the CLI sets it from its flags before the worker starts.
"""

import json
import logging
import socket
from datetime import UTC, datetime
from typing import Any, Protocol

from granian import Granian
from granian.constants import HTTPModes, Interfaces
from granian.log import LogLevels

from mockserver.core.config import Settings

WORKER_APP = "mockserver.serving.worker:create_worker_app"


class Server(Protocol):
    """What `serve` uses of a `Granian` (which names a class per platform, not one type)."""

    def serve(self) -> None: ...


def build_server(settings: Settings, target: str = WORKER_APP) -> Server:
    """granian serving the app factory `target` ("module:function") as `settings` say."""
    return Granian(
        target,
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=settings.threads,
        # HTTP/1.1 only, as the Control Room's API gateway speaks to these clients.
        http=HTTPModes.http1,
        websockets=False,
        factory=True,
        # On SIGTERM or Ctrl-C requests in flight finish; past this the worker is killed.
        workers_kill_timeout=settings.drain_seconds,
        log_level=LogLevels.warning,
        log_dictconfig=_logging_config(settings.log_format),
    )


def claim_address(host: str, port: int) -> tuple[str, int]:
    """The address to hand granian, which takes IP addresses only: `host` as one (a name such as
    localhost resolved), and `port` when nothing listens there, a free one for 0 (OSError when it
    is in use or the name unknown, as a server's own bind would raise).

    granian binds in its worker process and cannot report the port it got for 0, so a socket is
    bound here and closed again. Another program could take the port in the few milliseconds
    before granian binds it; granian's worker then fails and `serve` exits 1 with its message."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As granian binds: a port in TIME_WAIT is free, one with a listener is not, even one of
        # granian's, which would share it (it listens with SO_REUSEPORT).
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
        address, claimed = probe.getsockname()[:2]
        return str(address), int(claimed)


class WithoutThreadAdvice(logging.Filter):
    """Drops granian's warning about more Python threads than two per core: `serve`'s threads
    are there to sleep (emulated latency, injected delays), which costs no core."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Configuration allows spawning up to")


class JsonLineFormatter(logging.Formatter):
    """granian's lines under `--log-format json`: one JSON object each, like the access log."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                    timespec="milliseconds"
                ),
                "level": record.levelname.lower(),
                "source": "granian",
                "message": record.getMessage(),
            }
        )


def _logging_config(log_format: str) -> dict[str, Any]:
    """granian's own lines, warnings and errors only (its start and stop at INFO are not news),
    on stderr with the access log: its default is stdout, where the banner goes. granian applies
    it in both processes; the keys given replace its defaults whole."""
    formatter = (
        {"()": f"{__name__}.JsonLineFormatter"}
        if log_format == "json"
        else {"()": "logging.Formatter", "fmt": "granian %(levelname)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"threads": {"()": f"{__name__}.WithoutThreadAdvice"}},
        "formatters": {"granian": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "granian",
                "filters": ["threads"],
            }
        },
        "loggers": {"_granian": {"handlers": ["stderr"], "propagate": False}},
    }
