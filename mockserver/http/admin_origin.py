"""Keeps web pages on other sites away from the admin API: a browser sends any page's "simple"
cross-origin POST (no preflight), so a state-changing admin call that a browser marks as coming
from another site is refused (403). Programs (curl, HttpControl) send no such marks and pass."""

from urllib.parse import urlsplit

from flask import Request

from mockserver.core.errors import ApiError
from mockserver.core.limits import echo
from mockserver.http.host import base_url

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# "none": the user typed the address or opened a bookmark.
_SAME_SITE_FETCHES = frozenset({"same-origin", "none"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or URL; None when it is not one (`null`, garbage)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[parts.scheme]


def check_same_origin(request: Request, public_url: str | None) -> None:
    """Refuse a state-changing call whose `Sec-Fetch-Site` says another site sent it, or whose
    `Origin` is neither the mock's own (the request's host, or `AA_MOCK_PUBLIC_URL`)."""
    if request.method in _SAFE_METHODS:
        return
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in _SAME_SITE_FETCHES:
        raise _cross_origin(f"Sec-Fetch-Site: {echo(site)}")
    origin = request.headers.get("Origin")
    if origin is None:
        return
    own = {_origin(base_url(request))}
    if public_url:
        own.add(_origin(public_url))
    given = _origin(origin)
    if given is None or given not in own:
        raise _cross_origin(f"Origin: {echo(origin)}")


def _cross_origin(evidence: str) -> ApiError:
    return ApiError(
        403,
        "admin.cross.origin",
        f"The admin API refuses calls a web page on another site sent ({evidence}); call it "
        "from the dashboard, a test or a script",
        details="Origin",
    )
