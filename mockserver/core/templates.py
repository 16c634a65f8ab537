"""The sandboxed Jinja2 environment that computes outputs from inputs."""

import operator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mockserver.core.limits import MAX_RENDERED_CHARS

__all__ = ["Rendered", "TemplateError", "TemplateSyntaxError", "compile_template", "render"]

# Results of `*` and `**` are bounded so a template cannot exhaust memory or CPU.
MAX_SEQUENCE_LENGTH = 100_000
MAX_EXPONENT = 1_000


def _number(value: Any) -> Decimal:
    return Decimal(str(value).strip())


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """No file or environment access (no loader, sandboxed attributes), no mutation of inputs,
    and no arithmetic that could allocate without bound."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"exponent {right} is over the limit of {MAX_EXPONENT}")
            return operator.pow(left, right)
        for sequence, count in ((left, right), (right, left)):
            too_long = (
                isinstance(sequence, str | list | tuple)
                and isinstance(count, int)
                and len(sequence) * count > MAX_SEQUENCE_LENGTH
            )
            if too_long:
                raise SecurityError(f"a result over {MAX_SEQUENCE_LENGTH} items is refused")
        return operator.mul(left, right)


def _build_environment() -> ImmutableSandboxedEnvironment:
    # StrictUndefined turns typos into errors instead of empty strings.
    env = _BoundedSandbox(undefined=StrictUndefined, autoescape=False)
    env.filters["number"] = _number
    return env


_ENVIRONMENT = _build_environment()


def compile_template(source: str) -> Any:
    """Compile once at scenario load; raises TemplateSyntaxError with a line number."""
    return _ENVIRONMENT.from_string(source)


def referenced_inputs(source: str) -> set[str]:
    """The input names a template reads as `inputs.NAME` or `inputs['NAME']`."""
    tree = _ENVIRONMENT.parse(source)
    # inputs.get(...), inputs.items() ...: methods of the mapping, not inputs.
    methods = {id(call.node) for call in tree.find_all(nodes.Call)}
    names = {
        node.attr
        for node in tree.find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Name)
        and node.node.name == "inputs"
        and id(node) not in methods
    }
    for item in tree.find_all(nodes.Getitem):
        if (
            isinstance(item.node, nodes.Name)
            and item.node.name == "inputs"
            and isinstance(item.arg, nodes.Const)
            and isinstance(item.arg.value, str)
        ):
            names.add(item.arg.value)
    return names


@dataclass(frozen=True)
class Rendered:
    text: str
    cut: bool  # rendering stopped at the limit; `text` ends with a mark saying so


def render(template: Any, context: dict[str, Any], limit: int = MAX_RENDERED_CHARS) -> Rendered:
    """Render, stopping once the text is over `limit` characters: a template that repeats an
    input costs no more than the limit, however large the input."""
    parts: list[str] = []
    size = 0
    for part in template.generate(context):
        parts.append(part)
        size += len(part)
        if size > limit:
            text = "".join(parts)[:limit]
            return Rendered(f"{text}… [cut by aa-mockserver at {limit} characters]", True)
    return Rendered("".join(parts), False)
