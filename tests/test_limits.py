"""Query limits, page sizes and error masking."""

import logging
from typing import Any

import httpx
import pytest

from directory.app import create_app
from directory.domain import users
from directory.settings import Settings
from directory.store.database import Database

from .conftest import GraphQL, create_user

pytestmark = pytest.mark.anyio


def _codes(errors: list[dict[str, object]]) -> set[object]:
    return {error["extensions"]["code"] for error in errors}  # type: ignore[index]


async def test_a_query_deeper_than_the_limit_is_refused(gql: GraphQL) -> None:
    nested = "memberOf { " * 12 + "id" + " }" * 12
    errors = await gql.errors(
        f"{{ users {{ nodes {{ transitiveMemberOf {{ {nested} }} }} }} }}"
    )
    assert _codes(errors) == {"GRAPHQL_VALIDATION_FAILED"}
    assert "depth" in errors[0]["message"]


async def test_too_many_aliases_are_refused(gql: GraphQL) -> None:
    aliases = " ".join(f"a{i}: viewer {{ name }}" for i in range(51))
    errors = await gql.errors(f"{{ {aliases} }}")
    assert _codes(errors) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_a_document_with_too_many_tokens_is_refused(gql: GraphQL) -> None:
    fields = " ".join("__typename" for _ in range(6000))
    errors = await gql.errors(f"{{ {fields} }}")
    assert _codes(errors) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_syntax_and_schema_errors_have_a_code(gql: GraphQL) -> None:
    assert _codes(await gql.errors("{ users {")) == {"GRAPHQL_VALIDATION_FAILED"}
    assert _codes(await gql.errors("{ nope }")) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_a_page_larger_than_the_limit_is_refused(gql: GraphQL) -> None:
    errors = await gql.errors("{ users(first: 1001) { nodes { id } } }")
    assert _codes(errors) == {"BAD_USER_INPUT"}
    errors = await gql.errors("{ users(first: -1) { nodes { id } } }")
    assert _codes(errors) == {"BAD_USER_INPUT"}


async def test_an_unexpected_error_is_masked_for_the_client_and_logged_once(
    gql: GraphQL, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await create_user(gql, "someone")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(users, "get_by_user_name", broken)
    with caplog.at_level(logging.ERROR):
        errors = await gql.errors('{ userByUserName(userName: "someone") { id } }')
    assert errors == [
        {
            "message": "Internal server error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["userByUserName"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 1
    assert logged[0].exc_info is not None
    assert "secret internals" in str(logged[0].exc_info[1])


async def test_graphiql_can_be_turned_off(db: Database, database_url: str) -> None:
    app = create_app(Settings(database_url=database_url, graphiql=False), db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://d") as http:
        response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 401


async def test_readiness_fails_when_the_database_is_unreachable() -> None:
    db = Database("postgresql://postgres@127.0.0.1:1/nowhere")
    app = create_app(Settings(database_url="sqlite:///unused.db"), db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://d") as http:
        response = await http.get("/readyz")
    await db.dispose()
    assert response.status_code == 503


async def test_a_repeated_document_is_validated_once(gql: GraphQL) -> None:
    from strawberry.extensions.validation_cache import _get_validate_cache

    from directory.graphql.schema import CACHE_SIZE

    cache: Any = _get_validate_cache(CACHE_SIZE)
    query = "{ users(first: 1) { totalCount } repeated: viewer { name } }"
    await gql(query)
    before = cache.cache_info()
    await gql(query)
    after = cache.cache_info()
    assert after.hits == before.hits + 1
    assert after.misses == before.misses
