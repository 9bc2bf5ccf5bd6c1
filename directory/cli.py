"""The ``directory`` command: serve, migrate, export the schema, manage tokens.

Exit codes: 0 success, 1 failure (the message says why), 2 wrong usage.
Secrets go to stdout alone, so that scripts can capture them; everything
meant for people goes to stderr.
"""

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import timedelta

from . import __version__
from .domain import tokens
from .domain.errors import DirectoryError
from .domain.unit import Actor, write
from .settings import Settings
from .store.database import Database
from .store.migrate import current_revision, head_revision, upgrade
from .store.types import utcnow

log = logging.getLogger("directory")
CLI_ACTOR = Actor(name="cli")


class Failure(Exception):
    """A command failed in a way the user can act on."""


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        name: getattr(args, name)
        for name in ("database_url", "host", "port")
        if getattr(args, name, None) is not None
    }
    return Settings(**overrides)


def _database(settings: Settings) -> Database:
    return Database(
        settings.database_url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        pool_size=settings.pool_size,
    )


async def _ensure_schema(db: Database, migrate: bool) -> None:
    if migrate:
        before, after = await upgrade(db)
        if before != after:
            log.info("database schema migrated from %s to %s", before, after)
        return
    current = await current_revision(db)
    if current != head_revision():
        raise Failure(
            f"the database schema is at {current}, not {head_revision()}: "
            "run `directory migrate`"
        )


async def _prepare(settings: Settings) -> str | None:
    """Migrate, and on a database that never had a token, issue the first
    admin token; return its secret (None when tokens already exist)."""
    db = _database(settings)
    try:
        await _ensure_schema(db, settings.auto_migrate)
        async with write(db, CLI_ACTOR) as unit:
            if await tokens.count(unit.conn):
                return None
            issued = await tokens.create(unit, "first admin", [tokens.Scope.ADMIN])
        return issued.secret
    finally:
        await db.dispose()


def _base_url(settings: Settings) -> str:
    if settings.public_url:
        return settings.public_url.rstrip("/")
    host = settings.host
    if host in ("0.0.0.0", "::"):
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.port}"


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    settings = _settings(args)
    secret = asyncio.run(_prepare(settings))
    base = _base_url(settings)
    if secret is not None:
        print(
            "\nA first admin token was created. It is shown only this once:\n\n"
            f"    {secret}\n\n"
            f"GraphiQL: {base}/graphql#token={secret}\n",
            flush=True,
        )
    else:
        print(f"GraphiQL: {base}/graphql", flush=True)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
        proxy_headers=True,
    )
    return 0


def cmd_scim_facade(args: argparse.Namespace) -> int:
    import uvicorn

    from scim_facade.app import create_standalone
    from scim_facade.discovery import Limits

    from .app import RequestIds

    settings = _settings(args)
    public = settings.public_url or _base_url(settings)
    app = create_standalone(
        args.directory_url,
        Limits(
            max_results=settings.max_page_size,
            default_page_size=settings.default_page_size,
        ),
        public.rstrip("/") + "/scim/v2" if settings.public_url else None,
    )
    app.add_middleware(RequestIds)
    print(f"SCIM: {public}/scim/v2 -> {args.directory_url}", flush=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
        proxy_headers=True,
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    async def run() -> tuple[str | None, str | None]:
        db = _database(_settings(args))
        try:
            return await upgrade(db)
        finally:
            await db.dispose()

    before, after = asyncio.run(run())
    if before == after:
        print(f"schema already at {after}", file=sys.stderr)
    else:
        print(f"schema migrated from {before} to {after}", file=sys.stderr)
    return 0


def cmd_export_schema(args: argparse.Namespace) -> int:
    from .graphql.schema import export_sdl

    sys.stdout.write(export_sdl())
    return 0


async def _with_unit(args: argparse.Namespace, action: str) -> object:
    db = _database(_settings(args))
    try:
        await _ensure_schema(db, migrate=False)
        async with write(db, CLI_ACTOR) as unit:
            if action == "create":
                scopes = tokens.parse_scopes(args.scope)
                expires = None
                if args.expires_in_days is not None:
                    expires = utcnow() + timedelta(days=args.expires_in_days)
                return await tokens.create(unit, args.name, scopes, expires)
            if action == "revoke":
                return await tokens.revoke(unit, args.id)
            return await tokens.listing(unit.conn)
    finally:
        await db.dispose()


def cmd_tokens_create(args: argparse.Namespace) -> int:
    issued = asyncio.run(_with_unit(args, "create"))
    assert isinstance(issued, tokens.IssuedToken)
    print(issued.secret)
    print(
        f"token {issued.row['id']} ({issued.row['prefix']}…) created; "
        "store it now, it is not shown again",
        file=sys.stderr,
    )
    return 0


def _when(value: object) -> str:
    return "-" if value is None else str(value)[:19]


def cmd_tokens_list(args: argparse.Namespace) -> int:
    rows = asyncio.run(_with_unit(args, "list"))
    assert isinstance(rows, Sequence)
    header = ("ID", "NAME", "PREFIX", "SCOPES", "CREATED", "LAST USED", "STATE")
    lines = [header]
    now = utcnow()
    for row in rows:
        state = "active"
        if row["revoked_at"] is not None:
            state = "revoked"
        elif row["expires_at"] is not None and row["expires_at"] <= now:
            state = "expired"
        lines.append(
            (
                row["id"],
                row["name"],
                row["prefix"],
                ",".join(row["scopes"]),
                _when(row["created"]),
                _when(row["last_used_at"]),
                state,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print(
            "  ".join(
                cell.ljust(width) for cell, width in zip(line, widths, strict=True)
            ).rstrip()
        )
    return 0


def cmd_tokens_revoke(args: argparse.Namespace) -> int:
    asyncio.run(_with_unit(args, "revoke"))
    print(f"token {args.id} revoked", file=sys.stderr)
    return 0


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        help="sqlite:///path.db or postgresql://user@host/db "
        "(default: $DIRECTORY_DATABASE_URL or sqlite:///directory.db)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="directory",
        description="A GraphQL identity directory with a SCIM 2.0 facade.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the server")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8000)")
    _database_option(serve)
    serve.set_defaults(run=cmd_serve)

    facade = commands.add_parser(
        "scim-facade",
        help="serve /scim/v2 alone, in front of a directory reached over HTTP",
    )
    facade.add_argument(
        "--directory-url",
        required=True,
        help="the directory's base URL, e.g. https://directory.internal",
    )
    facade.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    facade.add_argument("--port", type=int, help="port to listen on (default 8000)")
    facade.set_defaults(run=cmd_scim_facade)

    migrate = commands.add_parser(
        "migrate", help="bring the database schema up to date"
    )
    _database_option(migrate)
    migrate.set_defaults(run=cmd_migrate)

    export = commands.add_parser(
        "export-schema", help="print the GraphQL SDL on stdout"
    )
    export.set_defaults(run=cmd_export_schema)

    token = commands.add_parser("tokens", help="create, list and revoke bearer tokens")
    token_commands = token.add_subparsers(
        dest="tokens_command", required=True, metavar="ACTION"
    )
    create = token_commands.add_parser(
        "create", help="create a token and print it (only it) on stdout"
    )
    create.add_argument("--name", required=True, help="who or what the token is for")
    create.add_argument(
        "--scope",
        action="append",
        required=True,
        choices=[scope.value for scope in tokens.Scope],
        help="a scope to grant; repeat for several",
    )
    create.add_argument(
        "--expires-in-days", type=int, help="expire after this many days"
    )
    _database_option(create)
    create.set_defaults(run=cmd_tokens_create)

    listing = token_commands.add_parser(
        "list", help="list tokens (never their secrets)"
    )
    _database_option(listing)
    listing.set_defaults(run=cmd_tokens_list)

    revoke = token_commands.add_parser("revoke", help="revoke a token by id")
    revoke.add_argument("id", help="the token's id, as `tokens list` shows it")
    _database_option(revoke)
    revoke.set_defaults(run=cmd_tokens_revoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    serving = args.command in ("serve", "scim-facade")
    settings_level = Settings().log_level if serving else "WARNING"
    logging.basicConfig(
        level=settings_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    # Alembic narrates every step at INFO; our own line says what changed.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return int(args.run(args))
    except (Failure, DirectoryError) as error:
        print(f"directory: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
