"""The benchmark itself; ``python -m bench.core`` (see bench/core.py and
bench/README.md) parses the options and calls :func:`run`.

Per database: a scratch database, migrated and given a token by the
``directory`` CLI, bulk-loaded with SQLAlchemy Core; in-process statement
counts over ``httpx.ASGITransport``; then the real server under uvicorn
(one worker, uvloop, httptools) on a free loopback port, driven by 16
keep-alive httpx clients. Servers and scratch databases are removed on the
way out, failures and signals included.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import uvloop
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.engine import make_url

from directory.app import create_app
from directory.domain.ids import new_id
from directory.settings import Settings
from directory.store.database import Database
from directory.store.tables import groups, memberships, users

from . import whatif

#: The tree the servers and the CLI run from: the working tree, or the
#: snapshot of a commit that ``--commit`` extracted (see bench/core.py).
ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results")
CONCURRENCY = 16

LIST_USERS = 1_000
TEAMS = 10
GROUPS_PER_USER = 3
BIG_GROUP = 100_000
BULK_CHUNK = 10_000
#: In-process runs of each request whose statements are counted.
PROBES = 7

CREATE_USER = """
mutation Create($input: UserInput!) {
  createUser(input: $input) {
    __typename
    ... on UserPayload { user { id meta { version } } }
    ... on Error { code message }
  }
}"""
USERS_QUERY = (
    "{ users(first: 100) { nodes { id userName memberOf { id displayName } } } }"
)
ADD_MEMBER = """
mutation Add($group: ID!, $member: ID!) {
  addGroupMembers(groupId: $group, members: [{id: $member, type: USER}]) {
    __typename
    ... on GroupPayload { group { id meta { version } } }
    ... on Error { code message }
  }
}"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# Servers -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return math.nan
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy / os.sysconf("SC_CLK_TCK")


async def others_busy(seconds: float) -> float:
    """Percent of one core that processes other than this one used during
    the next ``seconds``."""
    busy, own = machine_busy_seconds(), time.process_time()
    await asyncio.sleep(seconds)
    others = (machine_busy_seconds() - busy) - (time.process_time() - own)
    return 100 * others / seconds


async def wait_until_quiet(patience: float, limit: float = 15.0) -> None:
    """Wait, up to ``patience`` seconds, until other processes use less than
    ``limit`` percent of a core: on a shared 2-core machine, figures are only
    comparable when it is otherwise idle. Servers of ours are idle here."""
    if patience <= 0:
        return
    deadline = time.monotonic() + patience
    percent = await others_busy(0.5)
    if percent <= limit:
        return
    log(f"other processes use {percent:.0f}% of a core; waiting up to {patience:.0f} s")
    while time.monotonic() < deadline:
        percent = await others_busy(1.0)
        if percent <= limit:
            log("quiet again")
            return
    log(f"warning: still {percent:.0f}% busy; measuring anyway, figures will be low")


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the benchmark dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


class Server:
    """One uvicorn process (one worker, uvloop, httptools) on loopback,
    in its own process group so that stopping it stops everything it ran."""

    def __init__(
        self, name: str, factory: str, log_path: Path, env: dict[str, str]
    ) -> None:
        self.name = name
        self.factory = factory
        self.log_path = log_path
        self.env = env
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            self.factory,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            "1",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        with self.log_path.open("ab") as output:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        _LIVE_SERVERS.add(self)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} server exited with {self.process.returncode}:\n"
                    + self.tail()
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base_url}/livez", timeout=1).status_code == 200:
                    log(f"{self.name} server up on {self.base_url} (pid {self.pid})")
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} server did not start:\n{self.tail()}")

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        _LIVE_SERVERS.discard(self)
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.process = None

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server process has used so far."""
        if self.process is None:
            return math.nan
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1]
        except OSError:
            return math.nan
        utime, stime = fields.split()[11:13]
        return (int(utime) + int(stime)) / os.sysconf("SC_CLK_TCK")

    def tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        return ""


_LIVE_SERVERS: set[Server] = set()


def _stop_all_servers() -> None:
    for server in list(_LIVE_SERVERS):
        server.stop()


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _py_spy() -> str:
    """py-spy beside this interpreter (``pip install py-spy``), else on PATH."""
    beside = Path(sys.executable).with_name("py-spy")
    if beside.exists():
        return str(beside)
    found = shutil.which("py-spy")
    if found is None:
        raise RuntimeError("--profile needs py-spy: pip install py-spy")
    return found


class Profiler:
    """``py-spy record`` of a server process for the length of one phase."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    @contextlib.contextmanager
    def record(self, server: Server, name: str) -> Iterator[None]:
        if self.directory is None:
            yield
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [
            _py_spy(),
            "record",
            "--pid",
            str(server.pid),
            "--rate",
            "200",
            "--nonblocking",
            "--gil",
            "--format",
            "raw",
            "--output",
            str(self.directory / f"{name}.folded"),
        ]
        spy = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            time.sleep(0.5)
            yield
        finally:
            if spy.poll() is None:
                spy.send_signal(signal.SIGINT)
                try:
                    spy.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    spy.kill()
                    spy.wait()


# Load ----------------------------------------------------------------------


@dataclass
class Phase:
    """Requests of one measured phase, after its warm-up."""

    name: str
    concurrency: int
    seconds: float = 0.0
    requests: int = 0
    errors: int = 0
    exhausted: bool = False
    server_cpu: float = math.nan
    client_cpu: float = math.nan
    #: CPU used by every other process meanwhile: the PostgreSQL server,
    #: and anything else running on the machine that skews the figures.
    other_cpu: float = math.nan
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return math.nan
        ordered = sorted(self.latencies_ms)
        rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
        return ordered[rank]

    @property
    def mean(self) -> float:
        if not self.latencies_ms:
            return math.nan
        return sum(self.latencies_ms) / len(self.latencies_ms)

    @property
    def p50(self) -> float:
        return self.percentile(0.50)

    @property
    def p99(self) -> float:
        return self.percentile(0.99)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
            "errors": self.errors,
            "exhausted": self.exhausted,
            "rate": round(self.rate, 1),
            "mean_ms": round(self.mean, 3),
            "p50_ms": round(self.p50, 3),
            "p99_ms": round(self.p99, 3),
            "percentiles_ms": {
                str(q): round(self.percentile(q / 100), 3)
                for q in (10, 25, 50, 75, 90, 95, 99)
            },
            "server_cpu_percent": round(100 * self.server_cpu / self.seconds, 1),
            "client_cpu_percent": round(100 * self.client_cpu / self.seconds, 1),
            "other_cpu_percent": round(100 * self.other_cpu / self.seconds, 1),
            "server_cpu_ms_per_request": round(
                1000 * self.server_cpu / max(self.requests, 1), 3
            ),
        }


def merge(name: str, parts: list[Phase]) -> Phase:
    """One phase out of several measured apart (the rounds of a side)."""
    merged = Phase(name, parts[0].concurrency)
    merged.seconds = sum(part.seconds for part in parts)
    merged.requests = sum(part.requests for part in parts)
    merged.errors = sum(part.errors for part in parts)
    merged.exhausted = any(part.exhausted for part in parts)
    merged.server_cpu = sum(part.server_cpu for part in parts)
    merged.client_cpu = sum(part.client_cpu for part in parts)
    merged.other_cpu = sum(part.other_cpu for part in parts)
    merged.latencies_ms = [ms for part in parts for ms in part.latencies_ms]
    return merged


Body = Callable[[int], bytes | None]
Check = Callable[[dict[str, Any]], bool]


async def drive(
    clients: list[httpx.AsyncClient],
    path: str,
    name: str,
    body: Body,
    check: Check,
    *,
    concurrency: int,
    seconds: float,
    warmup: float,
    headers: dict[str, str],
    server: Server,
) -> Phase:
    """Post ``body(i)`` from ``concurrency`` workers, each with its own
    keep-alive client, for ``warmup + seconds``; keep the requests that start
    after the warm-up. A ``None`` body means the data for the phase ran out:
    the phase then ends early."""
    phase = Phase(name, concurrency)
    counter = itertools.count()
    loop = asyncio.get_running_loop()
    started = loop.time()
    measure_from = started + warmup
    until = measure_from + seconds
    finished_at: list[float] = []
    failures: list[str] = []
    cpu_marks: list[tuple[float, float, float]] = []

    def cpu_mark() -> tuple[float, float, float]:
        return (server.cpu_seconds(), time.process_time(), machine_busy_seconds())

    async def mark_cpu() -> None:
        await asyncio.sleep(max(0.0, measure_from - loop.time()))
        cpu_marks.append(cpu_mark())
        await asyncio.sleep(max(0.0, until - loop.time()))
        cpu_marks.append(cpu_mark())

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            begin = loop.time()
            if begin >= until:
                return
            payload = body(next(counter))
            if payload is None:
                phase.exhausted = True
                return
            t0 = time.perf_counter()
            response = await client.post(path, content=payload, headers=headers)
            elapsed = (time.perf_counter() - t0) * 1000
            ok = response.status_code == 200
            if ok:
                try:
                    ok = check(orjson.loads(response.content))
                except (orjson.JSONDecodeError, KeyError, TypeError):
                    ok = False
            if not ok and len(failures) < 3:
                failures.append(f"{response.status_code} {response.text[:300]}")
            if begin < measure_from:
                continue
            finished_at.append(loop.time())
            if ok:
                phase.latencies_ms.append(elapsed)
            else:
                phase.errors += 1

    marker = asyncio.ensure_future(mark_cpu())
    await asyncio.gather(*(worker(client) for client in clients[:concurrency]))
    if len(cpu_marks) < 2:  # the data ran out before the time did
        cpu_marks.append(cpu_mark())
    marker.cancel()
    end = min(until, max(finished_at, default=until))
    phase.seconds = max(end - measure_from, 1e-9)
    phase.requests = sum(1 for moment in finished_at if moment <= until)
    if len(cpu_marks) == 2:
        (server_0, client_0, busy_0), (server_1, client_1, busy_1) = cpu_marks
        phase.server_cpu = server_1 - server_0
        phase.client_cpu = client_1 - client_0
        others = (busy_1 - busy_0) - phase.server_cpu - phase.client_cpu
        phase.other_cpu = max(0.0, others)  # the three clocks tick apart
    if failures:
        log(f"{name}: {phase.errors} failed requests, e.g. {failures[0]}")
    log(
        f"{name}: {phase.rate:,.0f} req/s, p50 {phase.p50:.2f} ms, "
        f"p99 {phase.p99:.2f} ms ({phase.requests} requests"
        f"{', data exhausted' if phase.exhausted else ''}); "
        f"CPU: server {100 * phase.server_cpu / phase.seconds:.0f}%, "
        f"loader {100 * phase.client_cpu / phase.seconds:.0f}%, "
        f"other processes {100 * phase.other_cpu / phase.seconds:.0f}%"
    )
    return phase


@contextlib.asynccontextmanager
async def clients_for(
    base_url: str, count: int = CONCURRENCY
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """One keep-alive client (one connection) per worker.

    A single ``httpx.AsyncClient`` shared by 16 workers spends most of its
    time in httpcore's pool, which polls every pooled socket on every
    request; with one pool per worker the loader costs about a third as
    much CPU per request (see bench/README.md).
    """
    limits = httpx.Limits(
        max_connections=1, max_keepalive_connections=1, keepalive_expiry=60
    )
    async with contextlib.AsyncExitStack() as stack:
        yield [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60)
            )
            for _ in range(count)
        ]


def graphql_body(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return orjson.dumps({"query": query, "variables": variables or {}})


# Scratch databases ---------------------------------------------------------


@contextlib.asynccontextmanager
async def scratch_database(kind: str, postgres_url: str) -> AsyncIterator[str]:
    """A URL to an empty database that is removed afterwards."""
    if kind == "sqlite":
        directory = tempfile.mkdtemp(prefix="bench_")
        try:
            yield f"sqlite:///{directory}/directory.db"
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return
    name = f"bench_{uuid.uuid4().hex[:12]}"
    await _pg_admin(postgres_url, f'CREATE DATABASE "{name}"')
    log(f"created PostgreSQL database {name}")
    try:
        yield (
            make_url(postgres_url)
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        await _pg_admin(postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log(f"dropped PostgreSQL database {name}")


async def _pg_admin(url: str, statement: str) -> Any:
    import asyncpg

    server = make_url(url).set(drivername="postgresql")
    conn = await asyncpg.connect(server.render_as_string(hide_password=False))
    try:
        return await conn.fetchval(statement)
    finally:
        await conn.close()


def cli(*args: str) -> str:
    """Run the ``directory`` CLI; return its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "directory.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"directory {' '.join(args[:2])} failed:\n{done.stderr}")
    return done.stdout


# Data ----------------------------------------------------------------------


@dataclass
class Fixture:
    """What the bulk load created, by id."""

    token: str
    big_group: str
    empty_groups: list[str]
    probe_empty_group: str
    spare_slots: list[list[str]]
    probes: list[str]
    load_seconds: float = 0.0


def _user_row(user_id: str, name: str, now: datetime) -> dict[str, Any]:
    return {
        "id": user_id,
        "user_name": name,
        "user_name_key": name.lower(),
        "display_name": name.title(),
        "display_name_key": name.title().lower(),
        "active": True,
        "custom": {},
        "created": now,
        "last_modified": now,
        "version": 1,
    }


def _group_row(group_id: str, name: str, now: datetime) -> dict[str, Any]:
    return {
        "id": group_id,
        "display_name": name,
        "display_name_key": name.lower(),
        "custom": {},
        "created": now,
        "last_modified": now,
        "version": 1,
    }


async def load(url: str, token: str, spare_per_slot: int) -> Fixture:
    """Insert, in one transaction per table and with executemany:

    * ``LIST_USERS`` users (the smallest ids, so ``users(first: 100)`` shows
      them) each in ``GROUPS_PER_USER`` of ``TEAMS`` groups;
    * ``BIG_GROUP`` users, all members of one group;
    * two slots of spare users to add during the add-member phases, and a
      few probes for the in-process statement counts;
    * empty groups to add to.
    """
    started = time.perf_counter()
    now = datetime.now(UTC)
    probes = 2 * PROBES
    total = LIST_USERS + BIG_GROUP + 2 * spare_per_slot + probes
    ids = sorted(new_id() for _ in range(total))
    list_ids = ids[:LIST_USERS]
    big_ids = ids[LIST_USERS : LIST_USERS + BIG_GROUP]
    rest = ids[LIST_USERS + BIG_GROUP :]
    slots = [rest[:spare_per_slot], rest[spare_per_slot : 2 * spare_per_slot]]
    probe_ids = rest[2 * spare_per_slot :]

    names = (
        [f"list-{i:05d}" for i in range(LIST_USERS)]
        + [f"big-{i:06d}" for i in range(BIG_GROUP)]
        + [f"spare-{i:06d}" for i in range(2 * spare_per_slot)]
        + [f"probe-{i}" for i in range(probes)]
    )
    user_rows = [_user_row(i, n, now) for i, n in zip(ids, names, strict=True)]
    team_ids = [new_id() for _ in range(TEAMS)]
    big_group, probe_group, *empty = (new_id() for _ in range(4))
    group_rows = [
        _group_row(gid, f"team-{n:02d}", now) for n, gid in enumerate(team_ids)
    ]
    group_rows += [
        _group_row(big_group, "big", now),
        _group_row(probe_group, "probe-empty", now),
        _group_row(empty[0], "empty-concurrent", now),
        _group_row(empty[1], "empty-serial", now),
    ]

    def membership(group_id: str, member_id: str) -> dict[str, Any]:
        return {
            "group_id": group_id,
            "member_id": member_id,
            "member_type": "User",
            "created": now,
        }

    member_rows = [
        membership(team_ids[(n + step) % TEAMS], user_id)
        for n, user_id in enumerate(list_ids)
        for step in (0, 3, 7)[:GROUPS_PER_USER]
    ]
    member_rows += [membership(big_group, user_id) for user_id in big_ids]

    db = Database(url)
    try:
        async with db.write() as conn:
            for table, rows in (
                (users, user_rows),
                (groups, group_rows),
                (memberships, member_rows),
            ):
                for start in range(0, len(rows), BULK_CHUNK):
                    await conn.execute(insert(table), rows[start : start + BULK_CHUNK])
        if db.dialect == "postgresql":
            # Autovacuum would analyze these tables shortly after such a load;
            # do it now so the plans are the ones a live server would get.
            async with db.write() as conn:
                await conn.execute(text("ANALYZE"))
        async with db.read() as conn:
            count = (
                await conn.execute(
                    select(func.count())
                    .select_from(memberships)
                    .where(memberships.c.group_id == big_group)
                )
            ).scalar_one()
        assert count == BIG_GROUP, count
    finally:
        await db.dispose()
    elapsed = time.perf_counter() - started
    log(
        f"loaded {len(user_rows):,} users, {len(group_rows)} groups, "
        f"{len(member_rows):,} memberships in {elapsed:.1f} s"
    )
    return Fixture(
        token=token,
        big_group=big_group,
        empty_groups=empty,
        probe_empty_group=probe_group,
        spare_slots=slots,
        probes=probe_ids,
        load_seconds=elapsed,
    )


async def members_of(url: str, group_id: str) -> int:
    db = Database(url)
    try:
        async with db.read() as conn:
            query = (
                select(func.count())
                .select_from(memberships)
                .where(memberships.c.group_id == group_id)
            )
            return int((await conn.execute(query)).scalar_one())
    finally:
        await db.dispose()


# In-process statement counts ---------------------------------------------


@dataclass
class StatementCount:
    name: str
    statements: list[str]
    elapsed_ms: float
    sql_ms: list[float]

    @property
    def total(self) -> int:
        return len(self.statements)

    @property
    def data(self) -> int:
        """Statements other than the ``BEGIN`` SQLite's engine issues."""
        return sum(1 for s in self.statements if not s.lstrip().startswith("BEGIN"))

    def kinds(self) -> dict[str, int]:
        return dict(Counter(s.split(None, 1)[0].upper() for s in self.statements))


async def count_statements(url: str, fixture: Fixture) -> dict[str, StatementCount]:
    """Run requests one at a time through the real app over
    ``httpx.ASGITransport`` and record every statement sent to the database
    and how long each took; keep the run with the median duration."""
    settings = Settings(database_url=url, log_level="WARNING")
    db = Database(
        url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        pool_size=settings.pool_size,
    )
    seen: list[str] = []
    sql_ms: list[float] = []
    started_at: list[float] = []

    def before(*args: Any) -> None:
        seen.append(args[2])
        started_at.append(time.perf_counter())

    def after(*args: Any) -> None:
        sql_ms.append((time.perf_counter() - started_at.pop()) * 1000)

    for engine in db.engines:
        event.listen(engine.sync_engine, "before_cursor_execute", before)
        event.listen(engine.sync_engine, "after_cursor_execute", after)
    app = create_app(settings, db)
    headers = {
        "authorization": f"Bearer {fixture.token}",
        "content-type": "application/json",
    }
    requests: dict[str, Callable[[int], bytes]] = {
        "users(first:100)+memberOf": lambda n: graphql_body(USERS_QUERY),
        "createUser": lambda n: graphql_body(
            CREATE_USER, {"input": _user_input("probe-created", n)}
        ),
        "addGroupMembers empty group": lambda n: graphql_body(
            ADD_MEMBER,
            {"group": fixture.probe_empty_group, "member": fixture.probes[n]},
        ),
        "addGroupMembers 100k group": lambda n: graphql_body(
            ADD_MEMBER,
            {"group": fixture.big_group, "member": fixture.probes[PROBES + n]},
        ),
    }
    counts: dict[str, StatementCount] = {}
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench"
        ) as client:
            # The first request of a token stamps its last use; not counted.
            await client.post(
                "/graphql", content=graphql_body(USERS_QUERY), headers=headers
            )
            for name, payload in requests.items():
                runs: list[StatementCount] = []
                for n in range(PROBES):
                    seen.clear()
                    sql_ms.clear()
                    started = time.perf_counter()
                    response = await client.post(
                        "/graphql", content=payload(n), headers=headers
                    )
                    elapsed = (time.perf_counter() - started) * 1000
                    document = response.json()
                    if response.status_code != 200 or "errors" in document:
                        raise RuntimeError(f"{name}: {response.text[:500]}")
                    runs.append(StatementCount(name, list(seen), elapsed, list(sql_ms)))
                if len({run.total for run in runs}) != 1:
                    log(f"in-process {name}: statement counts vary between runs")
                median = sorted(runs, key=lambda run: run.elapsed_ms)[len(runs) // 2]
                counts[name] = median
                log(
                    f"in-process {name}: {median.data} statements "
                    f"({median.total} with BEGIN), median of {PROBES} runs "
                    f"{median.elapsed_ms:.1f} ms, of which SQL "
                    f"{sum(median.sql_ms):.1f} ms "
                    f"(slowest statement {max(median.sql_ms, default=0):.1f} ms)"
                )
    finally:
        await db.dispose()
    return counts


# The benchmark -------------------------------------------------------------


def _user_input(prefix: str, n: int) -> dict[str, Any]:
    name = f"{prefix}-{n:07d}"
    return {
        "userName": name,
        "displayName": f"Load {n}",
        "emails": [{"value": f"{name}@example.com", "type": "work", "primary": True}],
    }


def _created(document: dict[str, Any]) -> bool:
    return bool(document["data"]["createUser"]["__typename"] == "UserPayload")


def _listed(document: dict[str, Any]) -> bool:
    nodes = document["data"]["users"]["nodes"]
    return len(nodes) == 100 and all(
        len(node["memberOf"]) == GROUPS_PER_USER for node in nodes
    )


def _added(document: dict[str, Any]) -> bool:
    return bool(document["data"]["addGroupMembers"]["__typename"] == "GroupPayload")


@dataclass
class Options:
    seconds: float
    warmup: float
    spare: int
    postgres_url: str
    log_level: str
    run_dir: Path
    profiler: Profiler
    what_if: list[str]
    quiet_timeout: float
    rounds: int


async def measure_ceiling(options: Options) -> Phase:
    server = Server(
        "ceiling",
        "bench.servers:ceiling_app",
        options.run_dir / "ceiling-server.log",
        {},
    )
    body = graphql_body(CREATE_USER, {"input": _user_input("ceiling", 0)})
    with running(server):
        async with clients_for(server.base_url) as clients:
            await wait_until_quiet(options.quiet_timeout)
            with options.profiler.record(server, "ceiling"):
                return await drive(
                    clients,
                    "/json",
                    "ceiling: bare Starlette JSON",
                    lambda n: body,
                    lambda document: bool(document["data"]["ok"]),
                    concurrency=CONCURRENCY,
                    seconds=options.seconds,
                    warmup=options.warmup,
                    headers={"content-type": "application/json"},
                    server=server,
                )


async def measure_database(kind: str, options: Options) -> dict[str, Any]:
    async with scratch_database(kind, options.postgres_url) as url:
        cli("migrate", "--database-url", url)
        token = cli(
            "tokens", "create", "--name", "bench", "--scope", "admin",
            "--database-url", url,
        ).strip()  # fmt: skip
        fixture = await load(url, token, options.spare)
        counts = await count_statements(url, fixture)
        if "order-by-id" in options.what_if and any(
            "IS NULL" in statement
            for statement in counts["users(first:100)+memberOf"].statements
        ):
            log("warning: --what-if order-by-id did not match the ORDER BY sent")
        phases: dict[str, Phase] = {}
        server = Server(
            kind,
            "bench.servers:directory_app",
            options.run_dir / f"{kind}-server.log",
            {
                "DIRECTORY_DATABASE_URL": url,
                "DIRECTORY_LOG_LEVEL": options.log_level,
                whatif.ENV: ",".join(options.what_if),
            },
        )
        headers = {
            "authorization": f"Bearer {token}",
            "content-type": "application/json",
        }
        run_id = uuid.uuid4().hex[:8]
        users_body = graphql_body(USERS_QUERY)

        def adds(group_id: str, members: list[str]) -> Body:
            pool = iter(members)

            def body(n: int) -> bytes | None:
                member = next(pool, None)
                if member is None:
                    return None
                return graphql_body(ADD_MEMBER, {"group": group_id, "member": member})

            return body

        big_before = await members_of(url, fixture.big_group)
        rounds_of: dict[str, list[dict[str, Any]]] = {}
        with running(server):
            async with clients_for(server.base_url) as clients:

                async def phase(
                    key: str,
                    name: str,
                    body: Body,
                    check: Check,
                    concurrency: int,
                    seconds: float = options.seconds,
                ) -> Phase:
                    await wait_until_quiet(options.quiet_timeout)
                    with options.profiler.record(server, f"{kind}-{key}"):
                        phases[key] = await drive(
                            clients,
                            "/graphql",
                            f"{kind}: {name}",
                            body,
                            check,
                            concurrency=concurrency,
                            seconds=seconds,
                            warmup=options.warmup,
                            headers=headers,
                            server=server,
                        )
                    return phases[key]

                await phase(
                    "create_user",
                    "createUser",
                    lambda n: graphql_body(
                        CREATE_USER, {"input": _user_input(f"load-{run_id}", n)}
                    ),
                    _created,
                    CONCURRENCY,
                )
                await phase(
                    "users_query",
                    "users(first:100)+memberOf",
                    lambda n: users_body,
                    _listed,
                    CONCURRENCY,
                )
                # The two add phases of a mode alternate in rounds, A B B A …,
                # so that a machine that gets busier or quieter during the
                # run does not favour either side of the ratio.
                concurrent, serial = fixture.spare_slots
                empty_concurrent, empty_serial = fixture.empty_groups
                rounds = max(1, options.rounds)
                for concurrency, slot, empty_group, label in (
                    (CONCURRENCY, concurrent, empty_concurrent, ""),
                    (1, serial, empty_serial, ", serial"),
                ):
                    sides = {
                        "empty": (
                            adds(empty_group, slot),
                            f"addGroupMembers, group starting empty{label}",
                        ),
                        "big": (
                            adds(fixture.big_group, slot),
                            f"addGroupMembers, group of 100k{label}",
                        ),
                    }
                    parts: dict[str, list[Phase]] = {"empty": [], "big": []}
                    for number in range(rounds):
                        order = (
                            ["empty", "big"] if number % 2 == 0 else ["big", "empty"]
                        )
                        for side in order:
                            body, name = sides[side]
                            key = f"add_{side}_{concurrency}"
                            parts[side].append(
                                await phase(
                                    f"{key}_round{number + 1}",
                                    f"{name} (round {number + 1}/{rounds})",
                                    body,
                                    _added,
                                    concurrency,
                                    options.seconds / rounds,
                                )
                            )
                    for side, measured in parts.items():
                        key = f"add_{side}_{concurrency}"
                        for number in range(rounds):
                            del phases[f"{key}_round{number + 1}"]
                        phases[key] = merged = merge(
                            f"{kind}: {sides[side][1]}", measured
                        )
                        rounds_of[key] = [part.summary() for part in measured]
                        log(
                            f"{merged.name}, {rounds} rounds: "
                            f"{merged.rate:,.0f} req/s, p50 {merged.p50:.2f} ms, "
                            f"p99 {merged.p99:.2f} ms"
                        )
        big_after = await members_of(url, fixture.big_group)
        added = sum(
            phases[key].requests + phases[key].errors
            for key in ("add_big_16", "add_big_1")
        )
        log(f"{kind}: big group went from {big_before:,} to {big_after:,} members")
        if big_after < big_before + added:
            raise RuntimeError("some adds to the big group were not applied")
    return {
        "database": kind,
        "load_seconds": round(fixture.load_seconds, 1),
        "statements": {
            name: {
                "data": count.data,
                "total": count.total,
                "kinds": count.kinds(),
                "in_process_ms": round(count.elapsed_ms, 2),
                "sql": [
                    {"ms": round(ms, 3), "statement": statement}
                    for statement, ms in zip(
                        count.statements, count.sql_ms, strict=False
                    )
                ],
            }
            for name, count in counts.items()
        },
        "phases": {key: phase.summary() for key, phase in phases.items()},
        "rounds": rounds_of,
        "big_group_members": {"before": big_before, "after": big_after},
    }


# Reporting -----------------------------------------------------------------


def source_state() -> dict[str, Any]:
    """The commit measured, and the files that differed from it (the server
    imports the working tree, not the commit, unless ``--commit`` was
    given)."""
    snapshot = os.environ.get("BENCH_SNAPSHOT")
    if snapshot:
        return {"commit": snapshot[:12], "snapshot": True, "changed": []}

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return done.stdout.rstrip("\n")

    changed = [
        line[3:]
        for line in git("status", "--porcelain").splitlines()
        if not line[3:].startswith("bench/")
    ]
    return {
        "commit": git("rev-parse", "--short=12", "HEAD"),
        "snapshot": False,
        "changed": changed,
    }


def machine(postgres_version: str | None) -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version,
        "platform": platform.platform(),
    }


def _fmt(value: float, digits: int = 1) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:,.{digits}f}"


def table(ceiling: Phase, results: list[dict[str, Any]]) -> str:
    """A Markdown table: one column pair (value, ratio to ceiling) per
    database."""
    c = ceiling.summary()
    header = ["figure", "ceiling"]
    for result in results:
        header += [result["database"], "vs ceiling"]
    rows: list[list[str]] = []

    def add(
        label: str,
        ceiling_value: str,
        pick: Callable[[dict[str, Any]], float | str],
        ratio: Callable[[float], str] | None = None,
        digits: int = 1,
    ) -> None:
        row = [label, ceiling_value]
        for result in results:
            value = pick(result)
            if isinstance(value, str):
                row += [value, ""]
                continue
            row += [_fmt(value, digits), ratio(value) if ratio else ""]
        rows.append(row)

    def rate(key: str) -> Callable[[dict[str, Any]], float]:
        return lambda r: float(r["phases"][key]["rate"])

    def latency(key: str, which: str) -> Callable[[dict[str, Any]], float]:
        return lambda r: float(r["phases"][key][which])

    def of_rate(value: float) -> str:
        return f"{value / c['rate']:.3f}x"

    def times(which: str) -> Callable[[float], str]:
        return lambda value: f"{value / c[which]:.1f}x"

    add("req/s, bare Starlette JSON (16 conc.)", _fmt(c["rate"], 0), lambda r: "")
    add(
        "createUser req/s (16 conc.)",
        _fmt(c["rate"], 0),
        rate("create_user"),
        of_rate,
        0,
    )
    add(
        "createUser p50 ms",
        _fmt(c["p50_ms"], 2),
        latency("create_user", "p50_ms"),
        times("p50_ms"),
    )
    add(
        "createUser p99 ms",
        _fmt(c["p99_ms"], 2),
        latency("create_user", "p99_ms"),
        times("p99_ms"),
    )
    add(
        "users(first:100)+memberOf req/s",
        _fmt(c["rate"], 0),
        rate("users_query"),
        of_rate,
        0,
    )
    add(
        "users(first:100)+memberOf p50 ms",
        _fmt(c["p50_ms"], 2),
        latency("users_query", "p50_ms"),
        times("p50_ms"),
    )
    add(
        "users(first:100)+memberOf p99 ms",
        _fmt(c["p99_ms"], 2),
        latency("users_query", "p99_ms"),
        times("p99_ms"),
    )
    add(
        "users(first:100)+memberOf SQL statements",
        "",
        lambda r: _statements(r, "users(first:100)+memberOf"),
    )
    add(
        "users(first:100)+memberOf in-process ms (of which SQL)",
        "",
        lambda r: _in_process(r, "users(first:100)+memberOf"),
    )
    for conc in (16, 1):
        label = "16 conc." if conc == 16 else "serial"
        for key, what in (("empty", "empty group"), ("big", "100k group")):
            phase = f"add_{key}_{conc}"
            add(
                f"addGroupMembers -> {what}, {label}: req/s",
                _fmt(c["rate"], 0),
                rate(phase),
                of_rate,
                0,
            )
            add(
                f"addGroupMembers -> {what}, {label}: p50 ms",
                _fmt(c["p50_ms"], 2),
                latency(phase, "p50_ms"),
                times("p50_ms"),
            )
            add(
                f"addGroupMembers -> {what}, {label}: p99 ms",
                _fmt(c["p99_ms"], 2),
                latency(phase, "p99_ms"),
                times("p99_ms"),
            )
        add(
            f"add p50 ratio 100k/empty, {label} (target <= 1.5)",
            "",
            lambda r, conc=conc: _ratio(r, conc),
            digits=2,
        )
        add(
            f"add mean-latency and req/s ratios 100k/empty, {label}",
            "",
            lambda r, conc=conc: (
                f"{_ratio(r, conc, 'mean_ms'):.2f} / {_ratio(r, conc, 'rate'):.2f}"
            ),
        )
    add(
        "addGroupMembers SQL statements (empty / 100k)",
        "",
        lambda r: (
            f"{_statements(r, 'addGroupMembers empty group')} / "
            f"{_statements(r, 'addGroupMembers 100k group')}"
        ),
    )
    add("createUser SQL statements", "", lambda r: _statements(r, "createUser"))
    add(
        "addGroupMembers in-process ms, empty / 100k",
        "",
        lambda r: (
            f"{_in_process(r, 'addGroupMembers empty group')} / "
            f"{_in_process(r, 'addGroupMembers 100k group')}"
        ),
    )
    for key, what in (
        ("create_user", "createUser"),
        ("users_query", "users(first:100)+memberOf"),
        ("add_big_1", "addGroupMembers, serial"),
    ):
        add(
            f"server CPU ms/request, {what}",
            _fmt(c["server_cpu_ms_per_request"], 2),
            lambda r, key=key: float(r["phases"][key]["server_cpu_ms_per_request"]),
            lambda value: f"{value / c['server_cpu_ms_per_request']:.0f}x",
            digits=2,
        )
    add("bulk load, s", "", lambda r: float(r["load_seconds"]))
    add(
        "failed requests, all phases",
        str(c["errors"]),
        lambda r: str(sum(phase["errors"] for phase in r["phases"].values())),
    )
    add(
        "CPU of other processes (PostgreSQL included), max %",
        _fmt(c["other_cpu_percent"], 0),
        lambda r: max(
            float(phase["other_cpu_percent"]) for phase in r["phases"].values()
        ),
        digits=0,
    )

    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        "-" * (w + 1) + ":" if i else ":" + "-" * (w + 1) for i, w in enumerate(widths)
    )
    return "\n".join([line(header), rule + "|", *(line(row) for row in rows)])


def _statements(result: dict[str, Any], name: str) -> str:
    count = result["statements"][name]
    if count["data"] == count["total"]:
        return str(count["data"])
    return f"{count['data']} (+{count['total'] - count['data']} BEGIN)"


def _in_process(result: dict[str, Any], name: str) -> str:
    count = result["statements"][name]
    sql = sum(statement["ms"] for statement in count["sql"])
    return f"{count['in_process_ms']:.1f} ({sql:.1f})"


def _ratio(result: dict[str, Any], conc: int, figure: str = "p50_ms") -> float:
    phases = result["phases"]
    return float(phases[f"add_big_{conc}"][figure]) / float(
        phases[f"add_empty_{conc}"][figure]
    )


# Entry point ---------------------------------------------------------------


async def main(args: argparse.Namespace) -> int:
    what_if = whatif.parse(args.what_if)
    whatif.apply(what_if)  # for the in-process statement counts
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir = RESULTS / (stamp + "".join(f"-{name}" for name in what_if))
    run_dir.mkdir(parents=True, exist_ok=True)
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    postgres_version = None
    if "postgresql" in kinds:
        postgres_version = await _pg_admin(args.postgres_url, "SHOW server_version")
    options = Options(
        seconds=args.seconds,
        warmup=args.warmup,
        spare=args.spare,
        postgres_url=args.postgres_url,
        log_level=args.server_log_level,
        run_dir=run_dir,
        profiler=Profiler(run_dir / "profiles" if args.profile else None),
        what_if=what_if,
        quiet_timeout=args.quiet_timeout,
        rounds=args.rounds,
    )
    log(f"results in {run_dir}")
    ceiling = await measure_ceiling(options)
    results = [await measure_database(kind, options) for kind in kinds]
    report = {
        "machine": machine(postgres_version),
        "source": source_state(),
        "options": {
            "seconds": args.seconds,
            "warmup": args.warmup,
            "concurrency": CONCURRENCY,
            "rounds": args.rounds,
            "server_log_level": args.server_log_level,
            "profiled": args.profile,
            "what_if": what_if,
        },
        "ceiling": ceiling.summary(),
        "results": results,
    }
    rendered = table(ceiling, results)
    if what_if:
        rendered = f"What-if patches applied: {', '.join(what_if)}\n\n{rendered}"
    (run_dir / "results.json").write_text(json.dumps(report, indent=2, default=str))
    (run_dir / "table.md").write_text(rendered + "\n")
    print()
    print(json.dumps({**report["machine"], **report["source"]}, indent=2))
    print()
    print(rendered)
    return 0


async def _cancellable(args: argparse.Namespace) -> int:
    """``main``, cancelled by SIGTERM or SIGHUP so that its ``finally``
    blocks stop the servers and drop the scratch databases."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    for signum in (signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, task.cancel)
    return await main(args)


def run(args: argparse.Namespace) -> int:
    # Ctrl-C cancels the run too, even where the shell started us with
    # SIGINT ignored (asyncio.Runner only handles the default handler).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            return runner.run(_cancellable(args))
    except asyncio.CancelledError:
        log("terminated; servers stopped and scratch databases removed")
        return 143
    except KeyboardInterrupt:
        log("interrupted; servers stopped and scratch databases removed")
        return 130
    finally:
        _stop_all_servers()
