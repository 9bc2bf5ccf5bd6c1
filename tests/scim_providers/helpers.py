"""What the provider replay tests share: the URNs providers put in their
``schemas`` arrays, the PatchOp envelope, and reads that check an outcome
through the resource afterwards rather than through the response alone."""

from typing import Any

import httpx

from scim_facade.schema import ENTERPRISE, GROUP, LIST_RESPONSE, PATCH_OP, USER

__all__ = [
    "ENTERPRISE",
    "ERROR",
    "GROUP",
    "LIST_RESPONSE",
    "PATCH_OP",
    "USER",
    "Json",
    "created",
    "emails",
    "error",
    "fetch",
    "gone",
    "listed",
    "member_ids",
    "patch_op",
    "patched_group",
]

Json = dict[str, Any]
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def patch_op(*operations: Json, **extra: Any) -> Json:
    """A PatchOp body (RFC 7644 §3.5.2) with ``operations`` in order."""
    return {"schemas": [PATCH_OP], "Operations": list(operations), **extra}


def created(response: httpx.Response) -> Json:
    """The resource a POST created; fails unless it answered 201."""
    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    assert response.headers["location"] == response.json()["meta"]["location"]
    return response.json()  # type: ignore[no-any-return]


async def fetch(scim: httpx.AsyncClient, url: str, **params: Any) -> Json:
    """The resource at ``url`` as GET returns it now."""
    response = await scim.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == response.json()["meta"]["version"]
    return response.json()  # type: ignore[no-any-return]


async def listed(scim: httpx.AsyncClient, url: str, **params: Any) -> list[Json]:
    """The ``Resources`` of a list request, checked to be a ListResponse
    whose counts agree with them."""
    response = await scim.get(url, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["schemas"] == [LIST_RESPONSE]
    assert body["itemsPerPage"] == len(body["Resources"])
    assert body["totalResults"] >= len(body["Resources"])
    return body["Resources"]  # type: ignore[no-any-return]


async def member_ids(scim: httpx.AsyncClient, group_id: str) -> list[str]:
    """The ids of the group's members as GET returns them, sorted."""
    group = await fetch(scim, f"/Groups/{group_id}")
    return sorted(member["value"] for member in group.get("members", []))


async def patched_group(
    scim: httpx.AsyncClient, group_id: str, body: Json, url: str | None = None
) -> Json:
    """PATCH a group as providers do, without ``attributes``, and return the
    group as GET then shows it. RFC 7644 §3.5.2 lets the answer be 200 with
    the whole group or 204; either way its ETag is the new version, and a
    200 body is what GET returns."""
    response = await scim.patch(url or f"/Groups/{group_id}", json=body)
    assert response.status_code in (200, 204), response.text
    current = await fetch(scim, f"/Groups/{group_id}")
    assert response.headers["etag"] == current["meta"]["version"]
    if response.status_code == 200:
        assert response.json() == current
    else:
        assert response.content == b""
    return current


def emails(user: Json) -> list[tuple[str, str | None, bool]]:
    """The user's emails as ``(value, type, primary)``, in order, so a
    ``primary`` left out and one given as false compare alike."""
    return [
        (email["value"], email.get("type"), email.get("primary", False))
        for email in user.get("emails", [])
    ]


def error(response: httpx.Response, status: int, scim_type: str | None = None) -> None:
    """Check that ``response`` is a SCIM error (RFC 7644 §3.12)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type


async def gone(scim: httpx.AsyncClient, url: str) -> None:
    """Check that the resource at ``url`` no longer exists."""
    error(await scim.get(url), 404)
