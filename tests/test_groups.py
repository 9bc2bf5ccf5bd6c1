"""Groups, nesting, transitive membership and effective entitlements."""

import pytest
from sqlalchemy import select

from directory.store.database import Database
from directory.store.tables import events, memberships

from .conftest import GraphQL, create_group, create_user

pytestmark = pytest.mark.anyio

RESULT = """
  __typename
  ... on GroupPayload { group { id displayName meta { version } } }
  ... on Error { code message }
  ... on MembershipCycleError { groupId memberId }
  ... on NotFoundError { resourceType resourceId }
  ... on VersionMismatchError { actualVersion }
"""
ADD = f"""mutation($g: ID!, $m: [MemberInput!]!, $v: Int) {{
  addGroupMembers(groupId: $g, members: $m, expectedVersion: $v) {{ {RESULT} }} }}"""
REMOVE = f"""mutation($g: ID!, $m: [ID!]!) {{
  removeGroupMembers(groupId: $g, memberIds: $m) {{ {RESULT} }} }}"""
REPLACE = f"""mutation($g: ID!, $m: [MemberInput!]!) {{
  replaceGroupMembers(groupId: $g, members: $m) {{ {RESULT} }} }}"""
MEMBERS = """query($g: ID!, $first: Int, $after: String, $transitive: Boolean!) {
  group(id: $g) {
    members(first: $first, after: $after) @skip(if: $transitive) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { __typename ... on User { id } ... on Group { id } } }
    transitiveMembers(first: $first, after: $after) @include(if: $transitive) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { __typename ... on User { id } ... on Group { id } } }
  }
}"""
USER_ACCESS = """query($u: ID!) { user(id: $u) {
  memberOf { displayName } transitiveMemberOf {
    displayName } effectiveEntitlements } }"""
GRANT = """mutation($g: ID!, $e: String!) {
  grantEntitlement(groupId: $g, entitlement: $e) {
  __typename ... on GrantPayload { changed group { grants } } ... on Error {
    code } } }"""
REVOKE = GRANT.replace("grantEntitlement", "revokeEntitlement")


def _ids(nodes: list[dict[str, str]]) -> list[str]:
    return [node["id"] for node in nodes]


async def _members(gql: GraphQL, group: str, transitive: bool = False) -> list[str]:
    data = await gql(MEMBERS, {"g": group, "first": 1000, "transitive": transitive})
    key = "transitiveMembers" if transitive else "members"
    return sorted(_ids(data["group"][key]["nodes"]))


async def test_a_group_is_created_with_its_members(gql: GraphQL) -> None:
    alice = await create_user(gql, "alice")
    bob = await create_user(gql, "bob")
    group = await create_group(gql, "Engineering", [alice["id"], bob["id"]])
    assert group["meta"]["version"] == 1
    assert await _members(gql, group["id"]) == sorted([alice["id"], bob["id"]])


async def test_an_unknown_member_is_refused_and_nothing_is_written(
    gql: GraphQL, db: Database
) -> None:
    alice = await create_user(gql, "alice")
    group = await create_group(gql, "G")
    data = await gql(
        ADD, {"g": group["id"], "m": [{"id": alice["id"]}, {"id": "nope"}]}
    )
    result = data["addGroupMembers"]
    assert result["__typename"] == "ValidationError"
    assert result["code"] == "VALIDATION_FAILED"
    assert "'nope'" in result["message"]
    assert await _members(gql, group["id"]) == []


async def test_a_declared_member_type_that_is_wrong_is_refused(gql: GraphQL) -> None:
    alice = await create_user(gql, "alice")
    group = await create_group(gql, "G")
    data = await gql(
        ADD, {"g": group["id"], "m": [{"id": alice["id"], "type": "GROUP"}]}
    )
    assert data["addGroupMembers"]["code"] == "VALIDATION_FAILED"


async def test_adding_a_member_twice_adds_it_once_and_bumps_nothing(
    gql: GraphQL, db: Database
) -> None:
    alice = await create_user(gql, "alice")
    group = await create_group(gql, "G")
    first = await gql(ADD, {"g": group["id"], "m": [{"id": alice["id"]}]})
    again = await gql(ADD, {"g": group["id"], "m": [{"id": alice["id"]}]})
    assert first["addGroupMembers"]["group"]["meta"]["version"] == 2
    assert again["addGroupMembers"]["group"]["meta"]["version"] == 2
    async with db.read() as conn:
        query = select(events.c.action).where(events.c.action == "group.member_added")
        assert len((await conn.execute(query)).all()) == 1


async def test_removing_and_replacing_members_writes_only_the_difference(
    gql: GraphQL, db: Database
) -> None:
    users = [await create_user(gql, f"user{i}") for i in range(4)]
    ids = [user["id"] for user in users]
    group = await create_group(gql, "G", ids[:3])
    await gql(REMOVE, {"g": group["id"], "m": [ids[0], "not-a-member"]})
    assert await _members(gql, group["id"]) == sorted(ids[1:3])

    await gql(REPLACE, {"g": group["id"], "m": [{"id": ids[2]}, {"id": ids[3]}]})
    assert await _members(gql, group["id"]) == sorted(ids[2:4])
    async with db.read() as conn:
        query = (
            select(events.c.action, events.c.data)
            .where(
                events.c.resource_id == group["id"],
                events.c.action.like("group.member%"),
            )
            .order_by(events.c.id)
        )
        changes = [(a, d["member"]) for a, d in (await conn.execute(query)).all()]
    assert changes[-2:] == [
        ("group.member_removed", ids[1]),
        ("group.member_added", ids[3]),
    ]


async def test_a_stale_expected_version_refuses_a_membership_change(
    gql: GraphQL,
) -> None:
    alice = await create_user(gql, "alice")
    group = await create_group(gql, "G")
    data = await gql(ADD, {"g": group["id"], "m": [{"id": alice["id"]}], "v": 7})
    assert data["addGroupMembers"]["__typename"] == "VersionMismatchError"
    assert data["addGroupMembers"]["actualVersion"] == 1


async def test_nested_groups_give_transitive_membership(gql: GraphQL) -> None:
    alice = await create_user(gql, "alice")
    team = await create_group(gql, "Team", [alice["id"]])
    department = await create_group(gql, "Department", [team["id"]])
    company = await create_group(gql, "Company", [department["id"]])
    data = await gql(USER_ACCESS, {"u": alice["id"]})
    assert data["user"]["memberOf"] == [{"displayName": "Team"}]
    assert data["user"]["transitiveMemberOf"] == [
        {"displayName": "Company"},
        {"displayName": "Department"},
        {"displayName": "Team"},
    ]
    assert await _members(gql, company["id"], transitive=True) == sorted(
        [alice["id"], team["id"], department["id"]]
    )


async def test_a_cycle_is_refused(gql: GraphQL) -> None:
    a = await create_group(gql, "A")
    b = await create_group(gql, "B", [a["id"]])
    c = await create_group(gql, "C", [b["id"]])
    data = await gql(ADD, {"g": a["id"], "m": [{"id": c["id"]}]})
    result = data["addGroupMembers"]
    assert result["__typename"] == "MembershipCycleError"
    assert (result["groupId"], result["memberId"]) == (a["id"], c["id"])
    itself = await gql(ADD, {"g": a["id"], "m": [{"id": a["id"]}]})
    assert itself["addGroupMembers"]["code"] == "MEMBERSHIP_CYCLE"


async def test_effective_entitlements_come_through_nesting_and_vanish_when_inactive(
    gql: GraphQL,
) -> None:
    alice = await create_user(gql, "alice", entitlements=[{"value": "own:laptop"}])
    team = await create_group(gql, "Team", [alice["id"]])
    org = await create_group(gql, "Org", [team["id"]])
    granted = await gql(GRANT, {"g": org["id"], "e": "vpn:eu-west"})
    assert granted["grantEntitlement"]["changed"] is True
    assert granted["grantEntitlement"]["group"]["grants"] == ["vpn:eu-west"]
    again = await gql(GRANT, {"g": org["id"], "e": "vpn:eu-west"})
    assert again["grantEntitlement"]["changed"] is False
    await gql(GRANT, {"g": team["id"], "e": "app:crm"})

    data = await gql(USER_ACCESS, {"u": alice["id"]})
    assert data["user"]["effectiveEntitlements"] == [
        "app:crm",
        "own:laptop",
        "vpn:eu-west",
    ]

    deactivate = "mutation($u: ID!) { deactivateUser(id: $u) { __typename } }"
    await gql(deactivate, {"u": alice["id"]})
    data = await gql(USER_ACCESS, {"u": alice["id"]})
    assert data["user"]["effectiveEntitlements"] == []
    assert data["user"]["memberOf"] == [{"displayName": "Team"}]

    await gql(
        "mutation($u: ID!) { activateUser(id: $u) { __typename } }", {"u": alice["id"]}
    )
    await gql(REVOKE, {"g": org["id"], "e": "vpn:eu-west"})
    data = await gql(USER_ACCESS, {"u": alice["id"]})
    assert data["user"]["effectiveEntitlements"] == ["app:crm", "own:laptop"]


async def test_an_entitlement_with_whitespace_is_refused(gql: GraphQL) -> None:
    group = await create_group(gql, "G")
    data = await gql(GRANT, {"g": group["id"], "e": "bad value"})
    assert data["grantEntitlement"]["code"] == "VALIDATION_FAILED"


async def test_deleting_a_user_removes_their_memberships_with_events(
    gql: GraphQL, db: Database
) -> None:
    alice = await create_user(gql, "alice")
    group = await create_group(gql, "G", [alice["id"]])
    await gql(
        "mutation($u: ID!) { deleteUser(id: $u) { __typename } }", {"u": alice["id"]}
    )
    assert await _members(gql, group["id"]) == []
    async with db.read() as conn:
        assert (await conn.execute(select(memberships))).all() == []
        query = (
            select(events.c.action)
            .where(events.c.resource_id == group["id"])
            .order_by(events.c.id)
        )
        actions = list((await conn.execute(query)).scalars())
    assert actions == ["group.created", "group.member_added", "group.member_removed"]


async def test_deleting_a_group_removes_it_from_its_parents(gql: GraphQL) -> None:
    child = await create_group(gql, "Child")
    parent = await create_group(gql, "Parent", [child["id"]])
    await gql(
        "mutation($g: ID!) { deleteGroup(id: $g) { __typename } }", {"g": child["id"]}
    )
    assert await _members(gql, parent["id"]) == []


async def test_members_are_paged_with_cursors(gql: GraphQL) -> None:
    users = [await create_user(gql, f"user{i:02}") for i in range(7)]
    group = await create_group(gql, "G", [u["id"] for u in users])
    seen: list[str] = []
    after = None
    while True:
        data = await gql(
            MEMBERS, {"g": group["id"], "first": 3, "after": after, "transitive": False}
        )
        page = data["group"]["members"]
        assert page["totalCount"] == 7
        seen += _ids(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(u["id"] for u in users)


async def test_update_group_applies_every_operation_or_none(gql: GraphQL) -> None:
    alice = await create_user(gql, "alice")
    group = await create_group(gql, "G")
    query = f"""mutation($g: ID!, $ops: [GroupOperationInput!]!) {{
      updateGroup(id: $g, operations: $ops) {{ {RESULT} }} }}"""
    ops = [
        {"set": {"displayName": "Renamed"}},
        {"addMembers": [{"id": alice["id"]}]},
        {"addMembers": [{"id": group["id"]}]},
    ]
    data = await gql(query, {"g": group["id"], "ops": ops})
    assert data["updateGroup"]["code"] == "MEMBERSHIP_CYCLE"
    current = await gql(
        "query($g: ID!) { group(id: $g) { displayName meta { version } } }",
        {"g": group["id"]},
    )
    assert current["group"] == {"displayName": "G", "meta": {"version": 1}}
    assert await _members(gql, group["id"]) == []

    data = await gql(query, {"g": group["id"], "ops": ops[:2]})
    assert data["updateGroup"]["group"]["displayName"] == "Renamed"
    assert data["updateGroup"]["group"]["meta"]["version"] == 2


async def test_replace_group_sets_every_attribute_and_the_exact_members(
    gql: GraphQL,
) -> None:
    alice = await create_user(gql, "alice")
    bob = await create_user(gql, "bob")
    group = await create_group(gql, "Old", [alice["id"]])
    query = """mutation($g: ID!, $input: GroupInput!) {
      replaceGroup(id: $g, input: $input) {
      ... on GroupPayload { group { displayName externalId customAttributes meta {
        version } } }
      ... on Error { code } } }"""
    payload = {
        "displayName": "New",
        "externalId": "ext-9",
        "members": [{"id": bob["id"]}],
        "customAttributes": {"site": "Berlin"},
    }
    data = await gql(query, {"g": group["id"], "input": payload})
    assert data["replaceGroup"]["group"] == {
        "displayName": "New",
        "externalId": "ext-9",
        "customAttributes": {"site": "Berlin"},
        "meta": {"version": 2},
    }
    assert await _members(gql, group["id"]) == [bob["id"]]


async def test_group_operations_cover_attributes_members_and_custom_data(
    gql: GraphQL,
) -> None:
    alice = await create_user(gql, "alice")
    group = await create_group(gql, "G", [alice["id"]])
    query = """mutation($g: ID!, $ops: [GroupOperationInput!]!) {
      updateGroup(id: $g, operations: $ops) {
      __typename
      ... on GroupPayload { group { displayName externalId customAttributes } }
      ... on ValidationError { path } } }"""
    ops = [
        {"set": {"externalId": "e1"}},
        {"setCustomAttributes": {"a": 1}},
        {"removeAllMembers": True},
    ]
    data = await gql(query, {"g": group["id"], "ops": ops})
    assert data["updateGroup"]["group"] == {
        "displayName": "G",
        "externalId": "e1",
        "customAttributes": {"a": 1},
    }
    assert await _members(gql, group["id"]) == []

    ops = [{"replaceCustomAttributes": {}}, {"set": {"externalId": None}}]
    data = await gql(query, {"g": group["id"], "ops": ops})
    assert data["updateGroup"]["group"]["customAttributes"] == {}
    assert data["updateGroup"]["group"]["externalId"] is None

    data = await gql(query, {"g": group["id"], "ops": [{"set": {"displayName": " "}}]})
    assert data["updateGroup"] == {
        "__typename": "ValidationError",
        "path": "displayName",
    }
    data = await gql(
        query, {"g": group["id"], "ops": [{"replaceMembers": [{"id": alice["id"]}]}]}
    )
    assert await _members(gql, group["id"]) == [alice["id"]]


async def test_a_group_lists_the_groups_it_is_nested_in(gql: GraphQL) -> None:
    child = await create_group(gql, "Child")
    await create_group(gql, "Parent", [child["id"]])
    data = await gql(
        "query($g: ID!) { group(id: $g) { memberOf { displayName } } }",
        {"g": child["id"]},
    )
    assert data["group"]["memberOf"] == [{"displayName": "Parent"}]


async def test_members_can_be_listed_by_type(gql: GraphQL) -> None:
    alice = await create_user(gql, "alice")
    child = await create_group(gql, "Child")
    group = await create_group(gql, "G", [alice["id"], child["id"]])
    query = """query($g: ID!) { group(id: $g) {
      users: members(type: USER) { totalCount nodes { ... on User { userName } } }
      groups: transitiveMembers(type: GROUP) { totalCount nodes { ... on Group {
        displayName } } } } }"""
    data = await gql(query, {"g": group["id"]})
    assert data["group"]["users"] == {"totalCount": 1, "nodes": [{"userName": "alice"}]}
    assert data["group"]["groups"] == {
        "totalCount": 1,
        "nodes": [{"displayName": "Child"}],
    }


async def test_a_grant_bumps_the_group_version_and_honours_expected_versions(
    gql: GraphQL,
) -> None:
    group = await create_group(gql, "G")
    query = """mutation($g: ID!, $v: Int) {
      grantEntitlement(groupId: $g, entitlement: "app:crm", expectedVersion: $v) {
        __typename ... on GrantPayload { group { meta { version } } }
        ... on VersionMismatchError { actualVersion } } }"""
    stale = await gql(query, {"g": group["id"], "v": 5})
    assert stale["grantEntitlement"] == {
        "__typename": "VersionMismatchError",
        "actualVersion": 1,
    }
    granted = await gql(query, {"g": group["id"], "v": 1})
    assert granted["grantEntitlement"]["group"]["meta"]["version"] == 2


async def test_member_count_counts_up_to_its_bound(gql: GraphQL) -> None:
    people = [await create_user(gql, f"c{i}") for i in range(3)]
    group = await create_group(gql, "Counted", [p["id"] for p in people])
    query = """query($g: ID!, $n: Int!) { group(id: $g) { memberCount(upTo: $n) } }"""
    assert (await gql(query, {"g": group["id"], "n": 10}))["group"]["memberCount"] == 3
    assert (await gql(query, {"g": group["id"], "n": 2}))["group"]["memberCount"] == 2
    errors = await gql.errors(query, {"g": group["id"], "n": 10_001})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
