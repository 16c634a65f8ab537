"""The one place a scenario reference becomes a Scenario: a Scenario, a dict, YAML text, a file
path, or a bundled or configured name (by its `name:` or by its file stem)."""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockserver.core.errors import did_you_mean
from mockserver.core.resources import scenarios_dir
from mockserver.core.scenarios.loader import (
    Problem,
    ScenarioError,
    ScenarioNotFound,
    iter_scenario_files,
    load_scenario,
    load_scenario_text,
)
from mockserver.core.scenarios.model import Scenario

ScenarioRef = Scenario | Mapping[str, Any] | str | Path
_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class CatalogEntry:
    """A scenario file in a bundled or configured folder; `problem` is set when it is invalid."""

    name: str
    path: Path
    description: str
    problem: str | None = None


def search_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    return [scenarios_dir(), *extra]


def catalog(extra: Iterable[Path] = ()) -> list[CatalogEntry]:
    """Every scenario file of the bundled and configured folders; an invalid one is listed under
    its file stem with its first problem, so it does not vanish silently."""
    entries = []
    for folder in search_dirs(extra):
        if not folder.is_dir():
            continue
        for path in iter_scenario_files(folder):
            try:
                scenario = load_scenario(path)
            except ScenarioError as exc:
                entries.append(CatalogEntry(path.stem, path, "", str(exc.problems[0])))
                continue
            entries.append(CatalogEntry(scenario.name, path, scenario.description))
    return entries


def resolve_scenario(
    ref: ScenarioRef, extra_dirs: Iterable[Path] = (), *, relative_to: Sequence[Path] = ()
) -> Scenario:
    """Load whatever `ref` names. A relative path is tried against each of `relative_to`, then
    the current folder; the error lists every path tried."""
    if isinstance(ref, Scenario):
        return ref
    if isinstance(ref, Mapping):
        return load_scenario_text(json.dumps(ref, indent=1), "<uploaded>")
    path = locate_scenario(ref, extra_dirs, relative_to=relative_to)
    if path is None:
        assert isinstance(ref, str)
        return load_scenario_text(ref, "<uploaded>")
    return load_scenario(path)


def locate_scenario(
    ref: str | Path, extra_dirs: Iterable[Path] = (), *, relative_to: Sequence[Path] = ()
) -> Path | None:
    """The file a path or a name stands for (None for scenario text), without loading it;
    ScenarioNotFound when there is none."""
    if isinstance(ref, str) and _is_text(ref):
        return None
    if isinstance(ref, Path) or is_path(ref):
        return find_scenario_path(Path(ref), relative_to)
    return find_named_scenario(ref, extra_dirs)


def _is_text(ref: str) -> bool:
    return "\n" in ref or ref.lstrip().startswith("{")


def is_path(ref: str) -> bool:
    """Whether a reference names a file (rather than a scenario or YAML text)."""
    return ref.endswith(_SUFFIXES) or "/" in ref or "\\" in ref or Path(ref).is_file()


def find_scenario_path(path: Path, relative_to: Sequence[Path] = ()) -> Path:
    candidates = [path] if path.is_absolute() else [*(base / path for base in relative_to), path]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    # The same folder reached twice (the rootdir is often the current folder) is listed once.
    tried = ", ".join(dict.fromkeys(str(c.absolute()) for c in candidates))
    raise ScenarioNotFound([Problem(str(path), None, "", f"no such scenario file (tried {tried})")])


def find_named_scenario(name: str, extra_dirs: Iterable[Path] = ()) -> Path:
    """A scenario of the bundled or configured folders, by file stem first, then by `name:`."""
    folders = search_dirs(extra_dirs)
    for folder in folders:
        for suffix in _SUFFIXES:
            if (folder / f"{name}{suffix}").is_file():
                return folder / f"{name}{suffix}"
    entries = catalog(extra_dirs)
    for entry in entries:
        if entry.problem is None and entry.name == name:
            return entry.path
    names = sorted({e.name for e in entries if e.problem is None})
    raise ScenarioNotFound(
        [
            Problem(
                name,
                None,
                "",
                f"unknown scenario{did_you_mean(name, names)}; bundled and configured: "
                f"{', '.join(names) or 'none'} (or give a file path)",
            )
        ]
    )
