"""The app factory: builds one Flask app around one MockState; importing it builds nothing."""

import re

from flask import Flask

from mockserver.api import admin, control_room, errors, execution, guard, observe, specs
from mockserver.config import Settings
from mockserver.scenarios.catalog import resolve_scenario
from mockserver.spec import load_spec
from mockserver.state import MockState

_RULE_VARIABLE = re.compile(r"<(?:[^:>]+:)?([^>]+)>")


def create_app(settings: Settings | None = None, *, state: MockState | None = None) -> Flask:
    """Build the mock; `state` lets a caller share or pre-build state (tests, MockServer)."""
    settings = settings or (state.settings if state else Settings())
    if state is None:
        state = MockState(settings, resolve_scenario(settings.scenario, settings.scenario_dirs))
    app = Flask("mockserver")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    # accessDetails and errors must keep the request's order of repository paths.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["aa_mock"] = state
    observe.register(app)
    app.before_request(guard.guard_request)
    for blueprint in (
        control_room.blueprint,
        execution.blueprint,
        specs.blueprint,
        admin.blueprint,
    ):
        app.register_blueprint(blueprint)
    errors.register(app)
    check_routes_against_specs(app)
    return app


def check_routes_against_specs(app: Flask) -> None:
    """Every emulated route must be an operation of the spec it claims (checked at start-up)."""
    for rule in app.url_map.iter_rules():
        emulation = getattr(app.view_functions[rule.endpoint], "emulation", None)
        if emulation is None:
            continue
        operations = load_spec(emulation.spec).operations()
        template = _RULE_VARIABLE.sub(r"{\1}", rule.rule)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            operation = operations.get((template, method))
            if operation is None or operation.get("operationId") != emulation.operation:
                raise RuntimeError(
                    f"route {method} {rule.rule} is not operation {emulation.operation} of "
                    f"{emulation.spec}"
                )
