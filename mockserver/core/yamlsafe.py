"""The one YAML loader of the project: safe (no object-building tags), libyaml's when present."""

from typing import Any

import yaml

# libyaml's loader when the machine has it: the same safe loader, about ten times faster.
SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse one YAML document; raises yaml.YAMLError (with a mark) on bad input."""
    return yaml.load(text, Loader=SafeLoader)
