"""Users: reading, creating, changing, deactivating and deleting them.

Every write takes a :class:`~directory.domain.unit.Unit`, locks the row it
changes (``FOR UPDATE`` on PostgreSQL; SQLite's single writer already
serialises), checks the expected version, bumps the version and records one
event with the before/after difference. A change that changes nothing is
not recorded and does not bump the version.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from ..store.tables import KEY_LENGTH, users
from . import custom as custom_attributes
from . import values as multi
from .attributes import (
    USER_FIELDS,
    Kind,
    UserField,
    ValueAttribute,
    ValueField,
    sort_key,
    user_operand,
)
from .errors import (
    NoTarget,
    NotFound,
    UniquenessConflict,
    ValidationFailed,
    VersionMismatch,
)
from .events import difference
from .filters import Filter, user_condition
from .ids import new_id
from .paging import Page, Sort, Window, fetch
from .passwords import hash_password
from .unit import Unit
from .values import Value

MAX_TEXT = 4096
MAX_PASSWORD = 1024
REDACTED = "[redacted]"

#: Every column but the password hash, which never leaves this module.
READABLE = [column for column in users.c if column.name != "password_hash"]


@dataclass
class UserDraft:
    """A whole user, as created or as replaced (SCIM PUT)."""

    fields: Mapping[UserField, Any]
    values: Mapping[ValueAttribute, Sequence[Value]] = field(default_factory=dict)
    custom: Mapping[Any, Any] = field(default_factory=dict)
    password: str | None = None


@dataclass(frozen=True)
class SetFields:
    """Set single-valued attributes; None clears one."""

    fields: Mapping[UserField, Any]


@dataclass(frozen=True)
class SetPassword:
    password: str | None


@dataclass(frozen=True)
class AddValues:
    attribute: ValueAttribute
    values: Sequence[Value]


@dataclass(frozen=True)
class ReplaceValues:
    attribute: ValueAttribute
    values: Sequence[Value]


@dataclass(frozen=True)
class RemoveValues:
    """Remove the values matching ``where``, or all of them."""

    attribute: ValueAttribute
    where: Filter | None = None


@dataclass(frozen=True)
class UpdateValues:
    """Change sub-attributes of the values matching ``where`` (or all).

    When nothing matches, ``fallback`` is added instead if given; otherwise
    the change fails with :class:`NoTarget`.
    """

    attribute: ValueAttribute
    changes: Mapping[ValueField, Any]
    where: Filter | None = None
    fallback: Value | None = None


@dataclass(frozen=True)
class SetCustom:
    """Set custom attributes; None removes one. With ``replace``, the ones
    not named are removed too."""

    values: Mapping[Any, Any]
    replace: bool = False


UserOperation: TypeAlias = (
    SetFields
    | SetPassword
    | AddValues
    | ReplaceValues
    | RemoveValues
    | UpdateValues
    | SetCustom
)


# Reading -----------------------------------------------------------------


async def get(conn: AsyncConnection, user_id: str) -> RowMapping | None:
    query = select(*READABLE).where(users.c.id == user_id)
    return (await conn.execute(query)).mappings().first()


async def get_many(
    conn: AsyncConnection, user_ids: Sequence[str]
) -> dict[str, RowMapping]:
    query = select(*READABLE).where(users.c.id.in_(list(user_ids)))
    return {row["id"]: row for row in (await conn.execute(query)).mappings()}


async def get_by_user_name(conn: AsyncConnection, user_name: str) -> RowMapping | None:
    query = select(*READABLE).where(users.c.user_name_key == user_name.lower())
    return (await conn.execute(query)).mappings().first()


def sorting(by: UserField | None, descending: bool = False) -> Sort:
    by = by or UserField.ID
    return Sort.on(sort_key(user_operand(by)), USER_FIELDS[by].kind, descending)


def _matching(query: Select[Any], where: Filter | None) -> Select[Any]:
    return query if where is None else query.where(user_condition(where))


async def page(
    conn: AsyncConnection, where: Filter | None, sort: Sort, window: Window
) -> Page:
    query = _matching(select(*READABLE), where)
    return await fetch(conn, query, sort=sort, id_column=users.c.id, window=window)


async def count(conn: AsyncConnection, where: Filter | None) -> int:
    query = _matching(select(func.count()).select_from(users), where)
    return int((await conn.execute(query)).scalar_one())


# Validation ----------------------------------------------------------------


def _columns(changes: Mapping[UserField, Any]) -> dict[str, Any]:
    """Validated column values for the given attribute changes."""
    columns: dict[str, Any] = {}
    for user_field, content in changes.items():
        attribute = USER_FIELDS[user_field]
        path = user_field.value
        if not attribute.writable:
            raise ValidationFailed(path, "is read-only")
        if attribute.kind is Kind.BOOLEAN:
            if not isinstance(content, bool):
                raise ValidationFailed(path, "must be true or false")
        elif content is not None:
            if not isinstance(content, str):
                raise ValidationFailed(path, "must be a string")
            limit = KEY_LENGTH if attribute.key else MAX_TEXT
            if len(content) > limit:
                raise ValidationFailed(path, f"longer than {limit} characters")
        columns[attribute.column] = content
        if attribute.key:
            columns[attribute.key] = None if content is None else content.lower()
    if "user_name" in columns:
        user_name = columns["user_name"]
        if user_name is None or not user_name.strip():
            raise ValidationFailed("userName", "is required")
    return columns


def _password(password: str) -> str:
    if not password or len(password) > MAX_PASSWORD:
        raise ValidationFailed("password", f"must have 1 to {MAX_PASSWORD} characters")
    return password


# Snapshots, for events -----------------------------------------------------


def snapshot(
    row: Mapping[Any, Any], value_rows: Sequence[Mapping[Any, Any]]
) -> dict[str, Any]:
    """The user's writable state as plain data, without secrets."""
    state: dict[str, Any] = {
        user_field.value: row[attribute.column]
        for user_field, attribute in USER_FIELDS.items()
        if attribute.writable
    }
    state.update(multi.by_attribute(value_rows))
    state["customAttributes"] = dict(row["custom"] or {})
    return {
        key: content for key, content in state.items() if content not in (None, [], {})
    }


async def _state(
    conn: AsyncConnection, user_id: str, lock: bool = False
) -> tuple[RowMapping, dict[str, Any], list[RowMapping]]:
    query = select(*READABLE).where(users.c.id == user_id)
    if lock:
        query = query.with_for_update()
    row = (await conn.execute(query)).mappings().first()
    if row is None:
        raise NotFound("User", user_id)
    value_rows = (await multi.load(conn, [user_id]))[user_id]
    return row, snapshot(row, value_rows), value_rows


def _check_version(row: Mapping[Any, Any], expected: int | None) -> None:
    if expected is not None and row["version"] != expected:
        raise VersionMismatch(row["id"], expected, row["version"])


async def _ensure_unique(
    conn: AsyncConnection, user_name_key: str, user_id: str | None
) -> None:
    query = select(users.c.id).where(users.c.user_name_key == user_name_key)
    other = (await conn.execute(query)).scalar()
    if other is not None and other != user_id:
        raise UniquenessConflict("userName", user_name_key)


def _conflict(error: IntegrityError, user_name: str) -> UniquenessConflict:
    # Two writers raced past _ensure_unique on PostgreSQL; the unique index
    # decided. Any other integrity error is a bug and propagates.
    if "user_name_key" in str(error.orig):
        return UniquenessConflict("userName", user_name)
    raise error


# Writing -------------------------------------------------------------------


async def create(unit: Unit, draft: UserDraft) -> RowMapping:
    """Create a user; :class:`UniquenessConflict` if the userName is taken."""
    fields = dict(draft.fields)
    fields.setdefault(UserField.ACTIVE, True)
    if UserField.USER_NAME not in fields:
        raise ValidationFailed("userName", "is required")
    columns = _columns(fields)
    for attribute, items in draft.values.items():
        multi.validate(attribute, items)
    columns["custom"] = custom_attributes.validate(draft.custom)
    if draft.password is not None:
        columns["password_hash"] = await hash_password(_password(draft.password))

    await _ensure_unique(unit.conn, columns["user_name_key"], None)
    user_id = new_id()
    columns.update(id=user_id, created=unit.now, last_modified=unit.now, version=1)
    try:
        await unit.conn.execute(insert(users).values(**columns))
    except IntegrityError as error:
        raise _conflict(error, columns["user_name"]) from error
    await multi.insert_all(unit.conn, user_id, draft.values)

    row, after, _ = await _state(unit.conn, user_id)
    data = difference({}, after)
    if draft.password is not None:
        data["after"]["password"] = REDACTED
    unit.record("user.created", "User", user_id, data)
    return row


async def replace(
    unit: Unit, user_id: str, draft: UserDraft, expected_version: int | None = None
) -> RowMapping:
    """Replace every writable attribute (SCIM PUT): what the draft omits is
    cleared, except the password, which is kept unless a new one is given."""
    fields: dict[UserField, Any] = {
        user_field: None
        for user_field, attribute in USER_FIELDS.items()
        if attribute.writable and attribute.kind is Kind.STRING
    }
    fields[UserField.ACTIVE] = True
    fields.update(draft.fields)
    operations: list[UserOperation] = [
        SetFields(fields),
        SetCustom(draft.custom, replace=True),
    ]
    operations += [
        ReplaceValues(attribute, draft.values.get(attribute, ()))
        for attribute in ValueAttribute
    ]
    if draft.password is not None:
        operations.append(SetPassword(draft.password))
    return await update_user(
        unit, user_id, operations, expected_version, replacing=True
    )


async def update_user(
    unit: Unit,
    user_id: str,
    operations: Sequence[UserOperation],
    expected_version: int | None = None,
    *,
    replacing: bool = False,
) -> RowMapping:
    """Apply ``operations`` in order, all or none (SCIM PATCH)."""
    conn = unit.conn
    row, before, value_rows = await _state(conn, user_id, lock=True)
    _check_version(row, expected_version)

    columns: dict[str, Any] = {}
    custom = dict(row["custom"] or {})
    password_changed = False
    for operation in operations:
        if isinstance(operation, SetFields):
            columns.update(_columns(operation.fields))
        elif isinstance(operation, SetPassword):
            password = operation.password
            columns["password_hash"] = (
                None if password is None else await hash_password(_password(password))
            )
            password_changed = True
        elif isinstance(operation, SetCustom):
            base = {} if operation.replace else custom
            custom = custom_attributes.merge(base, operation.values)
        else:
            await _apply_values(conn, user_id, operation, value_rows)
            value_rows = (await multi.load(conn, [user_id]))[user_id]

    if "user_name_key" in columns:
        await _ensure_unique(conn, columns["user_name_key"], user_id)
    columns["custom"] = custom
    for attribute in ValueAttribute:
        multi.validate(
            attribute,
            [
                multi.as_value(r)
                for r in value_rows
                if r["attribute"] == attribute.value
            ],
        )

    proposed = {**row, **columns}
    after = snapshot(proposed, value_rows)
    if after == before and not password_changed:
        return row

    columns.update(version=row["version"] + 1, last_modified=unit.now)
    try:
        await conn.execute(update(users).where(users.c.id == user_id).values(**columns))
    except IntegrityError as error:
        raise _conflict(error, str(columns.get("user_name"))) from error
    data = difference(before, after)
    if password_changed:
        data["before"]["password"] = REDACTED
        data["after"]["password"] = REDACTED
    unit.record(_action(before, after, replacing), "User", user_id, data)
    new_row = await get(conn, user_id)
    assert new_row is not None
    return new_row


async def _apply_values(
    conn: AsyncConnection,
    user_id: str,
    operation: UserOperation,
    value_rows: Sequence[RowMapping],
) -> None:
    if isinstance(operation, AddValues):
        existing = [
            r for r in value_rows if r["attribute"] == operation.attribute.value
        ]
        await multi.add(conn, user_id, operation.attribute, operation.values, existing)
    elif isinstance(operation, ReplaceValues):
        await multi.replace(conn, user_id, operation.attribute, operation.values)
    elif isinstance(operation, RemoveValues):
        await multi.remove(conn, user_id, operation.attribute, operation.where)
    elif isinstance(operation, UpdateValues):
        try:
            await multi.change(
                conn, user_id, operation.attribute, operation.where, operation.changes
            )
        except NoTarget:
            if operation.fallback is None:
                raise
            existing = [
                r for r in value_rows if r["attribute"] == operation.attribute.value
            ]
            await multi.add(
                conn, user_id, operation.attribute, [operation.fallback], existing
            )


def _action(
    before: Mapping[Any, Any], after: Mapping[Any, Any], replacing: bool
) -> str:
    was_active = before.get("active", True)
    is_active = after.get("active", True)
    if was_active and not is_active:
        return "user.deactivated"
    if is_active and not was_active:
        return "user.reactivated"
    return "user.replaced" if replacing else "user.updated"


async def set_active(
    unit: Unit, user_id: str, active: bool, expected_version: int | None = None
) -> RowMapping:
    """Activate or deactivate; a deactivated user keeps their record and
    memberships but has no effective access."""
    return await update_user(
        unit, user_id, [SetFields({UserField.ACTIVE: active})], expected_version
    )


async def delete_user(
    unit: Unit, user_id: str, expected_version: int | None = None
) -> None:
    """Delete a user, their values and their memberships (each membership
    removal recorded on its group)."""
    from .memberships import forget_member

    conn = unit.conn
    row, before, _ = await _state(conn, user_id, lock=True)
    _check_version(row, expected_version)
    await forget_member(unit, user_id, "User")
    await conn.execute(delete(users).where(users.c.id == user_id))
    unit.record("user.deleted", "User", user_id, difference(before, {}))
