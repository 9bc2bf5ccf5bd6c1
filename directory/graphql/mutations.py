"""Mutations on users, groups, memberships and grants.

Each mutation is one transaction. Expected failures come back as result
types (``UserResult``, ``GroupResult``, …); the transaction is then rolled
back, so nothing is half-written.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry
from sqlalchemy.engine import RowMapping

from ..domain import entitlements, groups, memberships, users
from ..domain.errors import DirectoryError
from ..domain.unit import Unit
from .context import Info
from .inputs import (
    GroupInput,
    GroupOperationInput,
    MemberInput,
    UserInput,
    UserOperationInput,
    group_draft,
    group_operation,
    member_refs,
    user_draft,
    user_operation,
)
from .results import (
    DeletePayload,
    DeleteResult,
    GrantPayload,
    GrantResult,
    GroupPayload,
    GroupResult,
    UserPayload,
    UserResult,
    failure,
)
from .types import Group, User

T = TypeVar("T")
ExpectedVersion = Annotated[
    int | None,
    strawberry.argument(
        description="Fail with VERSION_MISMATCH unless the resource is at this version."
    ),
]


async def _run(info: Info, change: Callable[[Unit], Awaitable[T]]) -> T:
    async with info.context.writer() as unit:
        return await change(unit)


async def _user(
    info: Info, change: Callable[[Unit], Awaitable[RowMapping]]
) -> UserResult:
    try:
        row = await _run(info, change)
    except DirectoryError as error:
        return failure(error)  # type: ignore[return-value]
    return UserPayload(user=User.from_row(row))


async def _group(
    info: Info, change: Callable[[Unit], Awaitable[RowMapping]]
) -> GroupResult:
    try:
        row = await _run(info, change)
    except DirectoryError as error:
        return failure(error)  # type: ignore[return-value]
    return GroupPayload(group=Group.from_row(row))


async def _delete(
    info: Info, id: str, change: Callable[[Unit], Awaitable[None]]
) -> DeleteResult:
    try:
        await _run(info, change)
    except DirectoryError as error:
        return failure(error)  # type: ignore[return-value]
    return DeletePayload(id=strawberry.ID(id))


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create a user.")
    async def create_user(self, info: Info, input: UserInput) -> UserResult:
        draft = user_draft(input)
        return await _user(info, lambda unit: users.create(unit, draft))

    @strawberry.mutation(
        description="Replace every attribute of a user; omitted ones are cleared "
        "(the password is kept unless given)."
    )
    async def replace_user(
        self,
        info: Info,
        id: strawberry.ID,
        input: UserInput,
        expected_version: ExpectedVersion = None,
    ) -> UserResult:
        draft = user_draft(input)
        return await _user(
            info, lambda unit: users.replace(unit, str(id), draft, expected_version)
        )

    @strawberry.mutation(
        description="Apply operations to a user in order, all or none."
    )
    async def update_user(
        self,
        info: Info,
        id: strawberry.ID,
        operations: list[UserOperationInput],
        expected_version: ExpectedVersion = None,
    ) -> UserResult:
        steps = [user_operation(op) for op in operations]
        return await _user(
            info, lambda unit: users.update_user(unit, str(id), steps, expected_version)
        )

    @strawberry.mutation(description="Activate a user: their access returns.")
    async def activate_user(
        self,
        info: Info,
        id: strawberry.ID,
        expected_version: ExpectedVersion = None,
    ) -> UserResult:
        return await _user(
            info, lambda unit: users.set_active(unit, str(id), True, expected_version)
        )

    @strawberry.mutation(
        description="Deactivate a user: the record and memberships stay, every "
        "effective entitlement goes at once."
    )
    async def deactivate_user(
        self,
        info: Info,
        id: strawberry.ID,
        expected_version: ExpectedVersion = None,
    ) -> UserResult:
        return await _user(
            info, lambda unit: users.set_active(unit, str(id), False, expected_version)
        )

    @strawberry.mutation(description="Delete a user and their memberships.")
    async def delete_user(
        self,
        info: Info,
        id: strawberry.ID,
        expected_version: ExpectedVersion = None,
    ) -> DeleteResult:
        return await _delete(
            info, id, lambda unit: users.delete_user(unit, str(id), expected_version)
        )

    @strawberry.mutation(description="Create a group, optionally with members.")
    async def create_group(self, info: Info, input: GroupInput) -> GroupResult:
        draft = group_draft(input)
        return await _group(info, lambda unit: groups.create(unit, draft))

    @strawberry.mutation(
        description="Replace a group; only the difference in members is written."
    )
    async def replace_group(
        self,
        info: Info,
        id: strawberry.ID,
        input: GroupInput,
        expected_version: ExpectedVersion = None,
    ) -> GroupResult:
        draft = group_draft(input)
        return await _group(
            info, lambda unit: groups.replace(unit, str(id), draft, expected_version)
        )

    @strawberry.mutation(
        description="Apply operations to a group in order, all or none."
    )
    async def update_group(
        self,
        info: Info,
        id: strawberry.ID,
        operations: list[GroupOperationInput],
        expected_version: ExpectedVersion = None,
    ) -> GroupResult:
        steps = [group_operation(op) for op in operations]
        return await _group(
            info,
            lambda unit: groups.update_group(unit, str(id), steps, expected_version),
        )

    @strawberry.mutation(description="Delete a group, its memberships and grants.")
    async def delete_group(
        self,
        info: Info,
        id: strawberry.ID,
        expected_version: ExpectedVersion = None,
    ) -> DeleteResult:
        return await _delete(
            info, id, lambda unit: groups.delete_group(unit, str(id), expected_version)
        )

    @strawberry.mutation(description="Add members; those already in are left alone.")
    async def add_group_members(
        self,
        info: Info,
        group_id: strawberry.ID,
        members: list[MemberInput],
        expected_version: ExpectedVersion = None,
    ) -> GroupResult:
        refs = member_refs(members)

        async def change(unit: Unit) -> RowMapping:
            await memberships.add(unit, str(group_id), refs, expected_version)
            return await _current(unit, str(group_id))

        return await _group(info, change)

    @strawberry.mutation(
        description="Remove members; ids that are not members are ignored."
    )
    async def remove_group_members(
        self,
        info: Info,
        group_id: strawberry.ID,
        member_ids: list[strawberry.ID],
        expected_version: ExpectedVersion = None,
    ) -> GroupResult:
        ids = [str(member) for member in member_ids]

        async def change(unit: Unit) -> RowMapping:
            await memberships.remove(unit, str(group_id), ids, expected_version)
            return await _current(unit, str(group_id))

        return await _group(info, change)

    @strawberry.mutation(description="Make the members exactly these.")
    async def replace_group_members(
        self,
        info: Info,
        group_id: strawberry.ID,
        members: list[MemberInput],
        expected_version: ExpectedVersion = None,
    ) -> GroupResult:
        refs = member_refs(members)

        async def change(unit: Unit) -> RowMapping:
            await memberships.replace(unit, str(group_id), refs, expected_version)
            return await _current(unit, str(group_id))

        return await _group(info, change)

    @strawberry.mutation(description="Grant an entitlement to every member of a group.")
    async def grant_entitlement(
        self,
        info: Info,
        group_id: strawberry.ID,
        entitlement: str,
        expected_version: ExpectedVersion = None,
    ) -> GrantResult:
        return await _grant(
            info, str(group_id), entitlement, expected_version, entitlements.grant
        )

    @strawberry.mutation(description="Stop granting an entitlement through a group.")
    async def revoke_entitlement(
        self,
        info: Info,
        group_id: strawberry.ID,
        entitlement: str,
        expected_version: ExpectedVersion = None,
    ) -> GrantResult:
        return await _grant(
            info, str(group_id), entitlement, expected_version, entitlements.revoke
        )


async def _current(unit: Unit, group_id: str) -> RowMapping:
    row = await groups.get(unit.conn, group_id)
    assert row is not None
    return row


async def _grant(
    info: Info,
    group_id: str,
    entitlement: str,
    expected_version: int | None,
    change: Callable[[Unit, str, str, int | None], Awaitable[bool]],
) -> GrantResult:
    async def run(unit: Unit) -> tuple[bool, RowMapping]:
        changed = await change(unit, group_id, entitlement, expected_version)
        return changed, await _current(unit, group_id)

    try:
        changed, row = await _run(info, run)
    except DirectoryError as error:
        return failure(error)  # type: ignore[return-value]
    return GrantPayload(group=Group.from_row(row), changed=changed)
