"""The append-only event table: audit log and change feed in one.

Event ids must grow in commit order, or a reader that resumes after id N
could miss an event N-1 committed a moment later. SQLite has one writer at a
time, so its ids already do. On PostgreSQL, sequence values are handed out
at insert time by concurrent transactions; taking one transaction-scoped
advisory lock before appending (held until commit, taken as late as
possible) serialises the appends without serialising the work before them.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from ..store.tables import events

#: Arbitrary constant naming the advisory lock that orders event ids.
EVENT_LOCK_KEY = 0x6469726563746F72  # "director"


async def append(
    conn: AsyncConnection, dialect: str, pending: Sequence[dict[str, Any]]
) -> None:
    if not pending:
        return
    if dialect == "postgresql":
        await conn.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_LOCK_KEY}
        )
    await conn.execute(insert(events), list(pending))


async def after(conn: AsyncConnection, cursor: int, limit: int) -> Sequence[RowMapping]:
    """Events with an id greater than ``cursor``, oldest first."""
    query = (
        select(events).where(events.c.id > cursor).order_by(events.c.id).limit(limit)
    )
    return (await conn.execute(query)).mappings().all()


def difference(
    before: dict[str, Any], after: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The attributes that changed, as ``{"before": {...}, "after": {...}}``;
    an attribute absent on one side (unset, or the resource is new or gone)
    is absent from that side."""
    keys = sorted(set(before) | set(after))
    changed = [key for key in keys if before.get(key) != after.get(key)]
    return {
        "before": {key: before[key] for key in changed if key in before},
        "after": {key: after[key] for key in changed if key in after},
    }


async def count_after(conn: AsyncConnection, cursor: int) -> int:
    query = select(func.count()).select_from(events).where(events.c.id > cursor)
    return int((await conn.execute(query)).scalar_one())
