"""Namespaces: isolated Control Rooms by name, each with its own state, journal and clock.

One mock serves a whole CI pipeline: each test job or xdist worker talks to its own namespace
(`/ns/<name>/...`), so one worker's reset, scenario switch, clock move or fault never reaches
another. The registry is bounded in number and forgets a namespace idle for too long.
"""

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from mockserver.core.config import Settings
from mockserver.core.control_room import ControlRoom
from mockserver.core.errors import ApiError, bad_request, not_found
from mockserver.core.local_control import LocalControl
from mockserver.core.profiles import PROFILES
from mockserver.core.scenarios.model import Scenario
from mockserver.core.scenarios.resolver import ScenarioRef, resolve_scenario

NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Idle namespaces are looked for at most this often (seconds on the registry's clock).
_SWEEP_EVERY = 1.0


def valid_name(name: str) -> bool:
    return NAME.fullmatch(name) is not None


@dataclass
class Namespace:
    """One named Control Room, its test control, and when it was last used."""

    name: str
    control_room: ControlRoom
    control: LocalControl
    created_at: float  # wall-clock epoch seconds
    last_used: float  # on the registry's clock


class NamespaceRegistry:
    """name -> Namespace, thread-safe. Idleness is judged on `now`, the real monotonic clock by
    default and never a namespace's own mock clock: a test may freeze or move that clock, and
    the namespace must not vanish (or live forever) because of it."""

    def __init__(
        self,
        settings: Settings,
        *,
        default_scenario: Scenario | None = None,
        now: Callable[[], float] = time.monotonic,
        build: Callable[[Settings, Scenario, str], ControlRoom] | None = None,
    ):
        self.settings = settings
        self._build = build or _build  # tests hand each namespace their own fixed clock
        # What a namespace starts from unless told: the root's scenario as the mock started.
        self._default_scenario = default_scenario
        self._now = now
        self._namespaces: dict[str, Namespace] = {}
        self._lock = threading.Lock()
        self._last_sweep = now()

    @property
    def maximum(self) -> int:
        return self.settings.max_namespaces

    @property
    def idle_seconds(self) -> float:
        return self.settings.namespace_idle_seconds

    def get(self, name: str) -> Namespace:
        """The namespace `name`, made from the configured scenario and profile on first use."""
        self._sweep_if_due()
        with self._lock:
            found = self._namespaces.get(name)
            if found is not None:
                found.last_used = self._now()
                return found
        return self.create(name, replace=False)

    def create(
        self,
        name: str,
        scenario: str | dict[str, object] | None = None,
        profile: str | None = None,
        *,
        replace: bool = True,
    ) -> Namespace:
        """Make namespace `name` (a new one replaces one of the same name when `replace`). A bad
        name, scenario or profile is a 400 (ScenarioError for an invalid scenario); past the
        maximum a 429 that says how to raise it."""
        if not valid_name(name):
            raise bad_request(
                f"namespace: {name[:80]!r} is not 1 to 64 letters, digits, '-' or '_'",
                details="namespace",
            )
        settings = self.settings
        if profile is not None:
            if profile not in PROFILES:
                raise bad_request(
                    f"profile: {profile!r} is none of {', '.join(PROFILES)}",
                    details="profile",
                )
            settings = settings.override(profile=profile)
        ref: ScenarioRef = scenario if scenario is not None else settings.scenario
        if scenario is None and profile is None and self._default_scenario is not None:
            ref = self._default_scenario
        resolved = resolve_scenario(ref, settings.scenario_dirs)
        self._sweep_if_due()
        with self._lock:
            existing = self._namespaces.get(name)
            if existing is not None and not replace:
                existing.last_used = self._now()
                return existing
            if existing is None and len(self._namespaces) >= self.maximum:
                raise limit_reached(self.maximum)
            namespace = Namespace(
                name,
                room := self._build(settings, resolved, name),
                LocalControl(room),
                time.time(),
                self._now(),
            )
            self._namespaces[name] = namespace
        if existing is not None:
            existing.control_room.close()
        return namespace

    def delete(self, name: str) -> None:
        """Forget namespace `name` and stop its background work; 404 when there is none."""
        with self._lock:
            found = self._namespaces.pop(name, None)
        if found is None:
            raise not_found(f"No namespace named {name[:80]!r}", code="mock.namespace.not.found")
        found.control_room.close()

    def all(self) -> list[Namespace]:
        """Every live namespace, oldest first."""
        self.sweep()
        with self._lock:
            return list(self._namespaces.values())

    def idle_for(self, namespace: Namespace) -> float:
        return self._now() - namespace.last_used

    def sweep(self) -> list[str]:
        """Forget every namespace idle longer than the idle expiry; returns their names."""
        now = self._now()
        with self._lock:
            self._last_sweep = now
            expired = [
                n for n in self._namespaces.values() if now - n.last_used > self.idle_seconds
            ]
            for namespace in expired:
                del self._namespaces[namespace.name]
        for namespace in expired:
            namespace.control_room.close()
        return [n.name for n in expired]

    def close(self) -> None:
        with self._lock:
            namespaces = list(self._namespaces.values())
            self._namespaces.clear()
        for namespace in namespaces:
            namespace.control_room.close()

    def _sweep_if_due(self) -> None:
        if self._now() - self._last_sweep >= _SWEEP_EVERY:
            self.sweep()


def _build(settings: Settings, scenario: Scenario, name: str) -> ControlRoom:
    return ControlRoom(settings, scenario, namespace=name)


def limit_reached(maximum: int) -> ApiError:
    return ApiError(
        429,
        "mock.namespaces.limit",
        f"This mock holds at most {maximum} namespaces; delete some (DELETE "
        "/__admin/namespaces/<name>), wait for idle ones to expire, or raise "
        "AA_MOCK_MAX_NAMESPACES",
        "namespace",
    )
