"""Limits on what one request can make the mock do, and the cutting that keeps answers, logs and
the journal bounded whatever a request contains (docs/limits.md lists them)."""

import re
from collections.abc import Sequence
from itertools import accumulate

# JSON nested deeper than this is refused (400) before it is parsed: parsers, schema validators and
# the journal's redaction recurse once or twice per level and would hit Python's recursion limit.
MAX_JSON_DEPTH = 64
# A request value repeated in an error message is cut to this many characters.
MAX_ECHO_CHARS = 200
# Problems listed in one error message (schema violations, unknown repository paths ...), and
# the length of each.
MAX_PROBLEMS = 20
MAX_PROBLEM_CHARS = 500
# Backstop for every error body: message and details each at most this long.
MAX_MESSAGE_CHARS = 4096
# Repository paths in one access-details request.
MAX_REPOSITORY_PATHS = 100
# A templated output (an echo of an input, say) is cut at this many characters.
MAX_RENDERED_CHARS = 65_536
# Headers of one request; more is a 431 (the HTTP servers refuse more than 100 before the app).
MAX_HEADERS = 64
# Digits of an id in a URL (an execution URL's fileId): a 64-bit id has at most 19.
MAX_ID_DIGITS = 19

# A JSON string literal: its brackets are text, not structure.
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256)]


def json_depth_over(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit`, without parsing it: the
    brackets outside string literals are counted (linear time, no recursion). Malformed text is
    measured as far as it goes; the parser refuses it afterwards."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # the common case: too few brackets to nest that deep
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


def echo(text: str, limit: int = MAX_ECHO_CHARS) -> str:
    """`text` as an error message may repeat it: cut to `limit` characters, saying how much more
    there was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def first_problems(problems: Sequence[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """The first `limit` problems, and how many more there were."""
    if len(problems) <= limit:
        return list(problems)
    return [*problems[:limit], f"… and {len(problems) - limit} more"]
