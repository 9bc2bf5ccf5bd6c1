"""Engines and transactions for SQLite (embedded) and PostgreSQL (shared).

SQLite allows one writer at a time. Several writers in a pool fight over
the lock and fail with "database is locked" when a read transaction tries
to upgrade; so every write goes through a single connection that starts
with ``BEGIN IMMEDIATE`` (it takes the write lock up front and therefore
cannot fail on upgrade), while reads use a pool of their own that WAL lets
run beside the writer. PostgreSQL uses one pool for both.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

log = logging.getLogger(__name__)

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    # LIKE must honour case: case-insensitive attributes are lower-cased on
    # both sides by the filter compiler, case-exact ones must not match
    # "ABC" with "abc".
    "PRAGMA case_sensitive_like=ON",
)


def normalize_url(url: str | URL) -> URL:
    """Return ``url`` with the async driver this project uses.

    ``sqlite:///x.db`` becomes ``sqlite+aiosqlite:///x.db`` and
    ``postgresql://…`` (or ``postgres://``) becomes ``postgresql+asyncpg://…``.
    """
    parsed = make_url(str(url).replace("postgres://", "postgresql://", 1))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+asyncpg")
    raise ValueError(f"unsupported database {backend!r}: use sqlite or postgresql")


def _unicode_lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def _prepare_sqlite(engine: AsyncEngine, busy_timeout_ms: int, begin: str) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the driver, so that BEGIN is
        # ours to choose (see the module docstring).
        dbapi_connection.isolation_level = None
        # SQLite's own lower() folds ASCII only; Python's folds Unicode. The
        # key columns are computed in Python, so comparisons must be too.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)


class Database:
    """The directory's database: a reader and a writer over one URL."""

    def __init__(
        self,
        url: str | URL,
        *,
        busy_timeout_ms: int = 10_000,
        pool_size: int = 8,
    ) -> None:
        self.url = normalize_url(url)
        self.dialect = self.url.get_backend_name()
        if self.dialect == "sqlite":
            self._writer = create_async_engine(
                self.url, pool_size=1, max_overflow=0, pool_timeout=60
            )
            self._reader = create_async_engine(
                self.url, pool_size=pool_size, max_overflow=0
            )
            _prepare_sqlite(self._writer, busy_timeout_ms, "BEGIN IMMEDIATE")
            _prepare_sqlite(self._reader, busy_timeout_ms, "BEGIN")
        else:
            self._writer = create_async_engine(
                self.url, pool_size=pool_size, max_overflow=pool_size
            )
            self._reader = self._writer

    @property
    def engines(self) -> tuple[AsyncEngine, ...]:
        """The distinct engines, for listeners that count statements."""
        if self._reader is self._writer:
            return (self._writer,)
        return (self._writer, self._reader)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A read-only transaction: one consistent snapshot."""
        async with self._reader.connect() as conn, conn.begin():
            yield conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction, committed when the block ends without error."""
        async with self._writer.connect() as conn, conn.begin():
            yield conn

    async def ping(self) -> bool:
        """Whether the database answers a trivial query."""
        try:
            async with self._reader.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:  # any failure means "not ready"
            log.warning("database ping failed: %s", type(exc).__name__)
            return False
        return True

    async def dispose(self) -> None:
        for engine in self.engines:
            await engine.dispose()
