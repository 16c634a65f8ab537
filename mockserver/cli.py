"""The `aa-mockserver` command: serve, validate, scenarios."""

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mockserver._version import __version__
from mockserver.arguments import SuggestingParser
from mockserver.core.config import Settings, SettingsError, parse_origins, unknown_variables
from mockserver.core.profiles import PROFILES
from mockserver.core.scenarios import ScenarioError, load_scenario, reachability
from mockserver.core.scenarios.loader import SCHEMA_PATH, ScenarioNotFound, iter_scenario_files
from mockserver.core.scenarios.resolver import catalog, resolve_scenario
from mockserver.preflight import check_serve
from mockserver.probe import command as probe_command


def _parser() -> argparse.ArgumentParser:
    parser = SuggestingParser(
        prog="aa-mockserver",
        description="Mock of the Automation Anywhere Control Room for API Tasks.",
    )
    parser.add_argument("--version", action="version", version=f"aa-mockserver {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the mock server")
    serve.add_argument("--host", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to bind; 0 picks a free one (default 8080)")
    serve.add_argument("--scenario", help="bundled scenario name or scenario file path")
    serve.add_argument("--public-url", help="base of the execution URLs handed out")
    serve.add_argument("--seed", type=int, help="seed for every random choice (default 0)")
    serve.add_argument(
        "--threads",
        type=int,
        help="requests that may wait in emulated latency or delays at once (default 8)",
    )
    serve.add_argument("--log-format", choices=("text", "json"), help="access log format")
    serve.add_argument(
        "--profile",
        choices=tuple(PROFILES),
        help="which Control Room to be: seed (default), a360 or legacy",
    )
    serve.add_argument(
        "--open", action="store_true", help="open the live dashboard in a web browser"
    )
    serve.add_argument(
        "--url-file", type=Path, help="write the served URL to this file once it listens"
    )
    serve.add_argument(
        "--watch",
        action="store_true",
        default=None,
        help="re-read the scenario file when it changes (AA_MOCK_WATCH)",
    )
    serve.add_argument(
        "--cors-origins", help="origins allowed from browsers, comma-separated, or '*'"
    )
    validate = commands.add_parser(
        "validate", help="check scenario files (or folders of them) and list every problem"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="json: for CI annotations"
    )
    commands.add_parser("scenarios", help="list the bundled and configured scenarios")
    probe_command.add_commands(commands)
    demo = commands.add_parser("demo", help="walk through the API Task flow, step by step")
    demo.add_argument("--url", help="a running server (default: start one for the demo)")
    demo.add_argument(
        "--reset", action="store_true", help="with --url: reset that server when done"
    )
    demo.add_argument("--scenario", help="without --url: the scenario of the demo's server")
    demo.add_argument(
        "--profile", choices=tuple(PROFILES), help="without --url: the demo server's profile"
    )
    commands.add_parser("schema", help="print the scenario files' JSON Schema (for editors)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    for warning in unknown_variables(os.environ):
        print(f"aa-mockserver: warning: {warning}", file=sys.stderr)
    try:
        settings = Settings.from_env(os.environ)
    except SettingsError as exc:
        print(f"aa-mockserver: {exc}", file=sys.stderr)
        return 2
    for folder in settings.scenario_dirs:
        if not folder.is_dir():
            print(
                f"aa-mockserver: warning: AA_MOCK_SCENARIO_DIRS names {folder}, which is not a "
                "folder; no scenario is looked for there",
                file=sys.stderr,
            )
    if args.command in ("probe", "capture"):
        return probe_command.run_command(args)
    if args.command == "validate":
        return _validate(args.files, args.format)
    if args.command == "demo":
        return _demo(args, settings)
    if args.command == "schema":
        print(SCHEMA_PATH.read_text(encoding="utf-8"), end="")
        return 0
    if args.command == "scenarios":
        for entry in catalog(settings.scenario_dirs):
            about = entry.description if entry.problem is None else f"INVALID: {entry.problem}"
            print(f"{entry.name:<24} {about}")
        return 0
    try:
        settings = settings.override(
            host=args.host,
            port=args.port,
            scenario=args.scenario,
            public_url=args.public_url,
            seed=args.seed,
            log_format=args.log_format,
            threads=args.threads,
            profile=args.profile,
            watch=args.watch,
            cors_origins=None if args.cors_origins is None else parse_origins(args.cors_origins),
            url_file=args.url_file,
            open_dashboard=True if args.open else None,
        )
    except SettingsError as exc:
        print(f"aa-mockserver: {exc}", file=sys.stderr)
        return 2
    try:
        check_serve(settings)
    except ScenarioNotFound as exc:
        message = exc.problems[0].message
        print(f"aa-mockserver: cannot start: {settings.scenario!r}: {message}", file=sys.stderr)
        return 2
    except SettingsError as exc:
        print(f"aa-mockserver: cannot start: {exc}", file=sys.stderr)
        return 2
    return _serve(settings)


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from mockserver.serving.demo import run_demo

    if args.url is not None and (args.scenario or args.profile):
        print(
            "aa-mockserver demo: --scenario and --profile choose the demo's own server; with "
            "--url, the server at that URL decides (serve it with them)",
            file=sys.stderr,
        )
        return 2
    try:
        return run_demo(
            args.url,
            sys.stdout,
            settings.admin_token,
            reset=args.reset,
            scenario=args.scenario or "default",
            profile=args.profile or "seed",
            interactive=sys.stdin.isatty() and sys.stdout.isatty(),
        )
    except ScenarioNotFound as exc:
        print(f"aa-mockserver demo: {args.scenario!r}: {exc.problems[0].message}", file=sys.stderr)
        return 2
    except ScenarioError as exc:
        print(f"aa-mockserver demo: cannot load the scenario:\n{exc}", file=sys.stderr)
        return 2


def _validate(targets: list[Path], output: str = "text") -> int:
    files = [
        path
        for target in targets
        for path in (iter_scenario_files(target) if target.is_dir() else [target])
    ]
    if not files:
        folders = ", ".join(map(str, targets))
        print(
            f"aa-mockserver validate: no scenario files (*.yaml, *.yml, *.json) in {folders}",
            file=sys.stderr,
        )
        return 2
    report: list[dict[str, object]] = []
    cautions: list[dict[str, object]] = []  # valid, but not usable as it is
    failed = 0
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            failed += 1
            for problem in exc.problems:
                report.append(
                    {
                        "file": problem.file,
                        "line": problem.line,
                        "location": problem.location,
                        "message": problem.message,
                    }
                )
                if output == "text":
                    print(problem, file=sys.stderr)
            continue
        advice = reachability.warnings(scenario)
        cautions += [{"file": str(path), "message": message} for message in advice]
        if output == "text":
            count = len(scenario.tasks)
            print(f"{path}: ok (scenario {scenario.name!r}, {plural(count, 'API Task')})")
            for message in advice:
                print(f"{path}: warning: {message}", file=sys.stderr)
    if output == "json":
        summary = {"files": len(files), "invalid": failed, "problems": report}
        print(json.dumps({**summary, "warnings": cautions}, indent=2))
    return 1 if failed else 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _serve(settings: Settings) -> int:
    from mockserver.serving.server import build_server, claim_address

    # Checked here, before granian starts its worker (which loads it again), so that an invalid
    # scenario is one message and exit 2, not a worker that fails to start.
    try:
        resolve_scenario(settings.scenario, settings.scenario_dirs)
    except ScenarioError as exc:
        print(f"aa-mockserver: cannot start, the scenario is invalid:\n{exc}", file=sys.stderr)
        return 2
    try:
        host, port = claim_address(settings.host, settings.port)
    except OSError as exc:  # e.g. the port is in use
        print(
            f"aa-mockserver: cannot listen on {settings.host}:{settings.port}: "
            f"{exc.strerror or exc}",
            file=sys.stderr,
        )
        return 2
    settings = settings.override(host=host, port=port)
    os.environ.update(settings.to_env())  # what the worker builds its app from
    # Until SIGTERM or Ctrl-C; granian exits 1 itself if its worker fails.
    build_server(settings).serve()
    return 0
