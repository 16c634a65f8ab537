"""The sandboxed template environment: what templates compute, what they may not do."""

from decimal import Decimal

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from mockserver.core.templates import (
    MAX_EXPONENT,
    MAX_SEQUENCE_LENGTH,
    TemplateSyntaxError,
    compile_template,
    referenced_inputs,
    render,
)


def test_a_template_computes_from_its_inputs() -> None:
    template = compile_template("{{ inputs.iStrText | reverse | join('') | upper }}")
    assert render(template, {"inputs": {"iStrText": "abc"}}).text == "CBA"
    total = compile_template("{{ (inputs.iNumAmount | number) * 2 }}")
    assert render(total, {"inputs": {"iNumAmount": Decimal("10.5")}}).text == "21.0"


def test_a_typo_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(UndefinedError):
        render(compile_template("{{ inputs.iStrTxt }}"), {"inputs": {"iStrText": "abc"}})
    with pytest.raises(TemplateSyntaxError):
        compile_template("{{ inputs.x ")


@pytest.mark.parametrize(
    "source",
    [
        f"{{{{ 2 ** {MAX_EXPONENT + 1} }}}}",
        f"{{{{ 'x' * {MAX_SEQUENCE_LENGTH + 1} }}}}",
        f"{{{{ {MAX_SEQUENCE_LENGTH + 1} * [1] }}}}",
        "{{ ''.__class__.__mro__ }}",
        "{{ inputs.update({'a': 1}) }}",
    ],
)
def test_the_sandbox_refuses_what_could_escape_or_exhaust(source: str) -> None:
    with pytest.raises(SecurityError):
        render(compile_template(source), {"inputs": {}})


def test_within_the_limits_arithmetic_works() -> None:
    assert render(compile_template("{{ 2 ** 10 }}-{{ 'ab' * 2 }}"), {}).text == "1024-abab"


def test_the_inputs_a_template_reads() -> None:
    source = "{{ inputs.a }}{{ inputs['b'] }}{{ inputs.get('c') }}{% for k in inputs.items() %}{% endfor %}"
    assert referenced_inputs(source) == {"a", "b"}
