"""Units of work: one transaction, the actor behind it and its events.

A domain function that changes data takes a :class:`Unit`; the only way to
get one is :func:`write`, which commits the change together with the events
it recorded, or neither.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from ..store.database import Database
from ..store.types import utcnow
from . import events


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a token, or the system itself (CLI, bootstrap)."""

    name: str
    token_id: str | None = None


SYSTEM = Actor(name="system")


@dataclass
class Unit:
    """One write transaction in progress."""

    conn: AsyncConnection
    actor: Actor
    request_id: str | None
    dialect: str
    now: datetime = field(default_factory=utcnow)
    pending: list[dict[str, Any]] = field(default_factory=list)

    def record(
        self,
        action: str,
        resource_type: str,
        resource_id: str,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Append an event; it is written when the unit commits."""
        self.pending.append(
            {
                "occurred_at": self.now,
                "action": action,
                "resource_type": resource_type,
                "resource_id": resource_id,
                "actor_id": self.actor.token_id,
                "actor_name": self.actor.name,
                "request_id": self.request_id,
                "data": data or {},
            }
        )


@asynccontextmanager
async def write(
    db: Database, actor: Actor, request_id: str | None = None
) -> AsyncIterator[Unit]:
    """Open a unit of work; commit it with its events when the block ends.

    If the block raises, the transaction is rolled back and no event is
    written.
    """
    async with db.write() as conn:
        unit = Unit(conn=conn, actor=actor, request_id=request_id, dialect=db.dialect)
        yield unit
        await events.append(conn, db.dialect, unit.pending)
