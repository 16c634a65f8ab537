"""The throughput ceiling: a bare Flask app answering a constant JSON body on any path, served
exactly as `serve` serves the mock (mockserver.serving.server's granian configuration, one worker
process, the same threads and the same WSGI wrapper).

Usage: python bench/ceiling_app.py PORT [THREADS]   (THREADS as AA_MOCK_THREADS, default 8)
"""

import sys

from flask import Flask, request

from mockserver.core.config import Settings
from mockserver.serving.server import build_server
from mockserver.serving.worker import WsgiApp, served

BODY = {"hotBotResult": {"botOutput": {"State": {"type": "STRING", "string": "California"}}}}


def bare_app() -> Flask:
    """The app alone (its in-process cost)."""
    app = Flask("ceiling")

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @app.route("/<path:path>", methods=["GET", "POST"])
    def constant(path: str) -> dict[str, object]:
        request.get_data()  # as the mock does: granian keeps the connection once it is read
        return BODY

    return app


def create_app() -> WsgiApp:
    """What granian's worker calls (`factory=True`, as for the mock)."""
    return served(bare_app())


if __name__ == "__main__":
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else Settings().threads
    settings = Settings(port=int(sys.argv[1]), threads=threads)
    build_server(settings, target="ceiling_app:create_app").serve()
