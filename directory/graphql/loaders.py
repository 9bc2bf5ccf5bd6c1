"""DataLoaders, created per request, so that a list of 100 users with their
groups costs a handful of SQL statements rather than one per user."""

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TypeVar

from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.dataloader import DataLoader

from ..domain import entitlements, groups, memberships, users
from ..domain import values as multi

T = TypeVar("T")


class Loaders:
    def __init__(
        self, reader: Callable[[], AbstractAsyncContextManager[AsyncConnection]]
    ) -> None:
        self.reader = reader
        self.users = self._loader(_by_id(users.get_many))
        self.groups = self._loader(_by_id(groups.get_many))
        self.values = self._loader(multi.load)
        self.member_of = self._loader(self._member_of)
        self.transitive_member_of = self._loader(self._transitive_member_of)
        self.grants = self._loader(entitlements.granted_by)
        self.effective_entitlements = self._loader(entitlements.effective)

    def _loader(
        self,
        fetch: Callable[[AsyncConnection, Sequence[str]], Awaitable[dict[str, T]]],
    ) -> DataLoader[str, T]:
        async def load(keys: list[str]) -> list[T]:
            async with self.reader() as conn:
                found = await fetch(conn, keys)
            return [found[key] for key in keys]

        return DataLoader(load_fn=load)

    @staticmethod
    async def _member_of(
        conn: AsyncConnection, ids: Sequence[str]
    ) -> dict[str, list[RowMapping]]:
        return await memberships.groups_of(conn, ids, transitive=False)

    @staticmethod
    async def _transitive_member_of(
        conn: AsyncConnection, ids: Sequence[str]
    ) -> dict[str, list[RowMapping]]:
        return await memberships.groups_of(conn, ids, transitive=True)


Fetch = Callable[[AsyncConnection, Sequence[str]], Awaitable[dict[str, RowMapping]]]


def _by_id(
    fetch: Fetch,
) -> Callable[
    [AsyncConnection, Sequence[str]], Awaitable[dict[str, RowMapping | None]]
]:
    """A batch function answering None for the ids that ``fetch`` misses."""

    async def load(
        conn: AsyncConnection, ids: Sequence[str]
    ) -> dict[str, RowMapping | None]:
        found = await fetch(conn, ids)
        return {key: found.get(key) for key in ids}

    return load
