"""Users through GraphQL: create, read, change, replace, deactivate, delete."""

import pytest
from sqlalchemy import select

from directory.store.database import Database
from directory.store.tables import events, users

from .conftest import CREATE_USER, USER_FIELDS, GraphQL, create_user

pytestmark = pytest.mark.anyio

UPDATE_USER = f"""
mutation($id: ID!, $ops: [UserOperationInput!]!, $version: Int) {{
  updateUser(id: $id, operations: $ops, expectedVersion: $version) {{
    __typename
    ... on UserPayload {{ user {{ {USER_FIELDS} }} }}
    ... on Error {{ code message }}
    ... on ValidationError {{ path reason }}
    ... on VersionMismatchError {{ expectedVersion actualVersion }}
    ... on NoTargetError {{ path }}
  }}
}}
"""


async def _events(db: Database, resource_id: str) -> list[str]:
    async with db.read() as conn:
        query = (
            select(events.c.action)
            .where(events.c.resource_id == resource_id)
            .order_by(events.c.id)
        )
        return list((await conn.execute(query)).scalars())


async def test_a_created_user_reads_back_with_every_attribute(gql: GraphQL) -> None:
    created = await create_user(
        gql,
        "Ada@Example.com",
        externalId="ext-1",
        name={"givenName": "Ada", "familyName": "Lovelace"},
        emails=[{"value": "ada@example.com", "type": "work", "primary": True}],
        addresses=[{"streetAddress": "1 Main St", "country": "GB", "type": "work"}],
        enterprise={"department": "R&D", "employeeNumber": "7"},
        customAttributes={"costCenter": "CC-1"},
    )
    data = await gql(
        f"query($id: ID!) {{ user(id: $id) {{ {USER_FIELDS} }} }}",
        {"id": created["id"]},
    )
    user = data["user"]
    assert user == created
    assert user["userName"] == "Ada@Example.com"
    assert user["name"]["givenName"] == "Ada"
    assert user["emails"] == [
        {"value": "ada@example.com", "type": "work", "primary": True, "display": None}
    ]
    assert user["addresses"][0]["country"] == "GB"
    assert user["enterprise"]["department"] == "R&D"
    assert user["customAttributes"] == {"costCenter": "CC-1"}
    assert user["active"] is True
    assert user["meta"]["version"] == 1


async def test_user_name_lookup_ignores_case(gql: GraphQL) -> None:
    await create_user(gql, "Grace@Example.com")
    data = await gql('{ userByUserName(userName: "grace@EXAMPLE.com") { userName } }')
    assert data["userByUserName"] == {"userName": "Grace@Example.com"}


async def test_a_user_name_taken_in_another_case_is_a_conflict_naming_the_field(
    gql: GraphQL, db: Database
) -> None:
    await create_user(gql, "alan@example.com")
    data = await gql(CREATE_USER, {"input": {"userName": "ALAN@example.com"}})
    result = data["createUser"]
    assert result["__typename"] == "UniquenessConflictError"
    assert result["code"] == "UNIQUENESS_CONFLICT"
    assert result["field"] == "userName"
    async with db.read() as conn:
        count = len((await conn.execute(select(users.c.id))).all())
    assert count == 1


async def test_an_invalid_value_fails_naming_its_path(gql: GraphQL) -> None:
    data = await gql(
        CREATE_USER,
        {
            "input": {
                "userName": "x",
                "emails": [
                    {"value": "a", "primary": True},
                    {"value": "b", "primary": True},
                ],
            }
        },
    )
    result = data["createUser"]
    assert result["__typename"] == "ValidationError"
    assert result["code"] == "VALIDATION_FAILED"
    assert result["path"] == "emails"


async def test_an_empty_user_name_is_refused(gql: GraphQL) -> None:
    data = await gql(CREATE_USER, {"input": {"userName": "  "}})
    assert data["createUser"]["path"] == "userName"


async def test_the_password_is_stored_as_a_slow_hash_and_never_returned(
    gql: GraphQL, db: Database
) -> None:
    user = await create_user(gql, "pw@example.com", password="correct horse battery")
    async with db.read() as conn:
        stored = (
            await conn.execute(
                select(users.c.password_hash).where(users.c.id == user["id"])
            )
        ).scalar_one()
    assert stored.startswith("scrypt$")
    assert "correct horse" not in stored
    schema_fields = await gql('{ __type(name: "User") { fields { name } } }')
    names = {field["name"] for field in schema_fields["__type"]["fields"]}
    assert not {name for name in names if "password" in name.lower()}


async def test_partial_update_sets_and_unsets_fields_and_bumps_the_version(
    gql: GraphQL,
) -> None:
    user = await create_user(gql, "u1", title="Engineer", displayName="U One")
    ops = [
        {"set": {"title": "Manager", "name": {"givenName": "Uno"}}},
        {"unset": ["DISPLAY_NAME"]},
    ]
    data = await gql(UPDATE_USER, {"id": user["id"], "ops": ops})
    updated = data["updateUser"]["user"]
    assert updated["title"] == "Manager"
    assert updated["displayName"] is None
    assert updated["name"]["givenName"] == "Uno"
    assert updated["meta"]["version"] == 2


async def test_an_update_that_changes_nothing_keeps_the_version_and_records_nothing(
    gql: GraphQL, db: Database
) -> None:
    user = await create_user(gql, "same", title="T")
    data = await gql(UPDATE_USER, {"id": user["id"], "ops": [{"set": {"title": "T"}}]})
    assert data["updateUser"]["user"]["meta"]["version"] == 1
    assert await _events(db, user["id"]) == ["user.created"]


async def test_multi_valued_changes_address_values_through_filters(
    gql: GraphQL,
) -> None:
    user = await create_user(
        gql,
        "mv",
        emails=[
            {"value": "home@x.example", "type": "home", "primary": True},
            {"value": "work@x.example", "type": "work"},
        ],
    )
    work = {"compare": {"field": "TYPE", "op": "EQ", "value": {"string": "WORK"}}}
    ops = [
        {
            "updateValues": {
                "attribute": "EMAILS",
                "where": work,
                "set": {"value": "new@x.example", "primary": True},
            }
        },
        {
            "addValues": {
                "attribute": "PHONE_NUMBERS",
                "values": [{"value": "+1 555", "type": "mobile"}],
            }
        },
    ]
    data = await gql(UPDATE_USER, {"id": user["id"], "ops": ops})
    updated = data["updateUser"]["user"]
    assert updated["emails"] == [
        {"value": "home@x.example", "type": "home", "primary": False, "display": None},
        {"value": "new@x.example", "type": "work", "primary": True, "display": None},
    ]
    assert updated["phoneNumbers"] == [
        {"value": "+1 555", "type": "mobile", "primary": False}
    ]

    home = {"compare": {"field": "TYPE", "op": "EQ", "value": {"string": "home"}}}
    data = await gql(
        UPDATE_USER,
        {
            "id": user["id"],
            "ops": [{"removeValues": {"attribute": "EMAILS", "where": home}}],
        },
    )
    assert [e["value"] for e in data["updateUser"]["user"]["emails"]] == [
        "new@x.example"
    ]


async def test_adding_a_value_already_present_adds_nothing(gql: GraphQL) -> None:
    user = await create_user(
        gql, "dup", emails=[{"value": "a@x.example", "type": "work"}]
    )
    ops = [
        {
            "addValues": {
                "attribute": "EMAILS",
                "values": [{"value": "A@X.example", "type": "work"}],
            }
        }
    ]
    data = await gql(UPDATE_USER, {"id": user["id"], "ops": ops})
    assert len(data["updateUser"]["user"]["emails"]) == 1
    assert data["updateUser"]["user"]["meta"]["version"] == 1


async def test_a_filter_matching_no_value_is_no_target(gql: GraphQL) -> None:
    user = await create_user(
        gql, "nt", emails=[{"value": "a@x.example", "type": "work"}]
    )
    other = {"compare": {"field": "TYPE", "op": "EQ", "value": {"string": "other"}}}
    ops = [
        {
            "updateValues": {
                "attribute": "EMAILS",
                "where": other,
                "set": {"display": "x"},
            }
        }
    ]
    data = await gql(UPDATE_USER, {"id": user["id"], "ops": ops})
    assert data["updateUser"]["__typename"] == "NoTargetError"
    assert data["updateUser"]["path"] == "emails"


async def test_a_failing_operation_rolls_back_the_ones_before_it(
    gql: GraphQL, db: Database
) -> None:
    user = await create_user(gql, "atomic", title="Before")
    ops = [
        {"set": {"title": "After"}},
        {"addValues": {"attribute": "EMAILS", "values": [{"value": "a@x.example"}]}},
        {"set": {"userName": ""}},
    ]
    data = await gql(UPDATE_USER, {"id": user["id"], "ops": ops})
    assert data["updateUser"]["__typename"] == "ValidationError"
    again = await gql(
        f"query($id: ID!) {{ user(id: $id) {{ {USER_FIELDS} }} }}", {"id": user["id"]}
    )
    assert again["user"] == user
    assert await _events(db, user["id"]) == ["user.created"]


async def test_a_stale_expected_version_is_a_version_mismatch(gql: GraphQL) -> None:
    user = await create_user(gql, "v")
    await gql(
        UPDATE_USER, {"id": user["id"], "ops": [{"set": {"title": "a"}}], "version": 1}
    )
    data = await gql(
        UPDATE_USER, {"id": user["id"], "ops": [{"set": {"title": "b"}}], "version": 1}
    )
    result = data["updateUser"]
    assert result["__typename"] == "VersionMismatchError"
    assert (result["expectedVersion"], result["actualVersion"]) == (1, 2)


async def test_replace_clears_what_the_new_version_omits(gql: GraphQL) -> None:
    user = await create_user(
        gql,
        "r",
        title="T",
        emails=[{"value": "a@x.example"}],
        customAttributes={"a": 1},
    )
    query = f"""mutation($id: ID!, $input: UserInput!) {{
      replaceUser(id: $id, input: $input) {{
      ... on UserPayload {{ user {{ {USER_FIELDS} }} }} }} }}"""
    data = await gql(
        query, {"id": user["id"], "input": {"userName": "r", "displayName": "R"}}
    )
    replaced = data["replaceUser"]["user"]
    assert replaced["title"] is None
    assert replaced["emails"] == []
    assert replaced["customAttributes"] == {}
    assert replaced["displayName"] == "R"
    assert replaced["meta"]["version"] == 2


async def test_deactivate_and_reactivate_are_recorded_as_such(
    gql: GraphQL, db: Database
) -> None:
    user = await create_user(gql, "d")
    query = """mutation($id: ID!) { deactivateUser(id: $id) { ... on UserPayload {
      user { active } } } }"""
    assert (await gql(query, {"id": user["id"]}))["deactivateUser"]["user"][
        "active"
    ] is False
    query = query.replace("deactivateUser", "activateUser")
    assert (await gql(query, {"id": user["id"]}))["activateUser"]["user"][
        "active"
    ] is True
    assert await _events(db, user["id"]) == [
        "user.created",
        "user.deactivated",
        "user.reactivated",
    ]


async def test_delete_removes_the_user_and_records_it(
    gql: GraphQL, db: Database
) -> None:
    user = await create_user(gql, "gone")
    query = """mutation($id: ID!) { deleteUser(id: $id) {
      __typename ... on DeletePayload { id } ... on Error { code } } }"""
    assert (await gql(query, {"id": user["id"]}))["deleteUser"] == {
        "__typename": "DeletePayload",
        "id": user["id"],
    }
    assert (await gql(query, {"id": user["id"]}))["deleteUser"] == {
        "__typename": "NotFoundError",
        "code": "NOT_FOUND",
    }
    assert (await gql("query($id: ID!) { user(id: $id) { id } }", {"id": user["id"]}))[
        "user"
    ] is None
    assert await _events(db, user["id"]) == ["user.created", "user.deleted"]


async def test_events_carry_the_actor_and_the_difference(gql: GraphQL) -> None:
    user = await create_user(gql, "ev", title="A")
    await gql(
        UPDATE_USER,
        {
            "id": user["id"],
            "ops": [{"set": {"title": "B"}}, {"setPassword": "secret-1"}],
        },
    )
    data = await gql(
        "{ events(first: 100) { nodes { action resourceId actor { name } data } } }"
    )
    changes = [e for e in data["events"]["nodes"] if e["resourceId"] == user["id"]]
    assert [e["action"] for e in changes] == ["user.created", "user.updated"]
    assert changes[1]["actor"]["name"] == "admin"
    assert changes[1]["data"]["before"]["title"] == "A"
    assert changes[1]["data"]["after"]["title"] == "B"
    assert changes[1]["data"]["after"]["password"] == "[redacted]"
    assert "secret-1" not in str(data)


async def test_a_change_with_a_fallback_adds_the_value_when_none_matches(
    gql: GraphQL,
) -> None:
    user = await create_user(
        gql, "fb", emails=[{"value": "h@x.example", "type": "home"}]
    )
    work = {"compare": {"field": "TYPE", "op": "EQ", "value": {"string": "work"}}}
    change = {
        "attribute": "EMAILS",
        "where": work,
        "set": {"value": "w@x.example"},
        "orAdd": {"value": "w@x.example", "type": "work"},
    }
    data = await gql(UPDATE_USER, {"id": user["id"], "ops": [{"updateValues": change}]})
    emails = data["updateUser"]["user"]["emails"]
    assert [(e["value"], e["type"]) for e in emails] == [
        ("h@x.example", "home"),
        ("w@x.example", "work"),
    ]
    change["set"] = {"value": "new@x.example"}
    data = await gql(UPDATE_USER, {"id": user["id"], "ops": [{"updateValues": change}]})
    emails = data["updateUser"]["user"]["emails"]
    assert [e["value"] for e in emails] == ["h@x.example", "new@x.example"]


async def test_mutations_in_one_document_each_read_what_the_last_one_wrote(
    gql: GraphQL,
) -> None:
    user = await create_user(gql, "seq", emails=[{"value": "a@x.example"}])
    query = """mutation($id: ID!) {
      first: updateUser(id: $id, operations: [
        {addValues: {attribute: EMAILS, values: [{value: "b@x.example"}]}}]) {
        ... on UserPayload { user { emails { value } } } }
      second: updateUser(id: $id, operations: [
        {addValues: {attribute: EMAILS, values: [{value: "c@x.example"}]}}]) {
        ... on UserPayload { user { emails { value } } } }
    }"""
    data = await gql(query, {"id": user["id"]})
    assert [e["value"] for e in data["first"]["user"]["emails"]] == [
        "a@x.example",
        "b@x.example",
    ]
    assert [e["value"] for e in data["second"]["user"]["emails"]] == [
        "a@x.example",
        "b@x.example",
        "c@x.example",
    ]
