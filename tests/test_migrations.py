"""Migrations produce exactly the schema the code declares, on both databases."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from directory.store.database import Database
from directory.store.migrate import current_revision, head_revision, upgrade
from directory.store.tables import metadata

pytestmark = pytest.mark.anyio


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_the_migrated_schema_matches_the_tables(db: Database) -> None:
    async with db.read() as conn:
        differences = await conn.run_sync(_differences)
    assert differences == []


async def test_migrating_again_changes_nothing(db: Database) -> None:
    assert await current_revision(db) == head_revision()
    before, after = await upgrade(db)
    assert before == after == head_revision()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(db: Database) -> None:
    if db.dialect != "sqlite":
        pytest.skip("SQLite pragmas")
    async with db.read() as conn:
        journal = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
        keys = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        timeout = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    assert (journal, keys) == ("wal", 1)
    assert timeout and timeout > 0
