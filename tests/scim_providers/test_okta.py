"""Okta provisioning, replayed.

The payloads follow Okta's SCIM 2.0 protocol reference and its SCIM
validation tests: a user is looked up by ``userName`` with
``startIndex=1&count=100`` before it is created; it is created with a
``password`` and ``"groups": []``; profile changes are a full-user PUT;
deactivation is a path-less ``replace`` of ``active``; Group Push renames a
group with a path-less ``replace`` that repeats the group's ``id``, and
changes membership with ``members[value eq …]`` removes, adds of members
without ``type``, or a ``replace`` of the whole list.
"""

from typing import Any

import httpx
import pytest

from .helpers import (
    GROUP,
    USER,
    Json,
    created,
    emails,
    error,
    fetch,
    gone,
    listed,
    member_ids,
    patch_op,
    patched_group,
)

pytestmark = pytest.mark.anyio


def _user(user_name: str, **extra: Any) -> Json:
    """A user as Okta's default SCIM 2.0 mappings send it."""
    return {
        "schemas": [USER],
        "userName": user_name,
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": True, "value": user_name, "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": True,
        **extra,
    }


async def _create(scim: httpx.AsyncClient, user_name: str, **extra: Any) -> Json:
    return created(await scim.post("/Users", json=_user(user_name, **extra)))


async def _lookup(scim: httpx.AsyncClient, user_name: str) -> list[Json]:
    """Okta's existence check before it creates or links a user."""
    response = await scim.get(
        "/Users",
        params={
            "filter": f'userName eq "{user_name}"',
            "startIndex": 1,
            "count": 100,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["startIndex"] == 1
    assert body["totalResults"] == body["itemsPerPage"] == len(body["Resources"])
    return body["Resources"]  # type: ignore[no-any-return]


async def _push(scim: httpx.AsyncClient, name: str, *members: Json) -> Json:
    """Group Push creating a group."""
    body = {"schemas": [GROUP], "displayName": name, "members": list(members)}
    return created(await scim.post("/Groups", json=body))


def _member(user: Json) -> Json:
    """A member as Okta sends it: ``value`` and ``display``, no ``type``."""
    return {"value": user["id"], "display": user["userName"]}


# Users -------------------------------------------------------------------------


async def test_the_user_name_lookup_matches_in_any_case(
    scim: httpx.AsyncClient,
) -> None:
    assert await _lookup(scim, "test.user@okta.local") == []
    user = await _create(scim, "Test.User@okta.local")
    found = await _lookup(scim, "test.user@OKTA.local")
    assert [u["id"] for u in found] == [user["id"]]
    assert found[0]["userName"] == "Test.User@okta.local"


async def test_a_user_is_created_with_a_password_and_no_groups(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "test.user@okta.local")
    assert "password" not in user
    assert "groups" not in user
    current = await fetch(scim, f"/Users/{user['id']}")
    assert current == user
    assert current["userName"] == "test.user@okta.local"
    assert current["name"] == {"givenName": "Test", "familyName": "User"}
    assert emails(current) == [("test.user@okta.local", "work", True)]
    assert current["displayName"] == "Test User"
    assert current["locale"] == "en-US"
    assert current["externalId"] == "00ujl29u0le5T6Aj10h7"
    assert current["active"] is True


async def test_creating_an_existing_user_name_again_is_a_409_uniqueness_error(
    scim: httpx.AsyncClient,
) -> None:
    await _create(scim, "test.user@okta.local")
    again = await scim.post("/Users", json=_user("test.user@okta.local"))
    error(again, 409, "uniqueness")
    other_case = await scim.post("/Users", json=_user("TEST.USER@okta.local"))
    error(other_case, 409, "uniqueness")
    assert len(await _lookup(scim, "test.user@okta.local")) == 1


async def test_a_full_user_put_replaces_the_profile(scim: httpx.AsyncClient) -> None:
    user = await _create(scim, "test.user@okta.local", title="Tester")
    body = _user(
        "test.user@okta.local",
        id=user["id"],
        name={"givenName": "Another", "familyName": "User"},
        displayName="Another User",
        meta=user["meta"],
    )
    del body["locale"]
    response = await scim.put(f"/Users/{user['id']}", json=body)
    assert response.status_code == 200, response.text
    current = await fetch(scim, f"/Users/{user['id']}")
    assert response.json() == current
    assert current["id"] == user["id"]
    assert current["name"] == {"givenName": "Another", "familyName": "User"}
    assert current["displayName"] == "Another User"
    assert "locale" not in current and "title" not in current
    assert emails(current) == [("test.user@okta.local", "work", True)]
    assert current["meta"]["created"] == user["meta"]["created"]
    assert current["meta"]["version"] != user["meta"]["version"]


async def test_a_pathless_replace_of_active_false_deactivates_the_user(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "test.user@okta.local")
    body = patch_op({"op": "replace", "value": {"active": False}})
    response = await scim.patch(f"/Users/{user['id']}", json=body)
    assert response.status_code == 200, response.text
    current = await fetch(scim, f"/Users/{user['id']}")
    assert response.json() == current
    assert current["active"] is False
    assert current["name"] == user["name"]
    assert [u["id"] for u in await _lookup(scim, "test.user@okta.local")] == [
        user["id"]
    ]


async def test_an_import_pages_through_every_user_with_start_index_and_count(
    scim: httpx.AsyncClient,
) -> None:
    ids = {(await _create(scim, f"import{i}@okta.local"))["id"] for i in range(5)}
    seen: list[str] = []
    start = 1
    while True:
        response = await scim.get("/Users", params={"startIndex": start, "count": 2})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["totalResults"] == 5
        assert body["startIndex"] == start
        if not body["Resources"]:
            break
        seen += [user["id"] for user in body["Resources"]]
        start += body["itemsPerPage"]
    assert sorted(seen) == sorted(ids)


# Groups ------------------------------------------------------------------------


async def test_a_group_rename_carrying_its_read_only_id_renames_the_group(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "test.user@okta.local")
    group = await _push(scim, "Test SCIMv2", _member(user))
    rename = {
        "op": "replace",
        "value": {"id": group["id"], "displayName": "Test SCIMv2 Renamed"},
    }
    current = await patched_group(scim, group["id"], patch_op(rename))
    assert current["id"] == group["id"]
    assert current["displayName"] == "Test SCIMv2 Renamed"
    assert await member_ids(scim, group["id"]) == [user["id"]]
    found = await listed(scim, "/Groups", filter='displayName eq "Test SCIMv2 Renamed"')
    assert [g["id"] for g in found] == [group["id"]]


async def test_one_patch_removes_a_member_by_filter_and_adds_another(
    scim: httpx.AsyncClient,
) -> None:
    leaving = await _create(scim, "leaving@okta.local")
    joining = await _create(scim, "joining@okta.local")
    staying = await _create(scim, "staying@okta.local")
    group = await _push(scim, "Rotation", _member(leaving), _member(staying))
    body = patch_op(
        {"op": "remove", "path": f'members[value eq "{leaving["id"]}"]'},
        {"op": "add", "path": "members", "value": [_member(joining)]},
    )
    await patched_group(scim, group["id"], body)
    assert await member_ids(scim, group["id"]) == sorted([joining["id"], staying["id"]])
    left = await fetch(scim, f"/Users/{leaving['id']}")
    assert "groups" not in left
    joined = await fetch(scim, f"/Users/{joining['id']}")
    assert [g["value"] for g in joined["groups"]] == [group["id"]]


async def test_a_replace_of_members_leaves_exactly_the_given_members(
    scim: httpx.AsyncClient,
) -> None:
    users = [await _create(scim, f"user{i}@okta.local") for i in range(4)]
    group = await _push(scim, "Replaced", *(_member(u) for u in users[:3]))
    kept = [users[2], users[3]]
    body = patch_op(
        {"op": "replace", "path": "members", "value": [_member(u) for u in kept]}
    )
    await patched_group(scim, group["id"], body)
    assert await member_ids(scim, group["id"]) == sorted(u["id"] for u in kept)
    emptied = patch_op({"op": "replace", "path": "members", "value": []})
    current = await patched_group(scim, group["id"], emptied)
    assert "members" not in current
    assert current["displayName"] == "Replaced"


async def test_members_without_a_type_are_taken_as_users(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "typeless@okta.local")
    group = await _push(scim, "Typeless", _member(user))
    current = await fetch(scim, f"/Groups/{group['id']}")
    assert [(m["value"], m["type"]) for m in current["members"]] == [
        (user["id"], "User")
    ]
    other = await _create(scim, "typeless2@okta.local")
    add = {"op": "add", "path": "members", "value": [_member(other)]}
    current = await patched_group(scim, group["id"], patch_op(add))
    assert sorted((m["value"], m["type"]) for m in current["members"]) == sorted(
        [(user["id"], "User"), (other["id"], "User")]
    )


async def test_a_pushed_group_is_deleted_when_unlinked(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "test.user@okta.local")
    group = await _push(scim, "Unlinked", _member(user))
    assert (await scim.delete(f"/Groups/{group['id']}")).status_code == 204
    await gone(scim, f"/Groups/{group['id']}")
    assert "groups" not in await fetch(scim, f"/Users/{user['id']}")
