"""Checks every response the tests receive against the spec that describes its endpoint in the
active profile (seed, a360 or legacy)."""

import re
from typing import Any

from jsonschema import Draft202012Validator
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder, TestResponse
from werkzeug.wrappers import Response

from mockserver.http.spec import LoadedSpec, profile_specs

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
_NAMESPACE_PREFIX = re.compile(r"^/ns/[A-Za-z0-9_-]{1,64}(?=/)")


def operation_for(profile: str, path: str, method: str) -> tuple[LoadedSpec, dict[str, Any]] | None:
    """The spec and operation of the profile that serve `method path`, if any."""
    for spec in profile_specs(profile).specs:
        for (template, verb), operation in spec.operations().items():
            if verb == method and _matches(template, path):
                return spec, operation
    return None


def _matches(template: str, path: str) -> bool:
    pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
    return re.match(pattern, path) is not None


def check_response(response: TestResponse, profile: str = "seed") -> None:
    """Raise AssertionError when `response` breaks its spec or the Control Room error body."""
    request = response.request
    check(request.method, request.path, response, profile)


def check_raw(
    method: str,
    url_or_path: str,
    status: int,
    content_type: str | None,
    data: bytes,
    profile: str = "seed",
) -> None:
    """The same check for a response read off a real socket (MockServer, a served process)."""
    path = "/" + url_or_path.split("/", 3)[3] if "://" in url_or_path else url_or_path
    response = Response(data, status=status, content_type=content_type)
    check(method, path.split("?", 1)[0], response, profile)


def check(method: str, path: str, response: Response, profile: str = "seed") -> None:
    path = _NAMESPACE_PREFIX.sub("", path)  # a namespace serves the same operations
    if path.startswith("/openapi") or (method == "OPTIONS" and response.status_code == 204):
        return  # the spec files themselves, and CORS preflights (checked by their own tests)
    found = operation_for(profile, path, method)
    if found is not None and response.status_code in {int(c) for c in found[1]["responses"]}:
        spec = found[0]
        # Match the operation on a bare request: the original body is not needed (or gone).
        bare = EnvironBuilder(path=path, method=method, base_url="http://localhost/").get_request()
        spec.openapi.validate_response(
            WerkzeugOpenAPIRequest(bare), WerkzeugOpenAPIResponse(response)
        )
        if response.status_code < 400:
            return
    assert response.mimetype == "application/json", f"error body is {response.mimetype}"
    body: Any = response.get_json()
    errors = sorted(_ERROR_VALIDATOR.iter_errors(body), key=str)
    assert not errors, f"not a Control Room error body: {body!r}: {errors[0].message}"
