"""Per-request context: who is asking, and the handles their scopes allow.

Authorization is obtained, not remembered: a resolver asks the context for
a reader or a writer, and gets one only if the request's token has the
scope for it.

All the reads of one request share one connection and one snapshot, taken
in turns: opening a connection and a transaction per DataLoader batch cost
more than the queries themselves. A write ends the snapshot, so that what
is read after it sees it, and forgets what the loaders had cached.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info as StrawberryInfo

from ..domain import unit as units
from ..domain.paging import Window
from ..domain.tokens import Principal, Scope
from ..settings import Settings
from ..store.database import Database
from .errors import BAD_USER_INPUT, FORBIDDEN, UNAUTHENTICATED, ApiError
from .loaders import Loaders


@dataclass
class Context:
    db: Database
    settings: Settings
    principal: Principal | None
    request_id: str | None = None
    _snapshot: AbstractAsyncContextManager[AsyncConnection] | None = field(
        default=None, init=False, repr=False
    )
    _conn: AsyncConnection | None = field(default=None, init=False, repr=False)
    _turn: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)

    def require(self, scope: Scope) -> Principal:
        """The principal, if it holds ``scope``; a coded error otherwise."""
        if self.principal is None:
            raise ApiError("a bearer token is required", UNAUTHENTICATED)
        if not self.principal.allows(scope):
            raise ApiError(f"the token lacks the {scope.value!r} scope", FORBIDDEN)
        return self.principal

    @asynccontextmanager
    async def reader(
        self, scope: Scope = Scope.DIRECTORY_READ
    ) -> AsyncIterator[AsyncConnection]:
        """The request's read connection, for the length of the block; the
        block must not ask for the reader again."""
        self.require(scope)
        async with self._turn:
            if self._conn is None:
                self._snapshot = self.db.read()
                self._conn = await self._snapshot.__aenter__()
            yield self._conn

    async def release(self) -> None:
        """End the request's snapshot, if one is open."""
        async with self._turn:
            snapshot, self._snapshot, self._conn = self._snapshot, None, None
            if snapshot is not None:
                await snapshot.__aexit__(None, None, None)

    @asynccontextmanager
    async def writer(
        self, scope: Scope = Scope.DIRECTORY_WRITE
    ) -> AsyncIterator[units.Unit]:
        principal = self.require(scope)
        try:
            async with units.write(self.db, principal.actor, self.request_id) as unit:
                yield unit
        finally:
            await self.release()
            self.__dict__.pop("loaders", None)

    @cached_property
    def loaders(self) -> Loaders:
        self.require(Scope.DIRECTORY_READ)
        return Loaders(self.reader)

    def window(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        offset: int | None = None,
    ) -> Window:
        """The rows a list's arguments ask for, or a coded error when they
        contradict each other."""
        backwards = last is not None or before is not None
        if backwards and (first is not None or after is not None):
            raise ApiError("give first/after or last/before, not both", BAD_USER_INPUT)
        if offset is not None and offset < 0:
            raise ApiError("offset must not be negative", BAD_USER_INPUT)
        if offset and (after is not None or backwards):
            raise ApiError("give a cursor or `offset`, not both", BAD_USER_INPUT)
        size = self.page_size(last if backwards else first)
        return Window(size, after, before, offset or 0, backwards)

    def page_size(self, first: int | None) -> int:
        """``first`` checked against the configured limit."""
        if first is None:
            return self.settings.default_page_size
        if first < 0 or first > self.settings.max_page_size:
            raise ApiError(
                f"first must be between 0 and {self.settings.max_page_size}",
                BAD_USER_INPUT,
            )
        return first


Info = StrawberryInfo[Context, None]
