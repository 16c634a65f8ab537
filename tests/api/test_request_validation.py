"""The request validators inline their schemas' references once, and judge exactly as before."""

from typing import Any

import pytest
from jsonschema_path import SchemaPath
from openapi_core.validation.schemas import oas31_schema_validators_factory
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue

from mockserver.http.validation import OperationValidator

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/filter": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Filter"}}
                    }
                },
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
    "components": {
        "schemas": {
            "Filter": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "operator": {"$ref": "#/components/schemas/Operator"},
                    "operands": {"type": "array", "items": {"$ref": "#/components/schemas/Filter"}},
                    "label": {"$ref": "#/components/schemas/Text", "maxLength": 3},
                    "kind": {"enum": [{"$ref": "#/components/schemas/Text"}, "plain"]},
                },
            },
            "Operator": {"type": "string", "enum": ["eq", "and"]},
            "Text": {"type": "string"},
        }
    },
}


@pytest.fixture(scope="module")
def body_validators() -> tuple[Any, Any]:
    spec = SchemaPath.from_dict(SPEC)
    operation = spec / "paths" / "/filter" / "post"
    ours = OperationValidator(spec, operation, spec / "paths" / "/filter").media_types[
        "application/json"
    ]
    schema = operation / "requestBody" / "content" / "application/json" / "schema"
    plain = oas31_schema_validators_factory.create(spec, schema)
    return ours, plain


def test_bare_references_are_inlined_and_the_others_kept(body_validators: tuple[Any, Any]) -> None:
    ours, _ = body_validators
    schema = ours.validator.schema
    properties = schema["properties"]
    assert properties["operator"] == {"type": "string", "enum": ["eq", "and"]}
    # Recursive: unrolled once (the top level arrives resolved), then the reference back into
    # its own chain stays.
    nested = properties["operands"]["items"]
    assert nested["properties"]["operands"]["items"] == {"$ref": "#/components/schemas/Filter"}
    # A reference with sibling keywords stays, as does data that looks like one.
    assert properties["label"] == {"$ref": "#/components/schemas/Text", "maxLength": 3}
    assert properties["kind"]["enum"][0] == {"$ref": "#/components/schemas/Text"}


@pytest.mark.parametrize(
    "body",
    [
        {"operator": "eq"},
        {"operator": "and", "operands": [{"operator": "eq"}, {"operator": "or"}]},
        {"operands": [{"operands": [{"label": "long"}]}]},
        {"operands": [{"surprise": 1}]},
        {"kind": "plain", "label": "ok"},
        {"kind": {"$ref": "#/components/schemas/Text"}},
        {"kind": "other"},
        {"operator": 3},
    ],
)
def test_inlined_validators_judge_as_openapi_core_does(
    body_validators: tuple[Any, Any], body: Any
) -> None:
    ours, plain = body_validators

    def verdict(validator: Any) -> list[tuple[str, list[Any]]] | None:
        try:
            validator.validate(body)
        except InvalidSchemaValue as exc:
            return sorted((error.message, list(error.absolute_path)) for error in exc.schema_errors)
        return None

    assert verdict(ours) == verdict(plain)
