"""Microsoft Entra ID provisioning, replayed.

The payloads follow Microsoft's "Develop and plan provisioning for a SCIM
endpoint" request examples, its "Known issues … SCIM 2.0 protocol
compliance" page (capitalised ops, ``"False"`` for ``active``, members
removed by ``path: members`` with a value list, the ``aadOptscim062020``
flag) and the Microsoft SCIM validator's requests (a PatchOp carrying the
group's ``id``, operations carrying a ``name``). Entra ID soft-deletes a
user by setting ``active`` to false and keeps reading it afterwards.
"""

import uuid
from typing import Any

import httpx
import pytest

from .helpers import (
    ENTERPRISE,
    GROUP,
    LIST_RESPONSE,
    USER,
    Json,
    created,
    emails,
    fetch,
    gone,
    listed,
    member_ids,
    patch_op,
    patched_group,
)

pytestmark = pytest.mark.anyio
MANAGER = f"{ENTERPRISE}:manager"
#: Entra ID lists this schema next to the core one when it creates groups.
AD_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"
SCIM_JSON = {"Content-Type": "application/scim+json; charset=utf-8"}


def _user(user_name: str, **extra: Any) -> Json:
    """A user as Entra ID's default attribute mappings send it."""
    local = user_name.partition("@")[0]
    return {
        "schemas": [USER, ENTERPRISE],
        "externalId": local,
        "userName": user_name,
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": user_name}],
        "meta": {"resourceType": "User"},
        "name": {
            "formatted": f"{local} Jensen",
            "familyName": "Jensen",
            "givenName": local,
        },
        "roles": [],
        **extra,
    }


async def _create(scim: httpx.AsyncClient, user_name: str, **extra: Any) -> Json:
    response = await scim.post("/Users", json=_user(user_name, **extra))
    return created(response)


async def _group(scim: httpx.AsyncClient, name: str, *members: str) -> Json:
    group = created(
        await scim.post(
            "/Groups",
            json={
                "schemas": [GROUP, AD_GROUP],
                "externalId": f"{name}-external",
                "displayName": name,
                "meta": {"resourceType": "Group"},
            },
        )
    )
    if members:
        add = {
            "op": "Add",
            "path": "members",
            "value": [{"$ref": None, "value": member} for member in members],
        }
        await patched_group(scim, group["id"], patch_op(add))
    return group


async def _patch_user(scim: httpx.AsyncClient, user_id: str, body: Json) -> Json:
    """PATCH a user; 200 with the user and its ETag, as GET then returns it."""
    response = await scim.patch(f"/Users/{user_id}", json=body, headers=SCIM_JSON)
    assert response.status_code == 200, response.text
    current = await fetch(scim, f"/Users/{user_id}")
    assert response.json() == current
    assert response.headers["etag"] == current["meta"]["version"]
    return current


# Connectivity and look-ups -----------------------------------------------------


async def test_the_connectivity_probe_without_an_accept_header_gets_an_empty_list(
    scim: httpx.AsyncClient,
) -> None:
    await _create(scim, "someone@contoso.com")
    request = scim.build_request(
        "GET", "/Users", params={"filter": f'userName eq "{uuid.uuid4()}"'}
    )
    del request.headers["Accept"]
    response = await scim.send(request)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    assert response.json() == {
        "schemas": [LIST_RESPONSE],
        "totalResults": 0,
        "itemsPerPage": 0,
        "startIndex": 1,
        "Resources": [],
    }


async def test_a_user_looked_up_and_not_found_is_created_and_then_found(
    scim: httpx.AsyncClient,
) -> None:
    lookup = {"filter": 'userName eq "Test_User_ab6490ee@contoso.com"'}
    assert await listed(scim, "/Users", **lookup) == []
    response = await scim.post(
        "/Users",
        json=_user("Test_User_ab6490ee@contoso.com"),
        headers=SCIM_JSON,
    )
    user = created(response)
    assert user["active"] is True
    assert emails(user) == [("Test_User_ab6490ee@contoso.com", "work", True)]
    assert user["name"] == {
        "formatted": "Test_User_ab6490ee Jensen",
        "familyName": "Jensen",
        "givenName": "Test_User_ab6490ee",
    }
    assert user["externalId"] == "Test_User_ab6490ee"
    assert "roles" not in user
    assert await listed(scim, "/Users", **lookup) == [user]


async def test_a_group_is_looked_up_without_members_then_created_and_found(
    scim: httpx.AsyncClient,
) -> None:
    member = await _create(scim, "member@contoso.com")
    lookup = {"excludedAttributes": "members", "filter": 'displayName eq "Sales"'}
    assert await listed(scim, "/Groups", **lookup) == []
    group = await _group(scim, "Sales", member["id"])
    assert group["schemas"] == [GROUP]
    assert group["externalId"] == "Sales-external"
    found = await listed(scim, "/Groups", **lookup)
    assert [g["id"] for g in found] == [group["id"]]
    assert "members" not in found[0]
    assert found[0]["displayName"] == "Sales"
    assert await member_ids(scim, group["id"]) == [member["id"]]


@pytest.mark.parametrize("flag", ["aadOptscim062020", "aadOptSCIM062020=true"])
async def test_the_aadoptscim062020_flag_is_ignored_on_every_url(
    scim: httpx.AsyncClient, flag: str
) -> None:
    user = created(await scim.post(f"/Users?{flag}", json=_user("flag@contoso.com")))
    found = await listed(
        scim, f"/Users?{flag}", filter='userName eq "flag@contoso.com"'
    )
    assert [u["id"] for u in found] == [user["id"]]
    assert (await fetch(scim, f"/Users/{user['id']}?{flag}"))["id"] == user["id"]
    replace = {"op": "replace", "path": "displayName", "value": "Flagged"}
    response = await scim.patch(f"/Users/{user['id']}?{flag}", json=patch_op(replace))
    assert response.status_code == 200, response.text
    assert (await fetch(scim, f"/Users/{user['id']}"))["displayName"] == "Flagged"
    group = created(
        await scim.post(
            f"/Groups?{flag}", json={"schemas": [GROUP], "displayName": "F"}
        )
    )
    add = {"op": "add", "path": "members", "value": [{"value": user["id"]}]}
    await patched_group(
        scim, group["id"], patch_op(add), url=f"/Groups/{group['id']}?{flag}"
    )
    assert await member_ids(scim, group["id"]) == [user["id"]]
    assert (await scim.delete(f"/Groups/{group['id']}?{flag}")).status_code == 204
    assert (await scim.delete(f"/Users/{user['id']}?{flag}")).status_code == 204
    await gone(scim, f"/Groups/{group['id']}")
    await gone(scim, f"/Users/{user['id']}")


# User PATCH --------------------------------------------------------------------


async def test_capitalised_replace_add_and_remove_change_the_user(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "caps@contoso.com", title="Intern")
    current = await _patch_user(
        scim,
        user["id"],
        patch_op(
            {"op": "Replace", "path": "name.familyName", "value": "Updated"},
            {"op": "Add", "path": "nickName", "value": "Babs"},
            {"op": "Remove", "path": "title"},
        ),
    )
    assert current["name"]["familyName"] == "Updated"
    assert current["name"]["givenName"] == "caps"
    assert current["nickName"] == "Babs"
    assert "title" not in current


async def test_the_string_false_for_active_deactivates_the_user(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "stringly@contoso.com")
    current = await _patch_user(
        scim,
        user["id"],
        patch_op({"op": "Replace", "path": "active", "value": "False"}),
    )
    assert current["active"] is False


async def test_a_soft_deleted_user_stays_readable_until_it_is_reactivated(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "leaver@contoso.com")
    await _patch_user(
        scim,
        user["id"],
        patch_op({"op": "Replace", "path": "active", "value": "False"}),
    )
    inactive = await fetch(scim, f"/Users/{user['id']}")
    assert inactive["active"] is False
    assert inactive["userName"] == "leaver@contoso.com"
    by_name = await listed(scim, "/Users", filter='userName eq "leaver@contoso.com"')
    assert by_name == [inactive]
    by_state = await listed(scim, "/Users", filter="active eq false")
    assert [u["id"] for u in by_state] == [user["id"]]

    current = await _patch_user(
        scim,
        user["id"],
        patch_op({"op": "Replace", "path": "active", "value": "True"}),
    )
    assert current["active"] is True
    assert await listed(scim, "/Users", filter="active eq false") == []


async def test_a_pathless_replace_sets_dotted_and_urn_keys(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "pathless@contoso.com")
    current = await _patch_user(
        scim,
        user["id"],
        patch_op(
            {
                "op": "Replace",
                "value": {
                    "name.givenName": "Barbara",
                    f"{ENTERPRISE}:department": "Tour Operations",
                },
            }
        ),
    )
    assert current["name"] == {
        "formatted": "pathless Jensen",
        "givenName": "Barbara",
        "familyName": "Jensen",
    }
    assert current[ENTERPRISE] == {"department": "Tour Operations"}
    assert ENTERPRISE in current["schemas"]


async def test_add_to_the_work_email_value_creates_the_entry_when_there_is_none(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(
        scim,
        "noemail@contoso.com",
        emails=[{"type": "home", "value": "home@example.org"}],
    )
    current = await _patch_user(
        scim,
        user["id"],
        patch_op(
            {
                "op": "Add",
                "path": 'emails[type eq "work"].value',
                "value": "work@contoso.com",
            }
        ),
    )
    assert emails(current) == [
        ("home@example.org", "home", False),
        ("work@contoso.com", "work", False),
    ]


async def test_add_to_the_work_email_value_changes_the_existing_entry(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "renamed@contoso.com")
    current = await _patch_user(
        scim,
        user["id"],
        patch_op(
            {
                "op": "Add",
                "path": 'emails[type eq "work"].value',
                "value": "new.name@contoso.com",
            }
        ),
    )
    assert emails(current) == [("new.name@contoso.com", "work", True)]


async def test_manager_given_as_a_bare_id_is_set(scim: httpx.AsyncClient) -> None:
    boss = await _create(scim, "boss@contoso.com", displayName="The Boss")
    user = await _create(scim, "report@contoso.com")
    current = await _patch_user(
        scim,
        user["id"],
        patch_op({"op": "Add", "path": MANAGER, "value": boss["id"]}),
    )
    manager = current[ENTERPRISE]["manager"]
    assert manager["value"] == boss["id"]
    assert manager["displayName"] == "The Boss"


async def test_manager_given_as_a_value_object_replaces_the_manager(
    scim: httpx.AsyncClient,
) -> None:
    first = await _create(scim, "first.boss@contoso.com")
    second = await _create(scim, "second.boss@contoso.com")
    user = await _create(scim, "moved@contoso.com", **{MANAGER: first["id"]})
    assert user[ENTERPRISE]["manager"]["value"] == first["id"]
    current = await _patch_user(
        scim,
        user["id"],
        patch_op({"op": "Replace", "path": MANAGER, "value": {"value": second["id"]}}),
    )
    assert current[ENTERPRISE]["manager"]["value"] == second["id"]


async def test_mixed_case_attribute_names_change_the_same_attributes(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "mixed@contoso.com")
    current = await _patch_user(
        scim,
        user["id"],
        patch_op(
            {"op": "Replace", "path": "DisplayName", "value": "Mixed Case"},
            {"op": "Replace", "path": "Name.GivenName", "value": "Mixed"},
            {
                "op": "Replace",
                "path": 'Emails[Type eq "work"].Value',
                "value": "mixed.case@contoso.com",
            },
            {
                "op": "Add",
                "path": f"{ENTERPRISE}:EmployeeNumber",
                "value": "701984",
            },
            {"op": "Replace", "value": {"Title": "Engineer", "ACTIVE": "false"}},
        ),
    )
    assert current["displayName"] == "Mixed Case"
    assert current["name"]["givenName"] == "Mixed"
    assert emails(current) == [("mixed.case@contoso.com", "work", True)]
    assert current[ENTERPRISE] == {"employeeNumber": "701984"}
    assert current["title"] == "Engineer"
    assert current["active"] is False


async def test_null_values_clear_the_attributes_they_name(
    scim: httpx.AsyncClient,
) -> None:
    boss = await _create(scim, "nulled.boss@contoso.com")
    user = await _create(
        scim,
        "nulled@contoso.com",
        title="Engineer",
        **{ENTERPRISE: {"department": "R&D", "manager": {"value": boss["id"]}}},
    )
    current = await _patch_user(
        scim,
        user["id"],
        patch_op(
            {"op": "Replace", "path": "title", "value": None},
            {"op": "Replace", "path": MANAGER, "value": None},
            {"op": "Replace", "value": {"name.givenName": None}},
        ),
    )
    assert "title" not in current
    assert current[ENTERPRISE] == {"department": "R&D"}
    assert current["name"] == {"formatted": "nulled Jensen", "familyName": "Jensen"}


# Groups ------------------------------------------------------------------------


async def test_members_with_a_null_ref_are_added(scim: httpx.AsyncClient) -> None:
    alice = await _create(scim, "alice@contoso.com")
    bob = await _create(scim, "bob@contoso.com")
    group = await _group(scim, "Null Refs")
    add = {
        "op": "Add",
        "path": "members",
        "value": [{"$ref": None, "value": alice["id"]}],
    }
    await patched_group(scim, group["id"], patch_op(add))
    add["value"] = [{"$ref": None, "value": bob["id"]}]
    await patched_group(scim, group["id"], patch_op(add))
    assert await member_ids(scim, group["id"]) == sorted([alice["id"], bob["id"]])


async def test_remove_of_members_with_a_value_list_removes_only_those_members(
    scim: httpx.AsyncClient,
) -> None:
    users = [await _create(scim, f"m{i}@contoso.com") for i in range(3)]
    ids = [user["id"] for user in users]
    group = await _group(scim, "Partial", *ids)
    remove = {"op": "Remove", "path": "members", "value": [{"value": ids[0]}]}
    await patched_group(scim, group["id"], patch_op(remove))
    assert await member_ids(scim, group["id"]) == sorted(ids[1:])
    remove["value"] = [{"value": ids[1]}, {"value": ids[2]}]
    await patched_group(scim, group["id"], patch_op(remove))
    assert await member_ids(scim, group["id"]) == []
    assert (await fetch(scim, f"/Groups/{group['id']}"))["displayName"] == "Partial"


async def test_remove_by_a_member_value_filter_removes_that_member(
    scim: httpx.AsyncClient,
) -> None:
    stay = await _create(scim, "stay@contoso.com")
    leave = await _create(scim, "leave@contoso.com")
    group = await _group(scim, "Filtered", stay["id"], leave["id"])
    remove = {"op": "remove", "path": f'members[value eq "{leave["id"]}"]'}
    await patched_group(scim, group["id"], patch_op(remove))
    assert await member_ids(scim, group["id"]) == [stay["id"]]


async def test_the_validators_patch_with_an_id_and_named_operations_is_applied(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "validated@contoso.com")
    group = await _group(scim, "Validator")
    body = patch_op(
        {
            "name": "addMember",
            "op": "add",
            "path": "members",
            "value": [{"displayName": "new User", "value": user["id"]}],
        },
        {"name": "rename", "op": "replace", "path": "displayName", "value": "Checked"},
        id=group["id"],
    )
    await patched_group(scim, group["id"], body)
    current = await fetch(scim, f"/Groups/{group['id']}")
    assert current["displayName"] == "Checked"
    assert [m["value"] for m in current["members"]] == [user["id"]]

    user_body = patch_op(
        {"name": "setTitle", "op": "Replace", "path": "title", "value": "Checked"},
        id=user["id"],
    )
    assert (await _patch_user(scim, user["id"], user_body))["title"] == "Checked"
