"""`aa-mockserver probe` and `aa-mockserver capture`: measure a real Control Room against the mock,
and turn a tenant into a scenario."""

import argparse
import sys
from pathlib import Path

from mockserver.core.profiles import PROFILES
from mockserver.core.scenarios import ScenarioError
from mockserver.core.values import SCALAR_TYPES
from mockserver.probe.capture import checked, placeholder_login, scenario_document, to_yaml
from mockserver.probe.plan import Credentials, Execution, ProbeRun, observe, run_plan
from mockserver.probe.report import as_json, as_markdown, compare
from mockserver.probe.target_client import TargetClient, TargetError


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url",
        required=True,
        help="the Control Room, e.g. https://x.my.automationanywhere.digital",
    )
    parser.add_argument("--username", required=True)
    secret = parser.add_mutually_exclusive_group(required=True)
    secret.add_argument("--api-key", help="the user's API key")
    secret.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    parser.add_argument("--execute", metavar="PATH", help="also run this API Task once")
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="NAME=TYPE:VALUE",
        help="an input of --execute (TYPE: STRING, NUMBER, BOOLEAN, DATETIME); repeatable",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per call (10)")
    parser.add_argument("--ca-bundle", type=Path, help="CA certificates to verify TLS with")
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS (not advised)")
    parser.add_argument("--max-rate", type=float, default=5.0, help="calls per second at most (5)")
    parser.add_argument("--dry-run", action="store_true", help="print the calls, make none")


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    probe = commands.add_parser("probe", help="compare a real Control Room with the mock")
    add_target_arguments(probe)
    probe.add_argument("--profile", choices=tuple(PROFILES), default="seed")
    probe.add_argument(
        "--report",
        type=Path,
        default=Path("probe-report"),
        help="write the report to REPORT.md and REPORT.json (default: probe-report.md and "
        "probe-report.json in the current folder)",
    )
    capture = commands.add_parser("capture", help="write a scenario from a real Control Room")
    add_target_arguments(capture)
    capture.add_argument("-o", "--output", type=Path, required=True, help="the scenario file")
    capture.add_argument(
        "--keep-usernames", action="store_true", help="keep the username (else a placeholder)"
    )


def run_command(args: argparse.Namespace) -> int:
    try:
        _check_arguments(args)
        credentials = _credentials(args)
        execution = _execution(args)
        client = TargetClient(
            args.url,
            timeout=args.timeout,
            ca_bundle=args.ca_bundle,
            insecure=args.insecure,
            max_rate=args.max_rate,
            dry_run=args.dry_run,
        )
        run = run_plan(client, credentials, execution)
        if args.dry_run:
            return 0
        if args.command == "capture":
            return _capture(args, run, execution)
        return _probe(args, run, credentials, execution)
    except (TargetError, ValueError) as exc:
        print(f"aa-mockserver {args.command}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file it reads (the CA bundle) or writes (a report, a scenario)
        print(f"aa-mockserver {args.command}: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2


def _check_arguments(args: argparse.Namespace) -> None:
    """Checked before the first call: a typo must not cost a whole probe."""
    if not args.url.startswith(("http://", "https://")):
        raise ValueError(
            f"--url {args.url}: give the Control Room's address with its scheme, e.g. "
            "https://x.my.automationanywhere.digital"
        )
    if args.ca_bundle is not None and not args.ca_bundle.is_file():
        raise ValueError(f"--ca-bundle {args.ca_bundle}: no such file")
    if args.command == "capture":
        _check_folder(args.output, "-o")
    elif not args.dry_run:
        _check_folder(args.report, "--report")


def _check_folder(path: Path, option: str) -> None:
    if not path.parent.is_dir():
        raise ValueError(
            f"{option} {path}: the folder {path.parent} does not exist (create it, or write "
            "elsewhere)"
        )


def _credentials(args: argparse.Namespace) -> Credentials:
    if args.api_key is not None:
        return Credentials(args.username, api_key=args.api_key)
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise ValueError("--password-stdin read an empty password")
    return Credentials(args.username, password=password)


def _execution(args: argparse.Namespace) -> Execution | None:
    if args.execute is None:
        if args.input:
            raise ValueError("--input needs --execute PATH")
        return None
    inputs: dict[str, tuple[str, str]] = {}
    for item in args.input:
        name, _, typed = item.partition("=")
        kind, _, value = typed.partition(":")
        if not name or kind not in SCALAR_TYPES:
            raise ValueError(
                f"--input {item!r}: write NAME=TYPE:VALUE with TYPE one of {SCALAR_TYPES}"
            )
        inputs[name] = (kind, value)
    return Execution(args.execute, inputs)


def _probe(
    args: argparse.Namespace, run: ProbeRun, credentials: Credentials, execution: Execution | None
) -> int:
    from mockserver.harness.mock_server import MockServer

    # The mock replays the same calls on the target's own tenant, with the probing credentials
    # (in memory only: nothing of it is written).
    scenario = checked(scenario_document(run, args.url, credentials, execution))
    with MockServer(scenario, profile=args.profile) as mock:
        replay = run_plan(TargetClient(mock.url, max_rate=0), credentials, execution)
    rows = compare(
        [observe(e) for e in run.exchanges], [observe(e) for e in replay.exchanges], args.profile
    )
    report: Path = args.report
    report.with_suffix(".md").write_text(as_markdown(args.url, args.profile, rows), "utf-8")
    report.with_suffix(".json").write_text(as_json(args.url, args.profile, rows), "utf-8")
    differences = sum(not r.same for r in rows)
    print(
        f"{len(rows)} observations, {differences} difference(s); report: "
        f"{report.with_suffix('.md')} and {report.with_suffix('.json')}"
    )
    return 1 if differences else 0


def _capture(args: argparse.Namespace, run: ProbeRun, execution: Execution | None) -> int:
    listed = next((e for e in run.exchanges if e.name == "list allocations (page 1)"), None)
    if listed is not None and listed.status != 200:
        # A scenario without the tenant's API Tasks would look like a tenant that has none.
        said = listed.body.get("message") if isinstance(listed.body, dict) else None
        raise ValueError(
            f"the Control Room refused to list the API Task allocations ({listed.status}"
            f"{': ' + str(said) if said else ''}); capture needs a user whose role may view and "
            "manage API Task allocations (AA documents the list as an admin call); nothing was "
            "written"
        )
    login = placeholder_login(run, args.username if args.keep_usernames else None)
    document = scenario_document(run, args.url, login, execution)
    try:
        checked(document)
    except ScenarioError as exc:  # a tenant the scenario language cannot hold
        raise ValueError(f"the captured scenario is not valid: {exc}") from None
    args.output.write_text(to_yaml(document), encoding="utf-8")
    print(
        f"wrote {args.output}: {len(document['tasks'])} API Task(s); log in to the mock as "
        f"{login.username} with the password in the file"
    )
    return 0
