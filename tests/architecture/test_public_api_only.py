"""Public interfaces only: no source imports an underscore module of another package, and no
source reads an underscore attribute that our own code does not define (a library's private
attribute). A simple AST check over mockserver/, tests/, bench/, examples/ and the Python scripts."""

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = {"mockserver"}
def sources() -> list[Path]:
    found = [
        p for d in ("mockserver", "tests", "bench", "examples") for p in (ROOT / d).rglob("*.py")
    ]
    found += [
        p
        for p in (ROOT / "scripts").iterdir()
        if p.is_file() and p.read_text(encoding="utf-8").startswith("#!/usr/bin/env python")
    ]
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def defined_names(trees: Iterable[ast.AST]) -> set[str]:
    """Every name our code binds: functions, classes, attributes assigned, variables,
    parameters and import aliases."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name.split(".")[0])
    return names


def offences(tree: ast.AST, own: set[str]) -> list[str]:
    """What in `tree` reaches behind another package's public interface."""
    found = []
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        for module in modules:
            top, *rest = module.split(".")
            if top not in FIRST_PARTY and any(_private(part) for part in rest):
                found.append(f"line {node.lineno}: imports {module}")
        if isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in own:
            found.append(f"line {node.lineno}: reads .{node.attr}")
    return found


def test_no_source_reaches_behind_a_public_interface() -> None:
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sources()}
    own = defined_names(trees.values())
    problems = [
        f"{path.relative_to(ROOT)} {offence}"
        for path, tree in trees.items()
        for offence in offences(tree, own)
    ]
    assert problems == []


def test_the_check_sees_what_it_looks_for() -> None:
    planted = ast.parse(
        "import granian._futures\n"
        "from werkzeug._internal import _log\n"
        "from mockserver._version import __version__\n"
        "request._get_current_object()\n"
        "self._lock.acquire()\n"
        "type(x).__name__\n"
    )
    assert offences(planted, own={"_lock"}) == [
        "line 1: imports granian._futures",
        "line 2: imports werkzeug._internal",
        "line 4: reads ._get_current_object",
    ]


def test_every_place_is_scanned() -> None:
    scanned = {p.relative_to(ROOT).as_posix() for p in sources()}
    assert "mockserver/http/observe.py" in scanned and "scripts/make-large-scenario" in scanned
    assert "bench/run.py" in scanned and "tests/conftest.py" in scanned
