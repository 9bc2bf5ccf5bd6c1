"""The SCIM facade end to end (RFC 7644), in process and over HTTP."""

from typing import Any

import httpx
import pytest

from scim_facade.schema import (
    ENTERPRISE,
    GROUP,
    LIST_RESPONSE,
    PATCH_OP,
    SEARCH_REQUEST,
    USER,
)

pytestmark = pytest.mark.anyio
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def _user(user_name: str, **extra: Any) -> dict[str, Any]:
    return {"schemas": [USER], "userName": user_name, **extra}


async def _create(
    scim: httpx.AsyncClient, user_name: str, **extra: Any
) -> dict[str, Any]:
    response = await scim.post("/Users", json=_user(user_name, **extra))
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def _group(
    scim: httpx.AsyncClient, name: str, members: tuple[str, ...] = ()
) -> dict[str, Any]:
    body = {
        "schemas": [GROUP],
        "displayName": name,
        "members": [{"value": member} for member in members],
    }
    response = await scim.post("/Groups", json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _error(response: httpx.Response, status: int, scim_type: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type


# Users -------------------------------------------------------------------------


async def test_post_creates_a_user_with_location_etag_and_complete_meta(
    scim: httpx.AsyncClient,
) -> None:
    response = await scim.post(
        "/Users",
        json=_user(
            "bjensen@example.com",
            name={"givenName": "Barbara", "familyName": "Jensen"},
            emails=[{"value": "bjensen@example.com", "type": "work", "primary": True}],
            password="t1meMachine",
            **{
                ENTERPRISE: {
                    "department": "Tour Operations",
                    "employeeNumber": "701984",
                }
            },
        ),
        headers={"Content-Type": "application/scim+json"},
    )
    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    user = response.json()
    meta = user["meta"]
    assert response.headers["location"] == meta["location"]
    assert meta["location"] == f"http://scim.test/scim/v2/Users/{user['id']}"
    assert response.headers["etag"] == meta["version"] == 'W/"1"'
    assert meta["resourceType"] == "User"
    assert meta["created"] == meta["lastModified"]
    assert user["schemas"] == [USER, ENTERPRISE]
    assert user[ENTERPRISE] == {
        "department": "Tour Operations",
        "employeeNumber": "701984",
    }
    assert user["name"] == {"givenName": "Barbara", "familyName": "Jensen"}
    assert "password" not in user


async def test_get_returns_the_user_and_honours_if_none_match(
    scim: httpx.AsyncClient,
) -> None:
    created = await _create(scim, "get@example.com")
    response = await scim.get(f"/Users/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created
    unchanged = await scim.get(
        f"/Users/{created['id']}", headers={"If-None-Match": response.headers["etag"]}
    )
    assert unchanged.status_code == 304


async def test_an_unknown_user_is_a_404_scim_error(scim: httpx.AsyncClient) -> None:
    _error(await scim.get("/Users/8a7d4f2e-0000-0000-0000-000000000000"), 404)


async def test_a_duplicate_user_name_in_any_case_is_a_409_uniqueness_error(
    scim: httpx.AsyncClient,
) -> None:
    await _create(scim, "dup@example.com")
    _error(await scim.post("/Users", json=_user("DUP@example.com")), 409, "uniqueness")


async def test_put_replaces_the_user_and_a_stale_if_match_is_412(
    scim: httpx.AsyncClient,
) -> None:
    created = await _create(scim, "put@example.com", title="Engineer")
    body = _user("put@example.com", displayName="Put")
    response = await scim.put(
        f"/Users/{created['id']}", json=body, headers={"If-Match": 'W/"1"'}
    )
    assert response.status_code == 200, response.text
    assert "title" not in response.json()
    assert response.json()["displayName"] == "Put"
    stale = await scim.put(
        f"/Users/{created['id']}", json=body, headers={"If-Match": 'W/"1"'}
    )
    _error(stale, 412)


async def test_patch_applies_every_operation_or_none(scim: httpx.AsyncClient) -> None:
    created = await _create(scim, "patch@example.com", title="Before")
    ops: dict[str, Any] = {
        "schemas": [PATCH_OP],
        "Operations": [
            {"op": "replace", "path": "title", "value": "After"},
            {"op": "add", "path": "emails", "value": [{"value": "p@example.com"}]},
            {"op": "replace", "path": "userName", "value": ""},
        ],
    }
    failed = await scim.patch(f"/Users/{created['id']}", json=ops)
    _error(failed, 400, "invalidValue")
    unchanged = (await scim.get(f"/Users/{created['id']}")).json()
    assert unchanged["title"] == "Before" and "emails" not in unchanged

    ops["Operations"] = ops["Operations"][:2]
    response = await scim.patch(f"/Users/{created['id']}", json=ops)
    assert response.status_code == 200, response.text
    assert response.json()["title"] == "After"
    assert response.json()["emails"] == [{"value": "p@example.com", "primary": False}]


async def test_delete_removes_the_user(scim: httpx.AsyncClient) -> None:
    created = await _create(scim, "gone@example.com")
    assert (await scim.delete(f"/Users/{created['id']}")).status_code == 204
    _error(await scim.get(f"/Users/{created['id']}"), 404)
    _error(await scim.delete(f"/Users/{created['id']}"), 404)


# Listing -------------------------------------------------------------------------


async def test_filter_user_name_eq_matches_case_insensitively(
    scim: httpx.AsyncClient,
) -> None:
    await _create(scim, "Lookup@Example.com")
    response = await scim.get(
        "/Users",
        params={
            "filter": 'userName eq "lookup@example.COM"',
            "startIndex": 1,
            "count": 100,
        },
    )
    body = response.json()
    assert body["schemas"] == [LIST_RESPONSE]
    assert body["totalResults"] == 1
    assert body["Resources"][0]["userName"] == "Lookup@Example.com"


async def test_a_filter_matching_nothing_is_an_empty_list(
    scim: httpx.AsyncClient,
) -> None:
    response = await scim.get(
        "/Users",
        params={"filter": 'userName eq "f47ac10b-58cc-4372-a567-0e02b2c3d479"'},
    )
    assert response.status_code == 200
    assert response.json() == {
        "schemas": [LIST_RESPONSE],
        "totalResults": 0,
        "itemsPerPage": 0,
        "startIndex": 1,
        "Resources": [],
    }


@pytest.mark.parametrize(
    "text", ["userName eq", 'nosuch eq "x"', 'userName zz "x"', "(title pr"]
)
async def test_a_bad_filter_is_a_400_invalid_filter(
    scim: httpx.AsyncClient, text: str
) -> None:
    _error(await scim.get("/Users", params={"filter": text}), 400, "invalidFilter")


async def test_index_paging_walks_every_user_once_in_a_stable_order(
    scim: httpx.AsyncClient,
) -> None:
    for i in range(7):
        await _create(scim, f"page{i}@example.com")
    seen = []
    for start in (1, 4, 7):
        body = (
            await scim.get("/Users", params={"startIndex": start, "count": 3})
        ).json()
        assert body["totalResults"] == 7
        assert body["startIndex"] == start
        seen += [user["userName"] for user in body["Resources"]]
    assert sorted(seen) == sorted(f"page{i}@example.com" for i in range(7))
    assert len(set(seen)) == 7
    zero = (await scim.get("/Users", params={"count": 0})).json()
    assert (zero["totalResults"], zero["itemsPerPage"], zero["Resources"]) == (7, 0, [])


async def test_cursor_paging_walks_forwards_and_back(scim: httpx.AsyncClient) -> None:
    for i in range(5):
        await _create(scim, f"cursor{i}@example.com")
    first = (await scim.get("/Users", params={"cursor": "", "count": 2})).json()
    assert "startIndex" not in first and "previousCursor" not in first
    second = (
        await scim.get("/Users", params={"cursor": first["nextCursor"], "count": 2})
    ).json()
    back = (
        await scim.get(
            "/Users", params={"cursor": second["previousCursor"], "count": 2}
        )
    ).json()
    assert back["Resources"] == first["Resources"]
    names = [u["userName"] for u in first["Resources"] + second["Resources"]]
    assert len(set(names)) == 4
    _error(
        await scim.get("/Users", params={"cursor": "garbage", "count": 2}),
        400,
        "invalidCursor",
    )


async def test_sort_by_and_sort_order_order_the_results(
    scim: httpx.AsyncClient,
) -> None:
    for name in ("b@x.example", "C@x.example", "a@x.example"):
        await _create(scim, name)
    response = await scim.get(
        "/Users", params={"sortBy": "userName", "sortOrder": "descending"}
    )
    names = [user["userName"] for user in response.json()["Resources"]]
    assert names == ["C@x.example", "b@x.example", "a@x.example"]


async def test_attributes_and_excluded_attributes_shape_every_read(
    scim: httpx.AsyncClient,
) -> None:
    created = await _create(scim, "shape@example.com", title="T", displayName="S")
    only = await scim.get(f"/Users/{created['id']}", params={"attributes": "title"})
    assert set(only.json()) == {"schemas", "id", "title"}
    without = await scim.get(
        "/Users", params={"excludedAttributes": "title,meta", "filter": "title pr"}
    )
    resource = without.json()["Resources"][0]
    assert "title" not in resource and "meta" not in resource
    assert resource["displayName"] == "S"


async def test_post_search_accepts_a_search_request(scim: httpx.AsyncClient) -> None:
    await _create(scim, "search@example.com", title="Searcher")
    body = {
        "schemas": [SEARCH_REQUEST],
        "filter": 'title eq "Searcher"',
        "attributes": ["userName"],
        "startIndex": 1,
        "count": 10,
    }
    response = await scim.post("/Users/.search", json=body)
    assert response.status_code == 200, response.text
    resources = response.json()["Resources"]
    assert resources == [
        {"schemas": [USER], "id": resources[0]["id"], "userName": "search@example.com"}
    ]


# Groups --------------------------------------------------------------------------


async def test_groups_carry_their_members_and_users_their_groups(
    scim: httpx.AsyncClient,
) -> None:
    alice = await _create(scim, "alice@example.com", displayName="Alice")
    group = await _group(scim, "Engineering", (alice["id"],))
    assert group["members"] == [
        {
            "value": alice["id"],
            "$ref": f"http://scim.test/scim/v2/Users/{alice['id']}",
            "type": "User",
        }
    ]
    asked = await scim.get(
        f"/Groups/{group['id']}", params={"attributes": "members.display"}
    )
    assert asked.json()["members"] == [{"display": "Alice"}]
    user = (await scim.get(f"/Users/{alice['id']}")).json()
    assert user["groups"][0]["value"] == group["id"]
    assert user["groups"][0]["type"] == "direct"


async def test_group_patch_adds_and_removes_members_in_order(
    scim: httpx.AsyncClient,
) -> None:
    alice = await _create(scim, "alice@example.com")
    bob = await _create(scim, "bob@example.com")
    group = await _group(scim, "Team", (alice["id"],))
    ops = {
        "schemas": [PATCH_OP],
        "Operations": [
            {"op": "add", "path": "members", "value": [{"value": bob["id"]}]},
            {"op": "remove", "path": f'members[value eq "{alice["id"]}"]'},
        ],
    }
    response = await scim.patch(f"/Groups/{group['id']}", json=ops)
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == 'W/"2"'
    assert [m["value"] for m in response.json()["members"]] == [bob["id"]]
    current = (await scim.get(f"/Groups/{group['id']}")).json()
    assert [m["value"] for m in current["members"]] == [bob["id"]]


async def test_excluded_members_are_not_returned(scim: httpx.AsyncClient) -> None:
    alice = await _create(scim, "alice@example.com")
    await _group(scim, "Sales", (alice["id"],))
    response = await scim.get(
        "/Groups",
        params={"excludedAttributes": "members", "filter": 'displayName eq "Sales"'},
    )
    group = response.json()["Resources"][0]
    assert "members" not in group and group["displayName"] == "Sales"


# Discovery and errors ------------------------------------------------------------


async def test_discovery_documents_describe_the_service(
    scim: httpx.AsyncClient,
) -> None:
    config = (await scim.get("/ServiceProviderConfig")).json()
    assert config["patch"]["supported"] is True
    assert config["filter"] == {"supported": True, "maxResults": 1000}
    assert config["pagination"]["cursor"] is True
    types = (await scim.get("/ResourceTypes")).json()
    assert {r["id"] for r in types["Resources"]} == {"User", "Group"}
    assert (await scim.get("/ResourceTypes/User")).json()["schema"] == USER
    schemas = (await scim.get("/Schemas")).json()
    assert {s["id"] for s in schemas["Resources"]} == {USER, GROUP, ENTERPRISE}
    user_schema = (await scim.get(f"/Schemas/{USER}")).json()
    password = next(a for a in user_schema["attributes"] if a["name"] == "password")
    assert (password["mutability"], password["returned"]) == ("writeOnly", "never")
    _error(await scim.get("/Schemas/urn:nope"), 404)
    _error(await scim.post("/ServiceProviderConfig", json={}), 405)


async def test_unknown_urls_and_me_are_scim_errors(scim: httpx.AsyncClient) -> None:
    _error(await scim.get("/Nope"), 404)
    _error(await scim.get("/Me"), 501)


async def test_a_request_without_a_token_is_401_with_www_authenticate(
    scim: httpx.AsyncClient,
) -> None:
    response = await scim.get("/Users", headers={"Authorization": ""})
    _error(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")
    _error(await scim.get("/Users", headers={"Authorization": "Bearer dir_bad"}), 401)


async def test_a_body_that_is_not_json_is_invalid_syntax(
    scim: httpx.AsyncClient,
) -> None:
    response = await scim.post(
        "/Users", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    _error(response, 400, "invalidSyntax")
    _error(await scim.post("/Users", json=[1, 2]), 400, "invalidSyntax")


async def test_root_search_lists_users_then_groups(scim: httpx.AsyncClient) -> None:
    alice = await _create(scim, "alice@example.com", displayName="Shared")
    group = await _group(scim, "Shared")
    body = {"schemas": [SEARCH_REQUEST], "filter": 'displayName eq "Shared"'}
    response = await scim.post("/.search", json=body)
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["totalResults"] == 2
    assert [r["id"] for r in found["Resources"]] == [alice["id"], group["id"]]
    only_users = {"schemas": [SEARCH_REQUEST], "filter": 'userName sw "alice"'}
    assert (await scim.post("/.search", json=only_users)).json()["totalResults"] == 1
    second = {**body, "startIndex": 2, "count": 1}
    page = (await scim.post("/.search", json=second)).json()
    assert [r["id"] for r in page["Resources"]] == [group["id"]]


async def test_patching_a_group_larger_than_a_page_answers_204_without_members(
    scim: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scim_facade import routes

    monkeypatch.setattr(routes, "MEMBER_PAGE", 2)
    people = [(await _create(scim, f"m{i}@example.com"))["id"] for i in range(3)]
    group = await _group(scim, "Big", tuple(people[:2]))
    ops = {
        "schemas": [PATCH_OP],
        "Operations": [
            {"op": "add", "path": "members", "value": [{"value": people[2]}]}
        ],
    }
    response = await scim.patch(f"/Groups/{group['id']}", json=ops)
    assert response.status_code == 204
    assert response.headers["etag"] == 'W/"2"'
    everyone = (await scim.get(f"/Groups/{group['id']}")).json()["members"]
    assert sorted(m["value"] for m in everyone) == sorted(people)


# Bulk ------------------------------------------------------------------------------

BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"


async def test_bulk_creates_resources_and_resolves_bulk_ids_in_any_order(
    scim: httpx.AsyncClient,
) -> None:
    body = {
        "schemas": [BULK],
        "Operations": [
            {
                "method": "POST",
                "path": "/Groups",
                "bulkId": "team",
                "data": {
                    "schemas": [GROUP],
                    "displayName": "Tour Guides",
                    "members": [{"type": "User", "value": "bulkId:alice"}],
                },
            },
            {
                "method": "POST",
                "path": "/Users",
                "bulkId": "alice",
                "data": {"schemas": [USER], "userName": "alice@example.com"},
            },
        ],
    }
    response = await scim.post("/Bulk", json=body)
    assert response.status_code == 200, response.text
    results = response.json()["Operations"]
    assert [r["status"] for r in results] == ["201", "201"]
    assert [r["bulkId"] for r in results] == ["team", "alice"]
    group = (await scim.get(results[0]["location"])).json()
    user = (await scim.get(results[1]["location"])).json()
    assert group["members"][0]["value"] == user["id"]
    assert results[1]["version"] == 'W/"1"'


async def test_bulk_reports_each_failure_and_stops_at_fail_on_errors(
    scim: httpx.AsyncClient,
) -> None:
    await _create(scim, "taken@example.com")
    operations = [
        {
            "method": "POST",
            "path": "/Users",
            "bulkId": f"u{i}",
            "data": {"schemas": [USER], "userName": name},
        }
        for i, name in enumerate(["taken@example.com", "TAKEN@example.com", "ok@x"])
    ]
    body = {"schemas": [BULK], "failOnErrors": 2, "Operations": operations}
    results = (await scim.post("/Bulk", json=body)).json()["Operations"]
    assert [r["status"] for r in results] == ["409", "409"]
    assert results[0]["response"]["scimType"] == "uniqueness"
    found = await scim.get("/Users", params={"filter": 'userName eq "ok@x"'})
    assert found.json()["totalResults"] == 0


async def test_bulk_refuses_circular_and_unknown_bulk_ids(
    scim: httpx.AsyncClient,
) -> None:
    def group(bulk_id: str, member: str) -> dict[str, Any]:
        return {
            "method": "POST",
            "path": "/Groups",
            "bulkId": bulk_id,
            "data": {
                "displayName": bulk_id,
                "members": [{"value": f"bulkId:{member}"}],
            },
        }

    body = {"schemas": [BULK], "Operations": [group("a", "b"), group("b", "a")]}
    results = (await scim.post("/Bulk", json=body)).json()["Operations"]
    assert [r["status"] for r in results] == ["409", "409"]
    body = {"schemas": [BULK], "Operations": [group("c", "nowhere")]}
    results = (await scim.post("/Bulk", json=body)).json()["Operations"]
    assert results[0]["status"] == "400"


async def test_bulk_patch_and_delete_use_paths_and_versions(
    scim: httpx.AsyncClient,
) -> None:
    user = await _create(scim, "bulkpatch@example.com")
    body = {
        "schemas": [BULK],
        "Operations": [
            {
                "method": "PATCH",
                "path": f"/Users/{user['id']}",
                "version": 'W/"1"',
                "data": {
                    "schemas": [PATCH_OP],
                    "Operations": [{"op": "replace", "path": "title", "value": "T"}],
                },
            },
            {"method": "DELETE", "path": f"/Users/{user['id']}", "version": 'W/"1"'},
        ],
    }
    results = (await scim.post("/Bulk", json=body)).json()["Operations"]
    assert [r["status"] for r in results] == ["200", "412"]


async def test_bulk_limits_are_advertised_and_enforced(scim: httpx.AsyncClient) -> None:
    config = (await scim.get("/ServiceProviderConfig")).json()["bulk"]
    assert config["supported"] is True
    too_many = {
        "schemas": [BULK],
        "Operations": [{"method": "DELETE", "path": "/Users/x"}]
        * (config["maxOperations"] + 1),
    }
    _error(await scim.post("/Bulk", json=too_many), 413)
    huge = {"schemas": [BULK], "Operations": [], "pad": "x" * config["maxPayloadSize"]}
    _error(await scim.post("/Bulk", json=huge), 413)
    _error(await scim.post("/Bulk", json={"schemas": [BULK]}), 400, "invalidSyntax")


async def test_the_openapi_document_is_valid_and_lists_every_endpoint(
    scim: httpx.AsyncClient,
) -> None:
    from openapi_spec_validator import validate

    response = await scim.get("/openapi.json", headers={"Authorization": ""})
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["servers"] == [{"url": "http://scim.test/scim/v2"}]
    assert {"/Users", "/Users/{id}", "/Groups", "/Bulk", "/.search"} <= set(
        document["paths"]
    )
    user = document["components"]["schemas"]["User"]["properties"]
    assert user["password"]["writeOnly"] is True
    assert user["id"]["readOnly"] is True


async def test_adding_a_member_that_does_not_exist_is_invalid_value(
    scim: httpx.AsyncClient,
) -> None:
    group = await _group(scim, "Real")
    ops = {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "ghost"}]}],
    }
    _error(await scim.patch(f"/Groups/{group['id']}", json=ops), 400, "invalidValue")
    _error(
        await scim.patch("/Groups/8a7d4f2e-0000-0000-0000-000000000000", json=ops), 404
    )
