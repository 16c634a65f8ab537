"""The registry alone: one namespace per name however many threads ask at once, the bounds."""

import threading
from collections.abc import Iterator

import pytest

from mockserver.core.config import Settings
from mockserver.core.errors import ApiError
from mockserver.core.namespaces import NamespaceRegistry
from mockserver.core.scenarios.resolver import resolve_scenario
from namespaces.conftest import RealClock


@pytest.fixture
def registry(real_clock: RealClock) -> Iterator[NamespaceRegistry]:
    made = NamespaceRegistry(
        Settings(max_namespaces=3, namespace_idle_seconds=10),
        default_scenario=resolve_scenario("default"),
        now=real_clock,
    )
    yield made
    made.close()


def test_threads_asking_for_one_name_get_one_namespace(registry: NamespaceRegistry) -> None:
    found: list[object] = []
    barrier = threading.Barrier(16)

    def ask() -> None:
        barrier.wait()
        found.append(registry.get("shared"))

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(namespace) for namespace in found}) == 1
    assert [n.name for n in registry.all()] == ["shared"]


def test_the_maximum_and_the_idle_expiry(
    registry: NamespaceRegistry, real_clock: RealClock
) -> None:
    for name in ("a", "b", "c"):
        registry.get(name)
    with pytest.raises(ApiError) as refused:
        registry.get("d")
    assert refused.value.status == 429 and "3 namespaces" in refused.value.message
    real_clock.now = 5
    registry.get("a")
    real_clock.now = 12
    assert registry.sweep() == ["b", "c"]
    assert registry.get("d").name == "d"


def test_names_are_checked(registry: NamespaceRegistry) -> None:
    for bad in ("", "a/b", "a b", "x" * 65, "ü"):
        with pytest.raises(ApiError) as refused:
            registry.create(bad)
        assert refused.value.status == 400
