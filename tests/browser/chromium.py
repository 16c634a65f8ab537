"""Headless Chromium (Debian's package) for tests of what a browser does: a page served from its
own loopback origin, its DOM read back after its scripts ran."""

import contextlib
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def required_binary(*names: str) -> str:
    """A program a browser test needs. In CI (CI set) a missing one fails the test: .ci/run
    installs it and a browser test never skips to green there. On a developer's machine without
    it the test is skipped with the command that installs it."""
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return found
    message = f"{names[0]} is needed: apt-get install chromium chromium-driver"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def chromium_binary() -> str:
    return required_binary("chromium", "chromium-browser")


@contextlib.contextmanager
def page_server(html: str) -> Iterator[str]:
    """Serve `html` at http://127.0.0.1:<free port>/page.html; yields the origin."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def dump_dom(url: str, budget_ms: int = 20_000) -> str:
    """Load `url` and return the DOM once its scripts (and their fetches) have finished."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                chromium_binary(),
                *FLAGS,
                f"--user-data-dir={Path(profile)}",
                f"--virtual-time-budget={budget_ms}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
