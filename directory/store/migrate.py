"""Schema migrations (Alembic), run from code on SQLite and PostgreSQL."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from .database import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


async def current_revision(db: Database) -> str | None:
    async with db.write() as conn:
        return await conn.run_sync(_current)


async def upgrade(db: Database) -> tuple[str | None, str | None]:
    """Migrate to the newest schema; return the revisions before and after.

    Runs in one write transaction: on PostgreSQL a failed migration leaves
    nothing behind; on SQLite each DDL statement is transactional too.
    """
    async with db.write() as conn:
        before = await conn.run_sync(_current)
        await conn.run_sync(_upgrade)
        after = await conn.run_sync(_current)
    return before, after
