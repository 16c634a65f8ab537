"""The request's `Host`: whether it can name this mock in a URL, whether the allow-list admits it,
and the base of the absolute URLs built from it."""

import re

from flask import Request

# A DNS name or IPv4 address (underscores too: Compose and Docker names have them, and Werkzeug's
# `request.host` reads such a name as empty), or an IPv6 literal; then a port.
_HOST = re.compile(
    r"(?:[A-Za-z0-9_][A-Za-z0-9._-]{0,252}|\[[0-9A-Fa-f:.]{2,45}\])"  # name | [IPv6]
    r"(?::([0-9]{1,5}))?"  # :port
)


def valid_host(value: str) -> bool:
    """Whether `value` can stand for the authority of an absolute URL. Two `Host` headers arrive
    joined by a comma, which is refused here."""
    match = _HOST.fullmatch(value)
    return match is not None and (match.group(1) is None or 0 < int(match.group(1)) <= 65535)


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """`allowed` holds names (`mock.example.com`), `.example.com` for a domain and its
    subdomains, or `*`; empty allows every host. Ports are not compared; case is ignored."""
    if not allowed or "*" in allowed:
        return True
    name = host if host.endswith("]") else host.rsplit(":", 1)[0]
    name = name.lower().rstrip(".")
    entries = (entry.lower().rstrip(".") for entry in allowed)
    return any(
        name == entry or (entry.startswith(".") and (name.endswith(entry) or name == entry[1:]))
        for entry in entries
    )


def base_url(request: Request) -> str:
    """`scheme://host[:port]` of the request, from its (checked) `Host` header."""
    return f"{request.scheme}://{request.environ.get('HTTP_HOST', '')}"
