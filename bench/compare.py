"""A/B benchmark: this checkout's server against another revision's, measured in turns.

Usage: python bench/compare.py [--base REV] [--rounds 4] [--seconds 3] [--threads 8]

The other revision is checked out into a temporary git worktree and served from there with this
checkout's Python environment; both servers run side by side on free loopback ports and each
operation is measured on one, then the other, round after round, so the machine's drift touches
both alike. Prints the median req/s and CPU ms per request of each, and the median of the rounds'
ratios (this checkout over the base).
"""

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import run as bench

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="HEAD~1", help="the revision to compare with")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        worktree = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(worktree), args.base],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        stack.callback(
            subprocess.run,
            ["git", "worktree", "remove", "--force", str(worktree)],
            cwd=ROOT,
            capture_output=True,
        )
        servers = {}
        for name, root in ((args.base, worktree), ("this checkout", ROOT)):
            server = bench.ours(threads=args.threads)
            server.cwd = root  # `python -m mockserver` imports the package from its cwd
            servers[name] = stack.enter_context(bench.running(server))
        calls = {name: bench.our_calls(server.base) for name, server in servers.items()}
        figures: dict[tuple[str, str], list[dict[str, float]]] = {}
        for turn in range(args.rounds):
            print(f"round {turn + 1} of {args.rounds} ...", flush=True)
            for operation in calls[args.base]:
                for name, server in servers.items():
                    measured = bench.measure(
                        server, [calls[name][operation]], args.seconds, args.connections
                    )
                    figures.setdefault((operation, name), []).append(measured)
    print(f"\n| operation | server | req/s | CPU ms/req | over {args.base} (req/s, CPU) |")
    print("|---|---|---|---|---|")
    for operation in calls[args.base]:
        base, this = figures[(operation, args.base)], figures[(operation, "this checkout")]
        for name, rows in ((args.base, base), ("this checkout", this)):
            rps = statistics.median(r["rps"] for r in rows)
            cpu = statistics.median(r["cpu_ms"] for r in rows)
            ratio = ""
            if rows is this:
                speed = statistics.median(
                    t["rps"] / b["rps"] for t, b in zip(this, base, strict=True)
                )
                cost = statistics.median(
                    t["cpu_ms"] / b["cpu_ms"] for t, b in zip(this, base, strict=True)
                )
                ratio = f"{speed:.2f}, {cost:.2f}"
            print(f"| {operation} | {name} | {rps:,.0f} | {cpu:.3f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
