"""Validates emulated requests with openapi-core and maps failures to Control Room errors."""

from collections.abc import Iterable
from typing import Any

from openapi_core.contrib.flask import FlaskOpenAPIRequest
from openapi_core.deserializing.exceptions import DeserializeError
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.templating.paths.exceptions import OperationNotFound, PathError
from openapi_core.validation.request.exceptions import (
    InvalidParameter,
    MissingRequestBodyError,
    MissingRequiredParameter,
)
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue

from mockserver.errors import ApiError, bad_request
from mockserver.spec import LoadedSpec


def field_path(parts: Iterable[Any], root: str = "") -> str:
    text = root
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def _schema_problems(error: InvalidSchemaValue, root: str = "") -> list[str]:
    problems = []
    schema_error: Any  # jsonschema.ValidationError, typed as Exception by openapi-core
    for schema_error in error.schema_errors:
        where = field_path(schema_error.absolute_path, root)
        if schema_error.validator == "required":
            # jsonschema reports the parent; name the missing field itself.
            missing = schema_error.message.split("'")[1] if "'" in schema_error.message else ""
            where = field_path([*schema_error.absolute_path, missing], root) if missing else where
            problems.append(f"{where}: is required")
        else:
            problems.append(f"{where}: {schema_error.message}")
    return problems


def _body_error(error: Exception) -> ApiError:
    cause = error.__cause__
    if isinstance(error, MissingRequestBodyError):
        return bad_request("Request body is required (a JSON object)", details="body")
    if isinstance(cause, MediaTypeNotFound):
        return ApiError(
            415,
            "unsupported.media.type",
            f"Content type {cause.mimetype!r} is not supported; send application/json",
            details="Content-Type",
        )
    if isinstance(cause, DeserializeError):
        return bad_request("Request body is not valid JSON", details="body")
    if isinstance(cause, InvalidSchemaValue):
        problems = _schema_problems(cause)
        return bad_request(
            "Invalid request body: " + "; ".join(problems), details="\n".join(problems)
        )
    return bad_request(f"Invalid request body: {error}", details="body")


def _parameter_error(error: Exception) -> str:
    if isinstance(error, MissingRequiredParameter):
        return f"{error.name}: is required"
    if isinstance(error, InvalidParameter):
        cause = error.__cause__
        if isinstance(cause, InvalidSchemaValue):
            return "; ".join(_schema_problems(cause, error.name))
        return f"{error.name}: {cause or 'is invalid'}"
    return str(error)


def validate_request(spec: LoadedSpec, flask_request: Any) -> None:
    """Raise the ApiError a Control Room would answer for this request, or return None."""
    request = FlaskOpenAPIRequest(flask_request)
    parameter_problems = []
    for error in spec.parameters_validator.iter_errors(request):
        if isinstance(error, OperationNotFound):
            raise ApiError(
                405,
                "method.not.allowed",
                f"Method {flask_request.method} is not allowed on {flask_request.path}",
            )
        if isinstance(error, PathError):
            raise ApiError(404, "not.found", f"No such resource: {flask_request.path}")
        parameter_problems.append(_parameter_error(error))
    if parameter_problems:
        raise bad_request(
            "Invalid request parameters: " + "; ".join(parameter_problems),
            details="\n".join(parameter_problems),
        )
    for error in spec.body_validator.iter_errors(request):
        raise _body_error(error)
