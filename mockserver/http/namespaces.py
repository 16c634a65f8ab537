"""Namespaces over HTTP: `/ns/<name>/...` served by namespace `name`, and the admin calls that
list, create and delete namespaces.

A WSGI layer moves `/ns/<name>` from PATH_INFO to SCRIPT_NAME and puts the namespace in the
request's environ, where `control_room_of` and `control_of` find it: the views never know.
"""

import json
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, current_app
from werkzeug.wrappers import Response

from mockserver.core.errors import ApiError
from mockserver.core.namespaces import Namespace, NamespaceRegistry, valid_name
from mockserver.core.scenarios import ScenarioError
from mockserver.core.scenarios.resolver import find_named_scenario
from mockserver.http.emulated import NAMESPACE_KEY, AdminCall, admin_operation, no_content

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

REGISTRY_KEY = "aa_mock.namespaces"
PREFIX = "/ns/"

blueprint = Blueprint("namespaces", __name__, url_prefix="/__admin")


class NamespacePrefix:
    """WSGI middleware: a request to `/ns/<name>/rest` reaches the app as `/rest`, with
    SCRIPT_NAME ending in `/ns/<name>` (so URLs the mock builds stay inside the namespace)."""

    def __init__(self, app: "WSGIApplication", registry: NamespaceRegistry):
        self.app = app
        self.registry = registry

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX) and self.registry.maximum > 0:
            name, _, rest = path[len(PREFIX) :].partition("/")
            if valid_name(name):
                try:
                    environ[NAMESPACE_KEY] = self.registry.get(name)
                except ApiError as exc:
                    return _error(exc)(environ, start_response)
                environ["SCRIPT_NAME"] = f"{environ.get('SCRIPT_NAME', '')}{PREFIX}{name}"
                environ["PATH_INFO"] = "/" + rest
        return self.app(environ, start_response)


def register(app: Flask, registry: NamespaceRegistry) -> None:
    app.extensions[REGISTRY_KEY] = registry
    app.wsgi_app = NamespacePrefix(app.wsgi_app, registry)  # type: ignore[method-assign]
    app.register_blueprint(blueprint)


def registry_of(app: Flask) -> NamespaceRegistry:
    registry: NamespaceRegistry = app.extensions[REGISTRY_KEY]
    return registry


def _error(exc: ApiError) -> Response:
    return Response(json.dumps(exc.body()), status=exc.status, mimetype="application/json")


@blueprint.get("/namespaces")
@admin_operation("adminListNamespaces")
def list_namespaces(call: AdminCall) -> dict[str, Any]:
    registry = registry_of(current_app)
    return {
        "maximum": registry.maximum,
        "idleSeconds": registry.idle_seconds,
        "namespaces": [_namespace_json(registry, n) for n in registry.all()],
    }


@blueprint.put("/namespaces/<name>")
@admin_operation("adminCreateNamespace")
def create_namespace(call: AdminCall) -> tuple[dict[str, Any], int]:
    registry = registry_of(current_app)
    body = call.body or {}
    scenario = body.get("scenario")
    try:
        if isinstance(scenario, str):
            # A name only (the spec's pattern has no slashes): no file outside the folders.
            scenario = str(find_named_scenario(scenario, registry.settings.scenario_dirs))
        created = registry.create(call.path_args["name"], scenario, body.get("profile"))
    except ScenarioError as exc:
        problems = [str(p) for p in exc.problems]
        raise ApiError(
            400,
            "mock.scenario.invalid",
            "The scenario is invalid; the namespace was not made: " + "; ".join(problems[:5]),
            "\n".join(problems),
        ) from None
    return _namespace_json(registry, created), 201


@blueprint.delete("/namespaces/<name>")
@admin_operation("adminDeleteNamespace")
def delete_namespace(call: AdminCall) -> Response:
    registry_of(current_app).delete(call.path_args["name"])
    return no_content()


def _namespace_json(registry: NamespaceRegistry, namespace: Namespace) -> dict[str, Any]:
    control = namespace.control
    idle = registry.idle_for(namespace)
    return {
        "name": namespace.name,
        "scenario": control.scenario().name,
        "profile": namespace.control_room.profile.name,
        "createdAt": _iso(namespace.created_at),
        "lastUsedAt": _iso(time.time() - idle),
        "idleSeconds": round(idle, 3),
        "journalSize": len(control.requests()),
    }


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")
