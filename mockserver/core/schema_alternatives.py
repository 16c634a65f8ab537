"""A value that fits none of a schema's `oneOf`/`anyOf` alternatives, explained by the alternative
its author meant (jsonschema alone says "not valid under any of the given schemas")."""

from typing import Any

from mockserver.core.errors import did_you_mean


def meant_alternative(error: Any) -> list[Any]:
    """The errors of the one alternative the value was meant for, or [] when that is not clear.

    Meant: the only alternative whose type fits the value or, among several, the only one whose
    required keys are all there. `error` is a jsonschema ValidationError of oneOf or anyOf.
    """
    by_branch: dict[Any, list[Any]] = {}
    for sub in error.context or ():
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = {b: errs for b, errs in by_branch.items() if not _refuses(errs, "type")}
    if len(fitting) > 1:
        fitting = {b: errs for b, errs in fitting.items() if not _refuses(errs, "required")}
    return next(iter(fitting.values())) if len(fitting) == 1 else []


def _refuses(errors: list[Any], keyword: str) -> bool:
    """Whether one of `errors` is `keyword` failing on the value itself (not inside it)."""
    return any(e.validator == keyword and not e.relative_path for e in errors)


def unknown_keys(error: Any) -> list[tuple[str, str]]:
    """For an object that fits no alternative: each key no alternative knows, with a message
    naming the nearest known key and the keys the alternatives take."""
    alternatives = error.schema.get(error.validator) if isinstance(error.schema, dict) else None
    if not isinstance(error.instance, dict) or not isinstance(alternatives, list):
        return []
    known = list(
        dict.fromkeys(
            key
            for branch in alternatives
            if isinstance(branch, dict)
            for key in branch.get("properties", {})
        )
    )
    if not known:
        return []
    return [
        (key, f"unknown key {key!r}{did_you_mean(key, known)}; known: {', '.join(known)}")
        for key in error.instance
        if key not in known
    ]


def wrong_type(error: Any) -> str | None:
    """When every alternative refuses the value for its type: which types would do."""
    context = error.context or ()
    if not context or not all(_refuses([e], "type") for e in context):
        return None
    types = dict.fromkeys(
        kind
        for e in context
        for kind in (
            e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
        )
    )
    return f"{error.instance!r} is not of type {' or '.join(map(repr, types))}"
