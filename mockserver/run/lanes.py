"""Which lane of the production server answers a request to the mock (see run/production.py)."""

from typing import Any

from flask import Flask

from mockserver.http.emulated import backend_of
from mockserver.run.production import Lane, LaneOf

# Operations that sign a fresh RS512 token: the signing releases the GIL for most of the call.
_SIGNING = frozenset(
    {
        ("POST", "/v1/authentication"),
        ("POST", "/v2/authentication"),
        ("POST", "/v1/authentication/token"),
        ("POST", "/v2/authentication/token"),
        ("POST", "/orchestrator/v1/hotbot/config/accessdetails"),
    }
)


def request_lanes(app: Flask) -> LaneOf:
    """Inline, unless the request may sleep (a thread of its own) or signs a token (beside the
    inline thread)."""
    backend = backend_of(app)

    def lane_of(environ: dict[str, Any]) -> Lane:
        path = environ.get("PATH_INFO", "")
        if backend.may_wait(path):
            return Lane.WAIT
        if (environ.get("REQUEST_METHOD"), path) in _SIGNING:
            return Lane.CPU
        return Lane.INLINE

    return lane_of
