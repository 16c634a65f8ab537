"""Loads the OpenAPI files once per process and builds their request validators."""

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema_path import SchemaPath
from openapi_core import OpenAPI
from openapi_core.validation.request.validators import (
    V31RequestBodyValidator,
    V31RequestParametersValidator,
)

from mockserver.resources import openapi_dir

SEED_SPEC = "automation-anywhere-api-task-execution-openapi.yml"
EXTENSIONS_SPEC = "control-room-extensions.yml"
ADMIN_SPEC = "admin.yml"
_HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@dataclass(frozen=True)
class LoadedSpec:
    """One OpenAPI file: its raw text (served as is) and its validators."""

    name: str
    text: str
    document: dict[str, Any]  # as parsed, plus the relative server
    openapi: OpenAPI
    body_validator: V31RequestBodyValidator
    parameters_validator: V31RequestParametersValidator

    @property
    def base_path(self) -> str:
        """The path prefix of the first relative server ("" for "/")."""
        relative = [s["url"] for s in self.document.get("servers", []) if "://" not in s["url"]]
        return relative[0].rstrip("/") if relative else ""

    def operations(self) -> dict[tuple[str, str], dict[str, Any]]:
        """(full path template, HTTP method) -> the operation object."""
        return {
            (self.base_path + path, method.upper()): operation
            for path, item in self.document.get("paths", {}).items()
            for method, operation in item.items()
            if method in _HTTP_METHODS
        }


def spec_files() -> list[Path]:
    return sorted(p for p in openapi_dir().iterdir() if p.suffix in (".yml", ".yaml", ".json"))


def _with_relative_server(document: dict[str, Any]) -> dict[str, Any]:
    """openapi-core matches server URLs literally, scheme included: a mock served over http at
    any host must match by path only, so a relative server is added in memory (never on disk)."""
    document = copy.deepcopy(document)
    relative = []
    for server in document.get("servers", []):
        url = server["url"]
        if "://" in url:
            path = (
                "/" + url.split("://", 1)[1].split("/", 1)[-1]
                if "/" in url.split("://", 1)[1]
                else "/"
            )
            relative.append({"url": path})
    document["servers"] = relative + document.get("servers", [])
    return document


@cache
def load_spec(name: str) -> LoadedSpec:
    """Parse and check a spec file of `openapi/`; cached because building costs ~40 ms."""
    text = (openapi_dir() / name).read_text(encoding="utf-8")
    document = _with_relative_server(yaml.safe_load(text))
    openapi = OpenAPI.from_dict(document)
    schema_path = SchemaPath.from_dict(document)
    return LoadedSpec(
        name=name,
        text=text,
        document=document,
        openapi=openapi,
        body_validator=V31RequestBodyValidator(schema_path),
        parameters_validator=V31RequestParametersValidator(schema_path),
    )
