"""The number of SQL statements a query runs does not grow with its size."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from directory.store.database import Database

from .conftest import GraphQL, create_group, create_user

pytestmark = pytest.mark.anyio


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement)

    engines = [engine.sync_engine for engine in db.engines]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


QUERY = """{ users(first: 100) { nodes {
  id userName emails { value } memberOf { id displayName }
  transitiveMemberOf { id } effectiveEntitlements } } }"""


async def test_a_page_of_users_with_their_groups_costs_a_bounded_number_of_statements(
    gql: GraphQL, db: Database
) -> None:
    async def run() -> int:
        with counting(db) as statements:
            data = await gql(QUERY)
        assert data["users"]["nodes"]
        return len(statements)

    group = await create_group(gql, "G")
    people = [
        await create_user(gql, f"u{i}", emails=[{"value": f"u{i}@x"}]) for i in range(5)
    ]
    await gql(
        """mutation($g: ID!, $m: [MemberInput!]!) {
          addGroupMembers(groupId: $g, members: $m) { __typename } }""",
        {"g": group["id"], "m": [{"id": p["id"]} for p in people]},
    )
    small = await run()
    more = [await create_user(gql, f"v{i}") for i in range(60)]
    await gql(
        """mutation($g: ID!, $m: [MemberInput!]!) {
          addGroupMembers(groupId: $g, members: $m) { __typename } }""",
        {"g": group["id"], "m": [{"id": p["id"]} for p in more]},
    )
    large = await run()
    # authentication, the page, values, direct groups, transitive groups,
    # effective entitlements
    assert small == large
    assert large <= 7
