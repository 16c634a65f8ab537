"""Loads the OpenAPI files once per process and builds their request validators."""

import copy
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core import OpenAPI

from mockserver.core.resources import openapi_dir
from mockserver.core.yamlsafe import load_yaml

SEED_SPEC = "automation-anywhere-api-task-execution-openapi.yml"
EXTENSIONS_SPEC = "control-room-extensions.yml"
ADMIN_SPEC = "admin.yml"
_HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


class LoadedSpec:
    """One OpenAPI file: its raw text (served as is), its document and its schema tree."""

    def __init__(self, name: str, text: str, document: dict[str, Any]):
        self.name = name
        self.text = text
        self.document = document  # as parsed, plus the relative server
        self.schema = SchemaPath.from_dict(document)

    @cached_property
    def openapi(self) -> OpenAPI:
        """openapi-core's full model, which checks the whole spec first (about 0.3 s): the tests
        use it to validate responses; serving needs only `schema`."""
        return OpenAPI.from_dict(self.document)

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
            _, _, path = url.split("://", 1)[1].partition("/")
            relative.append({"url": "/" + path})
    document["servers"] = relative + document.get("servers", [])
    return document


@cache
def load_spec(name: str) -> LoadedSpec:
    """Parse a spec file of `openapi/`, once per process."""
    text = (openapi_dir() / name).read_text(encoding="utf-8")
    return LoadedSpec(name, text, _with_relative_server(load_yaml(text)))
