"""The on-demand service directly on the core (no Flask), on the simulated clock: its state is
bounded, and its callbacks go to the dispatcher it was given."""

from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from mockserver.core.clock import Clock
from mockserver.core.config import Settings
from mockserver.core.control_room import ControlRoom
from mockserver.core.ondemand import Callback, DeployRequest, OnDemandService, Status
from mockserver.core.ondemand.callbacks import CallbackDispatcher
from mockserver.core.scenarios.resolver import resolve_scenario

ZIP = {"iStrZipCode": {"type": "STRING", "string": "95134"}}


class Recorder(CallbackDispatcher):
    """Records what would be sent instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, str], Any]] = []

    def submit(self, url: str, headers: Any, body: Any, done: Any) -> None:
        self.sent.append((url, dict(headers), body))
        done("delivered", 1, "HTTP 200")

    def close(self) -> None:
        pass


def service(clock: Clock, key: rsa.RSAPrivateKey, **options: Any) -> tuple[OnDemandService, Any]:
    settings = Settings()
    control_room = ControlRoom(settings, resolve_scenario("default"), clock=clock, key=key)
    control_room.close()
    state = control_room.tenant.state()
    built = OnDemandService(
        settings,
        clock,
        lambda: state.scenario,
        state.engine,
        state.faults.take,
        **options,
    )
    return built, state.scenario.user_named("jdoe")


def request(**changes: Any) -> DeployRequest:
    return DeployRequest(**{"file_id": 149, "run_as": (None,), "bot_input": ZIP, **changes})


def test_the_oldest_ended_deployments_are_forgotten_past_the_bound(
    clock: Clock, signing_key: rsa.RSAPrivateKey
) -> None:
    ondemand, user = service(clock, signing_key, max_runs=3)
    first = ondemand.deploy(user, request(), ["sharedRunAsUserId"])
    clock.advance(1)  # the first has ended
    later = [ondemand.deploy(user, request(), ["sharedRunAsUserId"]) for _ in range(3)]
    kept = [d.id for d, _ in ondemand.deployments()]
    assert kept == [d.id for d in later]  # the first went, the running ones stay
    more = ondemand.deploy(user, request(), ["sharedRunAsUserId"])  # none has ended: kept
    assert len(ondemand.deployments()) == 4 and first.id not in kept
    assert ondemand.activity(None, None, 0, 100).total == 4
    assert ondemand.execution(more.executions[0].id).status is Status.QUEUED


def test_callbacks_go_to_the_dispatcher_once_per_run(
    clock: Clock, signing_key: rsa.RSAPrivateKey
) -> None:
    recorder = Recorder()
    ondemand, user = service(clock, signing_key, dispatcher=lambda: recorder)
    callback = Callback("http://127.0.0.1:9/cb", {"X-Key": "k"})
    deployment = ondemand.deploy(user, request(run_as=(None, None), callback=callback), ["a", "b"])
    assert ondemand.tick() is True and recorder.sent == []  # still running
    clock.advance(1)
    assert ondemand.tick() is False
    assert ondemand.tick() is False
    assert len(recorder.sent) == 2
    url, headers, body = recorder.sent[0]
    assert (url, headers) == ("http://127.0.0.1:9/cb", {"X-Key": "k"})
    assert body["deploymentId"] == deployment.id and body["status"] == "COMPLETED"
    assert [r.callback_state for r in deployment.executions] == ["delivered", "delivered"]
    ondemand.close()
    assert ondemand.tick() is False
