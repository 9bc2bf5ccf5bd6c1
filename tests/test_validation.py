"""Bad input is refused with the path at fault, and nothing is written."""

from typing import Any

import pytest

from directory.domain.passwords import hash_password_sync, verify_password

from .conftest import CREATE_USER, GraphQL, create_user

pytestmark = pytest.mark.anyio

UPDATE = """mutation($id: ID!, $ops: [UserOperationInput!]!) {
  updateUser(id: $id, operations: $ops) {
    __typename ... on ValidationError { path reason }
    ... on UserPayload { user { customAttributes emails { value primary } } } } }"""


async def _refused(gql: GraphQL, user: dict[str, Any]) -> tuple[str, str]:
    data = await gql(CREATE_USER, {"input": user})
    result = data["createUser"]
    assert result["__typename"] == "ValidationError", result
    return result["path"], result["reason"]


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ({"userName": "x" * 513}, "userName"),
        ({"userName": "x", "title": "t" * 4097}, "title"),
        ({"userName": "x", "emails": [{"country": "DE"}]}, "emails[0].country"),
        ({"userName": "x", "addresses": [{"value": "v"}]}, "addresses[0].value"),
        (
            {"userName": "x", "emails": [{"type": "w" * 65, "value": "a"}]},
            "emails[0].type",
        ),
        ({"userName": "x", "photos": [{"value": "p" * 65_537}]}, "photos[0].value"),
        ({"userName": "x", "emails": [{}]}, "emails[0]"),
        ({"userName": "x", "emails": [{"value": "a"}] * 1001}, "emails"),
        ({"userName": "x", "customAttributes": {"1bad": 1}}, "customAttributes.1bad"),
        (
            {"userName": "x", "customAttributes": {f"k{i}": i for i in range(201)}},
            "customAttributes",
        ),
        (
            {"userName": "x", "customAttributes": {"big": "b" * 70_000}},
            "customAttributes",
        ),
        ({"userName": "x", "password": ""}, "password"),
    ],
    ids=[
        "long-user-name",
        "long-title",
        "address-part-on-email",
        "value-on-address",
        "long-type",
        "huge-value",
        "empty-value",
        "too-many-values",
        "bad-custom-name",
        "too-many-custom",
        "custom-too-large",
        "empty-password",
    ],
)
async def test_invalid_users_are_refused_naming_the_path(
    gql: GraphQL, user: dict[str, Any], path: str
) -> None:
    assert (await _refused(gql, user))[0] == path
    data = await gql("{ users { totalCount } }")
    assert data["users"]["totalCount"] == 0


async def test_custom_attributes_are_merged_and_removed_by_null(gql: GraphQL) -> None:
    user = await create_user(gql, "c", customAttributes={"a": 1, "b": "x"})
    merge: list[dict[str, Any]] = [{"setCustomAttributes": {"b": None, "c": True}}]
    data = await gql(UPDATE, {"id": user["id"], "ops": merge})
    assert data["updateUser"]["user"]["customAttributes"] == {"a": 1, "c": True}
    replace: list[dict[str, Any]] = [{"replaceCustomAttributes": {"z": 0}}]
    data = await gql(UPDATE, {"id": user["id"], "ops": replace})
    assert data["updateUser"]["user"]["customAttributes"] == {"z": 0}


async def test_custom_attributes_must_be_an_object(gql: GraphQL) -> None:
    errors = await gql.errors(
        CREATE_USER, {"input": {"userName": "x", "customAttributes": [1]}}
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_replacing_values_with_two_primaries_is_refused(gql: GraphQL) -> None:
    user = await create_user(gql, "p", emails=[{"value": "a@x"}])
    values = [{"value": "b@x", "primary": True}, {"value": "c@x", "primary": True}]
    ops = [{"replaceValues": {"attribute": "EMAILS", "values": values}}]
    data = await gql(UPDATE, {"id": user["id"], "ops": ops})
    assert data["updateUser"] == {
        "__typename": "ValidationError",
        "path": "emails",
        "reason": "more than one value is primary",
    }


async def test_making_several_values_primary_at_once_is_refused(gql: GraphQL) -> None:
    user = await create_user(gql, "p", emails=[{"value": "a@x"}, {"value": "b@x"}])
    ops = [{"updateValues": {"attribute": "EMAILS", "set": {"primary": True}}}]
    data = await gql(UPDATE, {"id": user["id"], "ops": ops})
    assert data["updateUser"]["path"] == "emails"


async def test_a_new_primary_value_demotes_the_old_one(gql: GraphQL) -> None:
    user = await create_user(gql, "p", emails=[{"value": "a@x", "primary": True}])
    ops = [
        {
            "addValues": {
                "attribute": "EMAILS",
                "values": [{"value": "b@x", "primary": True}],
            }
        }
    ]
    data = await gql(UPDATE, {"id": user["id"], "ops": ops})
    assert data["updateUser"]["user"]["emails"] == [
        {"value": "a@x", "primary": False},
        {"value": "b@x", "primary": True},
    ]


async def test_a_sub_attribute_change_is_validated_like_a_value(gql: GraphQL) -> None:
    user = await create_user(gql, "p", emails=[{"value": "a@x"}])
    ops = [{"updateValues": {"attribute": "EMAILS", "set": {"country": "DE"}}}]
    data = await gql(UPDATE, {"id": user["id"], "ops": ops})
    assert data["updateUser"]["path"] == "emails.country"


async def test_read_only_attributes_cannot_be_unset(gql: GraphQL) -> None:
    user = await create_user(gql, "ro")
    data = await gql(UPDATE, {"id": user["id"], "ops": [{"unset": ["CREATED"]}]})
    assert data["updateUser"] == {
        "__typename": "ValidationError",
        "path": "meta.created",
        "reason": "is read-only",
    }


async def test_active_cannot_be_null(gql: GraphQL) -> None:
    user = await create_user(gql, "a")
    errors = await gql.errors(
        UPDATE, {"id": user["id"], "ops": [{"set": {"active": None}}]}
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_renaming_onto_a_taken_user_name_is_a_conflict(gql: GraphQL) -> None:
    await create_user(gql, "taken")
    user = await create_user(gql, "free")
    query = UPDATE.replace(
        "__typename", "__typename ... on UniquenessConflictError { field }"
    )
    data = await gql(query, {"id": user["id"], "ops": [{"set": {"userName": "TAKEN"}}]})
    assert data["updateUser"] == {
        "__typename": "UniquenessConflictError",
        "field": "userName",
    }


async def test_an_unknown_user_is_not_found(gql: GraphQL) -> None:
    query = UPDATE.replace(
        "__typename", "__typename ... on NotFoundError { resourceType }"
    )
    data = await gql(query, {"id": "missing", "ops": [{"set": {"title": "t"}}]})
    assert data["updateUser"] == {"__typename": "NotFoundError", "resourceType": "User"}


def test_a_password_hash_verifies_only_its_password() -> None:
    encoded = hash_password_sync("correct horse")
    assert verify_password("correct horse", encoded)
    assert not verify_password("wrong horse", encoded)
    assert not verify_password("correct horse", "md5$whatever")
    assert not verify_password("correct horse", "garbage")


async def test_a_value_can_be_made_primary_on_its_own(gql: GraphQL) -> None:
    user = await create_user(gql, "p", emails=[{"value": "a@x", "type": "work"}])
    work = {"compare": {"field": "TYPE", "op": "EQ", "value": {"string": "work"}}}
    change = {"attribute": "EMAILS", "where": work, "set": {"primary": True}}
    data = await gql(UPDATE, {"id": user["id"], "ops": [{"updateValues": change}]})
    assert data["updateUser"]["user"]["emails"] == [{"value": "a@x", "primary": True}]
