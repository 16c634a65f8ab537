"""The package's public face: every name users import comes from `mockserver` itself, and
importing the package loads neither the web layer nor Testcontainers until a name needs them."""

import subprocess
import sys

import pytest

import mockserver
from mockserver import (
    AaMockContainer,
    FaultSpec,
    HttpControl,
    LocalControl,
    MockControl,
    MockServer,
    RequestPattern,
    Settings,
    VerificationError,
    __version__,
    create_app,
)
from mockserver.core.control import MockControl as CoreMockControl
from mockserver.core.faults import FaultSpec as CoreFaultSpec
from mockserver.core.local_control import LocalControl as CoreLocalControl
from mockserver.core.verification import RequestPattern as CoreRequestPattern
from mockserver.harness.http_control import HttpControl as HarnessHttpControl
from mockserver.harness.mock_server import MockServer as HarnessMockServer
from mockserver.harness.shortcuts import VerificationError as ShortcutsVerificationError
from mockserver.harness.testcontainer import AaMockContainer as HarnessAaMockContainer
from mockserver.http.app import create_app as http_create_app


def test_every_public_name_is_the_one_behind_it() -> None:
    assert sorted(mockserver.__all__) == sorted(
        [
            "AaMockContainer",
            "FaultSpec",
            "HttpControl",
            "LocalControl",
            "MockControl",
            "MockServer",
            "RequestPattern",
            "Settings",
            "VerificationError",
            "__version__",
            "create_app",
        ]
    )
    assert (MockServer, HttpControl, AaMockContainer, create_app) == (
        HarnessMockServer,
        HarnessHttpControl,
        HarnessAaMockContainer,
        http_create_app,
    )
    assert (MockControl, LocalControl, FaultSpec, RequestPattern) == (
        CoreMockControl,
        CoreLocalControl,
        CoreFaultSpec,
        CoreRequestPattern,
    )
    assert VerificationError is ShortcutsVerificationError
    assert issubclass(VerificationError, AssertionError)
    assert Settings().validated().port == 8080 and __version__ == "0.1.0"
    assert set(mockserver.__all__) <= set(dir(mockserver))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'MockSever'"):
        mockserver.MockSever  # noqa: B018 - the lookup is the test


def test_importing_the_package_loads_no_web_layer_and_no_testcontainers() -> None:
    program = (
        "import sys, mockserver\n"
        "from mockserver import FaultSpec, LocalControl, RequestPattern, HttpControl\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'flask', 'werkzeug', 'granian', 'testcontainers', 'docker'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
