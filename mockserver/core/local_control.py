"""LocalControl: the test-control interface (`MockControl`) in process, over one ControlRoom.

Every front door goes through it: the `/__admin` views, the dashboard, the scenario watcher,
`MockServer` and the pytest plugin (WireMock's `Admin`, implemented by the app). It checks what
a test asks for against the scenario in force (a fault or a request pattern that names an unknown
operation or task is a 400, never a silent miss) and reads the state the ControlRoom keeps.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from mockserver.core.clock import ClockStatus
from mockserver.core.control import Health, ScenarioInfo, ScenarioSummary
from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import bad_request, not_found
from mockserver.core.faults import FaultSpec, InjectedFault
from mockserver.core.journal import JournalEntry, JournalStats
from mockserver.core.ondemand import Deployment, ExecutionView, Status
from mockserver.core.results import AllocationState
from mockserver.core.scenarios.model import Scenario
from mockserver.core.scenarios.resolver import ScenarioRef, catalog, resolve_scenario
from mockserver.core.tokens import TokenRecord
from mockserver.core.verification import CountResult, RequestPattern, count_matching

LATEST_CLOCK = 4102444800.0  # 2100-01-01, as in openapi/admin.yml


def parse_timestamp(value: object) -> float:
    """An epoch number or an ISO 8601 time (UTC when it has no offset), within 1970..2100."""
    if isinstance(value, int | float):
        return float(value)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise bad_request(f"set: {value!r} is not an epoch number or ISO 8601 time") from None
    stamp = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    if not 0 <= stamp <= LATEST_CLOCK:
        raise bad_request(f"set: {value!r} is outside 1970..2100", details="set")
    return stamp


def _summary(scenario: Scenario) -> ScenarioSummary:
    return ScenarioSummary(scenario.name, len(scenario.tasks))


class LocalControl:
    """Test control of `control_room`, in this process."""

    def __init__(self, control_room: ControlRoom):
        self.control_room = control_room
        self._tenant = control_room.tenant

    # -- health and scenarios

    def health(self) -> Health:
        tenant = self._tenant
        uptime = round(tenant.clock.now() - tenant.started_at, 3)
        return Health("ok", tenant.scenario().name, uptime, tenant.profile.name)

    def reset(self) -> ScenarioSummary:
        """Back to the scenario's initial state: allocations, tokens, counters, journal, clock,
        injected faults. In-flight executions keep their concurrency slots until they finish."""
        return _summary(self.control_room.reset())

    def load_scenario(
        self, ref: ScenarioRef, *, relative_to: Sequence[Path] = ()
    ) -> ScenarioSummary:
        """Switch to a scenario (name, path, YAML text, dict or Scenario) and reset. An invalid
        one raises ScenarioError and the current one stays."""
        dirs = self._tenant.settings.scenario_dirs
        scenario = resolve_scenario(ref, dirs, relative_to=relative_to)
        return _summary(self.control_room.reset(scenario))

    def reload(self) -> ScenarioSummary:
        """Re-read the scenario in force from its file (a reload is a reset); a 400 when it was
        not loaded from a file, ScenarioError when the file is now invalid (nothing changes)."""
        source = self._tenant.scenario().source
        if source is None:
            raise bad_request(
                "The scenario in force was not loaded from a file, so there is nothing to re-read",
                details="reload",
            )
        return self.load_scenario(source)

    def scenarios(self) -> list[ScenarioInfo]:
        return [
            ScenarioInfo(e.name, e.description, e.problem)
            for e in catalog(self._tenant.settings.scenario_dirs)
        ]

    def scenario(self) -> Scenario:
        """The scenario in force."""
        return self._tenant.scenario()

    def allocation_states(self) -> list[AllocationState]:
        """Every allocation with its executions in flight, peak and refusals (the dashboard)."""
        state = self._tenant.state()
        gate = self._tenant.gate
        states = []
        for file_id, allocation in state.allocations():
            task = state.scenario.task_by_file_id(file_id)
            if task is not None:
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

    # -- the journal

    def requests(self, pattern: RequestPattern | None = None) -> list[JournalEntry]:
        """The journalled requests `pattern` matches (every one without), oldest first."""
        pattern = pattern or RequestPattern()
        state = self._tenant.state()
        pattern.check(state.known_tasks)
        return pattern.select(state.journal.entries())

    def count_requests(self, pattern: RequestPattern) -> CountResult:
        """How many journalled requests match, and the nearest ones that do not."""
        state = self._tenant.state()
        pattern.check(state.known_tasks)
        return count_matching(state.journal.entries(), pattern)

    def journal_stats(self) -> JournalStats:
        return self._tenant.state().journal.stats()

    def clear_requests(self) -> None:
        self._tenant.state().journal.clear()

    # -- the clock

    def clock_status(self) -> ClockStatus:
        return self._tenant.clock.status()

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
        clock = self._tenant.clock
        if advance is not None:
            clock.advance(float(advance))
        elif set is not None:
            clock.set(parse_timestamp(set))
        elif freeze:
            clock.freeze()
        else:
            clock.resume()
        return clock.status()

    def advance_clock(self, seconds: float) -> float:
        return self.change_clock(advance=seconds).now

    # -- faults

    def faults(self) -> list[InjectedFault]:
        return self._tenant.state().faults.list()

    def inject_fault(self, spec: FaultSpec) -> InjectedFault:
        """Arm `spec` (see FaultSpec); a mistake is a 400 ApiError that says what is valid."""
        state = self._tenant.state()
        spec.check(state.known_tasks)
        return state.faults.add(spec)

    def clear_faults(self) -> None:
        self._tenant.state().faults.clear()

    # -- on-demand deployments

    def deployments(self) -> list[tuple[Deployment, list[ExecutionView]]]:
        """Every deployment since the reset, oldest first, with its runs as they are now."""
        return self.control_room.ondemand.deployments()

    def drive_deployment(
        self, deployment_id: str, status: Status, message: str | None = None
    ) -> tuple[Deployment, list[ExecutionView]]:
        """End every run of the deployment that has not ended, now, in `status`."""
        return self.control_room.ondemand.drive(deployment_id, status, message)

    # -- tokens

    def token_records(self) -> list[TokenRecord]:
        return self._tenant.state().tokens.records()

    def revoke_tokens(self) -> int:
        return self._tenant.state().tokens.revoke_where("revoked through the admin API")

    def revoke_token(self, token_id: int) -> bool:
        """Revoke one token; 404 when no such token was issued."""
        tokens = self._tenant.state().tokens
        if not any(r.token_id == token_id for r in tokens.records()):
            raise not_found(f"No token with id {token_id}", code="mock.token.not.found")
        return tokens.revoke(token_id, "revoked through the admin API")
