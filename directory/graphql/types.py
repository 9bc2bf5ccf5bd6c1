"""Output types: users, groups, their members and their metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from ..domain import memberships
from ..domain.attributes import ValueAttribute
from .context import Info
from .errors import BAD_USER_INPUT, ApiError
from .pagination import Connection, connection

MAX_COUNT = 10_000


@strawberry.type(description="Resource metadata (RFC 7643 §3.1).")
class Meta:
    resource_type: str
    created: datetime
    last_modified: datetime
    version: int = strawberry.field(
        description="Bumped by every change; compare it with expectedVersion."
    )


@strawberry.type(description="The components of a user's name.")
class Name:
    formatted: str | None
    family_name: str | None
    given_name: str | None
    middle_name: str | None
    honorific_prefix: str | None
    honorific_suffix: str | None


@strawberry.type(
    description="A value of a multi-valued attribute (emails, phoneNumbers, "
    "ims, photos, entitlements, roles, x509Certificates)."
)
class AttributeValue:
    value: str | None
    type: str | None
    primary: bool
    display: str | None


@strawberry.type(description="A physical mailing address.")
class Address:
    formatted: str | None
    street_address: str | None
    locality: str | None
    region: str | None
    postal_code: str | None
    country: str | None
    type: str | None
    primary: bool


@strawberry.type(description="A user's manager (Enterprise User extension).")
class Manager:
    value: str = strawberry.field(description="The manager's user id.")

    @strawberry.field(description="The manager, when they are in the directory.")
    async def user(self, info: Info) -> User | None:
        row = await info.context.loaders.users.load(self.value)
        return None if row is None else User.from_row(row)

    @strawberry.field
    async def display_name(self, info: Info) -> str | None:
        row = await info.context.loaders.users.load(self.value)
        return None if row is None else row["display_name"]


@strawberry.type(description="Enterprise User extension attributes (RFC 7643 §4.3).")
class EnterpriseUser:
    employee_number: str | None
    cost_center: str | None
    organization: str | None
    division: str | None
    department: str | None
    manager: Manager | None


async def _value_rows(user_id: str, info: Info) -> Sequence[Mapping[Any, Any]]:
    return await info.context.loaders.values.load(user_id)


def _value_field(attribute: ValueAttribute, description: str | None = None) -> Any:
    """A field resolving one multi-valued attribute from the values loader."""

    async def resolve(root: User, info: Info) -> list[AttributeValue]:
        return [
            AttributeValue(
                value=row["value"],
                type=row["type"],
                primary=row["primary"],
                display=row["display"],
            )
            for row in await _value_rows(root.id, info)
            if row["attribute"] == attribute.value
        ]

    return strawberry.field(resolver=resolve, description=description)


@strawberry.type(description="A person with an account in the directory.")
class User:
    id: strawberry.ID
    user_name: str
    external_id: str | None
    display_name: str | None
    nick_name: str | None
    profile_url: str | None
    title: str | None
    user_type: str | None
    preferred_language: str | None
    locale: str | None
    timezone: str | None
    active: bool
    name: Name | None
    enterprise: EnterpriseUser | None
    custom_attributes: JSON
    meta: Meta

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> User:
        name = Name(
            formatted=row["name_formatted"],
            family_name=row["name_family_name"],
            given_name=row["name_given_name"],
            middle_name=row["name_middle_name"],
            honorific_prefix=row["name_honorific_prefix"],
            honorific_suffix=row["name_honorific_suffix"],
        )
        enterprise = EnterpriseUser(
            employee_number=row["employee_number"],
            cost_center=row["cost_center"],
            organization=row["organization"],
            division=row["division"],
            department=row["department"],
            manager=Manager(value=row["manager_id"]) if row["manager_id"] else None,
        )
        return cls(
            id=strawberry.ID(row["id"]),
            user_name=row["user_name"],
            external_id=row["external_id"],
            display_name=row["display_name"],
            nick_name=row["nick_name"],
            profile_url=row["profile_url"],
            title=row["title"],
            user_type=row["user_type"],
            preferred_language=row["preferred_language"],
            locale=row["locale"],
            timezone=row["timezone"],
            active=row["active"],
            name=name if any(vars(name).values()) else None,
            enterprise=enterprise if any(vars(enterprise).values()) else None,
            custom_attributes=JSON(row["custom"] or {}),
            meta=Meta(
                resource_type="User",
                created=row["created"],
                last_modified=row["last_modified"],
                version=row["version"],
            ),
        )

    async def _rows(self, info: Info) -> Sequence[Mapping[Any, Any]]:
        return await _value_rows(self.id, info)

    emails: list[AttributeValue] = _value_field(ValueAttribute.EMAILS)
    phone_numbers: list[AttributeValue] = _value_field(ValueAttribute.PHONE_NUMBERS)
    ims: list[AttributeValue] = _value_field(ValueAttribute.IMS)
    photos: list[AttributeValue] = _value_field(ValueAttribute.PHOTOS)
    entitlements: list[AttributeValue] = _value_field(
        ValueAttribute.ENTITLEMENTS,
        "The user's own entitlements, not those granted by groups.",
    )
    roles: list[AttributeValue] = _value_field(ValueAttribute.ROLES)
    x509_certificates: list[AttributeValue] = _value_field(
        ValueAttribute.X509_CERTIFICATES
    )

    @strawberry.field
    async def addresses(self, info: Info) -> list[Address]:
        return [
            Address(
                formatted=row["formatted"],
                street_address=row["street_address"],
                locality=row["locality"],
                region=row["region"],
                postal_code=row["postal_code"],
                country=row["country"],
                type=row["type"],
                primary=row["primary"],
            )
            for row in await self._rows(info)
            if row["attribute"] == ValueAttribute.ADDRESSES.value
        ]

    @strawberry.field(description="Groups the user is a direct member of.")
    async def member_of(self, info: Info) -> list[Group]:
        rows = await info.context.loaders.member_of.load(self.id)
        return [Group.from_row(row) for row in rows]

    @strawberry.field(description="Groups the user is in, directly or through nesting.")
    async def transitive_member_of(self, info: Info) -> list[Group]:
        rows = await info.context.loaders.transitive_member_of.load(self.id)
        return [Group.from_row(row) for row in rows]

    @strawberry.field(
        description="The user's own entitlements and those granted by every group "
        "they are in, directly or transitively; empty while the user is inactive."
    )
    async def effective_entitlements(self, info: Info) -> list[str]:
        return await info.context.loaders.effective_entitlements.load(self.id)


@strawberry.enum
class MemberType(Enum):
    USER = "User"
    GROUP = "Group"


@strawberry.type(description="A set of users and groups, which may grant entitlements.")
class Group:
    id: strawberry.ID
    display_name: str
    external_id: str | None
    custom_attributes: JSON
    meta: Meta

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> Group:
        return cls(
            id=strawberry.ID(row["id"]),
            display_name=row["display_name"],
            external_id=row["external_id"],
            custom_attributes=JSON(row["custom"] or {}),
            meta=Meta(
                resource_type="Group",
                created=row["created"],
                last_modified=row["last_modified"],
                version=row["version"],
            ),
        )

    @strawberry.field(description="Direct members, ordered by id.")
    async def members(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        type: MemberType | None = None,
    ) -> Connection[Member]:
        return await _members(info, self.id, first, after, type, transitive=False)

    @strawberry.field(description="Members, direct or through nested groups.")
    async def transitive_members(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        type: MemberType | None = None,
    ) -> Connection[Member]:
        return await _members(info, self.id, first, after, type, transitive=True)

    @strawberry.field(description="Groups this group is nested in, directly.")
    async def member_of(self, info: Info) -> list[Group]:
        rows = await info.context.loaders.member_of.load(self.id)
        return [Group.from_row(row) for row in rows]

    @strawberry.field(
        description="How many direct members the group has, counting no further "
        "than `upTo` (at most 10,000): cheap whatever the group's size."
    )
    async def member_count(self, info: Info, up_to: int) -> int:
        if not 0 <= up_to <= MAX_COUNT:
            raise ApiError(f"upTo must be between 0 and {MAX_COUNT}", BAD_USER_INPUT)
        async with info.context.reader() as conn:
            return await memberships.count_members_up_to(conn, self.id, up_to)

    @strawberry.field(description="Entitlements this group grants to its members.")
    async def grants(self, info: Info) -> list[str]:
        return await info.context.loaders.grants.load(self.id)


Member = Annotated[User | Group, strawberry.union("Member")]


async def _members(
    info: Info,
    group_id: str,
    first: int | None,
    after: str | None,
    member_type: MemberType | None,
    *,
    transitive: bool,
) -> Connection[User | Group]:
    context = info.context
    window = context.window(first, after)
    kind = None if member_type is None else member_type.value
    async with context.reader() as conn:
        page = await memberships.members_page(
            conn, group_id, window, transitive=transitive, member_type=kind
        )
    user_ids = [r["id"] for r in page.rows if r["member_type"] == memberships.USER]
    group_ids = [r["id"] for r in page.rows if r["member_type"] == memberships.GROUP]
    found: dict[str, User | Group | None] = {}
    for key, row in zip(
        user_ids, await context.loaders.users.load_many(user_ids), strict=True
    ):
        found[key] = None if row is None else User.from_row(row)
    for key, row in zip(
        group_ids, await context.loaders.groups.load_many(group_ids), strict=True
    ):
        found[key] = None if row is None else Group.from_row(row)

    async def count() -> int:
        async with context.reader() as conn:
            return await memberships.count_members(
                conn, group_id, transitive=transitive, member_type=kind
            )

    return connection(page, [found[row["id"]] for row in page.rows], count)
