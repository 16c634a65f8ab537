"""Validates emulated requests against their OpenAPI operation and maps failures to Control Room
errors.

openapi-core's request validators find the operation and rebuild schema validators on every call
(about 3 ms). Flask's routing already knows the operation, so `OperationValidator` builds
openapi-core's schema validators once per operation and reuses them, with their references
inlined: the same checks and messages for a small fraction of the cost.
"""

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from flask import Request
from jsonschema_path import SchemaPath
from openapi_core.validation.schemas import oas31_schema_validators_factory
from openapi_core.validation.schemas.validators import SchemaValidator

from mockserver.core.errors import ApiError, bad_request, did_you_mean, field_path
from mockserver.core.limits import (
    MAX_JSON_DEPTH,
    MAX_PROBLEM_CHARS,
    MAX_PROBLEMS,
    echo,
    json_depth_over,
)
from mockserver.core.schema_alternatives import meant_alternative, unknown_keys, wrong_type
from mockserver.http.spec import LoadedSpec


def _where(parts: Iterable[Any], root: str = "") -> str:
    return field_path(parts, root) or "body"


def _schema_problems(validator: SchemaValidator, value: Any, root: str = "") -> list[str]:
    """What is wrong with `value`, one line per problem, at most MAX_PROBLEMS of them: the
    violations are drawn lazily, so a body of a million bad items costs what twenty do."""
    found = list(islice(validator.validator.iter_errors(value), MAX_PROBLEMS + 1))
    problems: list[str] = []
    for schema_error in found[:MAX_PROBLEMS]:
        problems.extend(_describe(schema_error, root))
        if len(problems) >= MAX_PROBLEMS:
            break
    more = len(found) > MAX_PROBLEMS or len(problems) > MAX_PROBLEMS
    return [echo(p, MAX_PROBLEM_CHARS) for p in problems[:MAX_PROBLEMS]] + (
        ["… and more"] if more else []
    )


def _describe(schema_error: Any, root: str) -> list[str]:
    """One jsonschema error (typed as Exception by openapi-core) as problem lines."""
    if schema_error.context and schema_error.validator in ("anyOf", "oneOf"):
        return _alternatives(schema_error, root)
    where = _where(schema_error.absolute_path, root)
    if schema_error.validator == "additionalProperties" and isinstance(schema_error.instance, dict):
        known = list(schema_error.schema.get("properties", {}))
        unknown = [key for key in schema_error.instance if key not in known]
        return [
            f"{_where([*schema_error.absolute_path, echo(key)], root)}: unknown key"
            f"{did_you_mean(key, known)}; known: {', '.join(known)}"
            for key in unknown[: MAX_PROBLEMS + 1]
        ]
    if schema_error.validator == "required":
        # jsonschema reports the parent; name the missing field itself.
        missing = schema_error.message.split("'")[1] if "'" in schema_error.message else ""
        where = _where([*schema_error.absolute_path, missing], root) if missing else where
        return [f"{where}: is required"]
    if schema_error.validator == "enum" and isinstance(schema_error.instance, str):
        allowed = [str(v) for v in schema_error.validator_value]
        return [f"{where}: {schema_error.message}{did_you_mean(schema_error.instance, allowed)}"]
    return [f"{where}: {schema_error.message}"]


def _alternatives(schema_error: Any, root: str) -> list[str]:
    """A value that fits no alternative: "not valid under any of the given schemas" names no
    field; what does, in this order: the deepest reason (a typed LIST item's bad `type`, rather
    than "not a string"), the problems of the alternative meant, the keys no alternative knows,
    the types that would fit."""
    path = list(schema_error.absolute_path)
    deepest = max(schema_error.context, key=lambda c: len(c.absolute_path))
    if len(deepest.absolute_path) > len(path):
        return _describe(deepest, root)
    if meant := meant_alternative(schema_error):
        return [line for sub in meant for line in _describe(sub, root)]
    if unknown := unknown_keys(schema_error):
        return [
            f"{_where([*path, echo(key)], root)}: {message}"
            for key, message in unknown[: MAX_PROBLEMS + 1]
        ]
    return [f"{_where(path, root)}: {wrong_type(schema_error) or schema_error.message}"]


# Keywords whose values are data, not schemas; keywords whose values map names to schemas.
_DATA_KEYWORDS = frozenset({"enum", "const", "default", "example", "examples"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})


def _inlined(node: Any, resolver: Any, chain: tuple[str, ...] = ()) -> Any:
    """`node` with every bare `{"$ref": "#..."}` replaced by its target, so that jsonschema does
    not look references up on every call (it halves an execution's validation). A reference back
    into its own chain (a recursive schema), one with sibling keywords and one to another
    document stay references, which the validator resolves as before."""
    if isinstance(node, list):
        return [_inlined(item, resolver, chain) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and len(node) == 1 and ref.startswith("#") and ref not in chain:
        target = resolver.lookup(ref)
        return _inlined(target.contents, resolver, (*chain, ref))
    inlined: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DATA_KEYWORDS:
            inlined[key] = value
        elif key in _SCHEMA_MAPS and isinstance(value, dict):
            inlined[key] = {
                name: _inlined(schema, resolver, chain) for name, schema in value.items()
            }
        else:
            inlined[key] = _inlined(value, resolver, chain)
    return inlined


@dataclass(frozen=True)
class _Parameter:
    name: str
    location: str  # path, query or header
    required: bool
    schema_type: str
    validator: SchemaValidator

    def raw_value(self, request: Request) -> Any:
        if self.location == "path":
            return (request.view_args or {}).get(self.name)
        if self.location == "query":
            return request.args.get(self.name)
        return request.headers.get(self.name)

    def cast(self, raw: Any) -> Any:
        """Query and header values are strings: read them as the schema's type when they can be."""
        if not isinstance(raw, str):
            return raw
        try:
            if self.schema_type == "integer":
                return int(raw)
            if self.schema_type == "number":
                return float(raw)
        except ValueError:
            return raw
        if self.schema_type == "boolean" and raw in ("true", "false"):
            return raw == "true"
        return raw


class OperationValidator:
    """openapi-core schema validators for one operation, built once."""

    def __init__(self, spec: SchemaPath, operation: SchemaPath, path_item: SchemaPath):
        self.spec = spec
        self.parameters = [self._parameter(p) for p in self._parameter_specs(path_item, operation)]
        self.body_required = False
        self.media_types: dict[str, SchemaValidator | None] = {}
        if "requestBody" in operation:
            body = operation / "requestBody"
            self.body_required = bool((body / "required").read_bool(default=False))
            for media_type, content in (body / "content").items():
                schema = content / "schema" if "schema" in content else None
                self.media_types[str(media_type)] = (
                    self._schema_validator(schema) if schema is not None else None
                )

    @staticmethod
    def _parameter_specs(path_item: SchemaPath, operation: SchemaPath) -> list[SchemaPath]:
        specs: dict[tuple[str, str], SchemaPath] = {}
        for owner in (path_item, operation):  # operation-level parameters win
            if "parameters" in owner:
                for parameter in owner / "parameters":
                    specs[(str(parameter["name"]), str(parameter["in"]))] = parameter
        return list(specs.values())

    def _schema_validator(self, schema: SchemaPath) -> SchemaValidator:
        built = oas31_schema_validators_factory.create(self.spec, schema)
        checker: Any = built.validator  # a jsonschema validator, typed as a protocol
        # The schema's contents and a `referencing` resolver for its references, as
        # jsonschema-path resolves them for openapi-core (its public `resolve()`).
        with schema.resolve() as resolved:
            inlined = _inlined(resolved.contents, resolved.resolver)
        return SchemaValidator(built.schema, checker.evolve(schema=inlined))

    def _parameter(self, spec: SchemaPath) -> _Parameter:
        schema = spec / "schema"
        schema_type = schema["type"] if "type" in schema else "string"  # noqa: SIM401 - not a dict
        return _Parameter(
            name=str(spec["name"]),
            location=str(spec["in"]),
            required=bool(spec["required"]) if "required" in spec else False,
            schema_type=schema_type if isinstance(schema_type, str) else "string",
            validator=self._schema_validator(schema),
        )

    def validate(self, request: Request) -> Any:
        """Check the request; return its parsed JSON body (raw bytes for another media type,
        None without a body)."""
        self._validate_parameters(request)
        return self._validate_body(request) if self.media_types else None

    def _validate_parameters(self, request: Request) -> None:
        problems = []
        for parameter in self.parameters:
            raw = parameter.raw_value(request)
            if raw is None:
                if parameter.required:
                    problems.append(f"{parameter.name}: is required")
                continue
            problems.extend(
                _schema_problems(parameter.validator, parameter.cast(raw), parameter.name)
            )
        if problems:
            raise bad_request(
                "Invalid request parameters: " + "; ".join(problems), details="\n".join(problems)
            )

    def _validate_body(self, request: Request) -> Any:
        data = request.get_data(cache=True)
        if not data:
            if self.body_required:
                raise bad_request("Request body is required (a JSON object)", details="body")
            return None
        mimetype = request.mimetype
        if mimetype not in self.media_types:
            raise ApiError(
                415,
                "unsupported.media.type",
                f"Content type {mimetype or request.content_type!r} is not supported; send "
                + " or ".join(self.media_types),
                details="Content-Type",
            )
        validator = self.media_types[mimetype]
        if validator is None:  # e.g. a YAML upload: the view parses and checks it
            return data
        if mimetype == "application/json":
            if json_depth_over(data):
                raise bad_request(
                    f"Request body is nested deeper than {MAX_JSON_DEPTH} levels, the mock's limit",
                    details="body",
                )
            try:
                value = json.loads(data)
            except (ValueError, UnicodeDecodeError):
                raise bad_request("Request body is not valid JSON", details="body") from None
        else:
            value = data
        problems = _schema_problems(validator, value)
        if problems:
            raise bad_request(
                "Invalid request body: " + "; ".join(problems), details="\n".join(problems)
            )
        return value


_validators: dict[tuple[str, str], OperationValidator] = {}
_validators_lock = threading.Lock()


def operation_validator(spec: LoadedSpec, operation_id: str) -> OperationValidator:
    """The cached validator of `operation_id` in `spec` (built on first use)."""
    key = (spec.name, operation_id)
    validator = _validators.get(key)
    if validator is None:
        with _validators_lock:
            validator = _validators.get(key)
            if validator is None:
                validator = _validators[key] = _build(spec, operation_id)
    return validator


def _build(spec: LoadedSpec, operation_id: str) -> OperationValidator:
    root = spec.schema
    paths = root / "paths"
    for (template, method), operation in spec.operations().items():
        if operation.get("operationId") == operation_id:
            relative = template[len(spec.base_path) :] or "/"
            return OperationValidator(root, paths / relative / method.lower(), paths / relative)
    raise KeyError(f"{operation_id} is not an operation of {spec.name}")


def validate_request(spec: LoadedSpec, operation_id: str, request: Request) -> Any:
    """Raise the ApiError a Control Room would answer for this request, or return its body."""
    return operation_validator(spec, operation_id).validate(request)
