"""Keyset pagination with opaque cursors, and offset pagination.

A page is ordered by one sort key, then by id, so the order is total and
stable. A cursor names the last row seen (its sort value and id); the next
page starts strictly after it, so rows inserted or deleted meanwhile never
shift a page the way an offset does. Missing sort values come last in both
directions.

A cursor also names its order (the sort key and direction, hashed): used
with another order it would start the page at a meaningless place, so it is
refused as :class:`~.errors.InvalidCursor` instead, as is any cursor this
module did not make.
"""

import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, and_, literal, or_
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from .attributes import Kind
from .errors import InvalidCursor

SORT_LABEL = "sort_value"
#: Integer sort values fit a 32-bit column (meta.version); a larger one in a
#: forged cursor would be a database error rather than an empty page.
INTEGER_RANGE = range(-(2**31), 2**31)


@dataclass(frozen=True)
class Sort:
    key: ColumnElement[Any]
    kind: Kind
    descending: bool = False
    #: Whether the key may be NULL. A key that cannot be is ordered and
    #: compared plainly, so that its index serves the page.
    nullable: bool = True
    #: Whether the key alone orders rows totally (a unique NOT NULL column):
    #: then the id does not break ties, and the key's index is the order.
    unique: bool = False

    @classmethod
    def on(
        cls, key: ColumnElement[Any], kind: Kind, descending: bool = False
    ) -> "Sort":
        """A sort on ``key``, described from the column when it is one."""
        nullable = getattr(key, "nullable", True) is not False
        unique = getattr(key, "unique", False) is True and not nullable
        return cls(key, kind, descending, nullable, unique)


@dataclass(frozen=True)
class Window:
    """Which rows of a list to read: ``size`` rows after the cursor
    ``after`` (or after skipping ``offset`` rows), or, ``backwards``, the
    last ``size`` rows before the cursor ``before`` (or of the whole list)."""

    size: int
    after: str | None = None
    before: str | None = None
    offset: int = 0
    backwards: bool = False


@dataclass(frozen=True)
class Page:
    rows: Sequence[RowMapping]
    cursors: Sequence[str]
    has_next: bool
    has_previous: bool


def order_tag(sort: Sort) -> str:
    """A short name of ``sort``'s order, to recognise its cursors by."""
    direction = "desc" if sort.descending else "asc"
    described = f"{sort.key} {direction}".encode()
    return hashlib.blake2s(described, digest_size=6).hexdigest()


def encode_cursor(sort_value: Any, row_id: str, tag: str) -> str:
    if isinstance(sort_value, datetime):
        sort_value = sort_value.isoformat()
    raw = orjson.dumps([sort_value, row_id, tag])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> tuple[Any, str]:
    """The sort value and id named by ``cursor``; :class:`InvalidCursor` if
    it was not made by :func:`encode_cursor` for this order."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        content = orjson.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise InvalidCursor(f"{cursor!r} is not a cursor of this list") from None
    if not isinstance(content, list) or len(content) != 3:
        raise InvalidCursor(f"{cursor!r} is not a cursor of this list")
    value, row_id, tag = content
    if not _text(row_id) or tag != order_tag(sort):
        raise InvalidCursor(f"{cursor!r} is not a cursor of this order")
    if value is None:
        return None, row_id
    if sort.kind is Kind.DATETIME:
        value = _instant(value)
    if value is None or not _fits(value, sort.kind):
        raise InvalidCursor(f"{cursor!r} is not a cursor of this order")
    return value, row_id


def _text(value: Any) -> bool:
    # PostgreSQL text cannot hold NUL.
    return isinstance(value, str) and "\x00" not in value


def _instant(value: Any) -> datetime | None:
    """The aware datetime ``value`` names, or None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            return None
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _fits(value: Any, kind: Kind) -> bool:
    if kind is Kind.BOOLEAN:
        return isinstance(value, bool)
    if kind is Kind.INTEGER:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value in INTEGER_RANGE
        )
    if kind is Kind.DATETIME:
        return isinstance(value, datetime)
    return _text(value)


def _by_id(sort: Sort, id_column: ColumnElement[Any]) -> bool:
    return sort.key.compare(id_column)


def _after(
    sort: Sort, id_column: ColumnElement[Any], value: Any, row_id: str
) -> ColumnElement[bool]:
    key = sort.key
    beyond_id = id_column < row_id if sort.descending else id_column > row_id
    if _by_id(sort, id_column):
        return beyond_id
    if not sort.nullable and value is not None:
        bound = literal(value, key.type)
        beyond_key = key < bound if sort.descending else key > bound
        return or_(beyond_key, and_(key == bound, beyond_id))
    if value is None:
        return and_(key.is_(None), beyond_id)
    # A bound parameter of the key's type: SQLAlchemy refuses ``key > True``
    # written with the Python constant, and dates need the key's conversion.
    bound = literal(value, key.type)
    beyond_key = key < bound if sort.descending else key > bound
    return or_(key.is_(None), beyond_key, and_(key == bound, beyond_id))


def _before(
    sort: Sort, id_column: ColumnElement[Any], value: Any, row_id: str
) -> ColumnElement[bool]:
    key = sort.key
    short_of_id = id_column > row_id if sort.descending else id_column < row_id
    if _by_id(sort, id_column):
        return short_of_id
    if not sort.nullable and value is not None:
        bound = literal(value, key.type)
        short_of_key = key > bound if sort.descending else key < bound
        return or_(short_of_key, and_(key == bound, short_of_id))
    if value is None:
        return or_(key.is_not(None), and_(key.is_(None), short_of_id))
    bound = literal(value, key.type)
    short_of_key = key > bound if sort.descending else key < bound
    return and_(key.is_not(None), or_(short_of_key, and_(key == bound, short_of_id)))


def _ordered(
    query: Select[Any], sort: Sort, id_column: ColumnElement[Any], reverse: bool
) -> Select[Any]:
    descending = sort.descending != reverse
    keys = [] if _by_id(sort, id_column) else [sort.key]
    order = keys if sort.unique else [*keys, id_column]
    ordered = [column.desc() if descending else column for column in order]
    if not sort.nullable or not keys:
        return query.order_by(*ordered)
    missing = sort.key.is_(None)
    # Missing values last, or first when reading the order backwards.
    nulls = missing.desc() if reverse else missing.asc()
    return query.order_by(nulls, *ordered)


async def fetch(
    conn: AsyncConnection,
    query: Select[Any],
    *,
    sort: Sort,
    id_column: ColumnElement[Any],
    window: Window,
) -> Page:
    """Run ``query`` for the rows ``window`` names, in the sort's order."""
    query = query.add_columns(sort.key.label(SORT_LABEL))
    tag = order_tag(sort)
    if window.after is not None:
        value, row_id = decode_cursor(window.after, sort)
        query = query.where(_after(sort, id_column, value, row_id))
    backwards = window.backwards or window.before is not None
    if window.before is not None:
        value, row_id = decode_cursor(window.before, sort)
        query = query.where(_before(sort, id_column, value, row_id))
    query = _ordered(query, sort, id_column, reverse=backwards)
    query = query.limit(window.size + 1).offset(window.offset)
    rows = (await conn.execute(query)).mappings().all()
    page = list(rows[: window.size])
    if backwards:
        page.reverse()
    cursors = [encode_cursor(row[SORT_LABEL], row["id"], tag) for row in page]
    more = len(rows) > window.size
    started_later = window.after is not None or window.offset > 0
    return Page(
        rows=page,
        cursors=cursors,
        has_next=window.before is not None if backwards else more,
        has_previous=more if backwards else started_later,
    )
