"""Group membership: direct members, nesting, and transitive closure.

Members are rows, one per (group, member): adding or removing one costs an
indexed insert or delete whatever the size of the group, and the group's
version is bumped without reading its other members. Transitive membership
is a recursive common table expression, which SQLite and PostgreSQL both
run; ``UNION`` (not ``UNION ALL``) makes it terminate even on bad data.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    delete,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from ..store.tables import groups, memberships, users
from .attributes import Kind
from .errors import MembershipCycle, NotFound, ValidationFailed, VersionMismatch
from .paging import Page, Sort, Window, fetch
from .unit import Unit

USER = "User"
GROUP = "Group"
MEMBER_TYPES = (USER, GROUP)
#: Advisory lock serialising changes to nesting on PostgreSQL, so that two
#: concurrent transactions cannot each add half of a cycle.
NESTING_LOCK_KEY = 0x6E657374696E67  # "nesting"
CHUNK = 500


@dataclass(frozen=True)
class MemberRef:
    """A member to add: its id, and its type when the caller knows it."""

    id: str
    type: str | None = None


# Reading -------------------------------------------------------------------


def ancestors(seed: Select[Any]) -> Any:
    """A CTE ``(member_id, group_id)``: every group containing each seed
    member, directly or through nested groups."""
    closure = seed.cte("ancestors", recursive=True)
    step = select(closure.c.member_id, memberships.c.group_id).join(
        closure, memberships.c.member_id == closure.c.group_id
    )
    return closure.union(step)


def _descendants(group_id: str) -> Any:
    """A CTE ``(member_id, member_type)``: every member of the group,
    directly or through nested groups."""
    seed = select(memberships.c.member_id, memberships.c.member_type).where(
        memberships.c.group_id == group_id
    )
    closure = seed.cte("descendants", recursive=True)
    step = select(memberships.c.member_id, memberships.c.member_type).join(
        closure,
        and_(
            memberships.c.group_id == closure.c.member_id,
            closure.c.member_type == GROUP,
        ),
    )
    return closure.union(step)


async def groups_of(
    conn: AsyncConnection, member_ids: Sequence[str], *, transitive: bool
) -> dict[str, list[RowMapping]]:
    """The groups each member is in (directly, or also transitively),
    ordered by display name; one statement for all the members."""
    result: dict[str, list[RowMapping]] = {member: [] for member in member_ids}
    if not member_ids:
        return result
    seed = select(memberships.c.member_id, memberships.c.group_id).where(
        memberships.c.member_id.in_(list(member_ids))
    )
    pairs = ancestors(seed) if transitive else seed.subquery()
    query = (
        select(pairs.c.member_id.label("member_of"), groups)
        .join(groups, groups.c.id == pairs.c.group_id)
        .order_by(pairs.c.member_id, groups.c.display_name_key, groups.c.id)
    )
    for row in (await conn.execute(query)).mappings():
        result[row["member_of"]].append(row)
    return result


MEMBER_SORT = Sort.on(memberships.c.member_id, Kind.STRING)


async def members_page(
    conn: AsyncConnection,
    group_id: str,
    window: Window,
    *,
    transitive: bool = False,
    member_type: str | None = None,
) -> Page:
    """One page of a group's members, ordered by member id."""
    if transitive:
        closure = _descendants(group_id)
        source: Any = select(
            closure.c.member_id.label("id"), closure.c.member_type
        ).subquery()
        sort = Sort(source.c.id, Kind.STRING, nullable=False)
        query = select(source.c.id, source.c.member_type)
    else:
        source = memberships
        sort = MEMBER_SORT
        query = select(
            memberships.c.member_id.label("id"), memberships.c.member_type
        ).where(memberships.c.group_id == group_id)
    if member_type is not None:
        query = query.where(source.c.member_type == member_type)
    id_column = source.c.id if transitive else memberships.c.member_id
    return await fetch(conn, query, sort=sort, id_column=id_column, window=window)


async def count_members(
    conn: AsyncConnection,
    group_id: str,
    *,
    transitive: bool = False,
    member_type: str | None = None,
) -> int:
    if transitive:
        closure = _descendants(group_id)
        query = select(func.count()).select_from(closure)
        condition = closure.c.member_type == member_type
    else:
        query = select(func.count()).where(memberships.c.group_id == group_id)
        condition = memberships.c.member_type == member_type
    if member_type is not None:
        query = query.where(condition)
    return int((await conn.execute(query)).scalar_one())


async def count_members_up_to(conn: AsyncConnection, group_id: str, limit: int) -> int:
    """How many direct members the group has, counting no further than
    ``limit``: the cost is bounded by ``limit``, not by the group's size."""
    some = (
        select(literal(1))
        .where(memberships.c.group_id == group_id)
        .limit(limit)
        .subquery()
    )
    query = select(func.count()).select_from(some)
    return int((await conn.execute(query)).scalar_one())


async def is_member(
    conn: AsyncConnection, group_id: str, member_id: str, *, transitive: bool
) -> bool:
    if not transitive:
        query = select(literal(1)).where(
            memberships.c.group_id == group_id, memberships.c.member_id == member_id
        )
        return (await conn.execute(query)).first() is not None
    closure = _descendants(group_id)
    query = (
        select(literal(1)).select_from(closure).where(closure.c.member_id == member_id)
    )
    return (await conn.execute(query.limit(1))).first() is not None


# Writing -------------------------------------------------------------------


async def lock_group(
    unit: Unit, group_id: str, expected_version: int | None
) -> RowMapping:
    """The group's row, locked for this unit; :class:`NotFound` or
    :class:`VersionMismatch` if it is missing or not at the expected version."""
    query = select(groups).where(groups.c.id == group_id).with_for_update()
    row = (await unit.conn.execute(query)).mappings().first()
    if row is None:
        raise NotFound(GROUP, group_id)
    if expected_version is not None and row["version"] != expected_version:
        raise VersionMismatch(group_id, expected_version, row["version"])
    return row


async def _existing(conn: AsyncConnection, table: Any, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        query = select(table.c.id).where(table.c.id.in_(chunk))
        found.update((await conn.execute(query)).scalars())
    return found


async def resolve(
    conn: AsyncConnection, members: Sequence[MemberRef]
) -> list[tuple[str, str]]:
    """``(id, type)`` of each member, in order and without repeats;
    :class:`ValidationFailed` for an id that is neither a user nor a group
    (or not of the type declared)."""
    unique: dict[str, str | None] = {}
    for member in members:
        if member.type is not None and member.type not in MEMBER_TYPES:
            raise ValidationFailed("members.type", f"must be one of {MEMBER_TYPES}")
        unique.setdefault(member.id, member.type)
    ids = list(unique)
    known_users = await _existing(conn, users, ids)
    unknown = [member_id for member_id in ids if member_id not in known_users]
    known_groups = await _existing(conn, groups, unknown) if unknown else set()
    resolved = []
    for member_id, declared in unique.items():
        actual = USER if member_id in known_users else None
        if member_id in known_groups:
            actual = GROUP
        if actual is None or (declared is not None and declared != actual):
            # The group exists; what is wrong is the request's member list.
            kind = declared.lower() if declared else "user or group"
            raise ValidationFailed("members", f"{member_id!r} is no {kind} here")
        resolved.append((member_id, actual))
    return resolved


async def _refuse_cycles(unit: Unit, group_id: str, nested: Iterable[str]) -> None:
    nested = list(nested)
    if not nested:
        return
    if unit.dialect == "postgresql":
        await unit.conn.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": NESTING_LOCK_KEY}
        )
    for child in nested:
        if child == group_id or await is_member(
            unit.conn, child, group_id, transitive=True
        ):
            raise MembershipCycle(group_id, child)


def _insert_ignoring_duplicates(dialect: str) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(memberships).on_conflict_do_nothing()


async def _insert(
    unit: Unit, group_id: str, pairs: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    added: list[tuple[str, str]] = []
    for start in range(0, len(pairs), CHUNK):
        rows = [
            {
                "group_id": group_id,
                "member_id": member,
                "member_type": kind,
                "created": unit.now,
            }
            for member, kind in pairs[start : start + CHUNK]
        ]
        statement = _insert_ignoring_duplicates(unit.dialect).values(rows)
        statement = statement.returning(
            memberships.c.member_id, memberships.c.member_type
        )
        added.extend((m, t) for m, t in await unit.conn.execute(statement))
    return added


async def _delete(
    unit: Unit, condition: ColumnElement[bool]
) -> list[tuple[str, str, str]]:
    statement = (
        delete(memberships)
        .where(condition)
        .returning(
            memberships.c.group_id, memberships.c.member_id, memberships.c.member_type
        )
    )
    return [(g, m, t) for g, m, t in await unit.conn.execute(statement)]


async def touch(unit: Unit, group_ids: Iterable[str]) -> None:
    """Bump the version and modification time of the given groups."""
    ids = sorted(set(group_ids))
    for start in range(0, len(ids), CHUNK):
        await unit.conn.execute(
            update(groups)
            .where(groups.c.id.in_(ids[start : start + CHUNK]))
            .values(version=groups.c.version + 1, last_modified=unit.now)
        )


def _record(
    unit: Unit, action: str, group_id: str, member_id: str, member_type: str
) -> None:
    unit.record(
        action, GROUP, group_id, {"member": member_id, "memberType": member_type}
    )


async def add(
    unit: Unit,
    group_id: str,
    members: Sequence[MemberRef],
    expected_version: int | None = None,
) -> int:
    """Add members; those already in the group are left alone. Returns how
    many were added. :class:`MembershipCycle` if a nested group contains
    this one."""
    await lock_group(unit, group_id, expected_version)
    pairs = await resolve(unit.conn, members)
    await _refuse_cycles(unit, group_id, (m for m, kind in pairs if kind == GROUP))
    added = await _insert(unit, group_id, pairs)
    for member_id, member_type in added:
        _record(unit, "group.member_added", group_id, member_id, member_type)
    if added:
        await touch(unit, [group_id])
    return len(added)


async def remove(
    unit: Unit,
    group_id: str,
    member_ids: Sequence[str] | None,
    expected_version: int | None = None,
) -> int:
    """Remove the given members (all of them when None); ids that are not
    members are ignored. Returns how many were removed."""
    await lock_group(unit, group_id, expected_version)
    removed: list[tuple[str, str, str]] = []
    if member_ids is None:
        removed = await _delete(unit, memberships.c.group_id == group_id)
    else:
        unique = list(dict.fromkeys(member_ids))
        for start in range(0, len(unique), CHUNK):
            chunk = unique[start : start + CHUNK]
            removed += await _delete(
                unit,
                and_(
                    memberships.c.group_id == group_id,
                    memberships.c.member_id.in_(chunk),
                ),
            )
    for _, member_id, member_type in removed:
        _record(unit, "group.member_removed", group_id, member_id, member_type)
    if removed:
        await touch(unit, [group_id])
    return len(removed)


async def replace(
    unit: Unit,
    group_id: str,
    members: Sequence[MemberRef],
    expected_version: int | None = None,
) -> None:
    """Make the members exactly ``members``: only the difference is written."""
    await lock_group(unit, group_id, expected_version)
    pairs = await resolve(unit.conn, members)
    wanted = {member for member, _ in pairs}
    current = set(
        (
            await unit.conn.execute(
                select(memberships.c.member_id).where(
                    memberships.c.group_id == group_id
                )
            )
        ).scalars()
    )
    stale = [member for member in current if member not in wanted]
    fresh = [(m, kind) for m, kind in pairs if m not in current]
    await _refuse_cycles(unit, group_id, (m for m, kind in fresh if kind == GROUP))
    if stale:
        await remove(unit, group_id, stale)
    added = await _insert(unit, group_id, fresh)
    for member_id, member_type in added:
        _record(unit, "group.member_added", group_id, member_id, member_type)
    if added and not stale:
        await touch(unit, [group_id])


async def forget_member(unit: Unit, member_id: str, member_type: str) -> None:
    """Remove a user or group about to be deleted from every group it is in."""
    removed = await _delete(unit, memberships.c.member_id == member_id)
    for group_id, _, _ in removed:
        _record(unit, "group.member_removed", group_id, member_id, member_type)
    await touch(unit, (group_id for group_id, _, _ in removed))
