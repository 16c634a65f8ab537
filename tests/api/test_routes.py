"""Every emulated route is an operation of its profile's specs, checked at start-up."""

import re

import pytest
from flask import Flask

from conftest import AppFactory
from mockserver.core.profiles import PROFILES
from mockserver.http.app import check_routes_against_specs
from mockserver.http.emulated import emulates
from mockserver.http.spec import profile_specs


@pytest.mark.parametrize("profile", list(PROFILES))
def test_all_spec_operations_are_served(make_app: AppFactory, profile: str) -> None:
    app = make_app(profile=profile)
    served = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or ())
        if method not in ("HEAD", "OPTIONS")
    }
    for spec in profile_specs(profile).specs:
        for path, method in spec.operations():
            rule = path.replace("{fileId}", "<int:fileId>").replace("{tenantUuid}", "<tenantUuid>")
            rule = re.sub(r"\{(\w+)\}", r"<\1>", rule)
            assert (rule, method) in served, f"{method} {rule} of {spec.name} is not served"


def test_a_route_at_the_wrong_path_stops_start_up() -> None:
    app = Flask("probe")

    @app.post("/orchestrator/v1/hotbot/config/delete")
    @emulates("listApiTaskAllocations")
    def delete() -> str:
        return ""

    with pytest.raises(RuntimeError, match="config/delete"):
        check_routes_against_specs(app, profile_specs("seed"))


def test_a_route_missing_from_the_specs_stops_start_up() -> None:
    app = Flask("probe")

    @app.post("/orchestrator/v1/hotbot/config/delete")
    @emulates("deleteApiTaskAllocation")
    def delete() -> str:
        return ""

    with pytest.raises(RuntimeError, match="deleteApiTaskAllocation"):
        check_routes_against_specs(app, profile_specs("seed"))


def test_the_fault_operations_are_exactly_the_specs_operations() -> None:
    from mockserver.core.profiles import CONTROL_ROOM_OPERATIONS

    for profile in PROFILES:
        emulated = {
            str(op.get("operationId"))
            for spec in profile_specs(profile).specs
            if spec.name != "admin.yml"
            for op in spec.operations().values()
        }
        assert emulated == set(CONTROL_ROOM_OPERATIONS), profile
