"""Keyset pagination with opaque cursors, and offset pagination.

A page is ordered by one sort key, then by id, so the order is total and
stable. A cursor names the last row seen (its sort value and id); the next
page starts strictly after it, so rows inserted or deleted meanwhile never
shift a page the way an offset does. Missing sort values come last in both
directions.
"""

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from .attributes import Kind
from .errors import InvalidCursor

SORT_LABEL = "sort_value"


@dataclass(frozen=True)
class Sort:
    key: ColumnElement[Any]
    kind: Kind
    descending: bool = False


@dataclass(frozen=True)
class Page:
    rows: Sequence[RowMapping]
    cursors: Sequence[str]
    has_next: bool
    has_previous: bool


def encode_cursor(sort_value: Any, row_id: str) -> str:
    if isinstance(sort_value, datetime):
        sort_value = sort_value.isoformat()
    raw = orjson.dumps([sort_value, row_id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: Kind) -> tuple[Any, str]:
    """The sort value and id named by ``cursor``; :class:`InvalidCursor` if
    it was not made by :func:`encode_cursor` for this kind of sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, row_id = orjson.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise InvalidCursor(f"{cursor!r} is not a cursor of this list") from None
    if not isinstance(row_id, str) or not _fits(value, kind):
        raise InvalidCursor(f"{cursor!r} is not a cursor of this order")
    if value is not None and kind is Kind.DATETIME:
        value = datetime.fromisoformat(value)
    return value, row_id


def _fits(value: Any, kind: Kind) -> bool:
    if value is None:
        return True
    if kind is Kind.BOOLEAN:
        return isinstance(value, bool)
    if kind is Kind.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is Kind.DATETIME:
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    return isinstance(value, str)


def _after(
    sort: Sort, id_column: ColumnElement[Any], value: Any, row_id: str
) -> ColumnElement[bool]:
    key = sort.key
    beyond_id = id_column < row_id if sort.descending else id_column > row_id
    if value is None:
        return and_(key.is_(None), beyond_id)
    beyond_key = key < value if sort.descending else key > value
    return or_(key.is_(None), beyond_key, and_(key == value, beyond_id))


async def fetch(
    conn: AsyncConnection,
    query: Select[Any],
    *,
    sort: Sort,
    id_column: ColumnElement[Any],
    first: int,
    after: str | None = None,
    offset: int = 0,
) -> Page:
    """Run ``query`` for one page of ``first`` rows after ``after`` (a
    cursor) or after skipping ``offset`` rows."""
    query = query.add_columns(sort.key.label(SORT_LABEL))
    if after is not None:
        value, row_id = decode_cursor(after, sort.kind)
        query = query.where(_after(sort, id_column, value, row_id))
    nulls_last = sort.key.is_(None)
    if sort.descending:
        query = query.order_by(nulls_last, sort.key.desc(), id_column.desc())
    else:
        query = query.order_by(nulls_last, sort.key, id_column)
    query = query.limit(first + 1).offset(offset)
    rows = (await conn.execute(query)).mappings().all()
    page = rows[:first]
    cursors = [encode_cursor(row[SORT_LABEL], row["id"]) for row in page]
    return Page(
        rows=page,
        cursors=cursors,
        has_next=len(rows) > first,
        has_previous=after is not None or offset > 0,
    )
