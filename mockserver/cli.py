"""The `aa-mockserver` command: serve, validate, scenarios."""

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mockserver._version import __version__
from mockserver.arguments import SuggestingParser
from mockserver.core.config import Settings, SettingsError, parse_origins, unknown_variables
from mockserver.core.profiles import PROFILES
from mockserver.core.scenarios import ScenarioError, load_scenario, reachability
from mockserver.core.scenarios.loader import SCHEMA_PATH, ScenarioNotFound, iter_scenario_files
from mockserver.core.scenarios.resolver import catalog
from mockserver.preflight import check_serve
from mockserver.probe import command as probe_command

if TYPE_CHECKING:  # the server's modules load only for `serve`, keeping other commands quick
    from mockserver.core.backend import ControlRoomBackend


def _parser() -> argparse.ArgumentParser:
    parser = SuggestingParser(
        prog="aa-mockserver",
        description=("Mock of the Automation Anywhere Control Room for real-time API Tasks."),
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
        )
    except SettingsError as exc:
        print(f"aa-mockserver: {exc}", file=sys.stderr)
        return 2
    try:
        check_serve(settings, args.url_file)
    except ScenarioNotFound as exc:
        message = exc.problems[0].message
        print(f"aa-mockserver: cannot start: {settings.scenario!r}: {message}", file=sys.stderr)
        return 2
    except SettingsError as exc:
        print(f"aa-mockserver: cannot start: {exc}", file=sys.stderr)
        return 2
    return _serve(settings, open_dashboard=args.open, url_file=args.url_file)


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
    except ScenarioError as exc:
        print(f"aa-mockserver demo: cannot load the scenario:\n{exc}", file=sys.stderr)
        return 2


def _validate(targets: list[Path], output: str = "text") -> int:
    files = [
        path
        for target in targets
        for path in (iter_scenario_files(target) if target.is_dir() else [target])
    ]
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


def _serve(
    settings: Settings, *, open_dashboard: bool = False, url_file: Path | None = None
) -> int:
    from mockserver.http.app import create_app
    from mockserver.http.emulated import backend_of
    from mockserver.serving.access_log import BatchedStreamHandler
    from mockserver.serving.lanes import request_lanes
    from mockserver.serving.production import make_server

    logging.basicConfig(
        level=logging.INFO, format="%(message)s", handlers=[BatchedStreamHandler(sys.stderr)]
    )
    # Granian's worker logs its start and stop at INFO ("Started worker-1"): not news to our
    # users, and not a JSON line under --log-format json. Its warnings and errors still show.
    logging.getLogger("_granian").setLevel(logging.WARNING)
    try:
        app = create_app(settings)
    except ScenarioError as exc:
        print(f"aa-mockserver: cannot start, the scenario is invalid:\n{exc}", file=sys.stderr)
        return 2
    try:
        server = make_server(
            app, settings.host, settings.port, settings.threads, request_lanes(app)
        )
    except OSError as exc:  # e.g. the port is in use
        print(
            f"aa-mockserver: cannot listen on {settings.host}:{settings.port}: "
            f"{os.strerror(exc.errno) if exc.errno else exc}",
            file=sys.stderr,
        )
        return 2
    watcher = None
    if settings.watch:  # watching before the server is announced: no edit goes unseen
        from mockserver.core.watcher import ScenarioWatcher

        watcher = ScenarioWatcher(backend_of(app)).start()
    # As PID 1 in a container a signal without a handler is ignored: `docker stop` would wait
    # its 10 s and kill. Installed before anything is announced, so no early SIGTERM is lost.
    signal.signal(signal.SIGTERM, lambda *_: server.stop())
    try:
        server.start()
        port = server.effective_port  # the real one when --port 0
        base = f"http://{settings.host if settings.host != '0.0.0.0' else '127.0.0.1'}:{port}"
        if url_file is not None:
            # Written whole (a rename), so a script polling for it never reads half a URL.
            partial = url_file.with_name(url_file.name + ".partial")
            partial.write_text(base + "\n", encoding="utf-8")
            partial.replace(url_file)
        if settings.log_format == "json":
            _print_json_banner(backend_of(app), base)
        else:
            _print_banner(backend_of(app), base)
        if open_dashboard:
            import webbrowser

            webbrowser.open(f"{base}/__admin/ui")
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if watcher is not None:
            watcher.stop()
        server.close()
    return 0


def _print_json_banner(backend: "ControlRoomBackend", base: str) -> None:
    """One JSON line, like the access log (no secrets: users by name only)."""
    banner = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "event": "serving",
        "url": base,
        "scenario": backend.scenario.name,
        "profile": backend.profile.name,
        "corsOrigins": list(backend.settings.cors_origins),
        "users": [u.username for u in backend.scenario.users],
        "dashboard": f"{base}/__admin/ui",
    }
    print(json.dumps(banner), flush=True)


def _print_banner(backend: "ControlRoomBackend", base: str) -> None:
    scenario = backend.scenario
    # Secrets stay out of logs: they are shown only to a person at a terminal.
    show_secrets = sys.stdout.isatty()
    print(f"aa-mockserver serving scenario {scenario.name!r} at {base}", flush=True)
    print(f"  profile {backend.profile.name}: {backend.profile.summary}", flush=True)
    for user in scenario.users:
        field, secret = ("password", user.password) if user.password else ("apiKey", user.api_key)
        shown = secret if show_secrets else f"<{field} of {user.username} in the scenario file>"
        roles = ", ".join(r.name for r in user.roles) or "no roles"
        print(
            f"  log in as {user.username} ({roles}):\n    curl -s -X POST {base}/v2/"
            f"authentication -H 'Content-Type: application/json' "
            f'-d \'{{"username": "{user.username}", "{field}": "{shown}"}}\'',
            flush=True,
        )
    print(f"  live dashboard: {base}/__admin/ui", flush=True)
    print(f"  CORS: {backend.settings.cors_summary()}", flush=True)
