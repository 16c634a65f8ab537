"""Serves the OpenAPI files of the active profile, as they are on disk."""

from flask import Blueprint, Response, current_app

from mockserver.core.errors import not_found
from mockserver.http.emulated import specs_of

blueprint = Blueprint("specs", __name__)


@blueprint.get("/openapi")
def list_specs() -> dict[str, object]:
    specs = specs_of(current_app)
    return {"profile": specs.profile.name, "files": list(specs.profile.spec_files)}


@blueprint.get("/openapi/<path:name>")
def get_spec(name: str) -> Response:
    path = specs_of(current_app).file(name)
    if path is None:
        raise not_found(f"No OpenAPI file named {name!r} in this profile; see GET /openapi")
    return Response(path.read_text(encoding="utf-8"), mimetype="application/yaml")
