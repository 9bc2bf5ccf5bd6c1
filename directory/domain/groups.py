"""Groups: reading, creating, renaming, replacing and deleting them.

Membership changes live in :mod:`directory.domain.memberships`; this module
composes them into whole-group operations (SCIM POST, PUT and PATCH).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from ..store.tables import KEY_LENGTH, groups
from . import custom as custom_attributes
from . import memberships
from .attributes import GROUP_FIELDS, GroupField, group_operand, sort_key
from .errors import ValidationFailed
from .events import difference
from .filters import Filter, group_condition
from .ids import new_id
from .memberships import GROUP, MemberRef
from .paging import Page, Sort, Window, fetch
from .unit import Unit


@dataclass
class GroupDraft:
    """A whole group, as created or as replaced (SCIM PUT)."""

    display_name: str
    external_id: str | None = None
    members: Sequence[MemberRef] = ()
    custom: Mapping[Any, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SetGroupFields:
    """Set displayName or externalId; None clears externalId."""

    fields: Mapping[GroupField, Any]


@dataclass(frozen=True)
class AddMembers:
    members: Sequence[MemberRef]


@dataclass(frozen=True)
class RemoveMembers:
    """Remove the given member ids, or every member when None."""

    member_ids: Sequence[str] | None


@dataclass(frozen=True)
class ReplaceMembers:
    members: Sequence[MemberRef]


@dataclass(frozen=True)
class SetGroupCustom:
    values: Mapping[Any, Any]
    replace: bool = False


GroupOperation: TypeAlias = (
    SetGroupFields | AddMembers | RemoveMembers | ReplaceMembers | SetGroupCustom
)


# Reading -------------------------------------------------------------------


async def get(conn: AsyncConnection, group_id: str) -> RowMapping | None:
    query = select(groups).where(groups.c.id == group_id)
    return (await conn.execute(query)).mappings().first()


async def get_many(
    conn: AsyncConnection, group_ids: Sequence[str]
) -> dict[str, RowMapping]:
    query = select(groups).where(groups.c.id.in_(list(group_ids)))
    return {row["id"]: row for row in (await conn.execute(query)).mappings()}


def sorting(by: GroupField | None, descending: bool = False) -> Sort:
    by = by or GroupField.ID
    return Sort.on(sort_key(group_operand(by)), GROUP_FIELDS[by].kind, descending)


def _matching(query: Select[Any], where: Filter | None) -> Select[Any]:
    return query if where is None else query.where(group_condition(where))


async def page(
    conn: AsyncConnection, where: Filter | None, sort: Sort, window: Window
) -> Page:
    query = _matching(select(groups), where)
    return await fetch(conn, query, sort=sort, id_column=groups.c.id, window=window)


async def count(conn: AsyncConnection, where: Filter | None) -> int:
    query = _matching(select(func.count()).select_from(groups), where)
    return int((await conn.execute(query)).scalar_one())


# Writing -------------------------------------------------------------------


def _columns(changes: Mapping[GroupField, Any]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for group_field, content in changes.items():
        attribute = GROUP_FIELDS[group_field]
        path = group_field.value
        if not attribute.writable:
            raise ValidationFailed(path, "is read-only")
        if content is not None and not isinstance(content, str):
            raise ValidationFailed(path, "must be a string")
        if content is not None and len(content) > KEY_LENGTH:
            raise ValidationFailed(path, f"longer than {KEY_LENGTH} characters")
        columns[attribute.column] = content
    if "display_name" in columns:
        name = columns["display_name"]
        if name is None or not name.strip():
            raise ValidationFailed("displayName", "is required")
        columns["display_name_key"] = name.lower()
    return columns


def snapshot(row: Mapping[Any, Any]) -> dict[str, Any]:
    """The group's own attributes; members are recorded one event each."""
    state = {
        "displayName": row["display_name"],
        "externalId": row["external_id"],
        "customAttributes": dict(row["custom"] or {}),
    }
    return {key: value for key, value in state.items() if value not in (None, {})}


async def create(unit: Unit, draft: GroupDraft) -> RowMapping:
    columns = _columns(
        {
            GroupField.DISPLAY_NAME: draft.display_name,
            GroupField.EXTERNAL_ID: draft.external_id,
        }
    )
    columns["custom"] = custom_attributes.validate(draft.custom)
    group_id = new_id()
    columns.update(id=group_id, created=unit.now, last_modified=unit.now, version=1)
    await unit.conn.execute(insert(groups).values(**columns))
    unit.record("group.created", GROUP, group_id, difference({}, snapshot(columns)))
    if draft.members:
        await memberships.add(unit, group_id, draft.members)
        # The version a client sees after POST is 1, members included.
        await unit.conn.execute(
            update(groups).where(groups.c.id == group_id).values(version=1)
        )
    row = await get(unit.conn, group_id)
    assert row is not None
    return row


async def update_group(
    unit: Unit,
    group_id: str,
    operations: Sequence[GroupOperation],
    expected_version: int | None = None,
    *,
    replacing: bool = False,
) -> RowMapping:
    """Apply ``operations`` in order, all or none (SCIM PATCH).

    The version is bumped once however many operations there are.
    """
    row = await memberships.lock_group(unit, group_id, expected_version)
    before = snapshot(row)
    columns: dict[str, Any] = {}
    custom = dict(row["custom"] or {})
    members_changed = 0
    for operation in operations:
        if isinstance(operation, SetGroupFields):
            columns.update(_columns(operation.fields))
        elif isinstance(operation, SetGroupCustom):
            base = {} if operation.replace else custom
            custom = custom_attributes.merge(base, operation.values)
        elif isinstance(operation, AddMembers):
            members_changed += await memberships.add(unit, group_id, operation.members)
        elif isinstance(operation, RemoveMembers):
            members_changed += await memberships.remove(
                unit, group_id, operation.member_ids
            )
        else:
            await memberships.replace(unit, group_id, operation.members)
            members_changed += 1

    columns["custom"] = custom
    after = snapshot({**row, **columns})
    if after != before:
        action = "group.replaced" if replacing else "group.updated"
        unit.record(action, GROUP, group_id, difference(before, after))
    if after != before or members_changed:
        columns.update(version=row["version"] + 1, last_modified=unit.now)
        await unit.conn.execute(
            update(groups).where(groups.c.id == group_id).values(**columns)
        )
    current = await get(unit.conn, group_id)
    assert current is not None
    return current


async def replace(
    unit: Unit, group_id: str, draft: GroupDraft, expected_version: int | None = None
) -> RowMapping:
    """Replace the group (SCIM PUT); only the member difference is written."""
    operations: list[GroupOperation] = [
        SetGroupFields(
            {
                GroupField.DISPLAY_NAME: draft.display_name,
                GroupField.EXTERNAL_ID: draft.external_id,
            }
        ),
        SetGroupCustom(draft.custom, replace=True),
        ReplaceMembers(draft.members),
    ]
    return await update_group(
        unit, group_id, operations, expected_version, replacing=True
    )


async def delete_group(
    unit: Unit, group_id: str, expected_version: int | None = None
) -> None:
    """Delete a group; its own memberships and grants go with it, and it is
    removed from the groups it was nested in."""
    row = await memberships.lock_group(unit, group_id, expected_version)
    await memberships.forget_member(unit, group_id, GROUP)
    await unit.conn.execute(delete(groups).where(groups.c.id == group_id))
    unit.record("group.deleted", GROUP, group_id, difference(snapshot(row), {}))
