"""Google Workspace provisioning, replayed, modestly.

Google Workspace's automatic provisioning creates a user from its profile
(``name.givenName`` and ``name.familyName``, the primary email, ``active``)
and deactivates it with a PATCH replacing ``active`` with false. Only
those requests are replayed here; nothing more specific is assumed of it.
"""

import httpx
import pytest

from .helpers import USER, Json, created, emails, fetch, listed, patch_op

pytestmark = pytest.mark.anyio


def _user(user_name: str) -> Json:
    return {
        "schemas": [USER],
        "userName": user_name,
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"value": user_name, "type": "work", "primary": True}],
        "active": True,
    }


async def test_a_user_is_provisioned_from_its_name_email_and_state(
    scim: httpx.AsyncClient,
) -> None:
    user = created(await scim.post("/Users", json=_user("ada@workspace.example")))
    current = await fetch(scim, f"/Users/{user['id']}")
    assert current == user
    assert current["userName"] == "ada@workspace.example"
    assert current["name"] == {"givenName": "Ada", "familyName": "Lovelace"}
    assert emails(current) == [("ada@workspace.example", "work", True)]
    assert current["active"] is True


async def test_a_replace_of_active_with_false_deactivates_the_user(
    scim: httpx.AsyncClient,
) -> None:
    user = created(await scim.post("/Users", json=_user("ada@workspace.example")))
    body = patch_op({"op": "replace", "path": "active", "value": False})
    response = await scim.patch(f"/Users/{user['id']}", json=body)
    assert response.status_code == 200, response.text
    current = await fetch(scim, f"/Users/{user['id']}")
    assert response.json() == current
    assert current["active"] is False
    assert current["name"] == user["name"]
    found = await listed(scim, "/Users", filter='userName eq "ada@workspace.example"')
    assert found == [current]
