"""Typed errors that know their HTTP status and render the Control Room error body."""

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# The one error code the real Control Room is known to use for a missing token, as quoted on AA's
# community forum (see docs/fidelity.md).
MISSING_TOKEN_CODE = "UM1117"
MISSING_TOKEN_MESSAGE = "Access token expected in the 'X-Authorization' header"


@dataclass
class ApiError(Exception):
    """An error answered with `{"code", "message", "details"}` and `status`."""

    status: int
    code: str
    message: str
    details: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def body(self) -> dict[str, Any]:
        # Key order follows the bodies seen from the real Control Room: code, details, message.
        return {"code": self.code, "details": self.details, "message": self.message}


def bad_request(message: str, details: str | None = None, code: str = "bad.request") -> ApiError:
    return ApiError(400, code, message, details)


def missing_token() -> ApiError:
    return ApiError(401, MISSING_TOKEN_CODE, MISSING_TOKEN_MESSAGE)


def unauthorized(message: str, code: str = "token.invalid") -> ApiError:
    return ApiError(401, code, message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "access.denied", message)


def not_found(message: str, code: str = "not.found") -> ApiError:
    return ApiError(404, code, message)


def field_path(parts: Iterable[Any], root: str = "") -> str:
    """Where in a document a value is: `page.offset`, `botRepositoryPath[0]` ("" for the root)."""
    text = root
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def did_you_mean(given: object, valid: Iterable[object]) -> str:
    """ " (did you mean 'delayMs'?)" for a near miss or the one valid name `given` starts,
    ignoring case, '_' and '-'; a value that is not a string is shown as itself
    (" (did you mean 149?)")."""

    def folded(name: object) -> str:
        return str(name).lower().replace("_", "").replace("-", "")

    by_fold = {folded(v): v for v in valid}
    close = difflib.get_close_matches(folded(given), list(by_fold), n=1, cutoff=0.75)
    if not close and len(folded(given)) >= 3:
        # A shortened name ('execute' for 'executeApiTask') when it starts only one valid name.
        close = [fold for fold in by_fold if fold.startswith(folded(given))][:2]
        close = close if len(close) == 1 else []
    return f" (did you mean {by_fold[close[0]]!r}?)" if close else ""


def is_int(value: object) -> bool:
    """An integer, and not a bool (which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool)


def not_one_of(field: str, given: object, valid: Sequence[object], what: str) -> ApiError:
    """The 400 for a value that is not one of `valid`: names the field, the nearest valid value
    and the valid ones (`what` says what a valid value is)."""
    return bad_request(
        f"{field} {given!r} is not {what}{did_you_mean(given, valid)}; valid: "
        + ", ".join(map(str, valid)),
        details=field,
    )


def quoted(value: object) -> str:
    """A value in a message: text in single quotes as written (repr would double each backslash
    of a repository path such as 'Automation Anywhere\\Bots\\Zip'), anything else as repr."""
    return f"'{value}'" if isinstance(value, str) else repr(value)
