"""Loads the OpenAPI files once per process, and knows which files make each profile."""

import copy
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core import OpenAPI

from mockserver.core.profiles import (
    A360_HOTBOT_SPEC,
    ADMIN_SPEC,
    EXTENSIONS_SPEC,
    PROFILES,
    SEED_CREATE_SPEC,
    SEED_SPEC,
    Profile,
)
from mockserver.core.resources import openapi_dir
from mockserver.core.yamlsafe import load_yaml

__all__ = [
    "A360_HOTBOT_SPEC",
    "ADMIN_SPEC",
    "EXTENSIONS_SPEC",
    "SEED_CREATE_SPEC",
    "SEED_SPEC",
    "LoadedSpec",
    "ProfileSpecs",
    "load_spec",
    "profile_specs",
]
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


class ProfileSpecs:
    """The OpenAPI files of one profile, and which of them describes each operation."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.specs = [load_spec(name) for name in profile.spec_files]
        self._by_operation: dict[str, LoadedSpec] = {}
        for spec in self.specs:
            for operation in spec.operations().values():
                self._by_operation[str(operation.get("operationId"))] = spec

    def spec_of(self, operation_id: str) -> LoadedSpec:
        try:
            return self._by_operation[operation_id]
        except KeyError:
            raise KeyError(
                f"{operation_id} is in none of the {self.profile.name} profile's specs"
            ) from None

    def file(self, name: str) -> Path | None:
        """An OpenAPI file of this profile by its name under openapi/ (None if not one)."""
        return openapi_dir() / name if name in self.profile.spec_files else None


@cache
def profile_specs(name: str) -> ProfileSpecs:
    return ProfileSpecs(PROFILES[name])
