"""Callbacks: each run's outcome POSTed to the deployment's callbackInfo.url with its headers,
from the background, with retries; turned off by a setting; never carrying a Control Room token."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from conftest import AppFactory, CheckedClient
from contract import check_raw
from mockserver import MockServer
from mockserver.core.config import Settings
from mockserver.core.ondemand.callbacks import CallbackDispatcher, Ticker
from ondemand_steps import ZIP_INPUT, advance, deploy, headless

PASSWORD = "mypassword@123"


class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it is sent."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], Any]] = []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                receiver.received.append((dict(self.headers.items()), body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                receiver.arrived.set()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/callback"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.stop()


def checked(method: str, url: str, token: str | None = None, body: Any = None) -> Any:
    headers = {} if token is None else {"X-Authorization": token}
    response = requests.request(method, url, json=body, headers=headers, timeout=10)
    check_raw(
        method, url, response.status_code, response.headers.get("Content-Type"), response.content
    )
    return response


def test_a_v3_deploy_with_callback_info_is_called_back(receiver: Receiver) -> None:
    with MockServer() as server:
        login = checked(
            "POST",
            server.url + "/v2/authentication",
            body={"username": "jdoe", "password": PASSWORD},
        )
        token = login.json()["token"]
        deployed = checked(
            "POST",
            server.url + "/v3/automations/deploy",
            token,
            {
                "fileId": 149,
                "runAsUserIds": [9],
                "botInput": {"iStrZipCode": {"string": "95134"}},
                "callbackInfo": {"url": receiver.url, "headers": {"X-Callback-Key": "s3cret"}},
            },
        ).json()
        server.control.advance_clock(5)  # the run ends on the mock's clock; nothing waits for it
        assert receiver.arrived.wait(10), "no callback arrived"
        [(headers, body)] = receiver.received
        deployments = requests.get(server.url + "/__admin/deployments", timeout=10).json()
    assert headers["X-Callback-Key"] == "s3cret"
    assert headers["Content-Type"] == "application/json"
    assert "X-Authorization" not in headers and token not in json.dumps(body)
    assert body["deploymentId"] == deployed["deploymentId"]
    assert body["automationName"] == deployed["automationName"]
    assert (body["status"], body["userId"], body["fileId"]) == ("COMPLETED", "9", "149")
    assert body["botOutput"]["State"] == {"type": "STRING", "string": "California"}
    [run] = deployments["deployments"][0]["executions"]
    assert run["callback"] == {"state": "delivered", "attempts": 1, "detail": "HTTP 200"}
    assert deployments["deployments"][0]["callback"] == {
        "url": receiver.url,
        "headers": ["X-Callback-Key"],  # the names only: values may be credentials
    }


def test_a_failed_run_is_called_back_with_its_message(
    make_app: AppFactory, receiver: Receiver
) -> None:
    client = make_app().test_client()
    body = {
        **headless(149, {"iStrZipCode": {"string": "1"}}),
        "callbackInfo": {"url": receiver.url},
    }
    deploy(client, body)
    advance(client, 1)
    client.post("/v3/activity/list", json={}, headers=client.login("jdoe"))  # reading notices
    assert receiver.arrived.wait(10)
    [(_, sent)] = receiver.received
    assert sent["status"] == "RUN_FAILED"
    assert sent["message"] == "iStrZipCode must be five digits"
    assert sent["botOutput"] == {}


def test_callbacks_can_be_turned_off(make_app: AppFactory, receiver: Receiver) -> None:
    assert Settings.from_env({"AA_MOCK_CALLBACKS": "off"}).callbacks is False
    client: CheckedClient = make_app(callbacks=False).test_client()
    deploy(client, {**headless(149, ZIP_INPUT), "callbackInfo": {"url": receiver.url}})
    advance(client, 1)
    listing = client.get("/__admin/deployments").get_json()
    assert listing["deployments"][0]["executions"][0]["callback"]["state"] == "off"
    assert receiver.received == []


def test_callback_headers_are_redacted_in_the_journal(client: CheckedClient) -> None:
    headers = {"X-Authorization": "their-secret", "X-Callback-Key": "another-secret"}
    callback = {"url": "http://127.0.0.1:9/cb", "headers": headers}
    deploy(client, {**headless(149, ZIP_INPUT), "callbackInfo": callback})
    journal = client.get("/__admin/requests?path=/v4/automations/deploy").get_json()
    shown = journal["requests"][0]["body"]["callbackInfo"]
    assert shown == {"url": callback["url"], "headers": {name: "***" for name in headers}}
    seen = json.dumps([journal, client.get("/__admin/deployments").get_json()])
    assert "their-secret" not in seen and "another-secret" not in seen


class Outcomes:
    """A sender that answers from a list and records each call."""

    def __init__(self, *answers: int | OSError):
        self.answers = list(answers)
        self.calls: list[tuple[str, dict[str, str], bytes, float]] = []

    def __call__(self, url: str, headers: Any, body: bytes, timeout: float) -> int:
        self.calls.append((url, dict(headers), body, timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, OSError):
            raise answer
        return answer


def deliver(sender: Outcomes) -> tuple[str, int, str]:
    dispatcher = CallbackDispatcher(sender, backoff=(0.0,))
    done: list[tuple[str, int, str]] = []
    finished = threading.Event()

    def record(state: str, attempts: int, detail: str) -> None:
        done.append((state, attempts, detail))
        finished.set()

    dispatcher.submit("http://127.0.0.1:9/cb", {"K": "v"}, {"status": "COMPLETED"}, record)
    assert finished.wait(10)
    dispatcher.close()
    return done[0]


def test_a_callback_is_retried_then_delivered() -> None:
    sender = Outcomes(ConnectionRefusedError("refused"), 503, 204)
    assert deliver(sender) == ("delivered", 3, "HTTP 204")
    assert [call[3] for call in sender.calls] == [5.0, 5.0, 5.0]  # a bounded timeout each
    assert json.loads(sender.calls[0][2]) == {"status": "COMPLETED"}


def test_a_callback_gives_up_after_three_attempts() -> None:
    sender = Outcomes(500, 500, TimeoutError("timed out"))
    assert deliver(sender) == ("failed", 3, "attempt 3: TimeoutError: timed out")


def test_a_closed_dispatcher_sends_nothing() -> None:
    sender = Outcomes()
    dispatcher = CallbackDispatcher(sender)
    dispatcher.close()
    dispatcher.submit("http://127.0.0.1:9/cb", {}, {}, lambda *_: None)
    assert sender.calls == []


def ticker_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "aa-mock-ondemand-ticker")


def test_the_ticker_goes_idle_when_nothing_is_left_and_starts_again() -> None:
    before = ticker_threads()
    answers = [True, False]  # one more round, then nothing is left
    rounds = threading.Semaphore(0)

    def action() -> bool:
        rounds.release()
        return answers.pop(0) if answers else False

    ticker = Ticker(action, interval=0.01)
    ticker.start()
    assert rounds.acquire(timeout=5) and rounds.acquire(timeout=5)
    gone = threading.Event()
    for _ in range(500):  # the thread ends right after its last round
        if ticker_threads() == before:
            gone.set()
            break
        gone.wait(0.01)
    assert gone.is_set()
    ticker.start()  # a new deployment with a callback starts it again
    assert rounds.acquire(timeout=5)
    ticker.stop()
    assert ticker_threads() == before
