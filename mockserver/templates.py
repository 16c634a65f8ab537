"""The sandboxed Jinja2 environment that computes outputs from inputs."""

from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["TemplateError", "TemplateSyntaxError", "compile_template", "render"]


def _number(value: Any) -> Decimal:
    return Decimal(str(value).strip())


def _build_environment() -> ImmutableSandboxedEnvironment:
    # No loader: {% include %} and {% import %} cannot reach files. The immutable sandbox blocks
    # dunder attributes and mutation of inputs; StrictUndefined turns typos into errors.
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters["number"] = _number
    return env


_ENVIRONMENT = _build_environment()


def compile_template(source: str) -> Any:
    """Compile once at scenario load; raises TemplateSyntaxError with a line number."""
    return _ENVIRONMENT.from_string(source)


def render(template: Any, context: dict[str, Any]) -> str:
    return str(template.render(context))
