"""JumpCloud provisioning, replayed.

When a SCIM integration is set up, JumpCloud checks the service by
creating a test user and a test group, then deleting both; a later GET of
either must be a 404. The names below are this test's own.
"""

import httpx
import pytest

from .helpers import GROUP, USER, Json, created, gone, listed

pytestmark = pytest.mark.anyio


async def _setup_check(scim: httpx.AsyncClient, suffix: str) -> tuple[Json, Json]:
    """Create the test user and group, delete both, and return them."""
    user = created(
        await scim.post(
            "/Users",
            json={
                "schemas": [USER],
                "userName": f"jc-test-user-{suffix}@jumpcloud.example",
                "name": {"givenName": "JumpCloud", "familyName": "Test"},
                "emails": [
                    {
                        "value": f"jc-test-user-{suffix}@jumpcloud.example",
                        "type": "work",
                        "primary": True,
                    }
                ],
                "active": True,
            },
        )
    )
    group = created(
        await scim.post(
            "/Groups",
            json={"schemas": [GROUP], "displayName": f"jc-test-group-{suffix}"},
        )
    )
    assert (await scim.delete(f"/Users/{user['id']}")).status_code == 204
    assert (await scim.delete(f"/Groups/{group['id']}")).status_code == 204
    return user, group


async def test_the_setup_check_creates_and_deletes_a_test_user_and_group(
    scim: httpx.AsyncClient,
) -> None:
    user, group = await _setup_check(scim, "1")
    await gone(scim, f"/Users/{user['id']}")
    await gone(scim, f"/Groups/{group['id']}")
    assert await listed(scim, "/Users") == []
    assert await listed(scim, "/Groups") == []


async def test_the_setup_check_can_run_again_with_the_same_names(
    scim: httpx.AsyncClient,
) -> None:
    first_user, first_group = await _setup_check(scim, "same")
    second_user, second_group = await _setup_check(scim, "same")
    assert second_user["id"] != first_user["id"]
    assert second_group["id"] != first_group["id"]
    await gone(scim, f"/Users/{second_user['id']}")
    await gone(scim, f"/Groups/{second_group['id']}")
