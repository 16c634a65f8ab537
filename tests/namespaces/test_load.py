"""A short load on one served mock: 50 namespaces at once, each with mixed traffic (real-time,
on-demand, admin), no 5xx, every answer checked against the spec, the RSS growth bounded."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from conftest import PASSWORDS, ZIP_PATH
from mockserver.harness.http_control import HttpControl
from mockserver.harness.mock_server import MockServer
from served import call

NAMESPACES = 50
ZIP_INPUT = {"iStrZipCode": {"type": "STRING", "string": "95134"}}


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


def _traffic(root: str, name: str) -> list[int]:
    base = f"{root}/ns/{name}"
    statuses = []
    for _ in range(3):
        status, body = call(
            base + "/v2/authentication", {"username": "jdoe", "password": PASSWORDS["jdoe"]}
        )
        statuses.append(status)
        headers = {"X-Authorization": body["token"]}
        status, body = call(
            base + "/orchestrator/v1/hotbot/config/accessdetails",
            {"botRepositoryPath": [ZIP_PATH]},
            headers,
        )
        statuses.append(status)
        detail = body["accessDetails"][ZIP_PATH]
        statuses.append(call(detail["url"], {"botInput": ZIP_INPUT}, detail["headers"])[0])
        deploy = {"botId": 149, "botInput": ZIP_INPUT, "headlessRequest": {"numberOfExecutions": 1}}
        statuses.append(call(base + "/v4/automations/deploy", deploy, headers)[0])
        statuses.append(call(base + "/v3/activity/list", {}, headers)[0])
        statuses.append(
            call(base + "/orchestrator/v1/hotbot/config", {}, {"X-Authorization": "x"})[0]
        )
        control = HttpControl(root, namespace=name)
        control.advance_clock(60)
        statuses.append(200 if len(control.requests()) > 0 else 500)
    HttpControl(root, namespace=name).reset()
    return statuses


def test_fifty_namespaces_with_mixed_traffic(capsys: Any) -> None:
    with MockServer(callbacks=False) as server:
        _traffic(server.url, "warm-up")
        before = _rss_mib()
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda i: _traffic(server.url, f"load-{i}"), range(NAMESPACES)))
        grown = _rss_mib() - before
        statuses = [s for result in results for s in result]
        assert len(statuses) == NAMESPACES * 3 * 7
        assert not [s for s in statuses if s >= 500]
        assert sorted(set(statuses)) == [200, 401]
        assert len(HttpControl(server.url).namespaces()) == NAMESPACES + 1
        assert grown < 150, f"RSS grew {grown:.1f} MiB for {NAMESPACES} namespaces"
        with capsys.disabled():
            print(f"\n{NAMESPACES} namespaces, {len(statuses)} calls: RSS +{grown:.1f} MiB")
