"""Which lane of the production server answers a request to the mock (see run/production.py)."""

from typing import Any

from flask import Flask

from mockserver.http.emulated import control_room_of
from mockserver.serving.production import Lane, LaneOf

# Operations that sign a fresh RS512 token: the signing releases the GIL for most of the call.
_SIGNING_OPERATIONS = frozenset(
    {
        "authenticateV1",
        "authenticateV2",
        "refreshTokenV1",
        "refreshTokenV2",
        "generateApiTaskAccessDetails",
    }
)


def _signing_routes(app: Flask) -> frozenset[tuple[str, str]]:
    """(method, path) of the app's routes that emulate a signing operation."""
    routes: set[tuple[str, str]] = set()
    for rule in app.url_map.iter_rules():
        emulation = getattr(app.view_functions[rule.endpoint], "emulation", None)
        if emulation is not None and emulation.operation in _SIGNING_OPERATIONS:
            methods = (rule.methods or set()) - {"HEAD", "OPTIONS"}  # preflights sign nothing
            routes.update((method, rule.rule) for method in methods)
    return frozenset(routes)


def request_lanes(app: Flask) -> LaneOf:
    """Inline, unless the request may sleep (a thread of its own) or signs a token (beside the
    inline thread)."""
    control_room = control_room_of(app)
    signing = _signing_routes(app)

    def lane_of(environ: dict[str, Any]) -> Lane:
        path = environ.get("PATH_INFO", "")
        if control_room.may_wait(path):
            return Lane.WAIT
        if (environ.get("REQUEST_METHOD"), path) in signing:
            return Lane.CPU
        return Lane.INLINE

    return lane_of
