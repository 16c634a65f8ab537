"""The emulated Control Room: one Tenant (its state) and one service per API over it.

Adding a service is a module under `core/services/` and one line in `ControlRoom.__init__`. The
HTTP layer holds a `ControlRoom`: views call its services, every emulated request passes its
injected faults and is recorded in its journal. Test control (reset, scenarios, the journal,
faults, the clock, tokens) is `LocalControl` beside it, not part of it.
"""

from concurrent.futures import Future
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from mockserver.core.clock import Clock
from mockserver.core.config import Settings
from mockserver.core.discovery.devices import DeviceService
from mockserver.core.discovery.repository import RepositoryService
from mockserver.core.journal import JournalEntry
from mockserver.core.ondemand import OnDemandService
from mockserver.core.profiles import Profile
from mockserver.core.scenarios.model import Scenario
from mockserver.core.services.allocations import AllocationService
from mockserver.core.services.auth import AuthService
from mockserver.core.services.execution import ExecutionService
from mockserver.core.tenant import Tenant


class ControlRoom:
    """The scenario in force plus everything clients changed since the last reset."""

    def __init__(
        self,
        settings: Settings,
        scenario: Scenario,
        *,
        clock: Clock | None = None,
        key: "rsa.RSAPrivateKey | Future[rsa.RSAPrivateKey] | None" = None,
        namespace: str | None = None,
    ):
        self.tenant = Tenant(settings, scenario, clock=clock, key=key, namespace=namespace)
        cap = self.tenant.profile.page_length_cap
        self.auth = AuthService(self.tenant)
        self.devices = DeviceService(self.tenant.scenario, length_cap=cap)
        self.repository = RepositoryService(
            self.tenant.scenario, seed=settings.seed, length_cap=cap
        )
        self.allocations = AllocationService(self.tenant, self.devices)
        self.execution = ExecutionService(self.tenant)

    @property
    def ondemand(self) -> OnDemandService:
        """On-demand deployments and their runs: a service whose state a reset rebuilds, so it
        is the one in the state in force."""
        return self.tenant.state().ondemand

    @property
    def settings(self) -> Settings:
        return self.tenant.settings

    @property
    def profile(self) -> Profile:
        return self.tenant.profile

    @property
    def clock(self) -> Clock:
        return self.tenant.clock

    def scenario(self) -> Scenario:
        """The scenario in force."""
        return self.tenant.scenario()

    def reset(self, scenario: Scenario | None = None) -> Scenario:
        """Rebuild the state from `scenario` (by default the one in force); returns it."""
        return self.tenant.reset(scenario).scenario

    def close(self) -> None:
        """Stop the background work (on-demand callbacks) when the mock shuts down."""
        self.tenant.close()

    def apply_injected_fault(self, operation: str, task: int | None) -> None:
        """Use up the first injected fault matching this call: wait its delay, raise its error."""
        fault = self.tenant.state().faults.take(operation, task)
        if fault is None:
            return
        if fault.delay_ms > 0:
            self.clock.sleep(fault.delay_ms / 1000)
        error = fault.error()
        if error is not None:
            raise error

    def record_request(self, **fields: Any) -> JournalEntry:
        """Journal one answered request (JournalEntry's fields but `id` and `time`), on the
        mock's clock."""
        return self.tenant.state().journal.record(time=self.clock.now(), **fields)
