"""SCIM PATCH (RFC 7644 §3.5.2) as the directory's ``UserOperationInput``
and ``GroupOperationInput`` lists: the RFC's examples, and what Entra ID,
Okta and OneLogin send. Every list produced is checked against
``schema.graphql``."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scim_facade.errors import ScimError
from scim_facade.patch import group_operations, user_operations
from tests.graphql_inputs import assert_inputs

Json = dict[str, Any]

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
BABS = "2819c223-7f76-453a-919d-413861904646"
MANDY = "902c246b-6245-4190-8e05-00816be7344a"


def body(*operations: Json) -> Json:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


def user(*operations: Json) -> list[Json]:
    result = user_operations(body(*operations))
    assert_inputs(result, "UserOperationInput")
    return result


def group(*operations: Json) -> list[Json]:
    result = group_operations(body(*operations))
    assert_inputs(result, "GroupOperationInput")
    return result


def user_error(*operations: Json) -> ScimError:
    with pytest.raises(ScimError) as caught:
        user_operations(body(*operations))
    assert caught.value.status == 400
    return caught.value


def group_error(*operations: Json) -> ScimError:
    with pytest.raises(ScimError) as caught:
        group_operations(body(*operations))
    assert caught.value.status == 400
    return caught.value


def eq(field: str, value: str) -> Json:
    return {"compare": {"field": field, "op": "EQ", "value": {"string": value}}}


WORK = eq("TYPE", "work")


# RFC 7644 §3.5.2 examples ------------------------------------------------------


def test_rfc_adding_a_member_to_a_group() -> None:
    # §3.5.2.1
    member = {
        "display": "Babs Jensen",
        "$ref": f"https://x/Users/{BABS}",
        "value": BABS,
    }
    operation = {"op": "add", "path": "members", "value": [member]}
    assert group(operation) == [{"addMembers": [{"id": BABS}]}]


def test_rfc_adding_attributes_without_a_path() -> None:
    # §3.5.2.1: "nickname" is spelt in lower case in the RFC.
    value = {
        "emails": [{"value": "babs@jensen.org", "type": "home"}],
        "nickname": "Babs",
    }
    assert user({"op": "add", "value": value}) == [
        {
            "addValues": {
                "attribute": "EMAILS",
                "values": [{"value": "babs@jensen.org", "type": "home"}],
            }
        },
        {"set": {"nickName": "Babs"}},
    ]


def test_rfc_removing_all_members_of_a_group() -> None:
    # §3.5.2.2
    assert group({"op": "remove", "path": "members"}) == [{"removeAllMembers": True}]


def test_rfc_removing_a_single_member_from_a_group() -> None:
    # §3.5.2.2
    operation = {"op": "remove", "path": f'members[value eq "{BABS}"]'}
    assert group(operation) == [{"removeMembers": [BABS]}]


def test_rfc_removing_a_multi_valued_complex_value() -> None:
    # §3.5.2.2
    path = 'emails[type eq "work" and value ew "example.com"]'
    where = {
        "and": [
            WORK,
            {
                "compare": {
                    "field": "VALUE",
                    "op": "EW",
                    "value": {"string": "example.com"},
                }
            },
        ]
    }
    assert user({"op": "remove", "path": path}) == [
        {"removeValues": {"attribute": "EMAILS", "where": where}}
    ]


def test_rfc_removing_a_member_and_adding_another() -> None:
    # §3.5.2.2
    assert group(
        {"op": "remove", "path": f'members[value eq "{BABS}"]'},
        {"op": "add", "path": "members", "value": [{"value": MANDY}]},
    ) == [{"removeMembers": [BABS]}, {"addMembers": [{"id": MANDY}]}]


def test_rfc_removing_all_members_and_adding_new_ones() -> None:
    # §3.5.2.2
    assert group(
        {"op": "remove", "path": "members"},
        {"op": "add", "path": "members", "value": [{"value": BABS}, {"value": MANDY}]},
    ) == [{"removeAllMembers": True}, {"addMembers": [{"id": BABS}, {"id": MANDY}]}]


def test_rfc_replacing_all_members_of_a_group() -> None:
    # §3.5.2.3
    operation = {"op": "replace", "path": "members", "value": [{"value": BABS}]}
    assert group(operation) == [{"replaceMembers": [{"id": BABS}]}]


def test_rfc_replacing_a_filtered_address_with_a_whole_value() -> None:
    # §3.5.2.3: no orAdd; a replace that matches nothing fails with noTarget.
    value = {
        "type": "work",
        "streetAddress": "911 Universal City Plaza",
        "locality": "Hollywood",
        "region": "CA",
        "postalCode": "91608",
        "country": "US",
        "formatted": "911 Universal City Plaza\nHollywood, CA 91608 US",
        "primary": True,
    }
    operation = {"op": "replace", "path": 'addresses[type eq "work"]', "value": value}
    assert user(operation) == [
        {"updateValues": {"attribute": "ADDRESSES", "where": WORK, "set": value}}
    ]


def test_rfc_replacing_a_sub_attribute_of_a_filtered_address() -> None:
    # §3.5.2.3
    operation = {
        "op": "replace",
        "path": 'addresses[type eq "work"].streetAddress',
        "value": "1010 Broadway Ave",
    }
    assert user(operation) == [
        {
            "updateValues": {
                "attribute": "ADDRESSES",
                "set": {"streetAddress": "1010 Broadway Ave"},
                "where": WORK,
                "orAdd": {"type": "work", "streetAddress": "1010 Broadway Ave"},
            }
        }
    ]


def test_rfc_replacing_attributes_without_a_path() -> None:
    # §3.5.2.3
    emails = [
        {"value": "bjensen@example.com", "type": "work", "primary": True},
        {"value": "babs@jensen.org", "type": "home"},
    ]
    operation = {"op": "replace", "value": {"emails": emails, "nickname": "Babs"}}
    assert user(operation) == [
        {"replaceValues": {"attribute": "EMAILS", "values": emails}},
        {"set": {"nickName": "Babs"}},
    ]


# The envelope ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sent",
    [{}, {"Operations": []}, {"Operations": {"op": "add"}}, {"Operations": ["add"]}],
)
def test_operations_must_be_a_non_empty_list_of_objects(sent: Json) -> None:
    with pytest.raises(ScimError) as caught:
        user_operations(sent)
    assert caught.value.scim_type == "invalidSyntax"


@pytest.mark.parametrize("sent", [[], "add", None])
def test_a_body_that_is_not_an_object_is_invalid_syntax(sent: Any) -> None:
    with pytest.raises(ScimError) as caught:
        group_operations(sent)
    assert caught.value.scim_type == "invalidSyntax"


@pytest.mark.parametrize("op", ["move", "", None, 1, "ad d"])
def test_an_op_other_than_add_replace_or_remove_is_invalid_syntax(op: object) -> None:
    assert user_error({"op": op, "path": "title", "value": "x"}).scim_type == (
        "invalidSyntax"
    )


def test_entra_capitalises_the_op() -> None:
    assert user(
        {"op": "Add", "path": "title", "value": "a"},
        {"op": "REPLACE", "path": "title", "value": "b"},
        {"op": "Remove", "path": "title"},
    ) == [{"set": {"title": "a"}}, {"set": {"title": "b"}}, {"unset": ["TITLE"]}]


def test_the_patch_body_member_names_are_case_insensitive() -> None:
    sent = {"OPERATIONS": [{"OP": "replace", "Path": "title", "VALUE": "x"}]}
    assert user_operations(sent) == [{"set": {"title": "x"}}]


def test_remove_without_a_path_is_no_target() -> None:
    # RFC 7644 §3.5.2.2
    assert user_error({"op": "remove"}).scim_type == "noTarget"


@pytest.mark.parametrize("op", ["add", "replace"])
def test_add_or_replace_without_a_value_is_invalid_syntax(op: str) -> None:
    assert user_error({"op": op, "path": "title"}).scim_type == "invalidSyntax"


def test_a_path_that_is_not_a_string_is_invalid_syntax() -> None:
    error = user_error({"op": "replace", "path": ["title"], "value": "x"})
    assert error.scim_type == "invalidSyntax"


@pytest.mark.parametrize(
    "path", ["", "title title", 'emails[type eq "work"', "emails.value[type pr]"]
)
def test_a_path_that_does_not_parse_is_invalid_path(path: str) -> None:
    assert user_error({"op": "remove", "path": path}).scim_type == "invalidPath"


@pytest.mark.parametrize(
    "path",
    ['emails[type eqq "work"]', "emails[type eq]", 'emails[typo eq "work"].value'],
)
def test_a_bad_filter_inside_brackets_is_invalid_filter(path: str) -> None:
    assert user_error({"op": "remove", "path": path}).scim_type == "invalidFilter"


@pytest.mark.parametrize(
    "path",
    ["nickname2", "name.nickName", "emails.city", "title.value", f"{CORE}x:title"],
)
def test_an_unknown_attribute_is_invalid_path(path: str) -> None:
    assert user_error({"op": "remove", "path": path}).scim_type == "invalidPath"


def test_an_unknown_extension_path_is_invalid_path() -> None:
    path = "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge"
    assert user_error({"op": "replace", "path": path, "value": "7"}).scim_type == (
        "invalidPath"
    )


@pytest.mark.parametrize(
    "path",
    [
        "id",
        "ID",
        "meta",
        "meta.lastModified",
        "schemas",
        "groups",
        "groups.value",
        f"{ENTERPRISE}:manager.displayName",
    ],
)
def test_an_explicit_read_only_path_is_a_mutability_error(path: str) -> None:
    error = user_error({"op": "replace", "path": path, "value": "x"})
    assert error.scim_type == "mutability"


def test_a_filter_on_a_single_valued_attribute_is_invalid_path() -> None:
    error = user_error({"op": "remove", "path": 'title[value eq "x"]'})
    assert error.scim_type == "invalidPath"


def test_an_error_names_the_operation_it_is_in() -> None:
    error = user_error(
        {"op": "replace", "path": "title", "value": "x"},
        {"op": "replace", "path": "title", "value": 3},
    )
    assert error.detail.startswith("Operations[1]: 'title' must be a string")


def test_operations_stay_in_order() -> None:
    assert user(
        {"op": "replace", "path": "title", "value": "a"},
        {"op": "remove", "path": "emails"},
        {"op": "replace", "path": "title", "value": "b"},
    ) == [
        {"set": {"title": "a"}},
        {"removeValues": {"attribute": "EMAILS"}},
        {"set": {"title": "b"}},
    ]


# Single-valued attributes ------------------------------------------------------


@pytest.mark.parametrize("op", ["add", "replace"])
def test_add_and_replace_set_a_single_valued_attribute(op: str) -> None:
    assert user({"op": op, "path": "displayName", "value": "Babs"}) == [
        {"set": {"displayName": "Babs"}}
    ]


def test_remove_unsets_an_attribute_by_its_user_field_name() -> None:
    assert user({"op": "remove", "path": "userType"}) == [{"unset": ["USER_TYPE"]}]


@pytest.mark.parametrize("op", ["add", "replace"])
def test_a_null_value_clears_the_attribute(op: str) -> None:
    assert user({"op": op, "path": "title", "value": None}) == [{"unset": ["TITLE"]}]


def test_a_path_may_carry_the_core_schema_urn() -> None:
    operation = {"op": "replace", "path": f"{CORE}:userName", "value": "babs"}
    assert user(operation) == [{"set": {"userName": "babs"}}]


def test_entra_replaces_active_with_a_string() -> None:
    operation = {"op": "Replace", "path": "active", "value": "False"}
    assert user(operation) == [{"set": {"active": False}}]


def test_okta_deactivates_with_a_pathless_replace() -> None:
    operation = {"op": "replace", "value": {"active": False}}
    assert user(operation) == [{"set": {"active": False}}]


@pytest.mark.parametrize("active", ["no", 0, {"value": True}])
def test_an_active_that_is_not_a_boolean_is_an_invalid_value(active: object) -> None:
    error = user_error({"op": "replace", "path": "active", "value": active})
    assert error.scim_type == "invalidValue"


@pytest.mark.parametrize("value", [7, ["x"], {"value": "x"}, True])
def test_a_string_attribute_given_another_type_is_an_invalid_value(
    value: object,
) -> None:
    error = user_error({"op": "replace", "path": "title", "value": value})
    assert error.scim_type == "invalidValue"


def test_replacing_name_sets_only_the_parts_given() -> None:
    operation = {"op": "replace", "path": "name", "value": {"GivenName": "Babs"}}
    assert user(operation) == [{"set": {"name": {"givenName": "Babs"}}}]


def test_a_null_part_of_name_clears_that_part() -> None:
    operation = {"op": "replace", "path": "name", "value": {"middleName": None}}
    assert user(operation) == [{"set": {"name": {"middleName": None}}}]


def test_removing_name_unsets_all_its_parts() -> None:
    assert user({"op": "remove", "path": "name"}) == [
        {
            "unset": [
                "NAME_FORMATTED",
                "NAME_FAMILY_NAME",
                "NAME_GIVEN_NAME",
                "NAME_MIDDLE_NAME",
                "NAME_HONORIFIC_PREFIX",
                "NAME_HONORIFIC_SUFFIX",
            ]
        }
    ]


def test_replacing_name_with_null_unsets_all_its_parts() -> None:
    result = user({"op": "replace", "path": "name", "value": None})
    assert result == user({"op": "remove", "path": "name"})


def test_a_name_sub_attribute_path_sets_one_part() -> None:
    operation = {"op": "replace", "path": "name.familyName", "value": "Jensen"}
    assert user(operation) == [{"set": {"name": {"familyName": "Jensen"}}}]


def test_removing_a_name_sub_attribute_unsets_one_part() -> None:
    operation = {"op": "remove", "path": "NAME.GIVENNAME"}
    assert user(operation) == [{"unset": ["NAME_GIVEN_NAME"]}]


def test_a_name_that_is_not_an_object_is_an_invalid_value() -> None:
    error = user_error({"op": "replace", "path": "name", "value": "Babs Jensen"})
    assert error.scim_type == "invalidValue"


def test_an_enterprise_attribute_is_set_by_its_urn_path() -> None:
    path = f"{ENTERPRISE.lower()}:Department"
    assert user({"op": "replace", "path": path, "value": "Tours"}) == [
        {"set": {"enterprise": {"department": "Tours"}}}
    ]


def test_an_enterprise_attribute_is_unset_by_its_user_field_name() -> None:
    operation = {"op": "remove", "path": f"{ENTERPRISE}:costCenter"}
    assert user(operation) == [{"unset": ["COST_CENTER"]}]


@pytest.mark.parametrize("value", ["m-1", {"value": "m-1"}, {"Value": "m-1"}])
def test_entra_sends_the_manager_as_an_id_or_an_object(value: object) -> None:
    operation = {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": value}
    assert user(operation) == [{"set": {"enterprise": {"manager": "m-1"}}}]


def test_the_manager_value_sub_attribute_sets_the_manager() -> None:
    operation = {"op": "add", "path": f"{ENTERPRISE}:manager.value", "value": "m-1"}
    assert user(operation) == [{"set": {"enterprise": {"manager": "m-1"}}}]


@pytest.mark.parametrize("value", [None, "", {"value": None}, {"value": ""}])
def test_an_empty_manager_clears_it(value: object) -> None:
    operation = {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": value}
    assert user(operation) == [{"unset": ["MANAGER"]}]


def test_entra_removes_the_manager_with_a_value() -> None:
    path = f"{ENTERPRISE}:manager"
    operation = {"op": "Remove", "path": path, "value": [{"value": "m-1"}]}
    assert user(operation) == [{"unset": ["MANAGER"]}]


@pytest.mark.parametrize("sub", ["$ref", "nickName"])
def test_other_manager_sub_attributes_are_invalid_paths(sub: str) -> None:
    operation = {"op": "replace", "path": f"{ENTERPRISE}:manager.{sub}", "value": "x"}
    assert user_error(operation).scim_type == "invalidPath"


def test_replacing_the_enterprise_extension_sets_the_parts_given() -> None:
    value = {"department": "Tours", "manager": {"value": "m-1"}, "division": None}
    assert user({"op": "replace", "path": ENTERPRISE, "value": value}) == [
        {
            "set": {
                "enterprise": {
                    "department": "Tours",
                    "manager": "m-1",
                    "division": None,
                }
            }
        }
    ]


def test_removing_the_enterprise_extension_unsets_all_its_attributes() -> None:
    assert user({"op": "remove", "path": ENTERPRISE}) == [
        {
            "unset": [
                "EMPLOYEE_NUMBER",
                "COST_CENTER",
                "ORGANIZATION",
                "DIVISION",
                "DEPARTMENT",
                "MANAGER",
            ]
        }
    ]


def test_a_password_is_set_with_set_password() -> None:
    operation = {"op": "replace", "path": "password", "value": "t1meMa$heen"}
    assert user(operation) == [{"setPassword": "t1meMa$heen"}]


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "remove", "path": "password"},
        {"op": "replace", "path": "password", "value": None},
        {"op": "replace", "path": "password", "value": 1234},
    ],
)
def test_a_password_cannot_be_removed_or_be_other_than_a_string(
    operation: Json,
) -> None:
    assert user_error(operation).scim_type == "invalidValue"


# Without a path ----------------------------------------------------------------


def test_entra_replaces_without_a_path_using_dotted_and_urn_keys() -> None:
    value = {
        "displayName": "Babs Jensen",
        "name.givenName": "Barbara",
        f"{ENTERPRISE}:department": "Tours",
        f"{ENTERPRISE}:manager": "m-1",
        'emails[type eq "work"].value': "babs@example.com",
        "active": "True",
    }
    assert user({"op": "Replace", "value": value}) == [
        {"set": {"displayName": "Babs Jensen"}},
        {"set": {"name": {"givenName": "Barbara"}}},
        {"set": {"enterprise": {"department": "Tours"}}},
        {"set": {"enterprise": {"manager": "m-1"}}},
        {
            "updateValues": {
                "attribute": "EMAILS",
                "set": {"value": "babs@example.com"},
                "where": WORK,
                "orAdd": {"type": "work", "value": "babs@example.com"},
            }
        },
        {"set": {"active": True}},
    ]


def test_a_pathless_value_may_nest_objects() -> None:
    value = {"name": {"givenName": "Barbara"}, ENTERPRISE: {"manager": {"value": "m"}}}
    assert user({"op": "add", "value": value}) == [
        {"set": {"name": {"givenName": "Barbara"}}},
        {"set": {"enterprise": {"manager": "m"}}},
    ]


def test_pathless_null_clears_like_a_path_would() -> None:
    operation = {"op": "replace", "value": {"title": None, "name": None}}
    assert user(operation) == user(
        {"op": "remove", "path": "title"}, {"op": "remove", "path": "name"}
    )


def test_read_only_keys_in_a_pathless_value_are_ignored() -> None:
    value = {"id": "u-1", "meta": {}, "schemas": [CORE], "groups": [], "title": "x"}
    assert user({"op": "replace", "value": value}) == [{"set": {"title": "x"}}]


def test_unknown_extension_keys_in_a_pathless_value_are_ignored() -> None:
    custom = "urn:ietf:params:scim:schemas:extension:acme:2.0:User"
    value = {f"{custom}:badge": "7", custom: {"floor": 3}, "title": "x"}
    assert user({"op": "replace", "value": value}) == [{"set": {"title": "x"}}]


def test_an_unknown_key_in_a_pathless_value_is_invalid_path() -> None:
    error = user_error({"op": "replace", "value": {"titel": "x"}})
    assert error.scim_type == "invalidPath"


@pytest.mark.parametrize("value", ["x", ["title"], None, 1])
def test_a_pathless_value_that_is_not_an_object_is_an_invalid_value(
    value: object,
) -> None:
    assert user_error({"op": "add", "value": value}).scim_type == "invalidValue"


# Multi-valued attributes -------------------------------------------------------


def test_adding_emails_appends_them() -> None:
    operation = {"op": "add", "path": "emails", "value": [{"value": "b@x"}]}
    assert user(operation) == [
        {"addValues": {"attribute": "EMAILS", "values": [{"value": "b@x"}]}}
    ]


def test_a_lone_value_object_is_a_one_element_list() -> None:
    operation = {"op": "add", "path": "phoneNumbers", "value": {"value": "555"}}
    assert user(operation) == [
        {"addValues": {"attribute": "PHONE_NUMBERS", "values": [{"value": "555"}]}}
    ]


def test_replacing_emails_replaces_them_all() -> None:
    operation = {"op": "replace", "path": "emails", "value": [{"value": "b@x"}]}
    assert user(operation) == [
        {"replaceValues": {"attribute": "EMAILS", "values": [{"value": "b@x"}]}}
    ]


def test_replacing_emails_with_null_leaves_none() -> None:
    operation = {"op": "replace", "path": "emails", "value": None}
    assert user(operation) == [{"replaceValues": {"attribute": "EMAILS", "values": []}}]


def test_removing_emails_without_a_filter_removes_them_all() -> None:
    operation = {"op": "remove", "path": "x509Certificates"}
    assert user(operation) == [{"removeValues": {"attribute": "X509_CERTIFICATES"}}]


def test_removing_emails_with_a_value_removes_only_those() -> None:
    value = [{"value": "a@x", "type": "work"}, {"value": "b@x"}]
    operation = {"op": "remove", "path": "emails", "value": value}
    where = {"or": [{"and": [eq("VALUE", "a@x"), WORK]}, {"and": [eq("VALUE", "b@x")]}]}
    assert user(operation) == [
        {"removeValues": {"attribute": "EMAILS", "where": where}}
    ]


def test_removing_a_value_that_names_no_sub_attribute_is_an_invalid_value() -> None:
    operation = {"op": "remove", "path": "emails", "value": [{"value": "a@x"}, {}]}
    assert user_error(operation).scim_type == "invalidValue"


@pytest.mark.parametrize("value", ["b@x", ["b@x"], [{"value": "b@x"}, 3]])
def test_emails_that_are_not_objects_are_an_invalid_value(value: object) -> None:
    error = user_error({"op": "add", "path": "emails", "value": value})
    assert error.scim_type == "invalidValue"


def test_adding_a_whole_value_to_a_filter_adds_it_when_nothing_matches() -> None:
    operation = {
        "op": "add",
        "path": 'emails[type eq "work"]',
        "value": {"value": "b@x"},
    }
    assert user(operation) == [
        {
            "updateValues": {
                "attribute": "EMAILS",
                "where": WORK,
                "set": {"value": "b@x"},
                "orAdd": {"type": "work", "value": "b@x"},
            }
        }
    ]


def test_replacing_filtered_values_with_null_removes_them() -> None:
    operation = {"op": "replace", "path": 'emails[type eq "work"]', "value": None}
    assert user(operation) == [{"removeValues": {"attribute": "EMAILS", "where": WORK}}]


def test_adding_null_to_filtered_values_adds_nothing() -> None:
    assert user({"op": "add", "path": 'emails[type eq "work"]', "value": None}) == []


def test_a_filtered_value_naming_no_sub_attribute_is_an_invalid_value() -> None:
    operation = {"op": "replace", "path": 'emails[type eq "work"]', "value": {"x": 1}}
    assert user_error(operation).scim_type == "invalidValue"


def test_a_filtered_value_that_is_not_an_object_is_an_invalid_value() -> None:
    operation = {"op": "replace", "path": 'emails[type eq "work"]', "value": "b@x"}
    assert user_error(operation).scim_type == "invalidValue"


@pytest.mark.parametrize("op", ["Add", "Replace"])
def test_entra_sets_a_work_email_that_may_not_exist_yet(op: str) -> None:
    path = 'emails[type eq "work"].value'
    assert user({"op": op, "path": path, "value": "b@x"}) == [
        {
            "updateValues": {
                "attribute": "EMAILS",
                "set": {"value": "b@x"},
                "where": WORK,
                "orAdd": {"type": "work", "value": "b@x"},
            }
        }
    ]


def test_or_add_holds_every_equality_of_a_conjunction() -> None:
    path = 'phoneNumbers[type eq "work" and primary eq true].value'
    change = user({"op": "add", "path": path, "value": "555"})[0]["updateValues"]
    assert change["orAdd"] == {"type": "work", "primary": True, "value": "555"}


@pytest.mark.parametrize(
    "filter_text",
    ['type eq "work" or type eq "home"', 'value ew "@x"', 'not (type eq "home")'],
)
def test_no_or_add_unless_the_filter_is_a_conjunction_of_equalities(
    filter_text: str,
) -> None:
    path = f"emails[{filter_text}].display"
    change = user({"op": "add", "path": path, "value": "B"})[0]["updateValues"]
    assert "orAdd" not in change


def test_no_or_add_when_equalities_contradict_each_other() -> None:
    path = 'emails[type eq "work" and type eq "home"].value'
    change = user({"op": "add", "path": path, "value": "b@x"})[0]["updateValues"]
    assert "orAdd" not in change


def test_removing_a_filtered_sub_attribute_sets_it_to_null() -> None:
    operation = {"op": "remove", "path": 'emails[type eq "work"].display'}
    assert user(operation) == [
        {
            "updateValues": {
                "attribute": "EMAILS",
                "set": {"display": None},
                "where": WORK,
            }
        }
    ]


def test_a_sub_attribute_path_without_filter_changes_every_value() -> None:
    operation = {"op": "replace", "path": "emails.type", "value": "work"}
    assert user(operation) == [
        {
            "updateValues": {
                "attribute": "EMAILS",
                "set": {"type": "work"},
                "orAdd": {"type": "work"},
            }
        }
    ]


def test_a_primary_sub_attribute_takes_a_boolean_string() -> None:
    operation = {
        "op": "replace",
        "path": 'emails[value eq "b@x"].primary',
        "value": "True",
    }
    change = user(operation)[0]["updateValues"]
    assert change["set"] == {"primary": True}
    assert change["orAdd"] == {"value": "b@x", "primary": True}


def test_a_sub_attribute_value_that_is_an_object_is_an_invalid_value() -> None:
    path = 'emails[type eq "work"].value'
    error = user_error({"op": "add", "path": path, "value": {"value": "b@x"}})
    assert error.scim_type == "invalidValue"
    assert "'emails.value'" in error.detail


def test_multi_valued_names_and_filters_are_case_insensitive() -> None:
    path = 'PHONENUMBERS[TYPE eq "mobile"].VALUE'
    change = user({"op": "add", "path": path, "value": "555"})[0]["updateValues"]
    assert change["attribute"] == "PHONE_NUMBERS"
    assert change["set"] == {"value": "555"}


# Groups ------------------------------------------------------------------------


def test_entra_removes_members_named_in_the_value_and_no_others() -> None:
    operation = {"op": "Remove", "path": "members", "value": [{"value": BABS}]}
    assert group(operation) == [{"removeMembers": [BABS]}]


def test_removing_an_empty_member_list_removes_nobody() -> None:
    assert group({"op": "remove", "path": "members", "value": []}) == [
        {"removeMembers": []}
    ]


def test_entra_removes_a_member_by_filter() -> None:
    operation = {"op": "Remove", "path": f'members[value eq "{BABS}"]'}
    assert group(operation) == [{"removeMembers": [BABS]}]


def test_members_joined_with_or_are_removed_together() -> None:
    path = f'members[value eq "{BABS}" or VALUE eq "{MANDY}"]'
    assert group({"op": "remove", "path": path}) == [{"removeMembers": [BABS, MANDY]}]


def test_entra_sends_member_refs_as_null() -> None:
    member = {"value": BABS, "$ref": None}
    operation = {"op": "Add", "path": "members", "value": [member]}
    assert group(operation) == [{"addMembers": [{"id": BABS}]}]


def test_okta_removes_by_filter_and_adds_in_one_patch_in_order() -> None:
    assert group(
        {"op": "remove", "path": f'members[value eq "{BABS}"]'},
        {"op": "add", "path": "members", "value": [{"value": MANDY, "display": "M"}]},
    ) == [{"removeMembers": [BABS]}, {"addMembers": [{"id": MANDY}]}]


def test_okta_replaces_all_members() -> None:
    value = [{"value": BABS, "display": "B"}, {"value": MANDY, "display": "M"}]
    operation = {"op": "replace", "path": "members", "value": value}
    assert group(operation) == [{"replaceMembers": [{"id": BABS}, {"id": MANDY}]}]


def test_okta_renames_a_group_repeating_its_id() -> None:
    value = {"id": "g-1", "displayName": "New Name"}
    assert group({"op": "replace", "value": value}) == [
        {"set": {"displayName": "New Name"}}
    ]


def test_a_member_type_is_passed_on_when_user_or_group() -> None:
    value = [{"value": BABS, "type": "user"}, {"value": MANDY, "type": "Direct"}]
    assert group({"op": "add", "path": "members", "value": value}) == [
        {"addMembers": [{"id": BABS, "type": "USER"}, {"id": MANDY}]}
    ]


def test_members_may_be_added_without_a_path() -> None:
    operation = {"op": "add", "value": {"members": {"value": BABS}}}
    assert group(operation) == [{"addMembers": [{"id": BABS}]}]


def test_display_name_and_external_id_are_set() -> None:
    assert group(
        {"op": "replace", "path": "displayName", "value": "G"},
        {"op": "add", "path": "externalId", "value": "e-1"},
        {"op": "remove", "path": "EXTERNALID"},
    ) == [
        {"set": {"displayName": "G"}},
        {"set": {"externalId": "e-1"}},
        {"set": {"externalId": None}},
    ]


@pytest.mark.parametrize(
    "path",
    [
        'members[type eq "User"]',
        'members[value ne "a"]',
        'members[value eq "a" and value eq "b"]',
        'members[value co "a"]',
        "members[value pr]",
    ],
)
def test_members_are_selected_only_by_value_equality(path: str) -> None:
    assert group_error({"op": "remove", "path": path}).scim_type == "invalidFilter"


@pytest.mark.parametrize("op", ["add", "replace"])
def test_a_member_filter_only_selects_members_to_remove(op: str) -> None:
    path = f'members[value eq "{BABS}"]'
    error = group_error({"op": op, "path": path, "value": [{"value": MANDY}]})
    assert error.scim_type == "invalidPath"


@pytest.mark.parametrize("path", ["members.value", 'members[value eq "a"].display'])
def test_member_sub_attributes_cannot_be_changed(path: str) -> None:
    error = group_error({"op": "replace", "path": path, "value": "x"})
    assert error.scim_type == "mutability"


@pytest.mark.parametrize("path", ["id", "meta.created", "schemas"])
def test_an_explicit_read_only_group_path_is_a_mutability_error(path: str) -> None:
    assert group_error({"op": "remove", "path": path}).scim_type == "mutability"


@pytest.mark.parametrize("path", ["name", "emails", "displayName.value"])
def test_an_unknown_group_attribute_is_invalid_path(path: str) -> None:
    assert group_error({"op": "remove", "path": path}).scim_type == "invalidPath"


@pytest.mark.parametrize("member", [{}, {"display": "B"}, {"value": 7}, "u-1"])
def test_a_member_without_a_string_value_is_an_invalid_value(member: object) -> None:
    error = group_error({"op": "add", "path": "members", "value": [member]})
    assert error.scim_type == "invalidValue"


# Any operation -----------------------------------------------------------------

PATHS = st.sampled_from(
    [
        "title",
        "active",
        "name",
        "name.givenName",
        "emails",
        "emails.value",
        'emails[type eq "work"]',
        'emails[type eq "work"].value',
        'emails[type eq "work" and primary eq true].primary',
        'addresses[type eq "home"].locality',
        "password",
        "displayName",
        "externalId",
        "members",
        'members[value eq "a" or value eq "b"]',
        ENTERPRISE,
        f"{ENTERPRISE}:manager",
        f"{ENTERPRISE}:department",
        "id",
        "nope",
    ]
)
NAMES = PATHS | st.sampled_from(["value", "type", "primary", "givenName", "$ref"])
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
JSON = st.recursive(
    SCALARS | st.sampled_from(["True", "false", "User"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=4)
    ),
    max_leaves=12,
)
OPERATIONS = st.fixed_dictionaries(
    {"op": st.sampled_from(["add", "Replace", "remove", "copy"])},
    optional={"path": PATHS, "value": JSON},
)


@settings(max_examples=400, deadline=None)
@given(st.lists(OPERATIONS, min_size=1, max_size=4))
def test_any_patch_translates_to_valid_operations_or_raises_a_scim_error(
    operations: list[Json],
) -> None:
    translations = (
        (user_operations, "UserOperationInput"),
        (group_operations, "GroupOperationInput"),
    )
    for translate, type_name in translations:
        try:
            result = translate(body(*operations))
        except ScimError as error:
            assert error.status == 400
            assert error.detail.startswith("Operations")
            continue
        assert_inputs(result, type_name)
