"""Paging users and groups: cursors walk every row once in a stable order,
offsets skip rows, and anything a client forged or misused is refused."""

import base64
import json
from datetime import datetime
from typing import Any

import pytest

from .conftest import GraphQL, create_group, create_user

pytestmark = pytest.mark.anyio

USERS = """
query(
  $filter: UserFilter, $order: UserOrder, $first: Int, $after: String,
  $offset: Int
) {
  users(
    filter: $filter, orderBy: $order, first: $first, after: $after,
    offset: $offset
  ) {
    totalCount
    edges { cursor node { id userName displayName active meta { created } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

GROUPS = """
query($order: GroupOrder, $first: Int, $after: String, $offset: Int) {
  groups(orderBy: $order, first: $first, after: $after, offset: $offset) {
    totalCount
    edges { cursor node { id displayName } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

#: userName, displayName, active: mixed case, ties and missing display names.
PEOPLE = [
    ("delta", "Same", True),
    ("Alpha", None, False),
    ("charlie", "same", True),
    ("Bravo", "zed", False),
    ("echo", None, True),
    ("foxtrot", "Apple", True),
    ("golf", None, False),
]


@pytest.fixture
async def people(gql: GraphQL) -> list[dict[str, Any]]:
    """The users of PEOPLE, created one after the other."""
    created = []
    for user_name, display_name, active in PEOPLE:
        fields: dict[str, Any] = {"active": active}
        if display_name is not None:
            fields["displayName"] = display_name
        created.append(await create_user(gql, user_name, **fields))
    return created


async def page(gql: GraphQL, query: str = USERS, **variables: Any) -> dict[str, Any]:
    data = await gql(query, variables)
    connection: dict[str, Any] = next(iter(data.values()))
    return connection


async def error_code(gql: GraphQL, query: str = USERS, **variables: Any) -> str:
    body = (await gql.raw(query, variables)).json()
    assert body.get("errors"), body
    assert body.get("data") is None, body
    return str(body["errors"][0]["extensions"]["code"])


def ids(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


async def walk(
    gql: GraphQL, size: int, query: str = USERS, **variables: Any
) -> list[str]:
    """Every id, one page of ``size`` at a time, checking each page's info."""
    seen: list[str] = []
    after = None
    for _ in range(100):
        connection = await page(gql, query, first=size, after=after, **variables)
        edges = connection["edges"]
        info = connection["pageInfo"]
        assert len(edges) <= size
        assert info["hasPreviousPage"] is (after is not None)
        cursors = [edge["cursor"] for edge in edges]
        assert info["startCursor"] == (cursors[0] if cursors else None)
        assert info["endCursor"] == (cursors[-1] if cursors else None)
        seen += ids(connection)
        if not info["hasNextPage"]:
            return seen
        assert len(edges) == size
        after = info["endCursor"]
    raise AssertionError("paging did not end")


def expected_order(
    users: list[dict[str, Any]], key: Any, descending: bool
) -> list[str]:
    """Ids ordered by ``key`` then id, missing keys last either way."""
    present = [user for user in users if key(user) is not None]
    missing = [user for user in users if key(user) is None]
    present.sort(key=lambda user: (key(user), user["id"]), reverse=descending)
    missing.sort(key=lambda user: user["id"], reverse=descending)
    return [user["id"] for user in present + missing]


def _lower(name: str) -> Any:
    return lambda user: None if user[name] is None else user[name].lower()


KEYS: dict[str, Any] = {
    "ID": lambda user: user["id"],
    "USER_NAME": _lower("userName"),
    "DISPLAY_NAME": _lower("displayName"),
    "CREATED": lambda user: datetime.fromisoformat(user["meta"]["created"]),
    "ACTIVE": lambda user: user["active"],
}


# Counting and walking --------------------------------------------------------


async def test_total_count_counts_every_match_whatever_the_page(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    assert (await page(gql, first=2))["totalCount"] == len(PEOPLE)
    assert (await page(gql, first=0))["totalCount"] == len(PEOPLE)
    active = {"attribute": {"field": "ACTIVE", "op": "EQ", "value": {"boolean": True}}}
    connection = await page(gql, first=1, filter=active)
    assert connection["totalCount"] == 4
    assert len(connection["edges"]) == 1


async def test_total_count_ignores_the_cursor_and_the_offset(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    first = await page(gql, first=3)
    after = await page(gql, first=3, after=first["pageInfo"]["endCursor"])
    skipped = await page(gql, first=3, offset=5)
    assert after["totalCount"] == skipped["totalCount"] == len(PEOPLE)


async def test_the_default_order_is_by_id(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    assert ids(await page(gql)) == sorted(user["id"] for user in people)


@pytest.mark.parametrize("size", [1, 2, 3, 6, 7, 8, 1000])
async def test_cursors_walk_every_user_once_in_the_default_order(
    gql: GraphQL, people: list[dict[str, Any]], size: int
) -> None:
    assert await walk(gql, size) == sorted(user["id"] for user in people)


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize(
    "field", ["ID", "USER_NAME", "DISPLAY_NAME", "CREATED", "ACTIVE"]
)
@pytest.mark.parametrize("size", [1, 2, 3])
async def test_cursors_walk_every_user_once_in_each_order(
    gql: GraphQL,
    people: list[dict[str, Any]],
    field: str,
    direction: str,
    size: int,
) -> None:
    order = {"field": field, "direction": direction}
    expected = expected_order(people, KEYS[field], direction == "DESC")
    assert await walk(gql, size, order=order) == expected
    assert ids(await page(gql, order=order)) == expected


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_ordering_by_an_attribute_nobody_has_walks_by_id(
    gql: GraphQL, people: list[dict[str, Any]], direction: str
) -> None:
    order = {"field": "TITLE", "direction": direction}
    expected = sorted((user["id"] for user in people), reverse=direction == "DESC")
    assert await walk(gql, 2, order=order) == expected


async def test_user_names_sort_ignoring_case(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "USER_NAME", "direction": "ASC"}
    connection = await page(gql, order=order)
    names = [edge["node"]["userName"] for edge in connection["edges"]]
    assert names == ["Alpha", "Bravo", "charlie", "delta", "echo", "foxtrot", "golf"]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_missing_display_names_come_last_in_both_directions(
    gql: GraphQL, people: list[dict[str, Any]], direction: str
) -> None:
    order = {"field": "DISPLAY_NAME", "direction": direction}
    names = [
        edge["node"]["displayName"] for edge in (await page(gql, order=order))["edges"]
    ]
    assert names[-3:] == [None, None, None]
    assert None not in names[:-3]
    lowered = [name.lower() for name in names[:-3]]
    assert lowered == sorted(lowered, reverse=direction == "DESC")


async def test_the_direction_defaults_to_ascending(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "USER_NAME"}
    expected = expected_order(people, KEYS["USER_NAME"], descending=False)
    assert ids(await page(gql, order=order)) == expected


async def test_cursors_and_a_filter_walk_the_matches_once(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    active = {"attribute": {"field": "ACTIVE", "op": "EQ", "value": {"boolean": True}}}
    order = {"field": "DISPLAY_NAME", "direction": "DESC"}
    matching = [user for user in people if user["active"]]
    expected = expected_order(matching, KEYS["DISPLAY_NAME"], descending=True)
    assert await walk(gql, 1, order=order, filter=active) == expected


async def test_every_edge_cursor_resumes_right_after_its_edge(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "DISPLAY_NAME", "direction": "ASC"}
    connection = await page(gql, order=order)
    all_ids = ids(connection)
    for index, edge in enumerate(connection["edges"]):
        rest = await page(gql, order=order, after=edge["cursor"])
        assert ids(rest) == all_ids[index + 1 :]


async def test_a_user_created_behind_the_cursor_does_not_shift_the_next_page(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "USER_NAME", "direction": "ASC"}
    first = await page(gql, order=order, first=3)
    expected = ids(await page(gql, order=order, first=3, offset=3))
    await create_user(gql, "aardvark")
    after = await page(gql, order=order, first=3, after=first["pageInfo"]["endCursor"])
    assert ids(after) == expected


async def test_a_cursor_still_works_once_its_user_is_deleted(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "USER_NAME", "direction": "ASC"}
    connection = await page(gql, order=order, first=3)
    last = connection["edges"][-1]["node"]["id"]
    expected = ids(await page(gql, order=order, first=3, offset=3))
    deleted = await gql(
        "mutation($id: ID!) { deleteUser(id: $id) { __typename } }", {"id": last}
    )
    assert deleted["deleteUser"]["__typename"] == "DeletePayload"
    after = await page(
        gql, order=order, first=3, after=connection["pageInfo"]["endCursor"]
    )
    assert ids(after) == expected


# Page info -------------------------------------------------------------------


async def test_the_first_page_has_a_next_and_no_previous_page(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    info = (await page(gql, first=3))["pageInfo"]
    assert info["hasNextPage"] is True
    assert info["hasPreviousPage"] is False


async def test_the_last_page_has_a_previous_and_no_next_page(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    first = await page(gql, first=4)
    last = await page(gql, first=4, after=first["pageInfo"]["endCursor"])
    assert len(last["edges"]) == 3
    assert last["pageInfo"]["hasNextPage"] is False
    assert last["pageInfo"]["hasPreviousPage"] is True


async def test_a_page_ending_exactly_at_the_last_user_has_no_next_page(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    connection = await page(gql, first=len(PEOPLE))
    assert len(connection["edges"]) == len(PEOPLE)
    assert connection["pageInfo"]["hasNextPage"] is False
    after = await page(gql, first=1, after=connection["pageInfo"]["endCursor"])
    assert after["edges"] == []
    assert after["pageInfo"]["hasNextPage"] is False
    assert after["pageInfo"]["endCursor"] is None


async def test_start_and_end_cursors_are_those_of_the_first_and_last_edges(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    connection = await page(gql, first=3)
    cursors = [edge["cursor"] for edge in connection["edges"]]
    assert len(set(cursors)) == 3
    assert connection["pageInfo"]["startCursor"] == cursors[0]
    assert connection["pageInfo"]["endCursor"] == cursors[-1]


async def test_an_empty_list_has_no_pages_and_no_cursors(gql: GraphQL) -> None:
    connection = await page(gql, first=10)
    assert connection["edges"] == []
    assert connection["totalCount"] == 0
    assert connection["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }


async def test_first_zero_returns_no_edges_but_says_whether_there_are_some(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    connection = await page(gql, first=0)
    assert connection["edges"] == []
    assert connection["pageInfo"]["hasNextPage"] is True
    assert connection["pageInfo"]["endCursor"] is None
    assert connection["totalCount"] == len(PEOPLE)


async def test_without_first_a_page_has_the_default_size(gql: GraphQL) -> None:
    for number in range(101):
        await create_user(gql, f"user-{number:03}")
    connection = await page(gql)
    assert len(connection["edges"]) == 100
    assert connection["pageInfo"]["hasNextPage"] is True


# Offsets ---------------------------------------------------------------------


async def test_an_offset_skips_rows_of_the_order(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "USER_NAME", "direction": "DESC"}
    everyone = ids(await page(gql, order=order))
    connection = await page(gql, order=order, offset=2, first=3)
    assert ids(connection) == everyone[2:5]
    assert connection["pageInfo"]["hasPreviousPage"] is True
    assert connection["pageInfo"]["hasNextPage"] is True


async def test_offset_paging_walks_every_user_once(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    seen: list[str] = []
    for offset in range(0, len(PEOPLE), 3):
        seen += ids(await page(gql, first=3, offset=offset))
    assert seen == sorted(user["id"] for user in people)


async def test_an_offset_past_the_end_is_an_empty_page(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    connection = await page(gql, offset=len(PEOPLE), first=5)
    assert connection["edges"] == []
    assert connection["pageInfo"]["hasNextPage"] is False
    assert connection["pageInfo"]["hasPreviousPage"] is True


async def test_a_zero_offset_is_the_first_page(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    connection = await page(gql, offset=0, first=2)
    assert ids(connection) == sorted(user["id"] for user in people)[:2]
    assert connection["pageInfo"]["hasPreviousPage"] is False


async def test_a_zero_offset_may_come_with_a_cursor(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    first = await page(gql, first=2)
    after = first["pageInfo"]["endCursor"]
    assert ids(await page(gql, first=2, after=after, offset=0)) == ids(
        await page(gql, first=2, after=after)
    )


async def test_an_offset_and_a_cursor_together_are_bad_input(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    after = (await page(gql, first=2))["pageInfo"]["endCursor"]
    assert await error_code(gql, after=after, offset=1) == "BAD_USER_INPUT"


async def test_a_negative_offset_is_bad_input(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    assert await error_code(gql, offset=-1) == "BAD_USER_INPUT"


# Page sizes ------------------------------------------------------------------


async def test_first_up_to_the_maximum_page_size_is_accepted(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    assert len((await page(gql, first=1000))["edges"]) == len(PEOPLE)


@pytest.mark.parametrize("first", [1001, 100_000, -1])
async def test_first_outside_the_page_size_limits_is_bad_input(
    gql: GraphQL, first: int
) -> None:
    assert await error_code(gql, first=first) == "BAD_USER_INPUT"
    assert await error_code(gql, GROUPS, first=first) == "BAD_USER_INPUT"


# Cursors a client made up or misused -----------------------------------------


def encode(content: Any) -> str:
    raw = json.dumps(content).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def replaced(cursor: str, old: Any, new: Any) -> str:
    """``cursor`` with its part equal to ``old`` replaced by ``new``."""
    content = decode(cursor)
    assert isinstance(content, list)
    assert content.count(old) == 1, content
    return encode([new if part == old else part for part in content])


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not a cursor",
        "%%%%",
        "Zm9v",
        "é",
        encode([]),
        encode(["x"]),
        encode({"a": "b", "c": "d"}),
        encode(["a", "b", "c", "d"]),
        encode(None),
        encode(12),
        encode("text"),
    ],
)
async def test_a_garbage_cursor_is_invalid(
    gql: GraphQL, people: list[dict[str, Any]], cursor: str
) -> None:
    assert await error_code(gql, after=cursor) == "INVALID_CURSOR"


async def test_a_truncated_cursor_is_invalid(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    cursor = (await page(gql, first=1))["pageInfo"]["endCursor"]
    assert await error_code(gql, after=cursor[:-6]) == "INVALID_CURSOR"


async def test_a_cursor_with_a_sort_value_of_another_type_is_invalid(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "ACTIVE", "direction": "ASC"}
    edge = (await page(gql, order=order, first=1))["edges"][0]
    assert edge["node"]["active"] is False
    for forged in ("false", 0, [False], {"v": False}):
        cursor = replaced(edge["cursor"], False, forged)
        assert await error_code(gql, order=order, after=cursor) == "INVALID_CURSOR"


async def test_a_cursor_with_another_id_type_is_invalid(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    edge = (await page(gql, first=1))["edges"][0]
    user_id = edge["node"]["id"]
    content = decode(edge["cursor"])
    for forged in (7, None, [user_id], "a\u0000b"):
        tampered = encode([forged if part == user_id else part for part in content])
        assert await error_code(gql, after=tampered) == "INVALID_CURSOR"


@pytest.mark.parametrize(
    "forged",
    [
        "yesterday",
        "2024-01-01T00:00:00",
        "0001-01-01T00:00:00+14:00",
        "2024-13-01T00:00:00+00:00",
        1700000000,
        True,
    ],
)
async def test_a_cursor_with_a_forged_date_time_is_invalid(
    gql: GraphQL, people: list[dict[str, Any]], forged: Any
) -> None:
    order = {"field": "CREATED", "direction": "ASC"}
    edge = (await page(gql, order=order, first=1))["edges"][0]
    stamp = edge["node"]["meta"]["created"]
    cursor = replaced(edge["cursor"], stamp, forged)
    assert await error_code(gql, order=order, after=cursor) == "INVALID_CURSOR"


async def test_a_cursor_with_an_integer_beyond_the_column_is_invalid(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "VERSION", "direction": "ASC"}
    edge = (await page(gql, order=order, first=1))["edges"][0]
    for forged in (2**40, -(2**40), 1.5, "1"):
        cursor = replaced(edge["cursor"], 1, forged)
        assert await error_code(gql, order=order, after=cursor) == "INVALID_CURSOR"


async def test_a_cursor_of_another_order_kind_is_invalid(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    by_name = {"field": "DISPLAY_NAME", "direction": "ASC"}
    cursor = (await page(gql, order=by_name, first=1))["pageInfo"]["endCursor"]
    by_activity = {"field": "ACTIVE", "direction": "ASC"}
    code = await error_code(gql, order=by_activity, after=cursor)
    assert code == "INVALID_CURSOR"


async def test_a_cursor_at_a_missing_value_is_invalid_in_another_order(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    by_name = {"field": "DISPLAY_NAME", "direction": "ASC"}
    edges = (await page(gql, order=by_name))["edges"]
    assert edges[-1]["node"]["displayName"] is None
    by_activity = {"field": "ACTIVE", "direction": "ASC"}
    code = await error_code(gql, order=by_activity, after=edges[-1]["cursor"])
    assert code == "INVALID_CURSOR"


@pytest.mark.parametrize(
    ("made_for", "used_for"),
    [
        ({"field": "USER_NAME"}, {"field": "DISPLAY_NAME"}),
        ({"field": "USER_NAME"}, None),
        (None, {"field": "USER_NAME"}),
        ({"field": "USER_NAME"}, {"field": "USER_NAME", "direction": "DESC"}),
        ({"field": "CREATED"}, {"field": "LAST_MODIFIED"}),
        ({"field": "TITLE"}, {"field": "NICK_NAME"}),
    ],
)
async def test_a_cursor_of_another_order_of_the_same_kind_is_invalid(
    gql: GraphQL,
    people: list[dict[str, Any]],
    made_for: dict[str, str] | None,
    used_for: dict[str, str] | None,
) -> None:
    cursor = (await page(gql, order=made_for, first=2))["pageInfo"]["endCursor"]
    assert cursor is not None
    assert await error_code(gql, order=used_for, after=cursor) == "INVALID_CURSOR"


async def test_a_user_cursor_is_invalid_for_groups(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    await create_group(gql, "g")
    cursor = (await page(gql, first=1))["pageInfo"]["endCursor"]
    assert await error_code(gql, GROUPS, after=cursor) == "INVALID_CURSOR"


async def test_an_invalid_cursor_fails_only_its_own_field(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    query = """query($after: String) {
      good: users(first: 1) { totalCount }
      bad: users(first: 1, after: $after) { totalCount }
    }"""
    errors = await gql.errors(query, {"after": "garbage"})
    assert [error["path"] for error in errors] == [["bad"]]
    assert errors[0]["extensions"]["code"] == "INVALID_CURSOR"


# Groups ----------------------------------------------------------------------


@pytest.fixture
async def teams(gql: GraphQL) -> list[dict[str, Any]]:
    names = ["ops", "Design", "sales", "Admins", "research", "Build"]
    return [await create_group(gql, name) for name in names]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("size", [1, 2, 4])
async def test_cursors_walk_every_group_once_by_display_name(
    gql: GraphQL, teams: list[dict[str, Any]], direction: str, size: int
) -> None:
    order = {"field": "DISPLAY_NAME", "direction": direction}
    expected = expected_order(teams, _lower("displayName"), direction == "DESC")
    assert await walk(gql, size, GROUPS, order=order) == expected


async def test_cursors_walk_every_group_once_in_the_default_order(
    gql: GraphQL, teams: list[dict[str, Any]]
) -> None:
    expected = sorted(team["id"] for team in teams)
    assert await walk(gql, 4, GROUPS) == expected
    assert (await page(gql, GROUPS, first=1))["totalCount"] == len(teams)


async def test_an_offset_skips_groups(
    gql: GraphQL, teams: list[dict[str, Any]]
) -> None:
    order = {"field": "DISPLAY_NAME", "direction": "ASC"}
    connection = await page(gql, GROUPS, order=order, offset=4)
    names = [edge["node"]["displayName"] for edge in connection["edges"]]
    assert names == ["research", "sales"]
    assert connection["pageInfo"]["hasPreviousPage"] is True


async def test_group_paging_refuses_what_user_paging_refuses(
    gql: GraphQL, teams: list[dict[str, Any]]
) -> None:
    after = (await page(gql, GROUPS, first=1))["pageInfo"]["endCursor"]
    assert await error_code(gql, GROUPS, after=after, offset=2) == "BAD_USER_INPUT"
    assert await error_code(gql, GROUPS, offset=-5) == "BAD_USER_INPUT"
    assert await error_code(gql, GROUPS, after="garbage") == "INVALID_CURSOR"
    by_name = {"field": "DISPLAY_NAME"}
    by_version = {"field": "VERSION"}
    cursor = (await page(gql, GROUPS, order=by_name, first=1))["pageInfo"]["endCursor"]
    code = await error_code(gql, GROUPS, order=by_version, after=cursor)
    assert code == "INVALID_CURSOR"


# Paging backwards ------------------------------------------------------------

BACKWARDS = """
query($order: UserOrder, $last: Int, $before: String, $first: Int, $after: String) {
  users(orderBy: $order, last: $last, before: $before, first: $first, after: $after) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def walk_back(gql: GraphQL, size: int, **variables: Any) -> list[str]:
    """Every id from the end, ``size`` at a time, in the list's order."""
    seen: list[str] = []
    before = None
    for _ in range(100):
        connection = await page(gql, BACKWARDS, last=size, before=before, **variables)
        info = connection["pageInfo"]
        assert info["hasNextPage"] is (before is not None)
        seen = ids(connection) + seen
        if not info["hasPreviousPage"]:
            return seen
        before = info["startCursor"]
    raise AssertionError("paging did not end")


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("field", ["ID", "USER_NAME", "DISPLAY_NAME", "ACTIVE"])
@pytest.mark.parametrize("size", [1, 3])
async def test_last_and_before_walk_every_user_once_from_the_end(
    gql: GraphQL,
    people: list[dict[str, Any]],
    field: str,
    direction: str,
    size: int,
) -> None:
    order = {"field": field, "direction": direction}
    expected = expected_order(people, KEYS[field], direction == "DESC")
    assert await walk_back(gql, size, order=order) == expected


async def test_before_the_start_cursor_of_a_page_is_the_page_before_it(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    order = {"field": "DISPLAY_NAME", "direction": "ASC"}
    first = await page(gql, BACKWARDS, order=order, first=3)
    second = await page(
        gql, BACKWARDS, order=order, first=3, after=first["pageInfo"]["endCursor"]
    )
    back = await page(
        gql, BACKWARDS, order=order, last=3, before=second["pageInfo"]["startCursor"]
    )
    assert ids(back) == ids(first)
    assert back["pageInfo"]["hasPreviousPage"] is False
    assert back["pageInfo"]["hasNextPage"] is True


async def test_cursors_in_both_directions_together_are_bad_input(
    gql: GraphQL, people: list[dict[str, Any]]
) -> None:
    connection = await page(gql, first=2)
    cursor = connection["pageInfo"]["endCursor"]
    body = (await gql.raw(BACKWARDS, {"first": 1, "before": cursor})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = (await gql.raw(BACKWARDS, {"last": 1, "after": cursor})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
