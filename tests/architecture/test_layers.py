"""The layers: the core never imports the web framework or a server, checked in a fresh
interpreter for every core module."""

import pkgutil
import re
import subprocess
import sys

import mockserver.core

WEB_MODULES = ("flask", "werkzeug", "granian")
UPWARD_IMPORT = re.compile(r"^\s*(from|import)\s+mockserver\.(http|harness|probe|serving|cli)\b", re.MULTILINE)


def core_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(mockserver.core.__path__, "mockserver.core.")
    )


def test_the_core_has_the_modules_we_expect() -> None:
    names = core_modules()
    assert "mockserver.core.control_room" in names and "mockserver.core.scenarios.resolver" in names
    assert "mockserver.core.services.auth" in names and "mockserver.core.local_control" in names
    assert len(names) >= 15


def test_importing_every_core_module_loads_no_web_framework() -> None:
    program = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB_MODULES!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_the_http_layer_is_not_imported_by_the_core_sources() -> None:
    root = mockserver.core.__path__[0]
    offenders = []
    for info in pkgutil.walk_packages([root], "mockserver.core."):
        spec = info.module_finder.find_spec(info.name.rsplit(".", 1)[1])  # type: ignore[call-arg]
        assert spec is not None and spec.origin is not None
        with open(spec.origin, encoding="utf-8") as source:
            text = source.read()
        if UPWARD_IMPORT.search(text):
            offenders.append(info.name)
    assert offenders == [], f"core modules that reach up a layer: {offenders}"
