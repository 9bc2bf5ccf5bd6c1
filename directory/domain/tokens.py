"""Bearer tokens: issued once, stored as a hash, scoped, revocable.

A token is ``dir_`` followed by 43 random URL-safe characters (256 bits).
Only its SHA-256 is stored: a fast hash is right for secrets of this
entropy, where a slow one would only slow every request. The lookup is by
hash, and the stored hash is compared again in constant time, so neither
the index nor the comparison leaks how much of a guess was right.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from ..store.database import Database
from ..store.tables import tokens
from ..store.types import utcnow
from .errors import NotFound, Unauthenticated, ValidationFailed
from .events import difference
from .ids import new_id
from .unit import Actor, Unit

PREFIX = "dir_"
PREFIX_SHOWN = 12
#: How stale ``last_used_at`` may get before a request refreshes it; keeps
#: authentication from writing on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class Scope(Enum):
    SCIM = "scim"
    DIRECTORY_READ = "directory:read"
    DIRECTORY_WRITE = "directory:write"
    AUDIT_READ = "audit:read"
    ADMIN = "admin"


#: What each scope allows beyond itself.
IMPLIED: dict[Scope, frozenset[Scope]] = {
    Scope.ADMIN: frozenset(Scope),
    # SCIM provisioning reads and writes users and groups.
    Scope.SCIM: frozenset({Scope.DIRECTORY_READ, Scope.DIRECTORY_WRITE}),
    # Mutations answer with the data they changed.
    Scope.DIRECTORY_WRITE: frozenset({Scope.DIRECTORY_READ}),
}


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of one request."""

    token_id: str
    name: str
    scopes: frozenset[Scope]

    def allows(self, scope: Scope) -> bool:
        return any(
            scope is held or scope in IMPLIED.get(held, ()) for held in self.scopes
        )

    @property
    def actor(self) -> Actor:
        return Actor(name=self.name, token_id=self.token_id)


@dataclass(frozen=True)
class IssuedToken:
    row: RowMapping
    #: The secret itself: shown once, never stored.
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_scopes(names: Iterable[str]) -> frozenset[Scope]:
    """Scopes by name; :class:`ValidationFailed` for an unknown one."""
    known = {scope.value: scope for scope in Scope}
    parsed = set()
    for name in names:
        if name not in known:
            raise ValidationFailed(
                "scopes", f"unknown scope {name!r}; known: {', '.join(known)}"
            )
        parsed.add(known[name])
    if not parsed:
        raise ValidationFailed("scopes", "at least one scope is required")
    return frozenset(parsed)


async def create(
    unit: Unit,
    name: str,
    scopes: Iterable[Scope],
    expires_at: datetime | None = None,
) -> IssuedToken:
    name = name.strip()
    if not name or len(name) > 200:
        raise ValidationFailed("name", "must have 1 to 200 characters")
    chosen = sorted({scope.value for scope in scopes})
    if not chosen:
        raise ValidationFailed("scopes", "at least one scope is required")
    if expires_at is not None and expires_at <= unit.now:
        raise ValidationFailed("expiresAt", "must be in the future")

    secret = PREFIX + secrets.token_urlsafe(32)
    row: dict[str, Any] = {
        "id": new_id(),
        "name": name,
        "prefix": secret[:PREFIX_SHOWN],
        "secret_hash": _digest(secret),
        "scopes": chosen,
        "created": unit.now,
        "expires_at": expires_at,
    }
    await unit.conn.execute(tokens.insert().values(**row))
    shown = {"name": name, "prefix": row["prefix"], "scopes": chosen}
    unit.record("token.created", "Token", row["id"], difference({}, shown))
    stored = await get(unit.conn, row["id"])
    assert stored is not None
    return IssuedToken(row=stored, secret=secret)


async def get(conn: AsyncConnection, token_id: str) -> RowMapping | None:
    query = select(tokens).where(tokens.c.id == token_id)
    return (await conn.execute(query)).mappings().first()


async def listing(conn: AsyncConnection) -> Sequence[RowMapping]:
    query = select(tokens).order_by(tokens.c.created, tokens.c.id)
    return (await conn.execute(query)).mappings().all()


async def count(conn: AsyncConnection) -> int:
    query = select(func.count()).select_from(tokens)
    return int((await conn.execute(query)).scalar_one())


async def revoke(unit: Unit, token_id: str) -> RowMapping:
    """Revoke a token; revoking it again changes nothing."""
    row = await get(unit.conn, token_id)
    if row is None:
        raise NotFound("Token", token_id)
    if row["revoked_at"] is None:
        await unit.conn.execute(
            update(tokens).where(tokens.c.id == token_id).values(revoked_at=unit.now)
        )
        unit.record("token.revoked", "Token", token_id, {"name": row["name"]})
    current = await get(unit.conn, token_id)
    assert current is not None
    return current


async def authenticate(db: Database, secret: str) -> Principal:
    """The principal behind ``secret``; :class:`Unauthenticated` if the
    token is unknown, revoked or expired (one message for all three)."""
    refused = Unauthenticated("the token is invalid, expired or revoked")
    if not secret.startswith(PREFIX) or len(secret) > 128:
        raise refused
    digest = _digest(secret)
    async with db.read() as conn:
        query = select(tokens).where(tokens.c.secret_hash == digest)
        row = (await conn.execute(query)).mappings().first()
    if row is None or not hmac.compare_digest(row["secret_hash"], digest):
        raise refused
    now = utcnow()
    if row["revoked_at"] is not None:
        raise refused
    if row["expires_at"] is not None and row["expires_at"] <= now:
        raise refused
    last_used = row["last_used_at"]
    if last_used is None or now - last_used > LAST_USED_RESOLUTION:
        async with db.write() as conn:
            await conn.execute(
                update(tokens).where(tokens.c.id == row["id"]).values(last_used_at=now)
            )
    scopes = frozenset(Scope(name) for name in row["scopes"] if name in _VALUES)
    return Principal(token_id=row["id"], name=row["name"], scopes=scopes)


_VALUES = frozenset(scope.value for scope in Scope)
