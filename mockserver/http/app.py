"""The app factory: builds one Flask app around one ControlRoom; importing builds nothing."""

import re

from flask import Flask

from mockserver.core.config import Settings
from mockserver.core.control_room import ControlRoom
from mockserver.core.namespaces import NamespaceRegistry
from mockserver.core.scenarios.resolver import resolve_scenario
from mockserver.http import (
    admin,
    cors,
    dashboard_views,
    devices,
    error_handlers,
    execution,
    observe,
    ondemand,
    repository,
    request_body,
    request_checks,
    specs,
)
from mockserver.http import control_room as control_room_views
from mockserver.http import namespaces as namespaces_views
from mockserver.http.emulated import attach, specs_of
from mockserver.http.json_response import FastJSONProvider
from mockserver.http.path_ids import ControlRoomId
from mockserver.http.spec import ProfileSpecs

_RULE_VARIABLE = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


def create_app(
    settings: Settings | None = None,
    *,
    control_room: ControlRoom | None = None,
    namespaces: NamespaceRegistry | None = None,
) -> Flask:
    """Build the mock; `control_room` lets a caller share or pre-build it (tests, MockServer),
    `namespaces` the registry of the Control Rooms under /ns/<name>/ (tests: its clock)."""
    settings = settings or (control_room.settings if control_room else Settings())
    if control_room is None:
        scenario = resolve_scenario(settings.scenario, settings.scenario_dirs)
        control_room = ControlRoom(settings, scenario)
    app = Flask("mockserver")
    app.json = FastJSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    # Every `<int:...>` in a route is an id as the Control Room writes it (path_ids.py); and no
    # path is answered with a redirect (`//` merged, a slash added), whose body would be HTML.
    app.url_map.converters["int"] = ControlRoomId
    app.url_map.merge_slashes = False
    app.url_map.strict_slashes = False
    attach(app, control_room)
    namespaces = namespaces or NamespaceRegistry(settings, default_scenario=control_room.scenario())
    observe.register(app)
    request_checks.register(app)
    request_body.register(app, settings.max_body_bytes)
    for blueprint in (
        control_room_views.blueprint,
        execution.blueprint,
        ondemand.blueprint,
        repository.blueprint,
        devices.blueprint,
        specs.blueprint,
        admin.blueprint,
        dashboard_views.blueprint,
    ):
        app.register_blueprint(blueprint)
    namespaces_views.register(app, namespaces)
    error_handlers.register(app)
    cors.register(app, settings.cors_origins)
    check_routes_against_specs(app, specs_of(app))
    return app


def check_routes_against_specs(app: Flask, specs: ProfileSpecs) -> None:
    """Every emulated route must be the operation it claims in the profile's specs, at the same
    path and method (checked at start-up)."""
    for rule in app.url_map.iter_rules():
        emulation = getattr(app.view_functions[rule.endpoint], "emulation", None)
        if emulation is None:
            continue
        try:
            spec = specs.spec_of(emulation.operation)
        except KeyError as exc:
            raise RuntimeError(f"route {rule.rule}: {exc.args[0]}") from None
        operations = spec.operations()
        template = _RULE_VARIABLE.sub(r"{\1}", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            operation = operations.get((template, method))
            if operation is None or operation.get("operationId") != emulation.operation:
                raise RuntimeError(
                    f"route {method} {rule.rule} is not operation {emulation.operation} of "
                    f"{spec.name}"
                )
