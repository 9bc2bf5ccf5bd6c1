"""The directory's tables.

Every resource carries ``created``, ``last_modified`` and ``version``; the
version is bumped by every change and is what ETags and expected-version
checks compare. Case-insensitive keys (``*_key`` columns) are computed in
Python with ``str.lower`` so that SQLite and PostgreSQL agree on non-ASCII
text and the lookups stay on plain B-tree indexes.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from .types import PortableJSON, UTCDateTime

ID_LENGTH = 36
#: Longest value whose lower-cased copy is kept in an index column. Longer
#: values (certificates, photos as data URIs) are compared unindexed.
KEY_LENGTH = 512


def _id(**kwargs: Any) -> Any:
    return Field(sa_type=String(ID_LENGTH), **kwargs)


def _text(**kwargs: Any) -> Any:
    return Field(default=None, sa_type=Text, **kwargs)


def _timestamp(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


class UserRow(SQLModel, table=True):
    """A User (RFC 7643 §4.1) with the Enterprise User extension (§4.3)."""

    __tablename__ = "users"

    id: str = _id(primary_key=True)
    user_name: str = Field(sa_type=Text)
    user_name_key: str = Field(sa_type=String(KEY_LENGTH), unique=True)
    external_id: str | None = _text(index=True)
    display_name: str | None = _text()
    display_name_key: str | None = Field(
        default=None, sa_type=String(KEY_LENGTH), index=True
    )
    nick_name: str | None = _text()
    profile_url: str | None = _text()
    title: str | None = _text()
    user_type: str | None = _text()
    preferred_language: str | None = _text()
    locale: str | None = _text()
    timezone: str | None = _text()
    active: bool = Field(default=True)
    name_formatted: str | None = _text()
    name_family_name: str | None = _text()
    name_given_name: str | None = _text()
    name_middle_name: str | None = _text()
    name_honorific_prefix: str | None = _text()
    name_honorific_suffix: str | None = _text()
    password_hash: str | None = _text()
    employee_number: str | None = _text()
    cost_center: str | None = _text()
    organization: str | None = _text()
    division: str | None = _text()
    department: str | None = _text()
    manager_id: str | None = Field(default=None, sa_type=Text, index=True)
    custom: dict[str, Any] = Field(default_factory=dict, sa_type=PortableJSON)
    created: datetime = _timestamp()
    last_modified: datetime = _timestamp()
    version: int = Field(default=1)


class UserValueRow(SQLModel, table=True):
    """One value of a multi-valued User attribute (emails, roles, …).

    All of them share one table, so that ``emails[type eq "work" and value
    co "@x"]`` is a single correlated ``EXISTS`` on an indexed column.
    """

    __tablename__ = "user_values"
    __table_args__ = (
        Index("ix_user_values_lookup", "attribute", "value_key"),
        Index("ix_user_values_owner", "user_id", "attribute", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(
        sa_column=Column(
            String(ID_LENGTH),
            ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        )
    )
    attribute: str = Field(sa_type=String(32))
    position: int = Field(default=0)
    value: str | None = _text()
    value_key: str | None = Field(default=None, sa_type=String(KEY_LENGTH))
    type: str | None = Field(default=None, sa_type=String(64))
    primary: bool = Field(default=False)
    display: str | None = _text()
    formatted: str | None = _text()
    street_address: str | None = _text()
    locality: str | None = _text()
    region: str | None = _text()
    postal_code: str | None = _text()
    country: str | None = _text()


class GroupRow(SQLModel, table=True):
    """A Group (RFC 7643 §4.2); its members live in ``memberships``."""

    __tablename__ = "groups"

    id: str = _id(primary_key=True)
    display_name: str = Field(sa_type=Text)
    display_name_key: str = Field(sa_type=String(KEY_LENGTH), index=True)
    external_id: str | None = _text(index=True)
    custom: dict[str, Any] = Field(default_factory=dict, sa_type=PortableJSON)
    created: datetime = _timestamp()
    last_modified: datetime = _timestamp()
    version: int = Field(default=1)


class MembershipRow(SQLModel, table=True):
    """A direct member of a group: a user, or a group (nesting).

    One row per member, so adding or removing one member never touches the
    others, whatever the size of the group.
    """

    __tablename__ = "memberships"
    __table_args__ = (Index("ix_memberships_member", "member_id", "group_id"),)

    group_id: str = Field(
        sa_column=Column(
            String(ID_LENGTH),
            ForeignKey("groups.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    member_id: str = _id(primary_key=True)
    member_type: str = Field(sa_type=String(8))
    created: datetime = _timestamp()


class GrantRow(SQLModel, table=True):
    """An entitlement (``vpn:eu-west``, ``app:crm``) granted by a group."""

    __tablename__ = "grants"
    __table_args__ = (Index("ix_grants_entitlement", "entitlement"),)

    group_id: str = Field(
        sa_column=Column(
            String(ID_LENGTH),
            ForeignKey("groups.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    entitlement: str = Field(sa_type=String(255), primary_key=True)
    created: datetime = _timestamp()


class TokenRow(SQLModel, table=True):
    """A bearer token. Only a SHA-256 of the secret is kept."""

    __tablename__ = "tokens"

    id: str = _id(primary_key=True)
    name: str = Field(sa_type=String(200))
    prefix: str = Field(sa_type=String(32))
    secret_hash: str = Field(sa_type=String(64), unique=True)
    scopes: list[str] = Field(default_factory=list, sa_type=PortableJSON)
    created: datetime = _timestamp()
    expires_at: datetime | None = _timestamp(default=None, nullable=True)
    last_used_at: datetime | None = _timestamp(default=None, nullable=True)
    revoked_at: datetime | None = _timestamp(default=None, nullable=True)


class EventRow(SQLModel, table=True):
    """One change, appended in the transaction that made it.

    Ids increase in commit order (see ``domain.events``), so a reader that
    remembers the last id it saw never misses a later event.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_resource", "resource_type", "resource_id", "id"),
    )

    id: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
    )
    occurred_at: datetime = _timestamp()
    action: str = Field(sa_type=String(64), index=True)
    resource_type: str = Field(sa_type=String(16))
    resource_id: str = _id()
    actor_id: str | None = Field(default=None, sa_type=String(ID_LENGTH))
    actor_name: str | None = Field(default=None, sa_type=String(200))
    request_id: str | None = Field(default=None, sa_type=String(128))
    data: dict[str, Any] = Field(default_factory=dict, sa_type=PortableJSON)


metadata = SQLModel.metadata
users = metadata.tables["users"]
user_values = metadata.tables["user_values"]
groups = metadata.tables["groups"]
memberships = metadata.tables["memberships"]
grants = metadata.tables["grants"]
tokens = metadata.tables["tokens"]
events = metadata.tables["events"]
