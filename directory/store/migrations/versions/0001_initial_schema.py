"""Initial schema: users, their values, groups, memberships, grants, tokens, events.

Revision ID: 0001
Revises:
Create Date: 2026-12-03 16:21:56.887430
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import directory.store.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "occurred_at",
            directory.store.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("resource_type", sa.String(length=16), nullable=False),
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_action"), ["action"], unique=False)
        batch_op.create_index(
            "ix_events_resource", ["resource_type", "resource_id", "id"], unique=False
        )

    op.create_table(
        "groups",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("display_name_key", sa.String(length=512), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column(
            "custom",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column(
            "created", directory.store.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "last_modified",
            directory.store.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_groups_display_name_key"), ["display_name_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_groups_external_id"), ["external_id"], unique=False
        )

    op.create_table(
        "tokens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "scopes",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column(
            "created", directory.store.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "expires_at",
            directory.store.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column(
            "last_used_at",
            directory.store.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column(
            "revoked_at",
            directory.store.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("secret_hash"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("user_name_key", sa.String(length=512), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("display_name_key", sa.String(length=512), nullable=True),
        sa.Column("nick_name", sa.Text(), nullable=True),
        sa.Column("profile_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("user_type", sa.Text(), nullable=True),
        sa.Column("preferred_language", sa.Text(), nullable=True),
        sa.Column("locale", sa.Text(), nullable=True),
        sa.Column("timezone", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("name_formatted", sa.Text(), nullable=True),
        sa.Column("name_family_name", sa.Text(), nullable=True),
        sa.Column("name_given_name", sa.Text(), nullable=True),
        sa.Column("name_middle_name", sa.Text(), nullable=True),
        sa.Column("name_honorific_prefix", sa.Text(), nullable=True),
        sa.Column("name_honorific_suffix", sa.Text(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("employee_number", sa.Text(), nullable=True),
        sa.Column("cost_center", sa.Text(), nullable=True),
        sa.Column("organization", sa.Text(), nullable=True),
        sa.Column("division", sa.Text(), nullable=True),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("manager_id", sa.Text(), nullable=True),
        sa.Column(
            "custom",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column(
            "created", directory.store.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "last_modified",
            directory.store.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_name_key"),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_users_display_name_key"), ["display_name_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_users_external_id"), ["external_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_users_manager_id"), ["manager_id"], unique=False
        )

    op.create_table(
        "grants",
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("entitlement", sa.String(length=255), nullable=False),
        sa.Column(
            "created", directory.store.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "entitlement"),
    )
    with op.batch_alter_table("grants", schema=None) as batch_op:
        batch_op.create_index("ix_grants_entitlement", ["entitlement"], unique=False)

    op.create_table(
        "memberships",
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("member_type", sa.String(length=8), nullable=False),
        sa.Column(
            "created", directory.store.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "member_id"),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(
            "ix_memberships_member", ["member_id", "group_id"], unique=False
        )

    op.create_table(
        "user_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("attribute", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("value_key", sa.String(length=512), nullable=True),
        sa.Column("type", sa.String(length=64), nullable=True),
        sa.Column("primary", sa.Boolean(), nullable=False),
        sa.Column("display", sa.Text(), nullable=True),
        sa.Column("formatted", sa.Text(), nullable=True),
        sa.Column("street_address", sa.Text(), nullable=True),
        sa.Column("locality", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("postal_code", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user_values", schema=None) as batch_op:
        batch_op.create_index(
            "ix_user_values_lookup", ["attribute", "value_key"], unique=False
        )
        batch_op.create_index(
            "ix_user_values_owner", ["user_id", "attribute", "position"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("user_values", schema=None) as batch_op:
        batch_op.drop_index("ix_user_values_owner")
        batch_op.drop_index("ix_user_values_lookup")

    op.drop_table("user_values")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index("ix_memberships_member")

    op.drop_table("memberships")
    with op.batch_alter_table("grants", schema=None) as batch_op:
        batch_op.drop_index("ix_grants_entitlement")

    op.drop_table("grants")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_manager_id"))
        batch_op.drop_index(batch_op.f("ix_users_external_id"))
        batch_op.drop_index(batch_op.f("ix_users_display_name_key"))

    op.drop_table("users")
    op.drop_table("tokens")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_groups_external_id"))
        batch_op.drop_index(batch_op.f("ix_groups_display_name_key"))

    op.drop_table("groups")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_resource")
        batch_op.drop_index(batch_op.f("ix_events_action"))

    op.drop_table("events")
