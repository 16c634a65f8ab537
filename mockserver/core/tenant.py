"""The state of one emulated Control Room: what a reset keeps, and the state it rebuilds.

A `Tenant` keeps its configuration, clock, signing key, token-id counter, faker and concurrency
gate for its whole life. Everything else lives in one `TenantState`, built from the scenario and
swapped whole, under the tenant's lock, by a reset or a scenario switch (moto rebuilds a backend
the same way). A reader takes the state once (`Tenant.state()`) and works on that snapshot: its
scenario is frozen and its allocations change only through its own locked methods, so one request
never sees half of a reset.
"""

import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from random import Random
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import rsa

from mockserver.core.clock import Clock
from mockserver.core.config import Settings
from mockserver.core.discovery.devices import apitaskrunner_id
from mockserver.core.engine import ConcurrencyGate, EngineContext
from mockserver.core.faults import FaultRegistry
from mockserver.core.journal import Journal
from mockserver.core.ondemand import OnDemandService
from mockserver.core.profiles import Profile
from mockserver.core.results import AllocatedTask
from mockserver.core.scenarios.model import Allocation, Scenario
from mockserver.core.tokens import TokenService, jvm_nano_time, signing_key

if TYPE_CHECKING:
    from faker import Faker


class TenantState:
    """Everything a reset starts afresh: the scenario in force, issued tokens, the journal,
    injected faults, the allocations, the engine's random source and call counts, and the
    on-demand deployments with their runs."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        scenario: Scenario,
        tokens: TokenService,
        engine: EngineContext,
        default_run_as_user: int | None,
    ):
        self.scenario = scenario
        # AA's profiles give an allocation without a run-as user apitaskrunner's id.
        self.default_run_as_user = default_run_as_user
        self.tokens = tokens
        self.journal = Journal(settings.journal_capacity)
        self.faults = FaultRegistry()
        self.engine = engine
        self.ondemand = OnDemandService(settings, clock, self._scenario, engine, self.faults.take)
        self.known_tasks = frozenset(t.file_id for t in scenario.tasks)
        self._allocations = {
            t.file_id: self.with_default_run_as_user(t.allocation)
            for t in scenario.tasks
            if t.allocation is not None
        }
        self._lock = threading.Lock()

    def _scenario(self) -> Scenario:
        return self.scenario

    def with_default_run_as_user(self, allocation: Allocation) -> Allocation:
        if allocation.run_as_user is not None or self.default_run_as_user is None:
            return allocation
        return Allocation(self.default_run_as_user, allocation.concurrency_limit)

    def allocations(self) -> list[tuple[int, Allocation]]:
        """Every allocation by fileId, in the order they were made (a copy)."""
        with self._lock:
            return list(self._allocations.items())

    def allocate(self, file_id: int, allocation: Allocation) -> None:
        with self._lock:
            self._allocations[file_id] = allocation

    def allocated_task(self, file_id: int) -> AllocatedTask | None:
        task = self.scenario.task_by_file_id(file_id)
        with self._lock:
            allocation = self._allocations.get(file_id)
        return None if task is None or allocation is None else AllocatedTask(task, allocation)


class Tenant:
    """One Control Room's state; `reset` and `switch` replace its `TenantState` whole."""

    def __init__(
        self,
        settings: Settings,
        scenario: Scenario,
        *,
        clock: Clock | None = None,
        key: "rsa.RSAPrivateKey | Future[rsa.RSAPrivateKey] | None" = None,
        namespace: str | None = None,
    ):
        self.settings = settings
        self.namespace = namespace  # None: the root
        self.profile: Profile = settings.active_profile
        self.clock = clock or Clock()
        self.started_at = self.clock.now()
        self.gate = ConcurrencyGate()
        self._key = key or signing_key(settings.signing_key_file)
        # Token ids never repeat across resets, so an old token can never match a new record.
        self._token_ids: Iterator[int] = (
            jvm_nano_time(self.clock, settings.seed)
            if self.profile.a360_token_claims
            else itertools.count(int(self.clock.now() * 1_000_000_000))
        )
        self._faker: Faker | None = None
        self._faker_lock = threading.Lock()
        self._lock = threading.Lock()
        self._state = self._build(scenario)

    def state(self) -> TenantState:
        """The state in force, as one snapshot."""
        with self._lock:
            return self._state

    def scenario(self) -> Scenario:
        return self.state().scenario

    def reset(self, scenario: Scenario | None = None) -> TenantState:
        """Back to the initial state of `scenario` (by default the one in force): the clock,
        peaks and refusals, and a new state. Executions in flight keep their slots; the old
        state's on-demand runs stop (their callbacks not yet sent are dropped)."""
        with self._lock:
            previous = self._state
            self.clock.reset()
            self.gate.reset_counts()
            self._state = self._build(scenario or previous.scenario)
        previous.ondemand.close()
        return self._state

    def close(self) -> None:
        """Stop the background work (on-demand callbacks) when the mock shuts down."""
        self.state().ondemand.close()

    def _build(self, scenario: Scenario) -> TenantState:
        settings = self.settings
        tokens = TokenService(
            self._key,
            self.clock,
            scenario.tenant_uuid,
            ids=self._token_ids,
            a360_claims=self.profile.a360_token_claims,
            namespace=self.namespace,
        )
        engine = EngineContext(
            seed=settings.seed,
            random=Random(settings.seed),
            faker=self._get_faker,
            faker_lock=self._faker_lock,
            call_counts={},
            counts_lock=threading.Lock(),
            gate=self.gate,
            timeout_seconds=settings.realtime_timeout_seconds,
            clock=self.clock,
        )
        default_run_as_user = (
            apitaskrunner_id(scenario) if self.profile.default_run_as_user else None
        )
        return TenantState(settings, self.clock, scenario, tokens, engine, default_run_as_user)

    def _get_faker(self) -> "Faker":
        if self._faker is None:
            from faker import Faker  # importing Faker costs ~0.1 s: only when a scenario uses it

            self._faker = Faker()
        return self._faker
