"""Queries over users and groups."""

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from ..domain import groups, users
from ..domain.filters import Filter
from ..domain.paging import Sort
from .context import Info
from .filters import (
    GroupFilter,
    GroupOrder,
    SortDirection,
    UserFilter,
    UserOrder,
    group_filter,
    user_filter,
)
from .pagination import Connection, connection
from .types import Group, User

OFFSET_HELP = (
    "Rows to skip before the page (SCIM startIndex - 1). Prefer `after`: "
    "cursors stay stable while the list changes."
)
Offset = Annotated[int | None, strawberry.argument(description=OFFSET_HELP)]


@strawberry.type
class Query:
    @strawberry.field(description="A user by id.")
    async def user(self, info: Info, id: strawberry.ID) -> User | None:
        row = await info.context.loaders.users.load(str(id))
        return None if row is None else User.from_row(row)

    @strawberry.field(description="A user by userName, compared case-insensitively.")
    async def user_by_user_name(self, info: Info, user_name: str) -> User | None:
        async with info.context.reader() as conn:
            row = await users.get_by_user_name(conn, user_name)
        return None if row is None else User.from_row(row)

    @strawberry.field(description="Users matching `filter`, one page at a time.")
    async def users(
        self,
        info: Info,
        filter: UserFilter | None = None,
        order_by: UserOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        offset: Offset = None,
    ) -> Connection[User]:
        context = info.context
        window = context.window(first, after, last, before, offset)
        where = None if filter is None else user_filter(filter)
        sort = users.sorting(
            order_by.field if order_by else None,
            order_by is not None and order_by.direction is SortDirection.DESC,
        )
        async with context.reader() as conn:
            page = await users.page(conn, where, sort, window)
        return connection(
            page,
            [User.from_row(row) for row in page.rows],
            _counter(info, users.count, where),
        )

    @strawberry.field(description="A group by id.")
    async def group(self, info: Info, id: strawberry.ID) -> Group | None:
        row = await info.context.loaders.groups.load(str(id))
        return None if row is None else Group.from_row(row)

    @strawberry.field(description="Groups matching `filter`, one page at a time.")
    async def groups(
        self,
        info: Info,
        filter: GroupFilter | None = None,
        order_by: GroupOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        offset: Offset = None,
    ) -> Connection[Group]:
        context = info.context
        window = context.window(first, after, last, before, offset)
        where = None if filter is None else group_filter(filter)
        sort: Sort = groups.sorting(
            order_by.field if order_by else None,
            order_by is not None and order_by.direction is SortDirection.DESC,
        )
        async with context.reader() as conn:
            page = await groups.page(conn, where, sort, window)
        return connection(
            page,
            [Group.from_row(row) for row in page.rows],
            _counter(info, groups.count, where),
        )


Count = Callable[[AsyncConnection, Filter | None], Awaitable[int]]


def _counter(
    info: Info, count: Count, where: Filter | None
) -> Callable[[], Awaitable[int]]:
    async def run() -> int:
        async with info.context.reader() as conn:
            return await count(conn, where)

    return run
