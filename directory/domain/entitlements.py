"""Entitlement grants and effective access.

A group grants entitlements (``vpn:eu-west``, ``app:crm``). A user's
effective entitlements are their own ``entitlements`` values plus the
grants of every group they are in, directly or transitively, and none at
all while the user is inactive: deactivation removes access at once,
without touching a single membership.
"""

import re
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from ..store.tables import grants, memberships, user_values, users
from .attributes import ValueAttribute
from .errors import ValidationFailed
from .memberships import GROUP, ancestors, lock_group, touch
from .unit import Unit

ENTITLEMENT = re.compile(r"^[^\s\x00-\x1f]{1,255}$")


def _validate(entitlement: str) -> str:
    if not ENTITLEMENT.match(entitlement):
        raise ValidationFailed(
            "entitlement", "must be 1 to 255 characters without whitespace"
        )
    return entitlement


async def grant(
    unit: Unit, group_id: str, entitlement: str, expected_version: int | None = None
) -> bool:
    """Grant ``entitlement`` through the group; False if it already was.

    A grant changes the group: its version is bumped.
    """
    await lock_group(unit, group_id, expected_version)
    module = postgresql if unit.dialect == "postgresql" else sqlite
    statement = (
        module.insert(grants)
        .values(group_id=group_id, entitlement=_validate(entitlement), created=unit.now)
        .on_conflict_do_nothing()
        .returning(grants.c.entitlement)
    )
    added = (await unit.conn.execute(statement)).first() is not None
    if added:
        unit.record("grant.added", GROUP, group_id, {"entitlement": entitlement})
        await touch(unit, [group_id])
    return added


async def revoke(
    unit: Unit, group_id: str, entitlement: str, expected_version: int | None = None
) -> bool:
    """Stop granting ``entitlement`` through the group; False if it was not."""
    await lock_group(unit, group_id, expected_version)
    statement = delete(grants).where(
        grants.c.group_id == group_id, grants.c.entitlement == entitlement
    )
    removed = (await unit.conn.execute(statement)).rowcount > 0
    if removed:
        unit.record("grant.removed", GROUP, group_id, {"entitlement": entitlement})
        await touch(unit, [group_id])
    return removed


async def granted_by(
    conn: AsyncConnection, group_ids: Sequence[str]
) -> dict[str, list[str]]:
    """The entitlements each group grants itself (not through nesting)."""
    result: dict[str, list[str]] = {group_id: [] for group_id in group_ids}
    query = (
        select(grants.c.group_id, grants.c.entitlement)
        .where(grants.c.group_id.in_(list(group_ids)))
        .order_by(grants.c.group_id, grants.c.entitlement)
    )
    for group_id, entitlement in await conn.execute(query):
        result[group_id].append(entitlement)
    return result


async def effective(
    conn: AsyncConnection, user_ids: Sequence[str]
) -> dict[str, list[str]]:
    """Each user's effective entitlements, sorted; one statement for all.

    Inactive users get an empty list.
    """
    result: dict[str, set[str]] = {user_id: set() for user_id in user_ids}
    if not user_ids:
        return {}
    active = select(users.c.id).where(
        users.c.id.in_(list(user_ids)), users.c.active.is_(True)
    )
    seed = select(memberships.c.member_id, memberships.c.group_id).where(
        memberships.c.member_id.in_(active)
    )
    closure = ancestors(seed)
    via_groups = select(closure.c.member_id, grants.c.entitlement).join(
        grants, grants.c.group_id == closure.c.group_id
    )
    own = select(user_values.c.user_id, user_values.c.value).where(
        user_values.c.user_id.in_(active),
        user_values.c.attribute == ValueAttribute.ENTITLEMENTS.value,
        user_values.c.value.is_not(None),
    )
    for user_id, entitlement in await conn.execute(via_groups.union(own)):
        result[user_id].add(entitlement)
    return {user_id: sorted(found) for user_id, found in result.items()}
