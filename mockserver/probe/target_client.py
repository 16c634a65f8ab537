"""A careful HTTP client for a real Control Room: timeouts, TLS verification on by default (a CA
bundle or --insecure), proxies from the environment, a limit on calls per second, and a dry run
that only prints. Standard library only."""

import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class TargetError(Exception):
    """The target cannot be probed (unreachable, TLS, not a Control Room): one line for the user."""


@dataclass(frozen=True)
class Exchange:
    """One call and its answer; `body` is the parsed JSON (None when empty or not JSON)."""

    name: str
    method: str
    path: str
    status: int
    headers: Mapping[str, str]
    body: Any
    raw: bytes = field(repr=False)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


@dataclass
class TargetClient:
    base_url: str
    timeout: float = 10.0
    ca_bundle: Path | None = None
    insecure: bool = False
    max_rate: float = 5.0  # calls per second
    dry_run: bool = False
    say: Callable[[str], None] = print
    _last_call: float = 0.0

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        context = ssl.create_default_context(cafile=str(self.ca_bundle) if self.ca_bundle else None)
        if self.insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        # ProxyHandler() with no argument reads http_proxy / https_proxy / no_proxy.
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler(), urllib.request.HTTPSHandler(context=context)
        )

    def call(
        self,
        name: str,
        method: str,
        path_or_url: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Exchange | None:
        """Make one call (None in a dry run, after printing it). Secrets in headers and bodies
        are never printed."""
        url = path_or_url if "://" in path_or_url else self.base_url + path_or_url
        if self.dry_run:
            shown = "" if body is None else " with a JSON body"
            self.say(f"would call {name}: {method} {url}{shown}")
            return None
        self._wait_for_rate()
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status, raw, got = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, got = error.code, error.read(), error.headers
        except urllib.error.URLError as error:
            raise TargetError(_reason(url, error.reason)) from None
        except (TimeoutError, OSError) as error:
            raise TargetError(_reason(url, error)) from None
        lowered = {k.lower(): v for k, v in got.items()}
        return Exchange(name, method, _path_of(url), status, lowered, _json(raw), raw)

    def _wait_for_rate(self) -> None:
        gap = 1.0 / self.max_rate if self.max_rate > 0 else 0.0
        wait = self._last_call + gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_call = time.monotonic()


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        return None


def _path_of(url: str) -> str:
    rest = url.split("://", 1)[1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


def _reason(url: str, reason: object) -> str:
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return f"TLS failed for {url}: {reason} (use --ca-bundle FILE, or --insecure)"
    if isinstance(reason, TimeoutError):
        return f"{url} did not answer in time"
    return f"cannot reach {url}: {reason}"
