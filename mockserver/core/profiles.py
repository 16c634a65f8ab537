"""Profiles: which Control Room the mock is. Each is a coherent set of wire formats and the
OpenAPI files (under openapi/) that are its contract."""

from dataclasses import dataclass

SEED_SPEC = "automation-anywhere-api-task-execution-openapi.yml"
SEED_CREATE_SPEC = "allocation-create.yml"
A360_HOTBOT_SPEC = "a360/hotbot.yml"
EXTENSIONS_SPEC = "control-room-extensions.yml"
ON_DEMAND_SPEC = "on-demand.yml"
ADMIN_SPEC = "admin.yml"


# Every operationId of the emulated Control Room (checked against the specs by the tests).
CONTROL_ROOM_OPERATIONS = (
    "authenticateV2",
    "authenticateV1",
    "refreshTokenV2",
    "refreshTokenV1",
    "validateToken",
    "logout",
    "listApiTaskAllocations",
    "createApiTaskAllocation",
    "generateApiTaskAccessDetails",
    "executeApiTask",
    "deployAutomationV4",
    "deployAutomationV3",
    "listActivityV3",
    "listActivityV2",
    "getActivityExecution",
    "manageActivity",
)


@dataclass(frozen=True)
class Profile:
    name: str
    summary: str
    spec_files: tuple[str, ...]
    ids_as_strings: bool  # fileId and runAsUserOrNone on list and create
    a360_token_claims: bool  # analyticsLicensesPurchased, csrfToken, a JVM-like nanoTime
    legacy_v1_auth: bool  # POST /v1/authentication and /v1/authentication/token are served


PROFILES = {
    "seed": Profile(
        "seed",
        "the user's seed spec is the contract (ids as integers); legacy v1 auth served",
        (SEED_SPEC, SEED_CREATE_SPEC, EXTENSIONS_SPEC, ON_DEMAND_SPEC, ADMIN_SPEC),
        ids_as_strings=False,
        a360_token_claims=False,
        legacy_v1_auth=True,
    ),
    "a360": Profile(
        "a360",
        "AA's documented wire format (ids as strings, the docs' token claims); v1 login and "
        "refresh discontinued as from v.33",
        (A360_HOTBOT_SPEC, EXTENSIONS_SPEC, ON_DEMAND_SPEC, ADMIN_SPEC),
        ids_as_strings=True,
        a360_token_claims=True,
        legacy_v1_auth=False,
    ),
    "legacy": Profile(
        "legacy",
        "a Control Room before v.33: as a360, with v1 login and refresh served",
        (A360_HOTBOT_SPEC, EXTENSIONS_SPEC, ON_DEMAND_SPEC, ADMIN_SPEC),
        ids_as_strings=True,
        a360_token_claims=True,
        legacy_v1_auth=True,
    ),
}
