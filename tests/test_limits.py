"""The limits' helpers: the bracket count agrees with a parser's idea of depth, and echoes are cut."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.core import limits
from mockserver.core.limits import echo, json_depth_over

texts = st.text(alphabet=st.sampled_from('ab[]{}"\\\n\u2028'), max_size=8)
values = st.recursive(
    st.one_of(st.none(), st.integers(), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
    max_leaves=30,
)


def depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=300, derandomize=True, database=None)
@given(value=values, limit=st.integers(min_value=0, max_value=8))
def test_the_bracket_count_measures_what_a_parser_nests(value: Any, limit: int) -> None:
    text = json.dumps(value).encode()
    assert json_depth_over(text, limit) == (depth(value) > limit)


@pytest.mark.parametrize(
    "text, over",
    [
        (b"[" * 65 + b"]" * 65, True),
        (b"[" * 64 + b"]" * 64, False),
        (b'["' + b"[" * 1000 + b'"]', False),  # brackets in a string are text
        (b'["\\"' + b"[" * 1000 + b'"]', False),  # an escaped quote does not end the string
        (b'["\\\\"' + b"[" * 100, True),  # an escaped backslash does
        (b"[" * 100_000, True),  # never closed
        (b"{}" * 100_000, False),  # many, but flat
    ],
)
def test_the_bracket_count_on_hostile_text(text: bytes, over: bool) -> None:
    assert json_depth_over(text) is over


def test_echo_cuts_and_says_how_much() -> None:
    assert echo("short") == "short"
    assert echo("x" * 1000, 10) == "xxxxxxxxxx… (990 more characters)"


def test_the_documented_values_are_the_code_s() -> None:
    """docs/limits.md names each constant beside its value."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "limits.md").read_text("utf-8")
    rows = re.findall(r"\| `(MAX_[A-Z_]+)` \| ([0-9,]+)", page)
    assert len(rows) >= 8
    for name, value in rows:
        assert int(value.replace(",", "")) == getattr(limits, name), name
