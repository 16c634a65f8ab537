"""Serves the OpenAPI files the server emulates, as they are on disk."""

from flask import Blueprint, Response

from mockserver.core.errors import not_found
from mockserver.http.spec import spec_files

blueprint = Blueprint("specs", __name__)


@blueprint.get("/openapi")
def list_specs() -> dict[str, list[str]]:
    return {"files": [path.name for path in spec_files()]}


@blueprint.get("/openapi/<name>")
def get_spec(name: str) -> Response:
    for path in spec_files():
        if path.name == name:
            return Response(path.read_text(encoding="utf-8"), mimetype="application/yaml")
    raise not_found(f"No OpenAPI file named {name!r}; see GET /openapi")
