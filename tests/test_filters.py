"""User and group filters through GraphQL: every SCIM filter (RFC 7644
§3.4.2.2) as a typed tree, with the case rules of RFC 7643."""

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from .conftest import CREATE_GROUP, GraphQL, create_user

pytestmark = pytest.mark.anyio

USERS = """
query($filter: UserFilter) {
  users(filter: $filter, first: 1000) { totalCount nodes { userName } }
}
"""

GROUPS = """
query($filter: GroupFilter) {
  groups(filter: $filter, first: 1000) { totalCount nodes { displayName } }
}
"""

UPDATE_USER = """
mutation($id: ID!, $ops: [UserOperationInput!]!) {
  updateUser(id: $id, operations: $ops) {
    ... on UserPayload { user { meta { version } } }
  }
}
"""

Filter = dict[str, Any]


def literal(value: Any) -> dict[str, Any] | None:
    """A FilterValue for a Python value; dictionaries pass as they are."""
    if value is None or isinstance(value, dict):
        return value
    if isinstance(value, bool):
        return {"boolean": value}
    if isinstance(value, int):
        return {"int": value}
    if isinstance(value, float):
        return {"float": value}
    return {"string": value}


def attribute(field: str, op: str, value: Any = None) -> Filter:
    return {"attribute": {"field": field, "op": op, "value": literal(value)}}


def sub(field: str, op: str, value: Any = None) -> Filter:
    return {"compare": {"field": field, "op": op, "value": literal(value)}}


def values(name: str, where: Filter | None = None) -> Filter:
    return {"values": {"attribute": name, "where": where}}


def custom(key: str, op: str, value: Any = None) -> Filter:
    return {"custom": {"key": key, "op": op, "value": literal(value)}}


def all_of(*items: Filter) -> Filter:
    return {"and": list(items)}


def any_of(*items: Filter) -> Filter:
    return {"or": list(items)}


def negate(item: Filter) -> Filter:
    return {"not": item}


async def matching(gql: GraphQL, where: Filter) -> set[str]:
    """The userNames of the users matching ``where``."""
    data = (await gql(USERS, {"filter": where}))["users"]
    names = [node["userName"] for node in data["nodes"]]
    assert data["totalCount"] == len(names)
    assert len(set(names)) == len(names)
    return set(names)


async def matching_groups(gql: GraphQL, where: Filter) -> set[str]:
    """The displayNames of the groups matching ``where``."""
    data = (await gql(GROUPS, {"filter": where}))["groups"]
    names = [node["displayName"] for node in data["nodes"]]
    assert data["totalCount"] == len(names)
    return set(names)


async def error_code(gql: GraphQL, where: Filter, query: str = USERS) -> str:
    """The code of the one error a filter causes; no data comes with it."""
    body = (await gql.raw(query, {"filter": where})).json()
    assert body.get("errors"), body
    assert len(body["errors"]) == 1, body["errors"]
    assert body.get("data") is None, body
    return str(body["errors"][0]["extensions"]["code"])


# Strings: userName, displayName and emails ignore case -----------------------


@pytest.fixture
async def named(gql: GraphQL) -> None:
    for user_name in ("alice@example.com", "Bob@Example.org", "carol@sample.net"):
        await create_user(gql, user_name)
    await create_user(gql, "dave")


ALICE, BOB, CAROL, DAVE = (
    "alice@example.com",
    "Bob@Example.org",
    "carol@sample.net",
    "dave",
)


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("EQ", "ALICE@example.COM", {ALICE}),
        ("NE", "bob@EXAMPLE.org", {ALICE, CAROL, DAVE}),
        ("CO", "EXAMPLE", {ALICE, BOB}),
        ("SW", "b", {BOB}),
        ("EW", ".ORG", {BOB}),
        # "Bob" sorts before "alice" byte-wise; ignoring case it sorts after.
        ("GT", "BOB@example.org", {CAROL, DAVE}),
        ("GE", "bob@example.ORG", {BOB, CAROL, DAVE}),
        ("LT", "b", {ALICE}),
        ("LE", "BOB@EXAMPLE.ORG", {ALICE, BOB}),
    ],
)
async def test_every_operator_compares_user_names_ignoring_case(
    gql: GraphQL, named: None, op: str, value: str, expected: set[str]
) -> None:
    assert await matching(gql, attribute("USER_NAME", op, value)) == expected


async def test_present_matches_every_user_with_a_user_name(
    gql: GraphQL, named: None
) -> None:
    assert await matching(gql, attribute("USER_NAME", "PR")) == {
        ALICE,
        BOB,
        CAROL,
        DAVE,
    }


async def test_a_value_that_matches_nothing_matches_no_user(
    gql: GraphQL, named: None
) -> None:
    assert await matching(gql, attribute("USER_NAME", "EQ", "eve")) == set()


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("EQ", "ada lovelace", {"ada"}),
        ("NE", "ADA LOVELACE", {"byron", "nameless"}),
        ("CO", "LOVE", {"ada"}),
        ("SW", "ada", {"ada", "byron"}),
        ("EW", "byron", {"byron"}),
        ("GT", "ada lovelace", set()),
        ("LT", "ADA LOVELACE", {"byron"}),
        ("PR", None, {"ada", "byron"}),
    ],
)
async def test_display_names_compare_ignoring_case(
    gql: GraphQL, op: str, value: str | None, expected: set[str]
) -> None:
    await create_user(gql, "ada", displayName="Ada Lovelace")
    await create_user(gql, "byron", displayName="ADA BYRON")
    await create_user(gql, "nameless")
    assert await matching(gql, attribute("DISPLAY_NAME", op, value)) == expected


async def test_email_values_compare_ignoring_case(gql: GraphQL) -> None:
    await create_user(gql, "ada", emails=[{"value": "Ada@Example.COM"}])
    await create_user(gql, "bob", emails=[{"value": "bob@other.example"}])
    assert await matching(
        gql, values("EMAILS", sub("VALUE", "EQ", "ada@example.com"))
    ) == {"ada"}
    assert await matching(
        gql, values("EMAILS", sub("VALUE", "EW", "@EXAMPLE.com"))
    ) == {"ada"}
    assert await matching(gql, values("EMAILS", sub("VALUE", "CO", "OTHER"))) == {"bob"}


async def test_strings_beyond_ascii_compare_ignoring_case(gql: GraphQL) -> None:
    await create_user(gql, "Åsa@example.com", displayName="Émile Zola", title="Ärztin")
    await create_user(gql, "asa@example.com", displayName="Emile", title="Arzt")
    assert await matching(gql, attribute("USER_NAME", "SW", "ÅSA")) == {
        "Åsa@example.com"
    }
    assert await matching(gql, attribute("DISPLAY_NAME", "EQ", "ÉMILE ZOLA")) == {
        "Åsa@example.com"
    }
    assert await matching(gql, attribute("DISPLAY_NAME", "CO", "émile")) == {
        "Åsa@example.com"
    }
    assert await matching(gql, attribute("TITLE", "CO", "ÄRZ")) == {"Åsa@example.com"}


async def test_other_string_attributes_compare_ignoring_case(gql: GraphQL) -> None:
    await create_user(gql, "cto", title="Chief Technology Officer")
    await create_user(gql, "dev", title="Developer")
    assert await matching(gql, attribute("TITLE", "EQ", "developer")) == {"dev"}
    assert await matching(gql, attribute("TITLE", "CO", "TECHNOLOGY")) == {"cto"}
    assert await matching(gql, attribute("TITLE", "GT", "D")) == {"dev"}


async def test_a_value_longer_than_any_key_compares_without_failing(
    gql: GraphQL,
) -> None:
    await create_user(gql, "short", displayName="x")
    long = "X" * 600
    assert await matching(gql, attribute("USER_NAME", "EQ", long)) == set()
    assert await matching(gql, attribute("DISPLAY_NAME", "LT", long)) == {"short"}


async def test_an_empty_string_is_not_present(gql: GraphQL) -> None:
    await create_user(gql, "empty", title="")
    await create_user(gql, "titled", title="CTO")
    await create_user(gql, "untitled")
    assert await matching(gql, attribute("TITLE", "PR")) == {"titled"}
    assert await matching(gql, negate(attribute("TITLE", "PR"))) == {
        "empty",
        "untitled",
    }


# Strings: externalId and id are case-exact -----------------------------------


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("EQ", "ABC-1", {"upper"}),
        ("EQ", "abc-1", set()),
        ("NE", "ABC-1", {"lower", "none"}),
        ("CO", "abc", {"lower"}),
        ("CO", "BC-", {"upper"}),
        ("SW", "ABC", {"upper"}),
        ("SW", "Abc", set()),
        ("EW", "c-2", {"lower"}),
        ("EW", "C-2", set()),
        ("GT", "ABC-0", {"upper"}),
        ("LE", "abc-2", {"lower"}),
        ("PR", None, {"upper", "lower"}),
    ],
)
async def test_external_ids_compare_exactly(
    gql: GraphQL, op: str, value: str | None, expected: set[str]
) -> None:
    await create_user(gql, "upper", externalId="ABC-1")
    await create_user(gql, "lower", externalId="abc-2")
    await create_user(gql, "none")
    filters = attribute("EXTERNAL_ID", op, value)
    if op in ("GT", "LE") and value is not None:
        # Ordering between cases depends on the collation; keep to one case.
        filters = all_of(filters, attribute("EXTERNAL_ID", "SW", value[:1]))
    assert await matching(gql, filters) == expected


async def test_ids_compare_exactly(gql: GraphQL) -> None:
    user = await create_user(gql, "one")
    await create_user(gql, "two")
    assert await matching(gql, attribute("ID", "EQ", user["id"])) == {"one"}
    assert await matching(gql, attribute("ID", "EQ", user["id"].upper())) == set()
    assert await matching(gql, attribute("ID", "EW", user["id"][-12:])) == {"one"}
    assert await matching(gql, attribute("ID", "NE", user["id"])) == {"two"}


# LIKE wildcards are literal --------------------------------------------------


WILD = ["100%_off", "100xyoff", "a_b", "axb", "back\\slash", "slash/ed", "x"]


@pytest.mark.parametrize("field", ["USER_NAME", "EXTERNAL_ID", "TITLE"])
@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("CO", "%", {"100%_off"}),
        ("CO", "_", {"100%_off", "a_b"}),
        ("SW", "100%", {"100%_off"}),
        ("SW", "100_", set()),
        ("EW", "_b", {"a_b"}),
        ("EW", "%", set()),
        ("CO", "/", {"slash/ed"}),
        ("CO", "\\", {"back\\slash"}),
        ("CO", "%%", set()),
    ],
)
async def test_like_wildcards_in_values_are_literal(
    gql: GraphQL, field: str, op: str, value: str, expected: set[str]
) -> None:
    for name in WILD:
        await create_user(gql, name, externalId=name, title=name)
    assert await matching(gql, attribute(field, op, value)) == expected


async def test_like_wildcards_are_literal_in_sub_attributes_and_custom_ones(
    gql: GraphQL,
) -> None:
    for name in WILD:
        await create_user(
            gql, name, emails=[{"value": name}], customAttributes={"code": name}
        )
    assert await matching(gql, values("EMAILS", sub("VALUE", "CO", "%"))) == {
        "100%_off"
    }
    assert await matching(gql, values("EMAILS", sub("VALUE", "EW", "_b"))) == {"a_b"}
    assert await matching(gql, custom("code", "CO", "_")) == {"100%_off", "a_b"}
    assert await matching(gql, custom("code", "SW", "100%")) == {"100%_off"}


# Booleans --------------------------------------------------------------------


@pytest.fixture
async def actives(gql: GraphQL) -> None:
    await create_user(gql, "on-1")
    await create_user(gql, "on-2", active=True)
    await create_user(gql, "off", active=False)


async def test_active_equal_to_true_matches_active_users(
    gql: GraphQL, actives: None
) -> None:
    assert await matching(gql, attribute("ACTIVE", "EQ", True)) == {"on-1", "on-2"}


async def test_active_equal_to_false_matches_inactive_users(
    gql: GraphQL, actives: None
) -> None:
    assert await matching(gql, attribute("ACTIVE", "EQ", False)) == {"off"}


async def test_active_not_equal_to_false_matches_active_users(
    gql: GraphQL, actives: None
) -> None:
    assert await matching(gql, attribute("ACTIVE", "NE", False)) == {"on-1", "on-2"}


async def test_active_is_present_on_every_user(gql: GraphQL, actives: None) -> None:
    assert await matching(gql, attribute("ACTIVE", "PR")) == {"on-1", "on-2", "off"}


@pytest.mark.parametrize("op", ["GT", "GE", "LT", "LE", "CO", "SW", "EW"])
async def test_booleans_only_compare_for_equality(
    gql: GraphQL, actives: None, op: str
) -> None:
    assert await error_code(gql, attribute("ACTIVE", op, True)) == "INVALID_FILTER"


# Dates and integers ----------------------------------------------------------


@pytest.fixture
async def created(gql: GraphQL) -> list[str]:
    """Three users created one after the other: their meta.created."""
    stamps = []
    for name in ("first", "second", "third"):
        user = await create_user(gql, name)
        stamps.append(user["meta"]["created"])
    parsed = [datetime.fromisoformat(stamp) for stamp in stamps]
    assert parsed[0] < parsed[1] < parsed[2]
    return stamps


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        ("EQ", {"second"}),
        ("NE", {"first", "third"}),
        ("GT", {"third"}),
        ("GE", {"second", "third"}),
        ("LT", {"first"}),
        ("LE", {"first", "second"}),
    ],
)
async def test_created_compares_as_a_date_time(
    gql: GraphQL, created: list[str], op: str, expected: set[str]
) -> None:
    stamp = {"dateTime": created[1]}
    assert await matching(gql, attribute("CREATED", op, stamp)) == expected


async def test_a_date_time_in_another_time_zone_is_the_same_instant(
    gql: GraphQL, created: list[str]
) -> None:
    zone = timezone(timedelta(hours=5, minutes=30))
    shifted = datetime.fromisoformat(created[1]).astimezone(zone).isoformat()
    assert shifted != created[1]
    assert await matching(gql, attribute("CREATED", "EQ", {"dateTime": shifted})) == {
        "second"
    }
    assert await matching(gql, attribute("CREATED", "GE", shifted)) == {
        "second",
        "third",
    }


async def test_a_date_time_may_be_given_as_a_scim_string(
    gql: GraphQL, created: list[str]
) -> None:
    scim = created[2].replace("+00:00", "Z")
    assert await matching(gql, attribute("CREATED", "LT", scim)) == {
        "first",
        "second",
    }


async def test_last_modified_moves_when_a_user_changes(
    gql: GraphQL, created: list[str]
) -> None:
    ids = await gql("{ users { nodes { id userName } } }")
    first = next(u for u in ids["users"]["nodes"] if u["userName"] == "first")
    await gql(UPDATE_USER, {"id": first["id"], "ops": [{"set": {"title": "New"}}]})
    after_third = attribute("LAST_MODIFIED", "GT", {"dateTime": created[2]})
    assert await matching(gql, after_third) == {"first"}


@pytest.fixture
async def versions(gql: GraphQL) -> None:
    """Users at version 1, 2 and 3."""
    for version in (1, 2, 3):
        user = await create_user(gql, f"v{version}")
        for change in range(version - 1):
            ops = [{"set": {"title": f"t{change}"}}]
            data = await gql(UPDATE_USER, {"id": user["id"], "ops": ops})
            assert data["updateUser"]["user"]["meta"]["version"] == change + 2


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("EQ", 2, {"v2"}),
        ("NE", 2, {"v1", "v3"}),
        ("GT", 1, {"v2", "v3"}),
        ("GE", 2, {"v2", "v3"}),
        ("LT", 3, {"v1", "v2"}),
        ("LE", 1, {"v1"}),
        ("EQ", 2.0, {"v2"}),
        ("GE", 1.5, {"v2", "v3"}),
        ("GT", 1.5, {"v2", "v3"}),
        ("LT", 2.5, {"v1", "v2"}),
        ("LE", 2.5, {"v1", "v2"}),
        ("EQ", 2.5, set()),
        ("GT", 1e20, set()),
        ("LT", 1e20, {"v1", "v2", "v3"}),
    ],
)
async def test_the_version_compares_as_a_number(
    gql: GraphQL, versions: None, op: str, value: float, expected: set[str]
) -> None:
    assert await matching(gql, attribute("VERSION", op, value)) == expected


# Logic -----------------------------------------------------------------------


@pytest.fixture
async def staff(gql: GraphQL) -> None:
    await create_user(gql, "eng-on", title="Engineer")
    await create_user(gql, "eng-off", title="Engineer", active=False)
    await create_user(gql, "mgr", title="Manager")
    await create_user(gql, "untitled")


async def test_and_needs_every_condition(gql: GraphQL, staff: None) -> None:
    where = all_of(
        attribute("TITLE", "EQ", "engineer"), attribute("ACTIVE", "EQ", True)
    )
    assert await matching(gql, where) == {"eng-on"}


async def test_or_needs_any_condition(gql: GraphQL, staff: None) -> None:
    where = any_of(
        attribute("TITLE", "EQ", "manager"), attribute("ACTIVE", "EQ", False)
    )
    assert await matching(gql, where) == {"mgr", "eng-off"}


async def test_not_matches_what_its_condition_does_not(
    gql: GraphQL, staff: None
) -> None:
    where = negate(attribute("ACTIVE", "EQ", True))
    assert await matching(gql, where) == {"eng-off"}


async def test_not_matches_users_without_the_attribute(
    gql: GraphQL, staff: None
) -> None:
    where = negate(attribute("TITLE", "EQ", "engineer"))
    assert await matching(gql, where) == {"mgr", "untitled"}


async def test_not_of_a_substring_matches_users_without_the_attribute(
    gql: GraphQL, staff: None
) -> None:
    where = negate(attribute("TITLE", "CO", "x"))
    assert await matching(gql, where) == {"eng-on", "eng-off", "mgr", "untitled"}


async def test_not_equal_matches_users_without_the_attribute(
    gql: GraphQL, staff: None
) -> None:
    where = attribute("TITLE", "NE", "Engineer")
    assert await matching(gql, where) == {"mgr", "untitled"}


async def test_not_of_not_is_the_condition_itself(gql: GraphQL, staff: None) -> None:
    where = negate(negate(attribute("TITLE", "EQ", "engineer")))
    assert await matching(gql, where) == {"eng-on", "eng-off"}


async def test_not_of_an_ordering_matches_users_without_the_attribute(
    gql: GraphQL, staff: None
) -> None:
    where = negate(attribute("TITLE", "GT", "f"))
    assert await matching(gql, where) == {"eng-on", "eng-off", "untitled"}


async def test_logic_nests(gql: GraphQL, staff: None) -> None:
    where = all_of(
        any_of(attribute("TITLE", "SW", "eng"), attribute("TITLE", "SW", "man")),
        negate(all_of(attribute("ACTIVE", "EQ", False), attribute("TITLE", "PR"))),
    )
    assert await matching(gql, where) == {"eng-on", "mgr"}


async def test_equal_to_null_matches_users_without_the_attribute(
    gql: GraphQL, staff: None
) -> None:
    assert await matching(gql, attribute("TITLE", "EQ", None)) == {"untitled"}
    assert await matching(gql, attribute("TITLE", "NE", None)) == {
        "eng-on",
        "eng-off",
        "mgr",
    }


async def test_an_empty_and_matches_everyone_and_an_empty_or_no_one(
    gql: GraphQL, staff: None
) -> None:
    assert await matching(gql, {"and": []}) == {"eng-on", "eng-off", "mgr", "untitled"}
    assert await matching(gql, {"or": []}) == set()


@pytest.mark.parametrize("op", ["CO", "SW", "EW", "GT", "GE", "LT", "LE"])
async def test_only_equality_compares_with_null(
    gql: GraphQL, staff: None, op: str
) -> None:
    assert await error_code(gql, attribute("TITLE", op, None)) == "INVALID_FILTER"


# Multi-valued attributes -----------------------------------------------------


@pytest.fixture
async def mailboxes(gql: GraphQL) -> None:
    await create_user(
        gql,
        "split",
        emails=[
            {"value": "split@y.example", "type": "work", "primary": True},
            {"value": "split@x.example", "type": "home"},
        ],
    )
    await create_user(
        gql, "joined", emails=[{"value": "joined@X.example", "type": "Work"}]
    )
    await create_user(gql, "untyped", emails=[{"value": "untyped@z.example"}])
    await create_user(gql, "no-mail", phoneNumbers=[{"value": "+1 555 0100"}])


WORK_AT_X = all_of(sub("TYPE", "EQ", "work"), sub("VALUE", "CO", "@x"))


async def test_one_value_must_satisfy_every_condition_of_where(
    gql: GraphQL, mailboxes: None
) -> None:
    assert await matching(gql, values("EMAILS", WORK_AT_X)) == {"joined"}


async def test_separate_values_conditions_may_be_met_by_different_values(
    gql: GraphQL, mailboxes: None
) -> None:
    where = all_of(
        values("EMAILS", sub("TYPE", "EQ", "work")),
        values("EMAILS", sub("VALUE", "CO", "@x")),
    )
    assert await matching(gql, where) == {"split", "joined"}


async def test_values_without_where_means_the_attribute_is_present(
    gql: GraphQL, mailboxes: None
) -> None:
    assert await matching(gql, values("EMAILS")) == {"split", "joined", "untyped"}
    assert await matching(gql, values("PHONE_NUMBERS")) == {"no-mail"}


async def test_not_values_matches_users_without_any_value(
    gql: GraphQL, mailboxes: None
) -> None:
    assert await matching(gql, negate(values("EMAILS"))) == {"no-mail"}
    assert await matching(gql, negate(values("EMAILS", WORK_AT_X))) == {
        "split",
        "untyped",
        "no-mail",
    }


async def test_or_inside_where_matches_values_meeting_either(
    gql: GraphQL, mailboxes: None
) -> None:
    where = any_of(sub("TYPE", "EQ", "home"), sub("VALUE", "SW", "untyped"))
    assert await matching(gql, values("EMAILS", where)) == {"split", "untyped"}


async def test_not_inside_where_matches_values_without_the_sub_attribute(
    gql: GraphQL, mailboxes: None
) -> None:
    where = negate(sub("TYPE", "EQ", "work"))
    assert await matching(gql, values("EMAILS", where)) == {"split", "untyped"}


async def test_sub_attribute_types_compare_ignoring_case(
    gql: GraphQL, mailboxes: None
) -> None:
    where = sub("TYPE", "EQ", "WORK")
    assert await matching(gql, values("EMAILS", where)) == {"split", "joined"}


async def test_the_primary_sub_attribute_compares_as_a_boolean(
    gql: GraphQL, mailboxes: None
) -> None:
    primary = sub("PRIMARY", "EQ", True)
    assert await matching(gql, values("EMAILS", primary)) == {"split"}
    primary_home = all_of(primary, sub("TYPE", "EQ", "home"))
    assert await matching(gql, values("EMAILS", primary_home)) == set()
    ordered = values("EMAILS", sub("PRIMARY", "GT", False))
    assert await error_code(gql, ordered) == "INVALID_FILTER"


async def test_sub_attribute_present_ignores_values_without_it(
    gql: GraphQL, mailboxes: None
) -> None:
    assert await matching(gql, values("EMAILS", sub("TYPE", "PR"))) == {
        "split",
        "joined",
    }


async def test_values_of_one_attribute_do_not_match_another(
    gql: GraphQL, mailboxes: None
) -> None:
    where = values("PHONE_NUMBERS", sub("VALUE", "CO", "@"))
    assert await matching(gql, where) == set()


async def test_every_multi_valued_attribute_can_be_filtered(gql: GraphQL) -> None:
    names = {
        "EMAILS": "emails",
        "PHONE_NUMBERS": "phoneNumbers",
        "IMS": "ims",
        "PHOTOS": "photos",
        "ENTITLEMENTS": "entitlements",
        "ROLES": "roles",
        "X509_CERTIFICATES": "x509Certificates",
    }
    for field in names.values():
        await create_user(gql, field, **{field: [{"value": f"{field}-value"}]})
    for attribute_name, field in names.items():
        where = values(attribute_name, sub("VALUE", "EQ", f"{field.upper()}-VALUE"))
        assert await matching(gql, where) == {field}


async def test_a_long_value_compares_like_a_short_one(gql: GraphQL) -> None:
    certificate = "MII" + "A" * 2000
    await create_user(gql, "long", x509Certificates=[{"value": certificate}])
    await create_user(gql, "short", x509Certificates=[{"value": "MIIB"}])
    certificates = "X509_CERTIFICATES"
    assert await matching(
        gql, values(certificates, sub("VALUE", "EQ", certificate.lower()))
    ) == {"long"}
    assert await matching(gql, values(certificates, sub("VALUE", "GT", "mii"))) == {
        "long",
        "short",
    }
    assert await matching(gql, values(certificates, sub("VALUE", "LT", "miib"))) == {
        "long"
    }
    assert await matching(gql, values(certificates, sub("VALUE", "EW", "aaa"))) == {
        "long"
    }


@pytest.fixture
async def addresses(gql: GraphQL) -> None:
    await create_user(
        gql,
        "london",
        addresses=[{"locality": "London", "country": "GB", "type": "work"}],
    )
    await create_user(
        gql,
        "mixed",
        addresses=[
            {"locality": "London", "country": "CA"},
            {"locality": "Paris", "country": "GB"},
        ],
    )
    await create_user(gql, "homeless")


async def test_addresses_filter_on_their_parts(gql: GraphQL, addresses: None) -> None:
    assert await matching(gql, values("ADDRESSES", sub("COUNTRY", "EQ", "gb"))) == {
        "london",
        "mixed",
    }
    assert await matching(gql, values("ADDRESSES", sub("LOCALITY", "SW", "LOND"))) == {
        "london",
        "mixed",
    }


async def test_address_parts_must_meet_their_conditions_in_one_address(
    gql: GraphQL, addresses: None
) -> None:
    where = all_of(sub("COUNTRY", "EQ", "GB"), sub("LOCALITY", "EQ", "london"))
    assert await matching(gql, values("ADDRESSES", where)) == {"london"}


@pytest.mark.parametrize(
    ("attribute_name", "where"),
    [
        ("EMAILS", sub("COUNTRY", "EQ", "GB")),
        ("PHONE_NUMBERS", sub("LOCALITY", "PR")),
        ("ROLES", sub("STREET_ADDRESS", "CO", "x")),
        ("ADDRESSES", sub("VALUE", "EQ", "x")),
        ("ADDRESSES", any_of(sub("TYPE", "EQ", "work"), negate(sub("VALUE", "PR")))),
        ("EMAILS", all_of(sub("TYPE", "PR"), sub("POSTAL_CODE", "EQ", "1"))),
    ],
)
async def test_a_sub_attribute_the_attribute_lacks_is_an_invalid_filter(
    gql: GraphQL, addresses: None, attribute_name: str, where: Filter
) -> None:
    code = await error_code(gql, values(attribute_name, where))
    assert code == "INVALID_FILTER"


# Custom attributes -----------------------------------------------------------


@pytest.fixture
async def badges(gql: GraphQL) -> None:
    await create_user(
        gql, "gold", customAttributes={"badge": "Gold", "level": 7, "remote": True}
    )
    await create_user(
        gql, "silver", customAttributes={"badge": "silver", "level": 3, "remote": False}
    )
    await create_user(
        gql, "worded", customAttributes={"level": "high", "remote": "yes"}
    )
    await create_user(gql, "plain")


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("EQ", "GOLD", {"gold"}),
        ("NE", "gold", {"silver", "worded", "plain"}),
        ("CO", "IL", {"silver"}),
        ("SW", "g", {"gold"}),
        ("EW", "ER", {"silver"}),
        ("GT", "h", {"silver"}),
        ("LE", "GOLD", {"gold"}),
        ("PR", None, {"gold", "silver"}),
    ],
)
async def test_custom_strings_compare_ignoring_case(
    gql: GraphQL, badges: None, op: str, value: str | None, expected: set[str]
) -> None:
    assert await matching(gql, custom("badge", op, value)) == expected


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("EQ", 7, {"gold"}),
        ("NE", 7, {"silver", "worded", "plain"}),
        ("GT", 5, {"gold"}),
        ("GE", 3, {"gold", "silver"}),
        ("LT", 7, {"silver"}),
        ("LE", 7.5, {"gold", "silver"}),
        ("GT", 2.5, {"gold", "silver"}),
    ],
)
async def test_custom_numbers_compare_as_numbers(
    gql: GraphQL, badges: None, op: str, value: float, expected: set[str]
) -> None:
    assert await matching(gql, custom("level", op, value)) == expected


async def test_a_custom_string_never_compares_as_a_number(
    gql: GraphQL, badges: None
) -> None:
    assert await matching(gql, custom("level", "GT", 0)) == {"gold", "silver"}
    assert await matching(gql, custom("level", "EQ", "HIGH")) == {"worded"}
    assert await matching(gql, custom("level", "EQ", "7")) == set()


async def test_custom_booleans_compare_as_booleans(gql: GraphQL, badges: None) -> None:
    assert await matching(gql, custom("remote", "EQ", True)) == {"gold"}
    assert await matching(gql, custom("remote", "EQ", False)) == {"silver"}
    assert await matching(gql, custom("remote", "NE", True)) == {
        "silver",
        "worded",
        "plain",
    }
    assert await matching(gql, custom("remote", "EQ", "true")) == set()


async def test_custom_present_matches_users_with_the_key(
    gql: GraphQL, badges: None
) -> None:
    assert await matching(gql, custom("remote", "PR")) == {"gold", "silver", "worded"}
    assert await matching(gql, negate(custom("level", "PR"))) == {"plain"}
    assert await matching(gql, custom("level", "EQ", None)) == {"plain"}


async def test_a_custom_empty_string_or_null_is_not_present(gql: GraphQL) -> None:
    await create_user(gql, "empty", customAttributes={"note": ""})
    await create_user(gql, "null", customAttributes={"note": None})
    await create_user(gql, "zero", customAttributes={"note": 0})
    await create_user(gql, "noted", customAttributes={"note": "hi"})
    assert await matching(gql, custom("note", "PR")) == {"zero", "noted"}
    assert await matching(gql, custom("note", "EQ", None)) == {"empty", "null"}


@pytest.mark.parametrize(
    ("op", "value"),
    [("GT", True), ("CO", 3), ("SW", 1.5), ("CO", None), ("GE", False)],
)
async def test_a_custom_comparison_the_value_does_not_allow_is_an_invalid_filter(
    gql: GraphQL, badges: None, op: str, value: Any
) -> None:
    assert await error_code(gql, custom("level", op, value)) == "INVALID_FILTER"


@pytest.mark.parametrize(
    "key", ["1st", "a.b", "a'b", "", "$.badge", 'a"b', "x" * 129, "a b"]
)
async def test_an_invalid_custom_key_is_an_invalid_filter(
    gql: GraphQL, badges: None, key: str
) -> None:
    assert await error_code(gql, custom(key, "EQ", "x")) == "INVALID_FILTER"


async def test_custom_keys_with_dashes_and_underscores_are_valid(gql: GraphQL) -> None:
    await create_user(gql, "dashed", customAttributes={"cost-center_2": "CC"})
    assert await matching(gql, custom("cost-center_2", "EQ", "cc")) == {"dashed"}


# Enterprise and name sub-attributes ------------------------------------------


async def test_enterprise_attributes_compare_ignoring_case(gql: GraphQL) -> None:
    await create_user(gql, "r", enterprise={"department": "Research", "division": "X"})
    await create_user(gql, "s", enterprise={"department": "Sales"})
    await create_user(gql, "n")
    assert await matching(gql, attribute("DEPARTMENT", "EQ", "RESEARCH")) == {"r"}
    assert await matching(gql, attribute("DEPARTMENT", "PR")) == {"r", "s"}
    assert await matching(gql, attribute("DEPARTMENT", "NE", "sales")) == {"r", "n"}
    assert await matching(gql, attribute("DIVISION", "EQ", "x")) == {"r"}


async def test_the_manager_compares_by_user_id_exactly(gql: GraphQL) -> None:
    boss = await create_user(gql, "boss")
    await create_user(gql, "report", enterprise={"manager": boss["id"]})
    await create_user(gql, "loner")
    assert await matching(gql, attribute("MANAGER", "EQ", boss["id"])) == {"report"}
    upper = boss["id"].upper()
    assert await matching(gql, attribute("MANAGER", "EQ", upper)) == set()
    assert await matching(gql, negate(attribute("MANAGER", "PR"))) == {
        "boss",
        "loner",
    }


async def test_name_sub_attributes_compare_ignoring_case(gql: GraphQL) -> None:
    await create_user(gql, "ada", name={"givenName": "Ada", "familyName": "Lovelace"})
    await create_user(gql, "adam", name={"givenName": "Adam", "familyName": "Smith"})
    await create_user(gql, "anon")
    assert await matching(gql, attribute("NAME_GIVEN_NAME", "SW", "AD")) == {
        "ada",
        "adam",
    }
    assert await matching(gql, attribute("NAME_GIVEN_NAME", "EQ", "ada")) == {"ada"}
    assert await matching(gql, attribute("NAME_FAMILY_NAME", "EW", "LACE")) == {"ada"}
    assert await matching(gql, negate(attribute("NAME_GIVEN_NAME", "PR"))) == {"anon"}


# The examples of RFC 7644 §3.4.2.2 -------------------------------------------


@pytest.fixture
async def rfc_users(gql: GraphQL) -> None:
    await create_user(
        gql,
        "bjensen",
        userType="Employee",
        title="Tour Guide",
        emails=[{"value": "bjensen@example.com", "type": "work"}],
        name={"familyName": "Jensen"},
    )
    await create_user(
        gql,
        "contractor",
        userType="Contractor",
        emails=[{"value": "c@example.org", "type": "home"}],
        ims=[{"value": "c@foo.com", "type": "xmpp"}],
    )
    await create_user(gql, "outsider", userType="Intern", title="Intern")


@pytest.mark.parametrize(
    ("scim", "where", "expected"),
    [
        (
            'userName Eq "BJensen"',
            attribute("USER_NAME", "EQ", "BJensen"),
            {"bjensen"},
        ),
        (
            'name.familyName co "O\'Malley"',
            attribute("NAME_FAMILY_NAME", "CO", "'"),
            set(),
        ),
        (
            'title pr and userType eq "Employee"',
            all_of(attribute("TITLE", "PR"), attribute("USER_TYPE", "EQ", "Employee")),
            {"bjensen"},
        ),
        (
            'title pr or userType eq "Intern"',
            any_of(attribute("TITLE", "PR"), attribute("USER_TYPE", "EQ", "Intern")),
            {"bjensen", "outsider"},
        ),
        (
            'userType eq "Employee" and (emails co "example.com" or '
            'emails.value co "example.org")',
            all_of(
                attribute("USER_TYPE", "EQ", "Employee"),
                any_of(
                    values("EMAILS", sub("VALUE", "CO", "example.com")),
                    values("EMAILS", sub("VALUE", "CO", "example.org")),
                ),
            ),
            {"bjensen"},
        ),
        (
            'userType ne "Employee" and not (emails co "example.com" or '
            'emails.value co "example.org")',
            all_of(
                attribute("USER_TYPE", "NE", "Employee"),
                negate(
                    any_of(
                        values("EMAILS", sub("VALUE", "CO", "example.com")),
                        values("EMAILS", sub("VALUE", "CO", "example.org")),
                    )
                ),
            ),
            {"outsider"},
        ),
        (
            'emails[type eq "work" and value co "@example.com"] or '
            'ims[type eq "xmpp" and value co "@foo.com"]',
            any_of(
                values(
                    "EMAILS",
                    all_of(
                        sub("TYPE", "EQ", "work"), sub("VALUE", "CO", "@example.com")
                    ),
                ),
                values(
                    "IMS",
                    all_of(sub("TYPE", "EQ", "xmpp"), sub("VALUE", "CO", "@foo.com")),
                ),
            ),
            {"bjensen", "contractor"},
        ),
    ],
)
async def test_the_examples_of_rfc_7644_can_be_expressed(
    gql: GraphQL, rfc_users: None, scim: str, where: Filter, expected: set[str]
) -> None:
    assert await matching(gql, where) == expected, scim


# Groups ----------------------------------------------------------------------


async def _group(gql: GraphQL, name: str, **fields: Any) -> dict[str, Any]:
    data = await gql(CREATE_GROUP, {"input": {"displayName": name, **fields}})
    assert data["createGroup"]["__typename"] == "GroupPayload", data
    return data["createGroup"]["group"]  # type: ignore[no-any-return]


@pytest.fixture
async def teams(gql: GraphQL) -> dict[str, str]:
    ada = await create_user(gql, "ada")
    bob = await create_user(gql, "bob")
    eng = await _group(
        gql, "Engineering", externalId="ENG", members=[{"id": ada["id"]}]
    )
    await _group(gql, "Sales", externalId="sales", members=[{"id": bob["id"]}])
    await _group(gql, "Empty", customAttributes={"region": "EU", "seats": 3})
    await _group(gql, "Everyone", members=[{"id": ada["id"]}, {"id": eng["id"]}])
    return {"ada": ada["id"], "bob": bob["id"], "eng": eng["id"]}


async def test_group_display_names_compare_ignoring_case(
    gql: GraphQL, teams: dict[str, str]
) -> None:
    where = attribute("DISPLAY_NAME", "EQ", "ENGINEERING")
    assert await matching_groups(gql, where) == {"Engineering"}
    where = attribute("DISPLAY_NAME", "SW", "e")
    assert await matching_groups(gql, where) == {"Engineering", "Empty", "Everyone"}
    where = attribute("DISPLAY_NAME", "CO", "ALE")
    assert await matching_groups(gql, where) == {"Sales"}


async def test_group_external_ids_compare_exactly(
    gql: GraphQL, teams: dict[str, str]
) -> None:
    assert await matching_groups(gql, attribute("EXTERNAL_ID", "EQ", "ENG")) == {
        "Engineering"
    }
    assert await matching_groups(gql, attribute("EXTERNAL_ID", "EQ", "eng")) == set()
    assert await matching_groups(gql, attribute("EXTERNAL_ID", "SW", "s")) == {"Sales"}
    assert await matching_groups(gql, negate(attribute("EXTERNAL_ID", "PR"))) == {
        "Empty",
        "Everyone",
    }


async def test_groups_filter_on_a_member_id(
    gql: GraphQL, teams: dict[str, str]
) -> None:
    where = {"members": {"where": sub("VALUE", "EQ", teams["ada"])}}
    assert await matching_groups(gql, where) == {"Engineering", "Everyone"}
    where = {"members": {"where": sub("VALUE", "EQ", teams["bob"])}}
    assert await matching_groups(gql, where) == {"Sales"}


async def test_member_ids_compare_exactly(gql: GraphQL, teams: dict[str, str]) -> None:
    where = {"members": {"where": sub("VALUE", "EQ", teams["ada"].upper())}}
    assert await matching_groups(gql, where) == set()


async def test_groups_filter_on_member_types(
    gql: GraphQL, teams: dict[str, str]
) -> None:
    where = {"members": {"where": sub("TYPE", "EQ", "group")}}
    assert await matching_groups(gql, where) == {"Everyone"}
    both = all_of(sub("TYPE", "EQ", "User"), sub("VALUE", "EQ", teams["eng"]))
    assert await matching_groups(gql, {"members": {"where": both}}) == set()


async def test_members_without_where_means_the_group_has_members(
    gql: GraphQL, teams: dict[str, str]
) -> None:
    assert await matching_groups(gql, {"members": {}}) == {
        "Engineering",
        "Sales",
        "Everyone",
    }
    assert await matching_groups(gql, negate({"members": {}})) == {"Empty"}


async def test_groups_filter_on_custom_attributes(
    gql: GraphQL, teams: dict[str, str]
) -> None:
    assert await matching_groups(gql, custom("region", "EQ", "eu")) == {"Empty"}
    assert await matching_groups(gql, custom("seats", "GE", 3)) == {"Empty"}
    assert await matching_groups(gql, negate(custom("region", "PR"))) == {
        "Engineering",
        "Sales",
        "Everyone",
    }


async def test_group_filters_combine_with_logic(
    gql: GraphQL, teams: dict[str, str]
) -> None:
    where = all_of(
        {"members": {"where": sub("VALUE", "EQ", teams["ada"])}},
        negate(attribute("EXTERNAL_ID", "PR")),
    )
    assert await matching_groups(gql, where) == {"Everyone"}


async def test_groups_filter_on_their_version_and_creation(
    gql: GraphQL, teams: dict[str, str]
) -> None:
    rename = """mutation($id: ID!) { updateGroup(id: $id, operations: [
      {set: {displayName: "Engineers"}}]) { __typename } }"""
    await gql(rename, {"id": teams["eng"]})
    assert await matching_groups(gql, attribute("VERSION", "GT", 1)) == {"Engineers"}
    data = await gql("{ groups { nodes { displayName meta { created } } } }")
    stamps = {g["displayName"]: g["meta"]["created"] for g in data["groups"]["nodes"]}
    since = attribute("CREATED", "GE", {"dateTime": stamps["Empty"]})
    assert await matching_groups(gql, since) == {"Empty", "Everyone"}


@pytest.mark.parametrize("field", ["COUNTRY", "PRIMARY", "DISPLAY", "LOCALITY"])
async def test_a_member_sub_attribute_other_than_value_and_type_is_invalid(
    gql: GraphQL, teams: dict[str, str], field: str
) -> None:
    where = {"members": {"where": sub(field, "EQ", "x")}}
    assert await error_code(gql, where, GROUPS) == "INVALID_FILTER"


# Invalid filters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ACTIVE", {"string": "true"}),
        ("ACTIVE", {"int": 1}),
        ("USER_NAME", {"int": 5}),
        ("USER_NAME", {"boolean": True}),
        ("VERSION", {"string": "1"}),
        ("VERSION", {"boolean": True}),
        ("CREATED", {"boolean": True}),
        ("CREATED", {"int": 1700000000}),
        ("CREATED", {"string": "yesterday"}),
        ("EXTERNAL_ID", {"dateTime": "2024-01-01T00:00:00Z"}),
    ],
)
async def test_a_value_of_the_wrong_type_is_an_invalid_filter(
    gql: GraphQL, field: str, value: dict[str, Any]
) -> None:
    await create_user(gql, "someone")
    assert await error_code(gql, attribute(field, "EQ", value)) == "INVALID_FILTER"


async def test_a_sub_attribute_value_of_the_wrong_type_is_an_invalid_filter(
    gql: GraphQL,
) -> None:
    where = values("EMAILS", sub("PRIMARY", "EQ", "yes"))
    assert await error_code(gql, where) == "INVALID_FILTER"
    where = values("EMAILS", sub("VALUE", "EQ", 3))
    assert await error_code(gql, where) == "INVALID_FILTER"


async def test_substring_operators_apply_to_strings_only(gql: GraphQL) -> None:
    assert await error_code(gql, attribute("VERSION", "CO", 1)) == "INVALID_FILTER"
    created = attribute("CREATED", "SW", {"dateTime": "2024-01-01T00:00:00Z"})
    assert await error_code(gql, created) == "INVALID_FILTER"


async def test_a_filter_of_many_terms_is_accepted(gql: GraphQL) -> None:
    await create_user(gql, "u7")
    where = any_of(*(attribute("USER_NAME", "EQ", f"u{n}") for n in range(150)))
    assert await matching(gql, where) == {"u7"}


async def test_a_filter_of_more_than_200_terms_is_an_invalid_filter(
    gql: GraphQL,
) -> None:
    where = any_of(*(attribute("USER_NAME", "EQ", f"u{n}") for n in range(201)))
    assert await error_code(gql, where) == "INVALID_FILTER"


async def test_terms_inside_values_count_toward_the_limit(gql: GraphQL) -> None:
    inner = any_of(*(sub("VALUE", "EQ", f"{n}@x") for n in range(201)))
    assert await error_code(gql, values("EMAILS", inner)) == "INVALID_FILTER"


def nested(depth: int) -> Filter:
    """A filter ``depth`` levels deep: ``not`` and ``and`` in turn."""
    where: Filter = attribute("USER_NAME", "PR")
    for level in range(depth - 1):
        if level % 2:
            where = all_of(attribute("ACTIVE", "EQ", True), where)
        else:
            where = negate(where)
    return where


async def test_a_filter_nested_twenty_levels_deep_is_accepted(gql: GraphQL) -> None:
    await create_user(gql, "deep")
    assert await matching(gql, nested(20)) == {"deep"}


async def test_a_filter_nested_deeper_is_an_invalid_filter(gql: GraphQL) -> None:
    await create_user(gql, "deep")
    assert await error_code(gql, nested(21)) == "INVALID_FILTER"
    assert await error_code(gql, nested(60)) == "INVALID_FILTER"


async def test_and_inside_and_does_not_count_as_nesting(gql: GraphQL) -> None:
    await create_user(gql, "chained", title="t")
    where: Filter = attribute("USER_NAME", "PR")
    for _ in range(80):
        where = all_of(attribute("TITLE", "EQ", "t"), where)
    assert await matching(gql, where) == {"chained"}


async def test_brackets_of_a_multi_valued_attribute_count_as_nesting(
    gql: GraphQL,
) -> None:
    inner: Filter = sub("TYPE", "PR")
    for _ in range(20):
        inner = negate(inner)
    assert await error_code(gql, values("EMAILS", inner)) == "INVALID_FILTER"


async def test_a_group_filter_of_more_than_200_terms_is_an_invalid_filter(
    gql: GraphQL,
) -> None:
    where = any_of(*(attribute("DISPLAY_NAME", "EQ", f"g{n}") for n in range(201)))
    assert await error_code(gql, where, GROUPS) == "INVALID_FILTER"


async def test_a_one_of_input_with_two_fields_is_a_validation_error(
    gql: GraphQL,
) -> None:
    query = """{ users(filter: {
      attribute: {field: TITLE, op: PR}, custom: {key: "a", op: PR}
    }) { totalCount } }"""
    errors = await gql.errors(query)
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_one_of_variable_with_two_fields_is_refused(gql: GraphQL) -> None:
    where = {"attribute": {"field": "TITLE", "op": "PR"}, "not": {"or": []}}
    errors = await gql.errors(USERS, {"filter": where})
    assert "exactly one" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_filter_value_with_two_literals_is_refused(gql: GraphQL) -> None:
    where = attribute("TITLE", "EQ", {"string": "x", "int": 1})
    errors = await gql.errors(USERS, {"filter": where})
    assert "exactly one" in errors[0]["message"]
    query = """{ users(filter: {attribute: {
      field: TITLE, op: EQ, value: {string: "x", boolean: true}
    }}) { totalCount } }"""
    errors = await gql.errors(query)
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_one_of_input_with_no_field_is_refused(gql: GraphQL) -> None:
    errors = await gql.errors("{ users(filter: {}) { totalCount } }")
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_an_invalid_filter_names_the_problem(gql: GraphQL) -> None:
    errors = await gql.errors(USERS, {"filter": values("EMAILS", sub("COUNTRY", "PR"))})
    assert "country" in errors[0]["message"]
    assert errors[0]["path"] == ["users"]
