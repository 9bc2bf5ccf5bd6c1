"""SCIM POST and PUT bodies (RFC 7643 §4.1-§4.3) as the directory's
``UserInput`` and ``GroupInput``, including what Entra ID, Okta and OneLogin
send. Every input produced is checked against ``schema.graphql``."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scim_facade.bodies import group_input, user_input
from scim_facade.errors import ScimError
from tests.graphql_inputs import assert_input

Json = dict[str, Any]

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def user(body: Json) -> Json:
    result = user_input(body)
    assert_input(result, "UserInput")
    return result


def group(body: Json) -> Json:
    result = group_input(body)
    assert_input(result, "GroupInput")
    return result


def user_error(body: Any) -> ScimError:
    with pytest.raises(ScimError) as caught:
        user_input(body)
    assert caught.value.status == 400
    return caught.value


def group_error(body: Any) -> ScimError:
    with pytest.raises(ScimError) as caught:
        group_input(body)
    assert caught.value.status == 400
    return caught.value


# Users -------------------------------------------------------------------------


def test_a_minimal_user_needs_only_a_user_name() -> None:
    assert user({"schemas": [CORE], "userName": "bjensen"}) == {"userName": "bjensen"}


def test_the_rfc_7643_enterprise_user_example_translates_every_attribute() -> None:
    # RFC 7643 §8.3, shortened to one value per multi-valued attribute.
    body = {
        "schemas": [CORE, ENTERPRISE],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "701984",
        "userName": "bjensen@example.com",
        "name": {
            "formatted": "Ms. Barbara J Jensen, III",
            "familyName": "Jensen",
            "givenName": "Barbara",
            "middleName": "Jane",
            "honorificPrefix": "Ms.",
            "honorificSuffix": "III",
        },
        "displayName": "Babs Jensen",
        "nickName": "Babs",
        "profileUrl": "https://login.example.com/bjensen",
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": True}],
        "addresses": [
            {
                "type": "work",
                "streetAddress": "100 Universal City Plaza",
                "locality": "Hollywood",
                "region": "CA",
                "postalCode": "91608",
                "country": "USA",
                "formatted": "100 Universal City Plaza\nHollywood, CA 91608 USA",
                "primary": True,
            }
        ],
        "phoneNumbers": [{"value": "555-555-5555", "type": "work"}],
        "ims": [{"value": "someaimhandle", "type": "aim"}],
        "photos": [{"value": "https://photos.example.com/F", "type": "photo"}],
        "userType": "Employee",
        "title": "Tour Guide",
        "preferredLanguage": "en-US",
        "locale": "en-US",
        "timezone": "America/Los_Angeles",
        "active": True,
        "password": "t1meMa$heen",
        "groups": [{"value": "e9e30dba", "$ref": "https://x/Groups/e9e30dba"}],
        "x509Certificates": [{"value": "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw"}],
        ENTERPRISE: {
            "employeeNumber": "701984",
            "costCenter": "4130",
            "organization": "Universal Studios",
            "division": "Theme Park",
            "department": "Tour Operations",
            "manager": {
                "value": "26118915-6090-4610-87e4-49d8ca9f808d",
                "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
                "displayName": "John Smith",
            },
        },
        "meta": {"resourceType": "User", "version": 'W/"3694e05e9dff591"'},
    }
    assert user(body) == {
        "externalId": "701984",
        "userName": "bjensen@example.com",
        "name": body["name"],
        "displayName": "Babs Jensen",
        "nickName": "Babs",
        "profileUrl": "https://login.example.com/bjensen",
        "emails": body["emails"],
        "addresses": body["addresses"],
        "phoneNumbers": body["phoneNumbers"],
        "ims": body["ims"],
        "photos": body["photos"],
        "userType": "Employee",
        "title": "Tour Guide",
        "preferredLanguage": "en-US",
        "locale": "en-US",
        "timezone": "America/Los_Angeles",
        "active": True,
        "password": "t1meMa$heen",
        "x509Certificates": body["x509Certificates"],
        "enterprise": {
            "employeeNumber": "701984",
            "costCenter": "4130",
            "organization": "Universal Studios",
            "division": "Theme Park",
            "department": "Tour Operations",
            "manager": "26118915-6090-4610-87e4-49d8ca9f808d",
        },
    }


def test_attribute_names_are_case_insensitive_at_every_level() -> None:
    body = {
        "USERNAME": "bjensen",
        "Name": {"GIVENNAME": "Barbara"},
        "Emails": [{"VALUE": "b@example.com", "Primary": True}],
    }
    assert user(body) == {
        "userName": "bjensen",
        "name": {"givenName": "Barbara"},
        "emails": [{"value": "b@example.com", "primary": True}],
    }


def test_core_attributes_may_carry_the_core_schema_urn() -> None:
    body = {f"{CORE}:userName": "bjensen", f"{CORE.lower()}:name.familyName": "J"}
    assert user(body) == {"userName": "bjensen", "name": {"familyName": "J"}}


def test_the_enterprise_extension_may_come_as_an_object_under_its_urn() -> None:
    body = {"userName": "b", ENTERPRISE.upper(): {"Department": "Tours"}}
    assert user(body)["enterprise"] == {"department": "Tours"}


def test_enterprise_attributes_may_come_as_urn_prefixed_flat_keys() -> None:
    body = {"userName": "b", f"{ENTERPRISE}:department": "Tours"}
    assert user(body)["enterprise"] == {"department": "Tours"}


def test_flat_and_nested_enterprise_attributes_merge() -> None:
    body = {
        "userName": "b",
        ENTERPRISE: {"department": "Tours"},
        f"{ENTERPRISE}:costCenter": "4130",
    }
    assert user(body)["enterprise"] == {"department": "Tours", "costCenter": "4130"}


def test_entra_sends_the_manager_as_a_bare_id() -> None:
    body = {"userName": "b", f"{ENTERPRISE}:manager": "m-1"}
    assert user(body)["enterprise"] == {"manager": "m-1"}


def test_entra_sends_the_manager_as_an_object_with_a_value() -> None:
    body = {"userName": "b", ENTERPRISE: {"manager": {"Value": "m-1"}}}
    assert user(body)["enterprise"] == {"manager": "m-1"}


@pytest.mark.parametrize("manager", [None, "", {"value": None}, {"value": ""}])
def test_an_empty_manager_is_no_manager(manager: object) -> None:
    body = {"userName": "b", ENTERPRISE: {"manager": manager}}
    assert user(body) == {"userName": "b"}


@pytest.mark.parametrize(
    ("sent", "active"), [("True", True), ("false", False), ("TRUE", True)]
)
def test_entra_and_onelogin_send_active_as_a_string(sent: str, active: bool) -> None:
    assert user({"userName": "b", "active": sent})["active"] is active


def test_primary_may_be_a_boolean_string() -> None:
    body = {"userName": "b", "emails": [{"value": "b@x", "primary": "True"}]}
    assert user(body)["emails"] == [{"value": "b@x", "primary": True}]


def test_null_attributes_are_left_out() -> None:
    body = {"userName": "b", "title": None, "name": None, "emails": None}
    assert user(body) == {"userName": "b"}


def test_null_sub_attributes_are_left_out() -> None:
    body = {"userName": "b", "name": {"givenName": None, "familyName": "J"}}
    assert user(body)["name"] == {"familyName": "J"}


def test_read_only_attributes_are_ignored() -> None:
    body = {
        "userName": "b",
        "id": "u-1",
        "meta": {"resourceType": "User"},
        "schemas": [CORE],
        "groups": [{"value": "g-1"}],
    }
    assert user(body) == {"userName": "b"}


def test_onelogin_null_id_and_unknown_keys_are_ignored() -> None:
    body = {
        "id": None,
        "userName": "b",
        "active": "true",
        "custom_field": "x",
        "member_of": ["a"],
    }
    assert user(body) == {"userName": "b", "active": True}


def test_okta_post_body_keeps_the_password_and_ignores_empty_groups() -> None:
    body = {
        "schemas": [CORE],
        "userName": "isaac@example.com",
        "name": {"givenName": "Isaac", "familyName": "Brock"},
        "emails": [{"primary": True, "value": "isaac@example.com", "type": "work"}],
        "displayName": "Isaac Brock",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": True,
    }
    assert user(body) == {
        "userName": "isaac@example.com",
        "name": {"givenName": "Isaac", "familyName": "Brock"},
        "emails": [{"primary": True, "value": "isaac@example.com", "type": "work"}],
        "displayName": "Isaac Brock",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "password": "1mz050nq",
        "active": True,
    }


def test_unknown_extension_schemas_are_ignored() -> None:
    custom = "urn:ietf:params:scim:schemas:extension:acme:2.0:User"
    body = {"userName": "b", custom: {"badge": "7"}, f"{custom}:floor": "3"}
    assert user(body) == {"userName": "b"}


def test_a_multi_valued_attribute_given_as_one_object_is_a_one_element_list() -> None:
    body = {"userName": "b", "emails": {"value": "b@x", "type": "work"}}
    assert user(body)["emails"] == [{"value": "b@x", "type": "work"}]


def test_unknown_sub_attributes_of_values_are_ignored() -> None:
    body = {"userName": "b", "roles": [{"value": "admin", "$ref": "x", "extra": 1}]}
    assert user(body)["roles"] == [{"value": "admin"}]


def test_manager_display_name_is_read_only_and_ignored() -> None:
    body = {"userName": "b", ENTERPRISE: {"manager": {"displayName": "John"}}}
    assert user(body) == {"userName": "b"}


@pytest.mark.parametrize("body", [{}, {"userName": None}, {"name": {"givenName": "B"}}])
def test_a_missing_user_name_is_an_invalid_value(body: Json) -> None:
    error = user_error(body)
    assert error.scim_type == "invalidValue"
    assert "userName" in error.detail


@pytest.mark.parametrize("user_name", [7, True, ["b"], {"value": "b"}])
def test_a_user_name_that_is_not_a_string_is_an_invalid_value(
    user_name: object,
) -> None:
    error = user_error({"userName": user_name})
    assert error.scim_type == "invalidValue"
    assert "'userName'" in error.detail


@pytest.mark.parametrize("emails", ["b@x", ["b@x"], 3, [{"value": "b@x"}, None]])
def test_emails_that_are_not_objects_are_an_invalid_value(emails: object) -> None:
    error = user_error({"userName": "b", "emails": emails})
    assert error.scim_type == "invalidValue"
    assert "'emails" in error.detail


def test_a_sub_attribute_value_that_is_an_object_names_its_path() -> None:
    body = {"userName": "b", "emails": [{"value": "a@x"}, {"value": {"x": 1}}]}
    error = user_error(body)
    assert error.scim_type == "invalidValue"
    assert "'emails[1].value' must be a string, not an object" in error.detail


@pytest.mark.parametrize("active", ["yes", 1, "on", [True]])
def test_an_active_that_is_not_a_boolean_is_an_invalid_value(active: object) -> None:
    error = user_error({"userName": "b", "active": active})
    assert error.scim_type == "invalidValue"
    assert "'active'" in error.detail


def test_a_name_that_is_not_an_object_is_an_invalid_value() -> None:
    error = user_error({"userName": "b", "name": "Barbara Jensen"})
    assert error.scim_type == "invalidValue"
    assert "'name'" in error.detail


def test_an_enterprise_attribute_of_the_wrong_type_names_its_urn_path() -> None:
    error = user_error({"userName": "b", ENTERPRISE: {"department": 42}})
    assert f"'{ENTERPRISE}:department'" in error.detail


@pytest.mark.parametrize("body", [[], "userName", None, 3])
def test_a_user_body_that_is_not_an_object_is_invalid_syntax(body: Any) -> None:
    assert user_error(body).scim_type == "invalidSyntax"


# Groups ------------------------------------------------------------------------


def test_the_rfc_7643_group_example_translates() -> None:
    # RFC 7643 §8.4.
    body = {
        "schemas": [GROUP_URN],
        "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
        "displayName": "Tour Guides",
        "members": [
            {
                "value": "2819c223-7f76-453a-919d-413861904646",
                "$ref": "https://example.com/v2/Users/2819c223",
                "display": "Babs Jensen",
            },
            {
                "value": "902c246b-6245-4190-8e05-00816be7344a",
                "$ref": "https://example.com/v2/Users/902c246b",
                "display": "Mandy Pepperidge",
            },
        ],
        "meta": {"resourceType": "Group"},
    }
    assert group(body) == {
        "displayName": "Tour Guides",
        "members": [
            {"id": "2819c223-7f76-453a-919d-413861904646"},
            {"id": "902c246b-6245-4190-8e05-00816be7344a"},
        ],
    }


def test_a_group_keeps_its_external_id() -> None:
    body = {"displayName": "G", "externalId": "okta-1"}
    assert group(body) == {"displayName": "G", "externalId": "okta-1"}


@pytest.mark.parametrize(
    ("sent", "kept"), [("User", "USER"), ("group", "GROUP"), ("GROUP", "GROUP")]
)
def test_a_member_type_is_kept_in_any_case(sent: str, kept: str) -> None:
    body = {"displayName": "G", "members": [{"value": "m", "type": sent}]}
    assert group(body)["members"] == [{"id": "m", "type": kept}]


@pytest.mark.parametrize("sent", ["direct", "", 1, None])
def test_a_member_type_that_is_not_user_or_group_is_dropped(sent: object) -> None:
    body = {"displayName": "G", "members": [{"value": "m", "type": sent}]}
    assert group(body)["members"] == [{"id": "m"}]


def test_okta_members_without_type_leave_the_type_to_the_directory() -> None:
    body = {"displayName": "G", "members": [{"value": "u-1", "display": "Isaac"}]}
    assert group(body)["members"] == [{"id": "u-1"}]


def test_a_member_ref_may_be_null() -> None:
    body = {"displayName": "G", "members": [{"value": "u-1", "$ref": None}]}
    assert group(body)["members"] == [{"id": "u-1"}]


def test_a_lone_member_object_is_a_one_element_list() -> None:
    body = {"displayName": "G", "members": {"value": "u-1"}}
    assert group(body)["members"] == [{"id": "u-1"}]


def test_group_names_are_case_insensitive_and_may_carry_the_group_urn() -> None:
    body = {f"{GROUP_URN}:displayname": "G", "MEMBERS": [{"VALUE": "u-1"}]}
    assert group(body) == {"displayName": "G", "members": [{"id": "u-1"}]}


def test_group_read_only_and_unknown_attributes_are_ignored() -> None:
    body: Json = {
        "displayName": "G",
        "id": None,
        "meta": {},
        "schemas": [],
        "owner": "x",
    }
    assert group(body) == {"displayName": "G"}


@pytest.mark.parametrize("body", [{}, {"displayName": None}, {"members": []}])
def test_a_group_without_display_name_is_an_invalid_value(body: Json) -> None:
    error = group_error(body)
    assert error.scim_type == "invalidValue"
    assert "displayName" in error.detail


def test_a_display_name_that_is_not_a_string_is_an_invalid_value() -> None:
    error = group_error({"displayName": ["G"]})
    assert error.scim_type == "invalidValue"


@pytest.mark.parametrize(
    "member", [{}, {"value": None}, {"value": ""}, {"display": "A"}]
)
def test_a_member_without_value_is_an_invalid_value(member: Json) -> None:
    error = group_error({"displayName": "G", "members": [member]})
    assert error.scim_type == "invalidValue"
    assert "'members[0].value'" in error.detail


def test_a_member_that_is_not_an_object_is_an_invalid_value() -> None:
    error = group_error({"displayName": "G", "members": ["u-1"]})
    assert error.scim_type == "invalidValue"


# Any body ----------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "userName",
        "USERNAME",
        "displayName",
        "active",
        "name",
        "givenName",
        "emails",
        "addresses",
        "value",
        "type",
        "primary",
        "members",
        "manager",
        "password",
        "id",
        "groups",
        ENTERPRISE,
        f"{ENTERPRISE}:manager",
        f"{CORE}:userName",
        "x[y]",
    ]
)
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
JSON = st.recursive(
    SCALARS | st.sampled_from(["True", "false", "User", "Group"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(NAMES, JSON, max_size=6))
def test_any_body_translates_to_valid_inputs_or_raises_a_scim_error(
    body: Json,
) -> None:
    for translate, type_name in (
        (user_input, "UserInput"),
        (group_input, "GroupInput"),
    ):
        try:
            result = translate(body)
        except ScimError as error:
            assert error.status == 400
            continue
        assert_input(result, type_name)
