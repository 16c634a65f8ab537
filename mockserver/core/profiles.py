"""Profiles: which Control Room the mock is. Each is a coherent set of wire formats and the
OpenAPI files (under openapi/) that are its contract."""

from dataclasses import dataclass

SEED_SPEC = "automation-anywhere-api-task-execution-openapi.yml"
SEED_CREATE_SPEC = "allocation-create.yml"
A360_HOTBOT_SPEC = "a360/hotbot.yml"
EXTENSIONS_SPEC = "control-room-extensions.yml"
ON_DEMAND_SPEC = "on-demand.yml"
ADMIN_SPEC = "admin.yml"
REPOSITORY_SPEC = "repository.yml"
DEVICES_SPEC = "devices.yml"

# The specs of AA's documented wire format (the a360 and legacy profiles).
A360_SPECS = (
    A360_HOTBOT_SPEC,
    EXTENSIONS_SPEC,
    ON_DEMAND_SPEC,
    REPOSITORY_SPEC,
    DEVICES_SPEC,
    ADMIN_SPEC,
)


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
    "listWorkspaceFiles",
    "listFolderFiles",
    "getRepositoryFile",
    "getBotInterface",
    "listRunAsUsers",
    "listDevices",
    "listDevicePools",
)


@dataclass(frozen=True)
class Profile:
    name: str
    summary: str
    spec_files: tuple[str, ...]
    ids_as_strings: bool  # fileId and runAsUserOrNone on list and create
    a360_token_claims: bool  # analyticsLicensesPurchased, csrfToken, a JVM-like nanoTime
    legacy_v1_auth: bool  # POST /v1/authentication and /v1/authentication/token are served
    # The largest page.length a list request may ask for (None: no cap, AA documents none).
    page_length_cap: int | None = None
    # Allocations made without a run-as user get apitaskrunner (cloud-device-management.html).
    default_run_as_user: bool = True
    # GET /v1/authentication/token needs the token in a header (the query form is deprecated).
    validate_needs_header: bool = True
    # Authorization: Bearer takes a Control Room token (AA reserves Bearer for OAuth tokens).
    bearer_takes_control_room_token: bool = False
    # POST /v1/authentication answers the v1 user fields (firstname, sysAssignedRoles, ...).
    v1_user_fields: bool = False


PROFILES = {
    "seed": Profile(
        "seed",
        "the user's seed spec is the contract (ids as integers); legacy v1 auth served",
        (
            SEED_SPEC,
            SEED_CREATE_SPEC,
            EXTENSIONS_SPEC,
            ON_DEMAND_SPEC,
            REPOSITORY_SPEC,
            DEVICES_SPEC,
            ADMIN_SPEC,
        ),
        ids_as_strings=False,
        a360_token_claims=False,
        legacy_v1_auth=True,
        page_length_cap=100,
        default_run_as_user=False,
        validate_needs_header=False,
        bearer_takes_control_room_token=True,
    ),
    "a360": Profile(
        "a360",
        "AA's documented wire format (ids as strings, the docs' token claims); v1 login and "
        "refresh discontinued as from v.33",
        A360_SPECS,
        ids_as_strings=True,
        a360_token_claims=True,
        legacy_v1_auth=False,
    ),
    "legacy": Profile(
        "legacy",
        "a Control Room before v.33: as a360, with v1 login and refresh served",
        A360_SPECS,
        ids_as_strings=True,
        a360_token_claims=True,
        legacy_v1_auth=True,
        validate_needs_header=False,
        v1_user_fields=True,
    ),
}
