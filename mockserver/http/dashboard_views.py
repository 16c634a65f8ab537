"""The live dashboard at /__admin/ui: a static page and its own script and stylesheet. The page
holds no data; its script reads the admin API, which asks for the admin token when one is set."""

from importlib.resources import files

from flask import Blueprint, Response

from mockserver.core.errors import not_found

blueprint = Blueprint("dashboard", __name__, url_prefix="/__admin/ui")

_ASSETS = {
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
}
# Only our own files: no inline script, no external fonts, scripts or stylesheets; and no other
# site may frame the page (a framed dashboard could be clicked through from that site).
_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'"
)


def _read(name: str) -> str:
    return files("mockserver.http").joinpath("dashboard", name).read_text(encoding="utf-8")


def _headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": _POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
        "Cache-Control": "no-store",
    }


@blueprint.get("")
def page() -> Response:
    return Response(_read("page.html"), mimetype="text/html", headers=_headers())


@blueprint.get("/<name>")
def asset(name: str) -> Response:
    if name not in _ASSETS:
        raise not_found(f"No dashboard file named {name!r}")
    return Response(_read(name), mimetype=_ASSETS[name], headers=_headers())
