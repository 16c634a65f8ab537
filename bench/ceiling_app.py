"""The throughput ceiling: a bare Flask app answering a constant JSON body on any path, served the
way the mock is in production (mockserver.run.production, the same thread count).

Usage: python bench/ceiling_app.py PORT [THREADS]
"""

import sys

from flask import Flask

from mockserver.run.production import make_server

app = Flask("ceiling")
BODY = {"hotBotResult": {"botOutput": {"State": {"type": "STRING", "string": "California"}}}}


@app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
@app.route("/<path:path>", methods=["GET", "POST"])
def constant(path: str) -> dict[str, object]:
    return BODY


if __name__ == "__main__":
    port = int(sys.argv[1])
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    make_server(app, "127.0.0.1", port, threads).run()
