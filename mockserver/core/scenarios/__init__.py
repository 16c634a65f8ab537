"""Scenario files: the YAML fixtures that describe a tenant, its users and its API Tasks."""

from mockserver.core.scenarios.loader import ScenarioError, load_scenario, load_scenario_text
from mockserver.core.scenarios.model import Scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario", "load_scenario_text"]
