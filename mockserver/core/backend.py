"""The emulated Control Room: one object owns all mutable state, with one method per operation.

Like a moto backend, it returns domain objects (never wire dicts) and `reset()` rebuilds its state
from the scenario instead of clearing fields one by one. It is also the in-process implementation
of the test-control interface (`mockserver.core.control.MockControl`).
"""

import hmac
import itertools
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import rsa

from mockserver.core import engine
from mockserver.core.clock import Clock, ClockStatus
from mockserver.core.config import Settings
from mockserver.core.control import (
    Health,
    ScenarioInfo,
    ScenarioSummary,
    filter_journal,
    new_fault,
    parse_timestamp,
)
from mockserver.core.engine import ConcurrencyGate, EngineContext
from mockserver.core.errors import ApiError, bad_request, forbidden, not_found, unauthorized
from mockserver.core.faults import FaultRegistry, InjectedFault
from mockserver.core.filters import Row, compile_filter, compile_sort, sort_rows
from mockserver.core.journal import Journal, JournalEntry
from mockserver.core.results import (
    AccessDetails,
    AllocatedTask,
    AllocationPage,
    AllocationState,
    Caller,
    ExecutionAccess,
    HeaderLookup,
    Session,
    execution_path,
)
from mockserver.core.scenarios.model import Allocation, ApiTask, Scenario, User
from mockserver.core.scenarios.resolver import ScenarioRef, catalog, resolve_scenario
from mockserver.core.tokens import (
    TokenKind,
    TokenRecord,
    TokenService,
    jvm_nano_time,
    signing_key,
)
from mockserver.core.values import PyValue
from mockserver.core.verification import CountResult, RequestPattern, count_matching

if TYPE_CHECKING:
    from faker import Faker

# The swagger's text for a hotbot that is not there (reference 5.1).
NOT_CONFIGURED = (
    "The hotbot service is not configured. Was the allocation created correctly? "
    "Check for 'API Task Warmup completed' event in audit log."
)


def _same_secret(given: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(given.encode(), expected.encode())


class ControlRoomBackend:
    """The scenario in force plus everything clients changed since the last reset."""

    def __init__(
        self,
        settings: Settings,
        scenario: Scenario,
        *,
        clock: Clock | None = None,
        key: "rsa.RSAPrivateKey | Future[rsa.RSAPrivateKey] | None" = None,
    ):
        # What a reset keeps: configuration, the clock, the signing key, token ids that never
        # repeat, the faker, and the in-flight counts of executions still running.
        self.settings = settings
        self.clock = clock or Clock()
        self.started_at = self.clock.now()
        self._key = key or signing_key(settings.signing_key_file)
        self.profile = settings.active_profile
        self._token_ids: Iterator[int] = (
            jvm_nano_time(self.clock, settings.seed)
            if self.profile.a360_token_claims
            else itertools.count(int(self.clock.now() * 1_000_000_000))
        )
        self._gate = ConcurrencyGate()
        self._faker: Faker | None = None
        self._faker_lock = threading.Lock()
        self._lock = threading.RLock()
        self._build(scenario)

    def _build(self, scenario: Scenario) -> None:
        """Everything a reset starts afresh, built from the scenario."""
        self.scenario = scenario
        self.tokens = TokenService(
            self._key,
            self.clock,
            scenario.tenant_uuid,
            ids=self._token_ids,
            a360_claims=self.profile.a360_token_claims,
        )
        self.journal = Journal(self.settings.journal_capacity)
        self.fault_registry = FaultRegistry()
        self._allocations = {
            t.file_id: t.allocation for t in scenario.tasks if t.allocation is not None
        }
        self.engine_context = EngineContext(
            seed=self.settings.seed,
            random=Random(self.settings.seed),
            faker=self._get_faker,
            faker_lock=self._faker_lock,
            call_counts={},
            counts_lock=threading.Lock(),
            gate=self._gate,
            timeout_seconds=self.settings.realtime_timeout_seconds,
            clock=self.clock,
        )

    def _get_faker(self) -> "Faker":
        if self._faker is None:
            from faker import Faker  # importing Faker costs ~0.1 s: only when a scenario uses it

            self._faker = Faker()
        return self._faker

    @property
    def gate(self) -> ConcurrencyGate:
        return self._gate

    # -- authentication

    def authenticate(self, token: str, kind: TokenKind, grant: str | None = None) -> Caller:
        """Verify `token` (401 saying why not) and, for a Control Room token, the user's right."""
        record = self.tokens.verify(token, kind)
        if kind is TokenKind.EXECUTION:
            return Caller(record, None)
        user = self._user_for(record)
        if grant is not None and not user.has_grant(grant):
            raise forbidden(
                f"User '{user.username}' is not allowed to do this "
                f"(needs a role that grants {grant})"
            )
        return Caller(record, user)

    def username_of(self, record: TokenRecord) -> str | None:
        user = self.scenario.user_by_id(record.subject)
        return None if user is None else user.username

    def _user_for(self, record: TokenRecord) -> User:
        user = self.scenario.user_by_id(record.subject)
        if user is None or user.disabled:
            raise unauthorized("The token's user no longer exists or is disabled")
        return user

    def login(
        self,
        username: str,
        *,
        password: str | None = None,
        api_key: str | None = None,
        multiple_login: bool | None = None,
    ) -> Session:
        """POST /v2/authentication (and the legacy v1 form): password or API key for a JWT."""
        if password is not None and api_key is not None:
            raise bad_request(
                "Provide either 'password' or 'apiKey', not both", details="password, apiKey"
            )
        with_key = api_key is not None
        secret = api_key if api_key is not None else password or ""
        user = self.scenario.user_named(username)
        expected = None if user is None else (user.api_key if with_key else user.password)
        if user is None or user.disabled or not _same_secret(secret, expected):
            raise unauthorized(
                f"Invalid username or {'API key' if with_key else 'password'}",
                code="authentication.failed",
            )
        # An API key gives a multi-session token (reference 1.2); a password login keeps earlier
        # sessions only for users with the multi-login right who did not send multipleLogin: false.
        multiple = with_key or (user.multiple_login_allowed and multiple_login is not False)
        if not multiple:
            self.tokens.revoke_where(
                "replaced by a newer login", subject=user.id, kind=TokenKind.CONTROL_ROOM
            )
        return Session(user, self._issue(user, multiple), self.scenario.tenant_uuid, 0)

    def _issue(self, user: User, multiple_login: bool) -> str:
        token, _ = self.tokens.issue_control_room(
            user.id,
            self.settings.control_room_token_ttl,
            multiple_login=multiple_login,
            licenses=list(user.license_features),
        )
        return token

    def refresh(self, record: TokenRecord) -> Session:
        """POST /v2/authentication/token: a new token; the one used for the refresh stops."""
        user = self._user_for(record)
        self.tokens.revoke(record.token_id, "refreshed")
        token = self._issue(user, record.multiple_login)
        ttl = self.settings.control_room_token_ttl
        return Session(user, token, self.scenario.tenant_uuid, ttl)

    def legacy_refresh(self, token_in_body: str) -> str:
        """POST /v1/authentication/token: refreshes the token named in the body."""
        return self.refresh(self.tokens.verify(token_in_body, TokenKind.CONTROL_ROOM)).token

    def validate(self, token: str | None) -> bool:
        """GET /v1/authentication/token: is this a live token of either kind?"""
        if not token:
            return False
        for kind in TokenKind:
            try:
                self.tokens.verify(token, kind)
                return True
            except ApiError:
                continue
        return False

    def logout(self, record: TokenRecord) -> None:
        self.tokens.revoke(record.token_id, "logged out")

    # -- allocations

    def list_allocations(
        self, offset: int, length: int, filter_doc: Any = None, sort_doc: Any = None
    ) -> AllocationPage:
        """POST .../hotbot/config: AA's filter and sort, then the page. `total` counts every
        allocation, `total_filter` what the filter kept."""
        matches = compile_filter(filter_doc, ALLOCATION_FIELDS)
        order = compile_sort(sort_doc, ALLOCATION_FIELDS)
        with self._lock:
            allocations = list(self._allocations.items())
            scenario = self.scenario
        if filter_doc is None and not order:
            # Only the requested page is looked up (a large tenant has hundreds of allocations).
            items = [
                AllocatedTask(task, allocation)
                for file_id, allocation in allocations[offset : offset + length]
                if (task := scenario.task_by_file_id(file_id)) is not None
            ]
            return AllocationPage(items, offset, len(allocations), len(allocations))
        by_id: dict[int, AllocatedTask] = {}
        rows = []
        for file_id, allocation in allocations:
            task = scenario.task_by_file_id(file_id)
            if task is not None:
                by_id[file_id] = AllocatedTask(task, allocation)
                rows.append(_allocation_row(task, allocation))
        kept = sort_rows([row for row in rows if matches(row)], order, ALLOCATION_FIELDS)
        items = [by_id[int(str(row["fileId"]))] for row in kept]
        return AllocationPage(items[offset : offset + length], offset, len(allocations), len(kept))

    def create_allocation(
        self, file_id: int, run_as_user: int | None, concurrency_limit: int
    ) -> Allocation:
        """PUT /orchestrator/v1/hotbot/config/create; allocating again replaces the allocation."""
        if self.scenario.task_by_file_id(file_id) is None:
            raise not_found(
                f"No API Task with fileId {file_id} in the repository",
                code="hotbot.file.not.found",
            )
        allocation = Allocation(run_as_user=run_as_user, concurrency_limit=concurrency_limit)
        with self._lock:
            self._allocations[file_id] = allocation
        return allocation

    def allocated_task(self, file_id: int) -> AllocatedTask | None:
        with self._lock:
            task = self.scenario.task_by_file_id(file_id)
            allocation = self._allocations.get(file_id)
        return None if task is None or allocation is None else AllocatedTask(task, allocation)

    # -- access details and execution

    def access_details(self, user: User, paths: Sequence[str], base_url: str) -> AccessDetails:
        """POST .../config/accessdetails: an execution URL and a fresh token per path."""
        _check_paths(paths)
        granted: dict[str, ExecutionAccess] = {}
        errors: dict[str, str] = {}
        for path in paths:
            task = self.scenario.task_at(path)
            if task is None:
                errors[path] = f"API Task not found in the repository: {path}"
                continue
            if self.allocated_task(task.file_id) is None:
                errors[path] = f"API Task is not allocated for real-time execution: {path}"
                continue
            token, _ = self.tokens.issue_execution(
                user.id, task.file_id, self.settings.execution_token_ttl
            )
            url = base_url.rstrip("/") + execution_path(task.file_id, self.scenario.tenant_uuid)
            granted[path] = ExecutionAccess(url, {"X-Authorization": token, **task.headers})
        if not granted:
            raise not_found(
                "None of the requested API Tasks is allocated: " + "; ".join(errors.values()),
                code="hotbot.not.allocated",
            )
        return AccessDetails(granted, errors)

    def hotbot(self, file_id: int, tenant_uuid: str) -> AllocatedTask:
        """The allocated API Task behind an execution URL, or the swagger's 404."""
        found = self.allocated_task(file_id)
        if found is None or tenant_uuid != self.scenario.tenant_uuid:
            raise ApiError(404, "hotbot.not.configured", NOT_CONFIGURED)
        return found

    def execute(
        self,
        hotbot: AllocatedTask,
        caller: Caller,
        headers: "HeaderLookup",
        bot_input: Mapping[str, Any],
    ) -> dict[str, PyValue]:
        """POST <execution URL>: check the token's task and the extra headers, then run it."""
        task = hotbot.task
        if caller.record.bot_id != task.file_id:
            raise unauthorized("The execution token was issued for another API Task")
        for name, expected in task.headers.items():
            given = headers.get(name)
            if given is None:
                raise bad_request(
                    f"Header '{name}' from the access details is missing",
                    details=name,
                    code="hotbot.header.missing",
                )
            if given != expected:
                raise bad_request(
                    f"Header '{name}' does not match the access details",
                    details=name,
                    code="hotbot.header.mismatch",
                )
        return engine.execute(
            task, hotbot.allocation.concurrency_limit, bot_input, self.engine_context
        )

    def apply_injected_fault(self, operation: str, task: int | None) -> None:
        """Use up the first injected fault matching this call: wait its delay, raise its error."""
        fault = self.fault_registry.take(operation, task)
        if fault is None:
            return
        if fault.delay_ms > 0:
            self.clock.sleep(fault.delay_ms / 1000)
        error = fault.error()
        if error is not None:
            raise error

    # -- test control (the in-process MockControl)

    def health(self) -> Health:
        uptime = round(self.clock.now() - self.started_at, 3)
        return Health("ok", self.scenario.name, uptime, self.profile.name)

    def reset(self) -> ScenarioSummary:
        """Back to the scenario's initial state: allocations, tokens, counters, journal, clock,
        injected faults. In-flight executions keep their concurrency slots until they finish."""
        with self._lock:
            self.clock.reset()
            self._gate.reset_counts()
            self._build(self.scenario)
            return ScenarioSummary(self.scenario.name, len(self.scenario.tasks))

    def load_scenario(
        self, ref: ScenarioRef, *, relative_to: Sequence[Path] = ()
    ) -> ScenarioSummary:
        """Switch to a scenario (name, path, YAML text, dict or Scenario) and reset. An invalid
        one raises ScenarioError and the current one stays."""
        scenario = resolve_scenario(ref, self.settings.scenario_dirs, relative_to=relative_to)
        with self._lock:
            self.scenario = scenario
            return self.reset()

    def allocation_states(self) -> list[AllocationState]:
        """Every allocation with its executions in flight, peak and refusals (the dashboard)."""
        with self._lock:
            allocations = list(self._allocations.items())
        states = []
        for file_id, allocation in allocations:
            task = self.scenario.task_by_file_id(file_id)
            if task is not None:
                gate = self._gate
                states.append(
                    AllocationState(
                        task,
                        allocation,
                        gate.in_flight(file_id),
                        gate.peak(file_id),
                        gate.rejected(file_id),
                    )
                )
        return states

    def reload(self) -> ScenarioSummary:
        """Re-read the scenario in force from its file (a reload is a reset); a 400 when it was
        not loaded from a file, ScenarioError when the file is now invalid (nothing changes)."""
        source = self.scenario.source
        if source is None:
            raise bad_request(
                "The scenario in force was not loaded from a file, so there is nothing to re-read",
                details="reload",
            )
        return self.load_scenario(source)

    def scenarios(self) -> list[ScenarioInfo]:
        return [
            ScenarioInfo(e.name, e.description, e.problem)
            for e in catalog(self.settings.scenario_dirs)
        ]

    def requests(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        task: int | None = None,
        since: float | None = None,
        limit: int | None = None,
    ) -> list[JournalEntry]:
        """The journal, oldest first; `path` matches a substring, `limit` keeps the newest."""
        return filter_journal(
            self.journal.entries(),
            method=method,
            path=path,
            status=status,
            task=task,
            since=since,
            limit=limit,
        )

    def count_requests(self, pattern: RequestPattern) -> CountResult:
        """How many journalled requests match, and the nearest ones that do not."""
        return count_matching(self.journal.entries(), pattern)

    def clear_requests(self) -> None:
        self.journal.clear()

    def clock_status(self) -> ClockStatus:
        return self.clock.status()

    def change_clock(
        self,
        *,
        advance: float | None = None,
        set: float | str | None = None,
        freeze: bool = False,
        resume: bool = False,
    ) -> ClockStatus:
        """Apply exactly one of: advance by seconds, set (epoch or ISO 8601), freeze, resume."""
        chosen = [advance is not None, set is not None, freeze, resume]
        if sum(chosen) != 1:
            raise bad_request(
                "Send exactly one of 'advance', 'set', 'freeze', 'resume'",
                details="advance, set, freeze, resume",
            )
        if advance is not None:
            self.clock.advance(float(advance))
        elif set is not None:
            self.clock.set(parse_timestamp(set))
        elif freeze:
            self.clock.freeze()
        else:
            self.clock.resume()
        return self.clock.status()

    def advance_clock(self, seconds: float) -> float:
        return self.change_clock(advance=seconds).now

    def faults(self) -> list[InjectedFault]:
        return self.fault_registry.list()

    def inject_fault(
        self,
        *,
        operation: str | None = None,
        task: int | None = None,
        status: int | None = None,
        code: str | None = None,
        message: str | None = None,
        delay_ms: float | None = None,
        count: int | None = None,
    ) -> InjectedFault:
        """Make calls fail or stall.

        operation: an operationId (see CONTROL_ROOM_OPERATIONS); None matches every operation.
        task: an API Task fileId of the scenario; None matches every task.
        status, code, message: the error answered (status 400..599).
        delay_ms: wait this long first (the mock's clock sleeps).
        count: how many calls; None until `clear_faults()`.
        A mistake (unknown operation or task, no status and no delay) is a 400 ApiError.
        """
        fault = new_fault(
            operation=operation,
            task=task,
            status=status,
            code=code,
            message=message,
            delay_ms=delay_ms,
            count=count,
            known_tasks={t.file_id for t in self.scenario.tasks},
        )
        return self.fault_registry.add(fault)

    def clear_faults(self) -> None:
        self.fault_registry.clear()

    def token_records(self) -> list[TokenRecord]:
        return self.tokens.records()

    def revoke_tokens(self) -> int:
        return self.tokens.revoke_where("revoked through the admin API")

    def revoke_token(self, token_id: int) -> bool:
        """Revoke one token; 404 when no such token was issued."""
        if not any(r.token_id == token_id for r in self.tokens.records()):
            raise not_found(f"No token with id {token_id}", code="mock.token.not.found")
        return self.tokens.revoke(token_id, "revoked through the admin API")


# The fields AA's filter and sort may name on the allocation list, and how they compare.
ALLOCATION_FIELDS: dict[str, type] = {
    "fileId": int,
    "fileName": str,
    "filePath": str,
    "runAsUserOrNone": int,
    "concurrencyLimit": int,
}


def _allocation_row(task: ApiTask, allocation: Allocation) -> Row:
    return {
        "fileId": task.file_id,
        "fileName": task.name,
        "filePath": task.path,
        "runAsUserOrNone": allocation.run_as_user,
        "concurrencyLimit": allocation.concurrency_limit,
    }


def _check_paths(paths: Sequence[str]) -> None:
    if not paths:
        raise bad_request(
            "botRepositoryPath must list at least one repository path", details="botRepositoryPath"
        )
    seen: dict[str, int] = {}
    for i, path in enumerate(paths):
        if not path.strip():
            raise bad_request(f"botRepositoryPath[{i}] is empty", details=f"botRepositoryPath[{i}]")
        if path in seen:
            raise bad_request(
                f"botRepositoryPath[{i}] repeats botRepositoryPath[{seen[path]}]",
                details=f"botRepositoryPath[{i}]",
            )
        seen[path] = i
