"""Every emulated route is an operation of its spec, checked at start-up."""

import pytest
from flask import Flask

from mockserver.http.app import check_routes_against_specs
from mockserver.http.emulated import emulates
from mockserver.http.spec import EXTENSIONS_SPEC, SEED_SPEC, load_spec


def test_all_spec_operations_are_served(app: Flask) -> None:
    served = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or ())
        if method not in ("HEAD", "OPTIONS")
    }
    for spec_name in (SEED_SPEC, EXTENSIONS_SPEC):
        for path, method in load_spec(spec_name).operations():
            rule = path.replace("{fileId}", "<int:fileId>").replace("{tenantUuid}", "<tenantUuid>")
            assert (rule, method) in served, f"{method} {rule} of {spec_name} is not served"


def test_a_route_missing_from_the_spec_stops_start_up() -> None:
    app = Flask("probe")

    @app.post("/orchestrator/v1/hotbot/config/delete")
    @emulates(SEED_SPEC, "deleteApiTaskAllocation")
    def delete() -> str:
        return ""

    with pytest.raises(RuntimeError, match="config/delete"):
        check_routes_against_specs(app)
