"""Checks every response the tests receive against the spec that describes its endpoint."""

import re
from typing import Any

from jsonschema import Draft202012Validator
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder, TestResponse
from werkzeug.wrappers import Response

from mockserver.http.spec import ADMIN_SPEC, EXTENSIONS_SPEC, SEED_SPEC, load_spec

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "details", "message"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "string", "minLength": 1},
        "message": {"type": "string", "minLength": 1},
        "details": {"type": ["string", "null"]},
    },
}
_ERROR_VALIDATOR = Draft202012Validator(ERROR_SCHEMA)
_SEED_PATHS = ("/orchestrator/v1/hotbot/config", "/orchestrator/v1/hotbot/config/accessdetails")


def spec_for(path: str) -> str | None:
    if path.startswith("/openapi"):
        return None
    if path in _SEED_PATHS:
        return SEED_SPEC
    if path.startswith("/__admin"):
        return ADMIN_SPEC
    return EXTENSIONS_SPEC


def documented_statuses(spec_name: str, path: str, method: str) -> set[int]:
    for (template, verb), operation in load_spec(spec_name).operations().items():
        if verb == method and _matches(template, path):
            return {int(code) for code in operation["responses"]}
    return set()


def _matches(template: str, path: str) -> bool:
    pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
    return re.match(pattern, path) is not None


def check_response(response: TestResponse) -> None:
    """Raise AssertionError when `response` breaks its spec or the Control Room error body."""
    request = response.request
    check(request.method, request.path, response)


def check_raw(
    method: str, url_or_path: str, status: int, content_type: str | None, data: bytes
) -> None:
    """The same check for a response read off a real socket (MockServer, a served process)."""
    path = "/" + url_or_path.split("/", 3)[3] if "://" in url_or_path else url_or_path
    response = Response(data, status=status, content_type=content_type)
    check(method, path.split("?", 1)[0], response)


def check(method: str, path: str, response: Response) -> None:
    spec_name = spec_for(path)
    if spec_name is None:
        return
    if response.status_code in documented_statuses(spec_name, path, method):
        # Match the operation on a bare request: the original body is not needed (or gone).
        bare = EnvironBuilder(path=path, method=method, base_url="http://localhost/").get_request()
        load_spec(spec_name).openapi.validate_response(
            WerkzeugOpenAPIRequest(bare), WerkzeugOpenAPIResponse(response)
        )
        if response.status_code < 400:
            return
    assert response.mimetype == "application/json", f"error body is {response.mimetype}"
    body: Any = response.get_json()
    errors = sorted(_ERROR_VALIDATOR.iter_errors(body), key=str)
    assert not errors, f"not a Control Room error body: {body!r}: {errors[0].message}"
