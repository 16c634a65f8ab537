"""A bounded soak of MockServer on loopback: a few client threads send mixed traffic for a fixed
time (the documented flow, hostile requests, injected faults, scenario reloads, journal reads).

Usage: python bench/soak.py [--seconds 150] [--clients 4]
Prints, as JSON: requests, answers by status, 5xx that were not injected faults (must be 0),
journal entries, and the process's RSS (MiB) before, after, and after clearing the journal. The
server runs in this process, so the RSS includes the clients (a few MiB).
"""

import argparse
import gc
import http.client
import json
import logging
import socket
import threading
import time
from collections import Counter
from random import Random
from typing import Any

from mockserver import MockServer

ZIP = "Automation Anywhere\\Bots\\Zip Code API Task"
ZIP_INPUT = {"iStrZipCode": {"type": "STRING", "string": "95134"}}
INJECTED = "soak.injected"


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Client:
    """One thread's connection-per-request client; counts every answer."""

    def __init__(self, port: int, seed: int):
        self.port = port
        self.random = Random(seed)
        self.statuses: Counter[int] = Counter()
        self.unexpected: list[str] = []

    def raw(self, request: bytes) -> tuple[int, bytes]:
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            connection.sendall(request)
            response = http.client.HTTPResponse(connection)
            response.begin()
            return response.status, response.read()

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        chunked: bool = False,
    ) -> tuple[int, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = {"Content-Type": "application/json", **(headers or {})}
            if chunked and body is not None:
                pieces = iter([body[i : i + 65536] for i in range(0, len(body), 65536)])
                connection.request(method, path, body=pieces, headers=sent, encode_chunked=True)
            else:
                connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            status, data = response.status, response.read()
        finally:
            connection.close()
        return self.count(method, path, status, data)

    def count(self, method: str, path: str, status: int, data: bytes) -> tuple[int, Any]:
        self.statuses[status] += 1
        try:
            answer = json.loads(data) if data else None
        except ValueError:
            answer = None
        if status >= 500 and not (isinstance(answer, dict) and answer.get("code") == INJECTED):
            self.unexpected.append(f"{method} {path[:80]} -> {status}")
        return status, answer

    def flow(self) -> None:
        login = json.dumps({"username": "jdoe", "password": "mypassword@123"}).encode()
        status, session = self.call("POST", "/v2/authentication", login)
        if status != 200:
            return
        token = {"X-Authorization": session["token"]}
        access = json.dumps({"botRepositoryPath": [ZIP]}).encode()
        path = "/orchestrator/v1/hotbot/config/accessdetails"
        status, details = self.call("POST", path, access, token)
        if status == 200:
            detail = details["accessDetails"][ZIP]
            url = detail["url"].split("/", 3)[3]
            self.call(
                "POST", "/" + url, json.dumps({"botInput": ZIP_INPUT}).encode(), detail["headers"]
            )

    def hostile(self) -> None:
        kind = self.random.randrange(8)
        if kind == 0:
            self.call("POST", "/v2/authentication", b"[" * 5000 + b"]" * 5000)
        elif kind == 1:
            items = b"[" + b",".join([b"1"] * 300_000) + b"]"
            self.call(
                "POST",
                "/orchestrator/v1/hotbot/config/accessdetails",
                b'{"botRepositoryPath": ' + items + b"}",
            )
        elif kind == 2:
            self.call(
                "POST",
                "/v2/authentication",
                b'{"username": "' + b"u" * 2_000_000 + b'"}',
                chunked=True,
            )
        elif kind == 3:
            self.call("post", "/v2/authentication", b"{}")
        elif kind == 4:
            self.count(
                "GET",
                "two hosts",
                *self.raw(
                    b"GET /__admin/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n"
                    b"Connection: close\r\n\r\n"
                ),
            )
        elif kind == 5:
            self.call("POST", f"/hotbot-{'1' * 5000}-knative-x/execute", b"{}")
        elif kind == 6:
            self.call("GET", "/v1/authentication/token%0aforged%1b[31m")
        else:
            extra = b"".join(b"X-Extra-%d: 1\r\n" % i for i in range(101))
            self.count(
                "GET",
                "101 headers",
                *self.raw(
                    b"GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + extra
                    + b"Connection: close\r\n\r\n"
                ),
            )

    def admin(self, iteration: int) -> None:
        if iteration % 40 == 0:
            fault = {"operation": "executeApiTask", "status": 503, "code": INJECTED, "count": 3}
            self.call("POST", "/__admin/faults", json.dumps(fault).encode())
        if iteration % 150 == 149:
            self.call("POST", "/__admin/reset?reload=true")
        if iteration % 10 == 0:
            self.call("GET", "/__admin/requests?limit=200")


def run(port: int, seed: int, deadline: float, clients: list[Client]) -> None:
    client = Client(port, seed)
    clients.append(client)
    iteration = 0
    while time.monotonic() < deadline:
        client.flow()
        client.hostile()
        client.admin(iteration)
        iteration += 1


def main() -> None:
    logging.getLogger("werkzeug").disabled = True  # its parser logs each refused request
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=150)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    with MockServer() as server:
        warm = Client(server.port, 0)
        for _ in range(20):
            warm.flow()
        server.control.clear_requests()
        gc.collect()
        before = rss_mib()
        deadline = time.monotonic() + args.seconds
        clients: list[Client] = []
        threads = [
            threading.Thread(target=run, args=(server.port, seed, deadline, clients))
            for seed in range(1, args.clients + 1)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        after = rss_mib()
        statuses: Counter[int] = sum((c.statuses for c in clients), Counter())
        journal = server.control.requests()
        dropped = server.control.journal_stats().dropped
        server.control.clear_requests()
        gc.collect()
        report = {
            "seconds": args.seconds,
            "clients": args.clients,
            "requests": sum(statuses.values()),
            "by_status": dict(sorted(statuses.items())),
            "unexpected_5xx": [u for c in clients for u in c.unexpected][:20],
            "journal_entries": len(journal),
            "journal_dropped": dropped,
            "rss_mib": {
                "before": round(before),
                "after": round(after),
                "after_journal_clear": round(rss_mib()),
            },
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
