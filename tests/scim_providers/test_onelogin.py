"""OneLogin provisioning, replayed.

OneLogin builds each User body from a JSON template the administrator
edits, filling in the user's values: ``active`` arrives as the string
``"true"`` or ``"false"``, ``id`` as ``null`` when the user has none here
yet, and the template may hold keys that are no SCIM attribute. The same
template is sent again whole to update a user. Group membership is changed
with lower-case ``add`` and ``remove`` operations.
"""

from typing import Any

import httpx
import pytest

from .helpers import (
    ENTERPRISE,
    GROUP,
    USER,
    Json,
    created,
    emails,
    fetch,
    listed,
    member_ids,
    patch_op,
    patched_group,
)

pytestmark = pytest.mark.anyio


def _template(user_name: str, **extra: Any) -> Json:
    """The administrator's template, filled in for one user."""
    return {
        "schemas": [USER, ENTERPRISE],
        "id": None,
        "userName": user_name,
        "name": {"givenName": "Jane", "familyName": "Doe"},
        "emails": [{"value": user_name, "type": "work", "primary": "true"}],
        "active": "true",
        ENTERPRISE: {"department": "Sales"},
        **extra,
    }


async def _create(scim: httpx.AsyncClient, user_name: str, **extra: Any) -> Json:
    return created(await scim.post("/Users", json=_template(user_name, **extra)))


async def test_active_as_the_string_true_creates_an_active_user(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "jane.doe@onelogin.example")
    current = await fetch(scim, f"/Users/{user['id']}")
    assert current["active"] is True
    assert emails(current) == [("jane.doe@onelogin.example", "work", True)]
    found = await listed(scim, "/Users", filter="active eq true")
    assert [u["id"] for u in found] == [user["id"]]


async def test_active_as_the_string_false_in_the_resent_template_deactivates(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "jane.doe@onelogin.example")
    body = _template("jane.doe@onelogin.example", active="false")
    response = await scim.put(f"/Users/{user['id']}", json=body)
    assert response.status_code == 200, response.text
    current = await fetch(scim, f"/Users/{user['id']}")
    assert response.json() == current
    assert current["active"] is False
    assert current[ENTERPRISE] == {"department": "Sales"}


async def test_an_id_of_null_is_ignored_and_the_server_assigns_one(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "jane.doe@onelogin.example")
    assert isinstance(user["id"], str) and user["id"]
    assert user["meta"]["location"].endswith(f"/Users/{user['id']}")
    body = _template("jane.doe@onelogin.example", title="Account Executive")
    response = await scim.put(f"/Users/{user['id']}", json=body)
    assert response.status_code == 200, response.text
    current = await fetch(scim, f"/Users/{user['id']}")
    assert current["id"] == user["id"]
    assert current["title"] == "Account Executive"


async def test_keys_that_are_no_scim_attribute_are_ignored(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(
        scim,
        "jane.doe@onelogin.example",
        company="Acme",
        member_of=["Sales", "EMEA"],
        phone={"work": "+1 555 0100"},
    )
    current = await fetch(scim, f"/Users/{user['id']}")
    assert current == user
    assert not {"company", "member_of", "phone"} & {key.lower() for key in current}
    assert current["name"] == {"givenName": "Jane", "familyName": "Doe"}
    assert current[ENTERPRISE] == {"department": "Sales"}


async def test_lower_case_add_and_remove_change_group_membership(
    scim: httpx.AsyncClient,
) -> None:
    jane = await _create(scim, "jane.doe@onelogin.example")
    john = await _create(scim, "john.roe@onelogin.example")
    group = created(
        await scim.post("/Groups", json={"schemas": [GROUP], "displayName": "Sales"})
    )
    add = {
        "op": "add",
        "path": "members",
        "value": [{"value": jane["id"]}, {"value": john["id"]}],
    }
    await patched_group(scim, group["id"], patch_op(add))
    assert await member_ids(scim, group["id"]) == sorted([jane["id"], john["id"]])
    remove = {"op": "remove", "path": f'members[value eq "{john["id"]}"]'}
    await patched_group(scim, group["id"], patch_op(remove))
    assert await member_ids(scim, group["id"]) == [jane["id"]]
