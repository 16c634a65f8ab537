"""The throughput ceiling: a bare Flask app answering a constant JSON body on any path, served the
way the mock's fast requests are served in production (mockserver.serving.production).

Usage: python bench/ceiling_app.py PORT
"""

import sys

from flask import Flask

from mockserver.serving.production import Lane, make_server

app = Flask("ceiling")
BODY = {"hotBotResult": {"botOutput": {"State": {"type": "STRING", "string": "California"}}}}


@app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
@app.route("/<path:path>", methods=["GET", "POST"])
def constant(path: str) -> dict[str, object]:
    return BODY


if __name__ == "__main__":
    make_server(app, "127.0.0.1", int(sys.argv[1]), 1, lambda environ: Lane.INLINE).run()
