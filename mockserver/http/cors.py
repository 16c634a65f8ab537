"""CORS for browser clients (`AA_MOCK_CORS_ORIGINS`): preflight answers on every emulated
endpoint, execution URLs included, and the allowed origin on every response, errors included."""

from flask import Flask, Response, current_app, request

from mockserver.http.emulated import control_room_of, no_content

BASE_HEADERS = ("X-Authorization", "Authorization", "Content-Type")
MAX_AGE_SECONDS = "600"


def register(app: Flask, origins: tuple[str, ...]) -> None:
    """Off unless origins are configured: the real Control Room's CORS headers are unknown."""
    if not origins:
        return
    app.extensions["aa_mock.cors"] = frozenset(origins)
    app.before_request(_preflight)
    app.after_request(_allow_origin)


def _allowed_origin() -> str | None:
    origin = request.headers.get("Origin")
    allowed = current_app.extensions["aa_mock.cors"]
    if origin is None or request.path.startswith("/__admin"):
        return None
    if "*" in allowed:
        return "*"
    return origin if origin.rstrip("/") in allowed else None


def _preflight() -> Response | None:
    if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
        return None
    response = no_content()
    response.headers["Vary"] = "Origin"
    origin = _allowed_origin()
    if origin is None or request.url_rule is None:
        return response  # no CORS headers: the browser refuses the call
    # Every method of the path (one path can hold several routes, e.g. refresh and validate).
    adapter = current_app.url_map.bind_to_environ(request.environ)
    methods = sorted(set(adapter.allowed_methods()) - {"HEAD", "OPTIONS"})
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Methods"] = ", ".join(methods)
    response.headers["Access-Control-Allow-Headers"] = ", ".join(_allowed_headers())
    response.headers["Access-Control-Max-Age"] = MAX_AGE_SECONDS
    return response


def _allowed_headers() -> list[str]:
    """The Control Room's token headers, plus an execution URL's extra headers (API-Task-Name)."""
    headers = list(BASE_HEADERS)
    file_id = (request.view_args or {}).get("fileId")
    if isinstance(file_id, int):
        found = control_room_of(current_app).allocations.allocated_task(file_id)
        if found is not None:
            headers.extend(name for name in found.task.headers if name not in headers)
    return headers


def _allow_origin(response: Response) -> Response:
    origin = _allowed_origin()
    if origin is not None and "Access-Control-Allow-Origin" not in response.headers:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "Retry-After"
        response.vary.add("Origin")
    return response
