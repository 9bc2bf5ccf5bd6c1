"""SCIM facade against scim2-server: ``python -m bench.scim``.

The directory's ``/scim/v2`` (the real server, one uvicorn worker, on SQLite
and PostgreSQL, bulk-loaded by :func:`bench.harness.load`) and scim2-server
(``pip install scim2-server``: its ASGI application over its in-memory
storage, one uvicorn worker, no authentication, preloaded through its own
storage when the server starts) are driven by the same 16 keep-alive
clients in the same run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import orjson
import uvloop
from sqlalchemy import select

from directory.store.database import Database
from directory.store.tables import users

from .harness import (
    BIG_GROUP,
    CONCURRENCY,
    RESULTS,
    Phase,
    Profiler,
    Server,
    _stop_all_servers,
    cli,
    clients_for,
    drive,
    load,
    log,
    running,
    scratch_database,
    wait_until_quiet,
)

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
DEEP_START = 90_001
SPARE = 5_000
#: Requests of a workload scim2-server answers in seconds, sent one at a time.
SERIAL_BUDGET = 3


# The scim2-server application (built in the server process) ----------------


def scim2_app() -> Any:
    """scim2-server's ASGI application over its in-memory storage, with
    ``BENCH_SCIM2_USERS`` users, all members of one group, an empty group
    and ``SPARE`` users in no group; their ids go to ``BENCH_SCIM2_IDS``."""
    from scim2_models import Group, GroupMember, Meta, ScimProvider, User
    from scim2_server.applications.asgi import ASGIApplication
    from scim2_server.memory import AsyncInMemoryStorage, InMemoryStorage
    from scim2_server.utils import (
        load_default_resource_types,
        load_default_schemas,
        load_default_service_provider_config,
    )

    count = int(os.environ["BENCH_SCIM2_USERS"])
    started = time.perf_counter()
    provider = ScimProvider.from_discovery(
        load_default_schemas().values(),
        load_default_resource_types().values(),
        config=load_default_service_provider_config(),
    )
    storage = InMemoryStorage()
    now = storage.clock()

    def meta(kind: str) -> Meta:
        return Meta(
            resource_type=kind,
            created=now,
            last_modified=now,
            version=storage.next_version(),
        )

    names = [f"big-{n:06d}" for n in range(count)]
    names += [f"spare-{n:06d}" for n in range(SPARE)]
    people = [
        User(id=uuid.uuid4().hex, user_name=name, display_name=name, meta=meta("User"))
        for name in names
    ]
    big = Group(
        id=uuid.uuid4().hex,
        display_name="big",
        members=[GroupMember(value=p.id, type="User") for p in people[:count]],
        meta=meta("Group"),
    )
    empty = Group(id=uuid.uuid4().hex, display_name="empty", meta=meta("Group"))
    storage.resources = [*people, big, empty]
    Path(os.environ["BENCH_SCIM2_IDS"]).write_bytes(
        orjson.dumps(
            {
                "users": [[p.id, p.user_name] for p in people[:count]],
                "spare": [p.id for p in people[count:]],
                "big": big.id,
                "empty": empty.id,
                "load_seconds": time.perf_counter() - started,
            }
        )
    )
    app = ASGIApplication(AsyncInMemoryStorage(storage), provider)

    async def serve(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/livez":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})
            return
        await app(scope, receive, send)

    return serve


# Requests through harness.drive --------------------------------------------


class _Answer:
    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content or b"{}"

    @property
    def text(self) -> str:
        return self.content.decode(errors="replace")


class _AnyMethod:
    """Lets :func:`bench.harness.drive`, which POSTs, send any request: the
    payload is ``METHOD target\\nbody``; any 2xx is reported as 200."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(self, path: str, content: bytes, headers: Any) -> _Answer:
        line, _, body = content.partition(b"\n")
        method, _, target = line.decode().partition(" ")
        response = await self.client.request(
            method, path + target, content=body or None, headers=headers
        )
        status = 200 if response.is_success else response.status_code
        return _Answer(status, response.content)


def request(method: str, target: str, body: Any = None) -> bytes:
    head = f"{method} {target}".encode()
    return head + b"\n" + (orjson.dumps(body) if body is not None else b"")


def _new_user(prefix: str, n: int) -> dict[str, Any]:
    name = f"{prefix}-{n:07d}"
    return {
        "schemas": [USER_SCHEMA],
        "userName": name,
        "displayName": f"Load {n}",
        "emails": [{"value": f"{name}@example.com", "type": "work", "primary": True}],
    }


def _add_member(member: str) -> dict[str, Any]:
    return {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": member}]}],
    }


def _budget(
    body: Callable[[int], bytes | None], limit: int
) -> Callable[[int], bytes | None]:
    return lambda n: body(n) if n < limit else None


def _ok(document: dict[str, Any]) -> bool:
    return "status" not in document or str(document["status"]).startswith("2")


def _page_ok(document: dict[str, Any]) -> bool:
    return len(document["Resources"]) == 100


def _found(document: dict[str, Any]) -> bool:
    return int(document["totalResults"]) == 1


async def measure(
    name: str,
    server: Server,
    prefix: str,
    headers: dict[str, str],
    fixture: dict[str, Any],
    args: argparse.Namespace,
    *,
    serial: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> dict[str, Any]:
    """Every workload (or those in ``only``) against one running server; those
    in ``serial`` take seconds a request, so they are sent one at a time,
    ``SERIAL_BUDGET`` requests without warm-up."""
    people: list[list[str]] = fixture["users"]
    rng = random.Random(7)
    run_id = uuid.uuid4().hex[:8]
    phases: dict[str, dict[str, Any]] = {}
    headers = {**headers, "content-type": "application/scim+json"}

    def adds(group: str) -> Callable[[int], bytes | None]:
        pool = iter(fixture["spare"])

        def body(n: int) -> bytes | None:
            member = next(pool, None)
            if member is None:
                return None
            return request("PATCH", f"/Groups/{group}", _add_member(member))

        return body

    def get(n: int) -> bytes:
        return request("GET", f"/Users/{rng.choice(people)[0]}")

    def find(n: int) -> bytes:
        value = f'userName eq "{rng.choice(people)[1]}"'
        return request("GET", f"/Users?filter={quote(value)}")

    deep = request("GET", f"/Users?startIndex={DEEP_START}&count=100")
    workloads: list[tuple[str, Callable[[int], bytes | None], Any]] = [
        (
            "create",
            lambda n: request("POST", "/Users", _new_user(f"load-{run_id}", n)),
            _ok,
        ),
        ("get", get, _ok),
        ("filter", find, _found),
        ("patch_empty", adds(fixture["empty"]), _ok),
        ("patch_big", adds(fixture["big"]), _ok),
    ]
    if len(people) > DEEP_START + 100:
        workloads.append(("deep_page", lambda n: deep, _page_ok))
    async with clients_for(server.base_url) as plain:
        clients: Any = [_AnyMethod(client) for client in plain]
        for key, body, check in workloads:
            if only is not None and key not in only:
                continue
            if key in serial:
                body = _budget(body, SERIAL_BUDGET)
            await wait_until_quiet(args.quiet_timeout)
            with args.profiler.record(server, f"{name}-{key}".replace(" ", "-")):
                phase: Phase = await drive(
                    clients,
                    prefix,
                    f"{name}: {key}",
                    body,
                    check,
                    concurrency=1 if key in serial else CONCURRENCY,
                    # time enough for the budget: it ends when the budget does
                    seconds=60.0 if key in serial else args.seconds,
                    warmup=0.0 if key in serial else args.warmup,
                    headers=headers,
                    server=server,
                )
            phases[key] = phase.summary()
    return {
        "server": name,
        "users": len(people),
        "load_seconds": round(float(fixture["load_seconds"]), 1),
        "phases": phases,
    }


async def measure_directory(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    async with scratch_database(kind, args.postgres_url) as url:
        cli("migrate", "--database-url", url)
        token = cli(
            "tokens", "create", "--name", "bench", "--scope", "scim",
            "--database-url", url,
        ).strip()  # fmt: skip
        loaded = await load(url, token, SPARE)
        db = Database(url)
        try:
            async with db.read() as conn:
                rows = await conn.execute(
                    select(users.c.id, users.c.user_name).where(
                        users.c.user_name.like("big-%")
                    )
                )
                people = [[row.id, row.user_name] for row in rows]
        finally:
            await db.dispose()
        fixture = {
            "users": people,
            "spare": loaded.spare_slots[0],
            "big": loaded.big_group,
            "empty": loaded.empty_groups[0],
            "load_seconds": loaded.load_seconds,
        }
        server = Server(
            kind,
            "bench.servers:directory_app",
            args.run_dir / f"scim-{kind}-server.log",
            {"DIRECTORY_DATABASE_URL": url, "DIRECTORY_LOG_LEVEL": "WARNING"},
        )
        with running(server):
            result = await measure(
                f"directory {kind}",
                server,
                "/scim/v2",
                {"authorization": f"Bearer {token}"},
                fixture,
                args,
            )
        result["users"] = len(people) + 1_000 + 2 * SPARE
        return result


async def measure_scim2(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench_scim2_") as scratch:
        ids = Path(scratch) / "ids.json"
        server = Server(
            "scim2-server",
            "bench.scim:scim2_app",
            args.run_dir / "scim2-server.log",
            {"BENCH_SCIM2_USERS": str(args.scim2_users), "BENCH_SCIM2_IDS": str(ids)},
        )
        with running(server):
            fixture = orjson.loads(ids.read_bytes())
            log(
                f"scim2-server loaded {args.scim2_users:,} users and a group of "
                f"them in {fixture['load_seconds']:.1f} s"
            )
            return await measure(
                "scim2-server",
                server,
                "/v2",
                {},
                fixture,
                args,
                serial=frozenset({"patch_big"}),
            )


async def measure_scim2_small(args: argparse.Namespace) -> dict[str, Any]:
    """scim2-server with a few thousand users: create, get and filter."""
    with tempfile.TemporaryDirectory(prefix="bench_scim2_") as scratch:
        ids = Path(scratch) / "ids.json"
        server = Server(
            "scim2-server-small",
            "bench.scim:scim2_app",
            args.run_dir / "scim2-server-small.log",
            {
                "BENCH_SCIM2_USERS": str(args.scim2_small_users),
                "BENCH_SCIM2_IDS": str(ids),
            },
        )
        with running(server):
            fixture = orjson.loads(ids.read_bytes())
            return await measure(
                f"scim2-server {args.scim2_small_users // 1000}k",
                server,
                "/v2",
                {},
                fixture,
                args,
                only=frozenset({"create", "get", "filter"}),
            )


# Report --------------------------------------------------------------------

LABELS = {
    "create": "POST /Users",
    "get": "GET /Users/{id}",
    "filter": 'GET /Users?filter=userName eq "…"',
    "patch_empty": "PATCH /Groups/{id} add 1 member, empty group",
    "patch_big": "PATCH /Groups/{id} add 1 member, 100k group",
    "deep_page": f"GET /Users?startIndex={DEEP_START}&count=100",
}


def _fmt(value: float, digits: int = 1) -> str:
    return "-" if math.isnan(value) else f"{value:,.{digits}f}"


def table(results: list[dict[str, Any]]) -> str:
    header = ["workload", "figure", *(r["server"] for r in results)]
    rows: list[list[str]] = []
    for key, label in LABELS.items():
        for figure, field, digits in (
            ("req/s", "rate", 0),
            ("p50 ms", "p50_ms", 1),
            ("p99 ms", "p99_ms", 1),
        ):
            cells = []
            for r in results:
                phase = r["phases"].get(key)
                if not phase:
                    cells.append("n/a")
                    continue
                cell = _fmt(float(phase[field]), digits)
                if field == "rate" and phase["concurrency"] == 1:
                    cell += f" (1 conc., {phase['requests']} req.)"
                cells.append(cell)
            rows.append([label if figure == "req/s" else "", figure, *cells])
    rows.append(
        [
            "failed requests",
            "",
            *(str(sum(p["errors"] for p in r["phases"].values())) for r in results),
        ]
    )
    rows.append(["users loaded", "", *(f"{r['users']:,}" for r in results)])

    def patch_ratio(r: dict[str, Any]) -> str:
        phases = r["phases"]
        if "patch_big" not in phases:
            return "n/a"
        big, empty = phases["patch_big"]["p50_ms"], phases["patch_empty"]["p50_ms"]
        return f"{big / empty:.2f}"

    rows.append(
        ["PATCH p50 ratio 100k / empty", "target <= 1.5", *map(patch_ratio, results)]
    )
    references = [r for r in results if r["server"].startswith("scim2-server")]
    for reference in references:
        for key in ("create", "get", "filter"):
            cells = []
            for r in results:
                if r in references:
                    cells.append("")
                    continue
                ratio = r["phases"][key]["rate"] / max(
                    reference["phases"][key]["rate"], 1e-9
                )
                cells.append(f"{ratio:.2f}x")
            rows.append(
                [f"req/s / {reference['server']}, {key}", "target >= 3", *cells]
            )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        (":" + "-" * (w + 1)) if i < 2 else ("-" * (w + 1) + ":")
        for i, w in enumerate(widths)
    )
    return "\n".join([line(header), rule + "|", *(line(row) for row in rows)])


async def main(args: argparse.Namespace) -> int:
    args.run_dir = RESULTS / (time.strftime("%Y%m%d-%H%M%S") + "-scim")
    args.run_dir.mkdir(parents=True, exist_ok=True)
    args.profiler = Profiler(args.run_dir / "profiles" if args.profile else None)
    log(f"results in {args.run_dir}")
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = [await measure_directory(kind, args) for kind in kinds]
    results.append(await measure_scim2(args))
    if args.scim2_small_users:
        results.append(await measure_scim2_small(args))
    rendered = table(results)
    (args.run_dir / "results.json").write_text(json.dumps(results, indent=2))
    (args.run_dir / "table.md").write_text(rendered + "\n")
    print()
    print(rendered)
    return 0


async def _cancellable(args: argparse.Namespace) -> int:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    for signum in (signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, task.cancel)
    return await main(args)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.scim", description=__doc__)
    parser.add_argument(
        "--database", choices=["sqlite", "postgresql", "both"], default="both"
    )
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--scim2-users",
        type=int,
        default=BIG_GROUP,
        help="users preloaded into scim2-server, all in its big group",
    )
    parser.add_argument(
        "--scim2-small-users",
        type=int,
        default=5_000,
        help="users of a second scim2-server for create, get and filter (0: none)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy stacks of every phase (python -m bench.profile FILE)",
    )
    parser.add_argument("--quiet-timeout", type=float, default=20.0)
    return parser.parse_args(argv)


def run(argv: list[str] | None = None) -> int:
    args = parse(argv)
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


if __name__ == "__main__":
    sys.exit(run())
