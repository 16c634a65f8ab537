"""The throughput ceiling: a bare Flask app answering a constant JSON body on any path, served
exactly as `serve` serves the mock (mockserver.serving.server's granian configuration, one worker
process, the same threads and the same WSGI wrapper).

Usage: python bench/ceiling_app.py PORT [THREADS] [BODIES]
THREADS as AA_MOCK_THREADS (default 8); BODIES a JSON file mapping a path to the body answered
there (bench/run.py passes the mock's own answers, so that the list's ceiling writes the same 100
items with Flask's own JSON); any other path answers a small execution result.
"""

import json
import os
import sys
from pathlib import Path
from typing import Any

from flask import Flask, request

from mockserver.core.config import Settings
from mockserver.serving.server import build_server
from mockserver.serving.worker import WsgiApp, served

BODY = {"hotBotResult": {"botOutput": {"State": {"type": "STRING", "string": "California"}}}}
BODIES_VARIABLE = "AA_MOCK_BENCH_CEILING_BODIES"


def bare_app(bodies: dict[str, Any] | None = None) -> Flask:
    """The app alone (its in-process cost)."""
    app = Flask("ceiling")
    answers = bodies or {}

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @app.route("/<path:path>", methods=["GET", "POST"])
    def constant(path: str) -> Any:
        request.get_data()  # as the mock does: granian keeps the connection once it is read
        return answers.get(request.path, BODY)

    return app


def create_app() -> WsgiApp:
    """What granian's worker calls (`factory=True`, as for the mock)."""
    bodies = os.environ.get(BODIES_VARIABLE)
    return served(bare_app(json.loads(Path(bodies).read_text()) if bodies else None))


if __name__ == "__main__":
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else Settings().threads
    if len(sys.argv) > 3:
        os.environ[BODIES_VARIABLE] = sys.argv[3]  # read in granian's worker process
    settings = Settings(port=int(sys.argv[1]), threads=threads)
    build_server(settings, target="ceiling_app:create_app").serve()
