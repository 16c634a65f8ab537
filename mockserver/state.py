"""All mutable state of one mock instance; it hangs off the Flask app, never off a module."""

import threading
from random import Random
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import rsa

from mockserver.clock import Clock
from mockserver.config import Settings
from mockserver.engine import ConcurrencyGate, EngineContext
from mockserver.faults import FaultRegistry
from mockserver.journal import Journal
from mockserver.scenarios.model import Allocation, ApiTask, Scenario
from mockserver.tokens import TokenService, signing_key

if TYPE_CHECKING:
    from faker import Faker


class MockState:
    """The scenario in force plus what the clients changed since the last reset."""

    def __init__(
        self,
        settings: Settings,
        scenario: Scenario,
        *,
        clock: Clock | None = None,
        key: rsa.RSAPrivateKey | None = None,
    ):
        self.settings = settings
        self.clock = clock or Clock()
        self.started_at = self.clock.now()
        self.tokens = TokenService(
            key or signing_key(settings.signing_key_file), self.clock, scenario.tenant_uuid
        )
        self.journal = Journal(settings.journal_capacity)
        self.gate = ConcurrencyGate()
        self.faults = FaultRegistry()
        self.lock = threading.RLock()
        self._faker: Faker | None = None
        self._faker_lock = threading.Lock()
        self.scenario = scenario
        self.allocations: dict[int, Allocation] = {}
        self.engine_context = self._new_engine_context()
        self.reset()

    def _new_engine_context(self) -> EngineContext:
        return EngineContext(
            seed=self.settings.seed,
            random=Random(self.settings.seed),
            faker=self._get_faker,
            faker_lock=self._faker_lock,
            call_counts={},
            counts_lock=threading.Lock(),
            gate=self.gate,
            timeout_seconds=self.settings.realtime_timeout_seconds,
        )

    def _get_faker(self) -> "Faker":
        if self._faker is None:
            from faker import Faker

            self._faker = Faker()
        return self._faker

    def reset(self) -> None:
        """Back to the scenario's initial state: allocations, tokens, counters, journal, clock,
        injected faults. In-flight executions keep their concurrency slots until they finish."""
        with self.lock:
            self.clock.reset()
            self.allocations = {
                t.file_id: t.allocation for t in self.scenario.tasks if t.allocation is not None
            }
            self.tokens.reset(self.scenario.tenant_uuid)
            self.journal.clear()
            self.faults.clear()
            sleep = self.engine_context.sleep
            self.engine_context = self._new_engine_context()
            self.engine_context.sleep = sleep

    def load(self, scenario: Scenario) -> None:
        with self.lock:
            self.scenario = scenario
            self.reset()

    def allocated_task(self, file_id: int) -> tuple[ApiTask, Allocation] | None:
        with self.lock:
            task = self.scenario.task_by_file_id(file_id)
            allocation = self.allocations.get(file_id)
        if task is None or allocation is None:
            return None
        return task, allocation
