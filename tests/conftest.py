"""Fixtures: a real database per test (SQLite always, PostgreSQL when
``DIRECTORY_TEST_POSTGRES_URL`` is set), the real app over an in-process
ASGI transport, and tokens to call it with.

The schema is migrated once per run: SQLite tests copy a migrated template
file; PostgreSQL tests share a database created for the run and emptied
before each test.
"""

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from directory.app import create_app
from directory.domain import tokens
from directory.domain.unit import SYSTEM, write
from directory.settings import Settings
from directory.store.database import Database
from directory.store.migrate import upgrade

POSTGRES_URL = os.environ.get("DIRECTORY_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
TABLES = "users, user_values, groups, memberships, grants, tokens, events"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


async def _migrate(url: str) -> None:
    db = Database(url)
    try:
        await upgrade(db)
    finally:
        await db.dispose()


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    server = make_url(url).set(drivername="postgresql")
    conn = await asyncpg.connect(server.render_as_string(hide_password=False))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "directory.db"
    asyncio.run(_migrate(f"sqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    assert POSTGRES_URL is not None
    name = f"directory_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(POSTGRES_URL, f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name)
    rendered = url.render_as_string(hide_password=False)
    asyncio.run(_migrate(rendered))
    yield rendered
    asyncio.run(_admin(POSTGRES_URL, f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    path = tmp_path / "directory.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    if database.dialect == "postgresql":
        async with database.write() as conn:
            await conn.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    yield database
    await database.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


async def issue(db: Database, *scopes: tokens.Scope, name: str = "test") -> str:
    async with write(db, SYSTEM) as unit:
        issued = await tokens.create(unit, name, scopes or [tokens.Scope.ADMIN])
    return issued.secret


@pytest.fixture
async def admin_token(db: Database) -> str:
    return await issue(db, tokens.Scope.ADMIN, name="admin")


@pytest.fixture
async def http(db: Database, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://directory") as c:
        yield c


class GraphQL:
    """Posts GraphQL documents to the app with a token."""

    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self.http = http
        self.token = token

    async def raw(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> httpx.Response:
        return await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {token or self.token}"},
        )

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """The ``data`` of a successful response; fails the test on errors."""
        response = await self.raw(query, variables, token)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    async def errors(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> list[dict[str, Any]]:
        """The ``errors`` of a response that must have some."""
        body = (await self.raw(query, variables, token)).json()
        assert body.get("errors"), body
        return body["errors"]  # type: ignore[no-any-return]


@pytest.fixture
def gql(http: httpx.AsyncClient, admin_token: str) -> GraphQL:
    return GraphQL(http, admin_token)


USER_FIELDS = """
  id userName externalId displayName active title
  name { givenName familyName formatted }
  emails { value type primary display }
  phoneNumbers { value type primary }
  addresses { streetAddress locality country type primary }
  enterprise { department employeeNumber manager { value displayName } }
  customAttributes
  meta { version created lastModified resourceType }
"""

CREATE_USER = f"""
mutation($input: UserInput!) {{
  createUser(input: $input) {{
    __typename
    ... on UserPayload {{ user {{ {USER_FIELDS} }} }}
    ... on Error {{ code message }}
    ... on UniquenessConflictError {{ field value }}
    ... on ValidationError {{ path reason }}
  }}
}}
"""

CREATE_GROUP = """
mutation($input: GroupInput!) {
  createGroup(input: $input) {
    __typename
    ... on GroupPayload { group { id displayName meta { version } } }
    ... on Error { code message }
  }
}
"""


async def create_user(gql: GraphQL, user_name: str, **fields: Any) -> dict[str, Any]:
    data = await gql(CREATE_USER, {"input": {"userName": user_name, **fields}})
    result = data["createUser"]
    assert result["__typename"] == "UserPayload", result
    return result["user"]  # type: ignore[no-any-return]


async def create_group(
    gql: GraphQL, name: str, members: list[str] | None = None
) -> dict[str, Any]:
    payload = {"displayName": name, "members": [{"id": m} for m in members or []]}
    data = await gql(CREATE_GROUP, {"input": payload})
    result = data["createGroup"]
    assert result["__typename"] == "GroupPayload", result
    return result["group"]  # type: ignore[no-any-return]


SCIM_MEDIA = "application/scim+json"


@pytest.fixture(params=["in-process", "over-http"])
async def scim(
    request: pytest.FixtureRequest, db: Database, settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of ``/scim/v2`` with a ``scim`` token: the facade in the
    directory's own process, or deployed apart and reaching it over HTTP."""
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from scim_facade.discovery import Limits
    from scim_facade.routes import Facade, create_facade
    from scim_facade.transport import RemoteDirectory

    token = await issue(db, tokens.Scope.SCIM, name="okta")
    headers = {"Authorization": f"Bearer {token}"}
    directory = create_app(settings, db)
    if request.param == "in-process":
        app = directory
    else:
        link = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=directory), base_url="http://directory"
        )
        remote = Facade(RemoteDirectory("http://directory/graphql", link), Limits())
        app = Starlette(routes=[Mount("/scim/v2", create_facade(remote))])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://scim.test/scim/v2", headers=headers
    ) as client:
        yield client
    if request.param == "over-http":
        await link.aclose()
