"""Finds scenarios by name (bundled or in configured folders) or by path."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mockserver.resources import scenarios_dir
from mockserver.scenarios.loader import (
    Problem,
    ScenarioError,
    iter_scenario_files,
    load_scenario,
)
from mockserver.scenarios.model import Scenario


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    path: Path
    description: str


def search_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    return [scenarios_dir(), *extra]


def catalog(extra: Iterable[Path] = ()) -> list[CatalogEntry]:
    """Every scenario file in the bundled and configured folders (invalid ones are skipped)."""
    entries = []
    for folder in search_dirs(extra):
        if not folder.is_dir():
            continue
        for path in iter_scenario_files(folder):
            try:
                scenario = load_scenario(path)
            except ScenarioError:
                continue
            entries.append(CatalogEntry(scenario.name, path, scenario.description))
    return entries


def find_scenario_file(name_or_path: str, extra: Iterable[Path] = ()) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml", ".json") or candidate.is_file():
        if not candidate.is_file():
            raise ScenarioError([Problem(name_or_path, None, "", "no such scenario file")])
        return candidate
    for folder in search_dirs(extra):
        for suffix in (".yaml", ".yml", ".json"):
            path = folder / f"{name_or_path}{suffix}"
            if path.is_file():
                return path
    known = ", ".join(sorted(e.name for e in catalog(extra))) or "none"
    raise ScenarioError(
        [Problem(name_or_path, None, "", f"unknown scenario; bundled and configured: {known}")]
    )


def resolve_scenario(name_or_path: str, extra: Iterable[Path] = ()) -> Scenario:
    """Load a scenario named like a bundled one ("default") or given as a file path."""
    return load_scenario(find_scenario_file(name_or_path, extra))
