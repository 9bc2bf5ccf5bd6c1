"""Bearer tokens: every API call needs one, with the right scope."""

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update

from directory.domain import tokens
from directory.domain.tokens import Scope
from directory.domain.unit import SYSTEM, write
from directory.store.database import Database
from directory.store.tables import tokens as token_table
from directory.store.types import utcnow

from .conftest import GraphQL, issue

pytestmark = pytest.mark.anyio
VIEWER = "{ viewer { name scopes } }"


async def _post(http: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await http.post("/graphql", json={"query": VIEWER}, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer dir_not-a-real-token"},
        {"Authorization": "Bearer something-else"},
    ],
    ids=["none", "empty", "basic", "unknown", "malformed"],
)
async def test_a_request_without_a_valid_token_gets_401_in_graphql_form(
    http: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await _post(http, headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_revoked_token_is_refused_on_its_next_request(
    http: httpx.AsyncClient, db: Database
) -> None:
    secret = await issue(db, Scope.DIRECTORY_READ)
    headers = {"Authorization": f"Bearer {secret}"}
    assert (await _post(http, headers)).status_code == 200
    async with db.read() as conn:
        token_id = (await conn.execute(select(token_table.c.id))).scalar_one()
    async with write(db, SYSTEM) as unit:
        await tokens.revoke(unit, token_id)
    assert (await _post(http, headers)).status_code == 401


async def test_an_expired_token_is_refused(
    http: httpx.AsyncClient, db: Database
) -> None:
    secret = await issue(db, Scope.DIRECTORY_READ)
    async with db.write() as conn:
        past = utcnow() - timedelta(seconds=1)
        await conn.execute(update(token_table).values(expires_at=past))
    response = await _post(http, {"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


async def test_the_secret_is_stored_only_as_a_hash(db: Database) -> None:
    secret = await issue(db, Scope.ADMIN)
    async with db.read() as conn:
        row = (await conn.execute(select(token_table))).mappings().one()
    assert secret not in str(dict(row))
    assert secret.startswith(row["prefix"])
    assert len(row["secret_hash"]) == 64


async def test_a_token_without_the_scope_is_forbidden(
    http: httpx.AsyncClient, db: Database
) -> None:
    reader = GraphQL(http, await issue(db, Scope.DIRECTORY_READ))
    errors = await reader.errors(
        'mutation { createUser(input: {userName: "x"}) { __typename } }'
    )
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    errors = await reader.errors("{ tokens { id } }")
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    errors = await reader.errors("{ events { totalCount } }")
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_scim_token_may_provision_but_not_administer(
    http: httpx.AsyncClient, db: Database
) -> None:
    scim = GraphQL(http, await issue(db, Scope.SCIM))
    data = await scim('mutation { createUser(input: {userName: "x"}) { __typename } }')
    assert data["createUser"]["__typename"] == "UserPayload"
    errors = await scim.errors("{ tokens { id } }")
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_an_admin_creates_lists_and_revokes_tokens(gql: GraphQL) -> None:
    created = await gql(
        """mutation { createToken(input: {name: "ci", scopes: [DIRECTORY_READ]}) {
          __typename ... on TokenCreated { secret token {
            id name prefix scopes active } } } }"""
    )
    result = created["createToken"]
    assert result["secret"].startswith(result["token"]["prefix"])
    assert result["token"]["scopes"] == ["DIRECTORY_READ"]
    viewer = await gql(VIEWER, token=result["secret"])
    assert viewer["viewer"] == {"name": "ci", "scopes": ["DIRECTORY_READ"]}

    listed = await gql("{ tokens { id name active } }")
    assert {"id": result["token"]["id"], "name": "ci", "active": True} in listed[
        "tokens"
    ]
    assert "secret" not in str(listed)

    revoked = await gql(
        """mutation($id: ID!) { revokeToken(id: $id) { ... on TokenPayload { token {
          active revokedAt } } } }""",
        {"id": result["token"]["id"]},
    )
    assert revoked["revokeToken"]["token"]["active"] is False
    response = await gql.raw(VIEWER, token=result["secret"])
    assert response.status_code == 401


async def test_a_token_request_with_bad_input_is_a_validation_error(
    gql: GraphQL,
) -> None:
    data = await gql(
        """mutation { createToken(input: {name: " ", scopes: [ADMIN]}) {
          __typename ... on ValidationError { path } } }"""
    )
    assert data["createToken"] == {"__typename": "ValidationError", "path": "name"}


async def test_graphiql_is_served_without_a_token_and_asks_for_one(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "Bearer token" in response.text
    assert "Authorization" in response.text


async def test_health_checks_need_no_token(http: httpx.AsyncClient) -> None:
    assert (await http.get("/livez")).json() == {"status": "ok"}
    assert (await http.get("/readyz")).json() == {"status": "ok"}


async def test_every_response_carries_a_request_id(http: httpx.AsyncClient) -> None:
    given = await http.get("/livez", headers={"X-Request-Id": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = await http.get("/livez", headers={"X-Request-Id": "bad id\n"})
    assert len(made.headers["x-request-id"]) == 32
