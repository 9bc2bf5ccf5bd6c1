"""Concurrent writers never lose each other's changes."""

import asyncio

import pytest

from .conftest import CREATE_USER, GraphQL, create_group, create_user

pytestmark = pytest.mark.anyio

ADD = """mutation($g: ID!, $m: [MemberInput!]!) {
  addGroupMembers(groupId: $g, members: $m) { __typename } }"""
UPDATE = """mutation($id: ID!, $ops: [UserOperationInput!]!, $v: Int) {
  updateUser(id: $id, operations: $ops, expectedVersion: $v) { __typename } }"""


async def test_sixteen_clients_adding_different_members_lose_none(gql: GraphQL) -> None:
    people = [await create_user(gql, f"p{i}") for i in range(16)]
    group = await create_group(gql, "G")
    results = await asyncio.gather(
        *(gql(ADD, {"g": group["id"], "m": [{"id": p["id"]}]}) for p in people)
    )
    assert all(r["addGroupMembers"]["__typename"] == "GroupPayload" for r in results)
    data = await gql(
        "query($g: ID!) { group(id: $g) { meta { version } members(first: 100) "
        "{ totalCount } } }",
        {"g": group["id"]},
    )
    assert data["group"]["members"]["totalCount"] == 16
    assert data["group"]["meta"]["version"] == 17


async def test_sixteen_clients_creating_one_user_name_make_exactly_one_user(
    gql: GraphQL,
) -> None:
    results = await asyncio.gather(
        *(
            gql(CREATE_USER, {"input": {"userName": "SAME" if i % 2 else "same"}})
            for i in range(16)
        )
    )
    kinds = sorted(r["createUser"]["__typename"] for r in results)
    assert kinds == ["UniquenessConflictError"] * 15 + ["UserPayload"]


async def test_concurrent_updates_with_the_same_expected_version_let_one_win(
    gql: GraphQL,
) -> None:
    user = await create_user(gql, "contended")
    results = await asyncio.gather(
        *(
            gql(
                UPDATE, {"id": user["id"], "ops": [{"set": {"title": f"t{i}"}}], "v": 1}
            )
            for i in range(16)
        )
    )
    kinds = sorted(r["updateUser"]["__typename"] for r in results)
    assert kinds == ["UserPayload"] + ["VersionMismatchError"] * 15


async def test_concurrent_value_additions_without_versions_are_all_kept(
    gql: GraphQL,
) -> None:
    user = await create_user(gql, "many-emails")
    await asyncio.gather(
        *(
            gql(
                UPDATE,
                {
                    "id": user["id"],
                    "ops": [
                        {
                            "addValues": {
                                "attribute": "EMAILS",
                                "values": [{"value": f"e{i}@x.example"}],
                            }
                        }
                    ],
                },
            )
            for i in range(16)
        )
    )
    data = await gql(
        "query($id: ID!) { user(id: $id) { emails { value } meta { version } } }",
        {"id": user["id"]},
    )
    assert len(data["user"]["emails"]) == 16
    assert data["user"]["meta"]["version"] == 17
