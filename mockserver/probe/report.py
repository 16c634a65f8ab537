"""Compare what the target and the mock answered to the same calls, one row per observation,
with the setting or scenario change that closes a difference where one exists; Markdown and JSON."""

import json
from dataclasses import asdict, dataclass
from typing import Any

ASPECTS = ("status", "contentType", "headers", "shape", "error", "tokens")
MAX_CELL = 300


@dataclass(frozen=True)
class Row:
    call: str
    aspect: str
    target: Any
    mock: Any
    same: bool
    fix: str | None


def compare(target: list[dict[str, Any]], mock: list[dict[str, Any]], profile: str) -> list[Row]:
    rows = []
    by_call = {m["call"]: m for m in mock}
    for seen in target:
        other = by_call.get(seen["call"])
        for aspect in ASPECTS:
            mine = None if other is None else other.get(aspect)
            theirs = seen.get(aspect)
            if aspect == "error" and theirs and mine:
                # Messages are free text: the code decides.
                same = theirs.get("code") == mine.get("code")
            else:
                same = theirs == mine
            fix = None if same else _fix(seen["call"], aspect, theirs, mine, profile)
            rows.append(Row(seen["call"], aspect, theirs, mine, same, fix))
    return rows


def _fix(call: str, aspect: str, target: Any, mock: Any, profile: str) -> str | None:
    text = json.dumps([target, mock])
    if aspect == "shape" and call == "activity list" and '"list": []' in json.dumps(mock):
        return "no setting: the mock lists only the runs deployed to it; deploy one to compare"
    if aspect == "shape" and ("fileId" in text or "runAsUserOrNone" in text):
        ids = "string" if '"fileId": "string"' in json.dumps(target) else "number"
        wanted = "a360" if ids == "string" else "seed"
        if wanted != profile:
            return f"AA_MOCK_PROFILE={wanted} (ids as {ids}s on the allocation list)"
    if aspect == "tokens":
        return _token_fix(target or {}, mock or {}, profile)
    if aspect == "headers" and "access-control-allow-origin" in text:
        return "AA_MOCK_CORS_ORIGINS=<the origins your browser app uses>"
    if aspect == "error":
        return "no setting: the mock's own error code; please report it with this report"
    if aspect == "status" and call == "access details (unknown path)":
        return "no setting: please report it (the real answer for an unknown path is unknown)"
    return None


def _token_fix(target: dict[str, Any], mock: dict[str, Any], profile: str) -> str | None:
    for label, theirs in target.items():
        mine = mock.get(label, {})
        if theirs.get("claims") != mine.get("claims"):
            names = list((theirs.get("claims") or {}).keys())
            wanted = "a360" if "csrfToken" in names else "seed"
            if wanted != profile:
                return f"AA_MOCK_PROFILE={wanted} (the Control Room's token claims)"
        if theirs.get("lifetimeSeconds") != mine.get("lifetimeSeconds"):
            setting = (
                "AA_MOCK_CONTROL_ROOM_TOKEN_TTL"
                if label == "Control Room token"
                else "AA_MOCK_EXECUTION_TOKEN_TTL"
            )
            return f"{setting}={theirs.get('lifetimeSeconds')}"
    return None


def as_json(target_url: str, profile: str, rows: list[Row]) -> str:
    return json.dumps(
        {
            "target": target_url,
            "profile": profile,
            "same": all(r.same for r in rows),
            "differences": sum(not r.same for r in rows),
            "observations": [asdict(r) for r in rows],
        },
        indent=2,
    )


def as_markdown(target_url: str, profile: str, rows: list[Row]) -> str:
    differences = [r for r in rows if not r.same]
    lines = [
        "# aa-mockserver probe report",
        "",
        f"Target `{target_url}` against the mock with profile `{profile}`: "
        + (
            "no differences."
            if not differences
            else f"{len(differences)} difference(s) in {len(rows)} observations."
        ),
        "",
        "| call | aspect | target | mock | same | how to close it |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.call} | {row.aspect} | {_cell(row.target)} | {_cell(row.mock)} | "
            f"{'yes' if row.same else '**no**'} | {row.fix or ''} |"
        )
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    """A value in a table cell, cut at MAX_CELL characters with an ellipsis that says so (the
    JSON report holds it whole)."""
    text = json.dumps(value, separators=(",", ":")) if not isinstance(value, str) else value
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return "`" + text.replace("|", "\\|") + "`"
