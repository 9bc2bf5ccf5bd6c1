"""Multi-valued User attributes: emails, phoneNumbers, addresses, roles, …

Each value is one row of ``user_values``. Changes address values either all
at once or through a filter on their sub-attributes, and run as single SQL
statements on the one user's rows.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from ..store.tables import KEY_LENGTH, user_values
from .attributes import ADDRESS_ONLY, VALUE_FIELDS, ValueAttribute, ValueField
from .errors import NoTarget, ValidationFailed
from .filters import Filter, value_condition

MAX_VALUES = 1000
MAX_VALUE_LENGTH = 65_536
MAX_TYPE_LENGTH = 64


@dataclass(frozen=True)
class Value:
    """One value of a multi-valued attribute; addresses use the address
    parts instead of ``value``."""

    value: str | None = None
    type: str | None = None
    primary: bool = False
    display: str | None = None
    formatted: str | None = None
    street_address: str | None = None
    locality: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


VALUE_COLUMNS = tuple(field.name for field in fields(Value))


def value_key(value: str | None) -> str | None:
    if value is None or len(value) > KEY_LENGTH:
        return None
    return value.lower()


def validate(attribute: ValueAttribute, values: Sequence[Value]) -> None:
    """Refuse values that break RFC 7643 §2.4 or this directory's limits."""
    path = attribute.value
    if len(values) > MAX_VALUES:
        raise ValidationFailed(path, f"more than {MAX_VALUES} values")
    for index, item in enumerate(values):
        _validate_one(attribute, f"{path}[{index}]", item)
    if sum(1 for item in values if item.primary) > 1:
        raise ValidationFailed(path, "more than one value is primary")


def _validate_one(attribute: ValueAttribute, path: str, item: Value) -> None:
    is_address = attribute is ValueAttribute.ADDRESSES
    data = asdict(item)
    if is_address and item.value is not None:
        raise ValidationFailed(f"{path}.value", "addresses have no 'value'")
    if not is_address:
        for field in ADDRESS_ONLY:
            if data[VALUE_FIELDS[field].column] is not None:
                raise ValidationFailed(
                    f"{path}.{field.value}", f"not a sub-attribute of {attribute.value}"
                )
    if item.type is not None and len(item.type) > MAX_TYPE_LENGTH:
        raise ValidationFailed(f"{path}.type", f"longer than {MAX_TYPE_LENGTH}")
    for name, content in data.items():
        if isinstance(content, str) and len(content) > MAX_VALUE_LENGTH:
            raise ValidationFailed(f"{path}.{name}", "value too long")
    if all(content in (None, False) for content in data.values()):
        raise ValidationFailed(path, "a value needs at least one sub-attribute")


def _row(
    user_id: str, attribute: ValueAttribute, position: int, item: Value
) -> dict[str, Any]:
    row = asdict(item)
    row.update(
        user_id=user_id,
        attribute=attribute.value,
        position=position,
        value_key=value_key(item.value),
    )
    return row


async def insert_values(
    conn: AsyncConnection,
    user_id: str,
    attribute: ValueAttribute,
    values: Sequence[Value],
    start: int = 0,
) -> None:
    if not values:
        return
    rows = [
        _row(user_id, attribute, start + offset, item)
        for offset, item in enumerate(values)
    ]
    await conn.execute(insert(user_values), rows)


async def insert_all(
    conn: AsyncConnection,
    user_id: str,
    values: Mapping[ValueAttribute, Sequence[Value]],
) -> None:
    rows = [
        _row(user_id, attribute, position, item)
        for attribute, items in values.items()
        for position, item in enumerate(items)
    ]
    if rows:
        await conn.execute(insert(user_values), rows)


async def load(
    conn: AsyncConnection, user_ids: Iterable[str]
) -> dict[str, list[RowMapping]]:
    """Every value of the given users, in order, grouped by user id."""
    ids = list(user_ids)
    grouped: dict[str, list[RowMapping]] = {user_id: [] for user_id in ids}
    if not ids:
        return grouped
    query = (
        select(user_values)
        .where(user_values.c.user_id.in_(ids))
        .order_by(
            user_values.c.user_id, user_values.c.attribute, user_values.c.position
        )
    )
    for row in (await conn.execute(query)).mappings():
        grouped[row["user_id"]].append(row)
    return grouped


def as_value(row: Mapping[Any, Any]) -> Value:
    return Value(**{name: row[name] for name in VALUE_COLUMNS})


def by_attribute(rows: Iterable[Mapping[Any, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Values as plain dictionaries without empty sub-attributes, by
    attribute name: the form snapshots and events use."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        item = {
            name: row[name]
            for name in VALUE_COLUMNS
            if row[name] is not None and not (name == "primary" and not row[name])
        }
        grouped.setdefault(row["attribute"], []).append(item)
    return grouped


async def _next_position(
    conn: AsyncConnection, user_id: str, attribute: ValueAttribute
) -> int:
    query = select(func.coalesce(func.max(user_values.c.position), -1) + 1).where(
        user_values.c.user_id == user_id, user_values.c.attribute == attribute.value
    )
    return int((await conn.execute(query)).scalar_one())


async def _clear_primary(
    conn: AsyncConnection, user_id: str, attribute: ValueAttribute
) -> None:
    # RFC 7643 §2.4: at most one primary value; a new primary demotes the
    # old one rather than being refused (what identity providers expect).
    await conn.execute(
        update(user_values)
        .where(
            user_values.c.user_id == user_id,
            user_values.c.attribute == attribute.value,
            user_values.c.primary.is_(True),
        )
        .values(primary=False)
    )


async def add(
    conn: AsyncConnection,
    user_id: str,
    attribute: ValueAttribute,
    values: Sequence[Value],
    existing: Sequence[Mapping[Any, Any]],
) -> None:
    """Append ``values``, skipping those already present (same sub-attributes,
    compared case-insensitively as RFC 7643 says for these attributes)."""
    validate(attribute, values)
    seen = {_identity(as_value(row)) for row in existing}
    fresh = []
    for item in values:
        identity = _identity(item)
        if identity not in seen:
            seen.add(identity)
            fresh.append(item)
    if not fresh:
        return
    if any(item.primary for item in fresh):
        await _clear_primary(conn, user_id, attribute)
    start = await _next_position(conn, user_id, attribute)
    await insert_values(conn, user_id, attribute, fresh, start)


def _identity(item: Value) -> tuple[Any, ...]:
    return tuple(
        content.lower() if isinstance(content, str) else content
        for name, content in asdict(item).items()
        if name != "primary"
    )


async def replace(
    conn: AsyncConnection,
    user_id: str,
    attribute: ValueAttribute,
    values: Sequence[Value],
) -> None:
    validate(attribute, values)
    await conn.execute(
        delete(user_values).where(
            user_values.c.user_id == user_id,
            user_values.c.attribute == attribute.value,
        )
    )
    await insert_values(conn, user_id, attribute, values)


async def remove(
    conn: AsyncConnection,
    user_id: str,
    attribute: ValueAttribute,
    where: Filter | None,
) -> int:
    """Delete the values matching ``where`` (all when None); return how many."""
    condition = user_values.c.attribute == attribute.value
    if where is not None:
        condition = value_condition(attribute, where)
    result = await conn.execute(
        delete(user_values).where(user_values.c.user_id == user_id, condition)
    )
    return result.rowcount


async def change(
    conn: AsyncConnection,
    user_id: str,
    attribute: ValueAttribute,
    where: Filter | None,
    changes: Mapping[ValueField, Any],
) -> None:
    """Set (or, with None, clear) sub-attributes of the matching values.

    :class:`NoTarget` when a filter matches no value (RFC 7644 §3.5.2.3).
    """
    columns = {
        VALUE_FIELDS[field].column: content for field, content in changes.items()
    }
    path = attribute.value
    given = {k: v for k, v in columns.items() if k != "primary" and v is not None}
    if given:
        _validate_one(attribute, path, Value(**given))
    if "value" in columns:
        columns["value_key"] = value_key(columns["value"])
    if "primary" in columns:
        columns["primary"] = bool(columns["primary"])
    condition = user_values.c.attribute == attribute.value
    if where is not None:
        condition = value_condition(attribute, where)
    owner = user_values.c.user_id == user_id
    matched = select(user_values.c.id).where(owner, condition)
    ids = list((await conn.execute(matched)).scalars())
    if not ids:
        raise NoTarget(path)
    if columns.get("primary"):
        if len(ids) > 1:
            raise ValidationFailed(path, "more than one value would be primary")
        await _clear_primary(conn, user_id, attribute)
    await conn.execute(
        update(user_values).where(user_values.c.id.in_(ids)).values(**columns)
    )
