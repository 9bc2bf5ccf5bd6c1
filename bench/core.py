"""Core benchmark of the directory server over real HTTP.

    python -m bench.core [--database sqlite|postgresql|both] [--seconds N]

For each database it creates a scratch database (a temporary SQLite file,
or ``bench_<random>`` on the PostgreSQL server), migrates it and issues an
admin token with the ``directory`` CLI, bulk-loads users, groups and
memberships with SQLAlchemy Core, counts the SQL statements of a few
requests in-process, then starts the real server (``uvicorn --factory``,
one worker, uvloop + httptools) on a free loopback port and measures it
with 16 keep-alive httpx clients:

a. ``createUser`` throughput and latency;
b. ``users(first: 100) { nodes { id userName memberOf { id displayName } } }``
   latency, over 1,000 users each in 3 groups;
c. ``addGroupMembers`` of one user to a group of 100,000 members and to a
   group that starts empty, 16 concurrent and one at a time;

and, once per run, the same loader against a bare Starlette JSON endpoint
(the ceiling every HTTP figure is also given as a ratio to). Servers and
scratch databases are removed on the way out, failures and Ctrl-C included.
Logs, the JSON results and optional py-spy profiles go to bench/results/.

The servers import the working tree unless ``--commit REV`` is given: the
commit is then extracted to a temporary directory, with this bench/ beside
it, and the whole run happens there, unaffected by edits in progress.

This module only parses the options (and relaunches itself in a snapshot);
the benchmark is in :mod:`bench.harness`, imported once the code to
measure is settled.
"""

import argparse
import io
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from types import FrameType

from . import whatif

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.core", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql", "both"],
        default="both",
        help="which database(s) to measure (default both)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=8.0,
        help="measured seconds per phase, after the warm-up (default 8)",
    )
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="warm-up seconds per phase"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="rounds the add-member phases alternate in (empty, 100k, 100k, "
        "empty, …), sharing --seconds; default 2",
    )
    parser.add_argument(
        "--spare",
        type=int,
        default=12_000,
        help="users kept aside per add-member slot; an add phase ends early "
        "when they run out (default 12000)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="server to create the scratch database on "
        f"(default $BENCH_POSTGRES_URL or {DEFAULT_POSTGRES})",
    )
    parser.add_argument(
        "--server-log-level",
        default="INFO",
        help="DIRECTORY_LOG_LEVEL of the server; INFO, the default of "
        "`directory serve`, logs one line per request",
    )
    parser.add_argument(
        "--quiet-timeout",
        type=float,
        default=120.0,
        help="before each phase, wait up to this many seconds for other "
        "processes to leave the CPUs idle (0: do not wait; default 120)",
    )
    parser.add_argument(
        "--what-if",
        default="",
        metavar="PATCH[,PATCH]",
        help="simulate suggested fixes at runtime (bench/whatif.py): "
        + ", ".join(whatif.PATCHES),
    )
    parser.add_argument(
        "--commit",
        metavar="REV",
        help="measure this commit (extracted to a temporary directory) "
        "instead of the working tree",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="record each phase with py-spy (folded stacks in the run's "
        "directory); the figures are then slightly pessimistic",
    )
    return parser.parse_args(argv)


def _git(*args: str) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, check=True
    ).stdout


def run_in_snapshot(commit: str, argv: list[str]) -> int:
    """Run this same command in a copy of ``commit`` plus the current
    bench/, and remove the copy afterwards."""
    sha = _git("rev-parse", "--verify", f"{commit}^{{commit}}").decode().strip()
    results = os.environ.get("BENCH_RESULTS") or str(ROOT / "bench" / "results")
    snapshot = Path(tempfile.mkdtemp(prefix="bench_src_"))
    child: subprocess.Popen[bytes] | None = None

    def forward(signum: int, frame: FrameType | None) -> None:
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    try:
        archive = _git("archive", "--format=tar", sha)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(snapshot, filter="data")
        shutil.copytree(
            ROOT / "bench",
            snapshot / "bench",
            ignore=shutil.ignore_patterns("results", "__pycache__"),
            dirs_exist_ok=True,
        )
        print(
            f"[bench] measuring commit {sha[:12]} from {snapshot}",
            file=sys.stderr,
            flush=True,
        )
        env = {
            **os.environ,
            "BENCH_SNAPSHOT": sha,
            "BENCH_RESULTS": results,
            "PYTHONPATH": str(snapshot),
        }
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, forward)
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.core", *argv], cwd=snapshot, env=env
        )
        return child.wait()
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            child.wait()
        shutil.rmtree(snapshot, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    if args.commit and not os.environ.get("BENCH_SNAPSHOT"):
        return run_in_snapshot(args.commit, argv)
    from . import harness

    return harness.run(args)


if __name__ == "__main__":
    sys.exit(main())
