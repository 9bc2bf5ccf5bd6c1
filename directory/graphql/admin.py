"""Tokens, the caller's own identity, and the event log."""

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from ..domain import events, tokens
from ..domain.errors import DirectoryError, InvalidCursor
from ..domain.paging import Page
from ..domain.tokens import Scope
from ..store.types import utcnow
from .context import Info
from .inputs import TokenInput
from .pagination import Connection, connection
from .results import NotFoundError, ValidationError, failure


@strawberry.type(description="A bearer token; its secret is shown only once.")
class Token:
    id: strawberry.ID
    name: str
    prefix: str = strawberry.field(description="The first characters, to recognise it.")
    scopes: list[Scope]
    created: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @strawberry.field
    def active(self) -> bool:
        now = utcnow()
        expired = self.expires_at is not None and self.expires_at <= now
        return self.revoked_at is None and not expired

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> "Token":
        return cls(
            id=strawberry.ID(row["id"]),
            name=row["name"],
            prefix=row["prefix"],
            scopes=[Scope(name) for name in row["scopes"]],
            created=row["created"],
            expires_at=row["expires_at"],
            last_used_at=row["last_used_at"],
            revoked_at=row["revoked_at"],
        )


@strawberry.type
class TokenCreated:
    token: Token
    secret: str = strawberry.field(
        description="The bearer token. Store it now: it is never shown again."
    )


@strawberry.type
class TokenPayload:
    token: Token


CreateTokenResult = Annotated[
    TokenCreated | ValidationError, strawberry.union("CreateTokenResult")
]
RevokeTokenResult = Annotated[
    TokenPayload | NotFoundError, strawberry.union("RevokeTokenResult")
]


@strawberry.type(description="Who the request's token belongs to.")
class Viewer:
    token_id: strawberry.ID
    name: str
    scopes: list[Scope]


@strawberry.type(description="Who made a change.")
class Actor:
    name: str | None
    token_id: strawberry.ID | None


@strawberry.type(description="One recorded change, in commit order.")
class Event:
    id: strawberry.ID = strawberry.field(description="Increases in commit order.")
    occurred_at: datetime
    action: str
    resource_type: str
    resource_id: str
    actor: Actor
    request_id: str | None
    data: JSON = strawberry.field(description="The before/after difference.")

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> "Event":
        return cls(
            id=strawberry.ID(str(row["id"])),
            occurred_at=row["occurred_at"],
            action=row["action"],
            resource_type=row["resource_type"],
            resource_id=row["resource_id"],
            actor=Actor(name=row["actor_name"], token_id=row["actor_id"]),
            request_id=row["request_id"],
            data=row["data"],
        )


def _event_cursor(after: str | None) -> int:
    if after is None:
        return 0
    if not after.isdigit() or len(after) > 19:
        raise InvalidCursor(f"{after!r} is not an event id")
    return int(after)


@strawberry.type
class AdminQuery:
    @strawberry.field(description="The caller's own token.")
    def viewer(self, info: Info) -> Viewer:
        principal = info.context.require(Scope.DIRECTORY_READ)
        return Viewer(
            token_id=strawberry.ID(principal.token_id),
            name=principal.name,
            scopes=sorted(principal.scopes, key=lambda scope: scope.value),
        )

    @strawberry.field(description="Every token, revoked ones included (admin).")
    async def tokens(self, info: Info) -> list[Token]:
        async with info.context.reader(Scope.ADMIN) as conn:
            rows = await tokens.listing(conn)
        return [Token.from_row(row) for row in rows]

    @strawberry.field(
        description="Events after the event id `after`, oldest first (audit:read)."
    )
    async def events(
        self, info: Info, after: strawberry.ID | None = None, first: int | None = None
    ) -> Connection[Event]:
        context = info.context
        size = context.page_size(first)
        cursor = _event_cursor(None if after is None else str(after))
        async with context.reader(Scope.AUDIT_READ) as conn:
            rows = await events.after(conn, cursor, size + 1)
        page = Page(
            rows=rows[:size],
            cursors=[str(row["id"]) for row in rows[:size]],
            has_next=len(rows) > size,
            has_previous=cursor > 0,
        )

        async def count() -> int:
            async with context.reader(Scope.AUDIT_READ) as conn:
                return await events.count_after(conn, cursor)

        return connection(page, [Event.from_row(row) for row in page.rows], count)


@strawberry.type
class AdminMutation:
    @strawberry.mutation(
        description="Create a token (admin); the secret is shown once."
    )
    async def create_token(self, info: Info, input: TokenInput) -> CreateTokenResult:
        try:
            async with info.context.writer(Scope.ADMIN) as unit:
                issued = await tokens.create(
                    unit, input.name, input.scopes, input.expires_at
                )
        except DirectoryError as error:
            return failure(error)  # type: ignore[return-value]
        return TokenCreated(token=Token.from_row(issued.row), secret=issued.secret)

    @strawberry.mutation(description="Revoke a token (admin); effective at once.")
    async def revoke_token(self, info: Info, id: strawberry.ID) -> RevokeTokenResult:
        try:
            async with info.context.writer(Scope.ADMIN) as unit:
                row = await tokens.revoke(unit, str(id))
        except DirectoryError as error:
            return failure(error)  # type: ignore[return-value]
        return TokenPayload(token=Token.from_row(row))
