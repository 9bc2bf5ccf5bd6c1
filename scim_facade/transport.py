"""How the facade reaches the directory: in process, or over HTTP.

Both give the generated :class:`~scim_facade.client.DirectoryClient` an
``HttpClient`` (the protocol its base client posts through):

- :class:`InProcess` runs each operation against the local Strawberry
  schema with the request's principal: no HTTP hop, no serialisation
  beyond the client's own. It is the default when one server hosts both.
- :class:`Remote` posts to a directory elsewhere over a shared httpx
  client, forwarding the caller's bearer token and request id.

Either way the directory authenticates and authorises every operation;
the facade adds only the rule that SCIM needs the ``scim`` scope.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from strawberry.schema import BaseSchema

from directory.domain.errors import Unauthenticated
from directory.domain.tokens import Scope, authenticate
from directory.graphql.context import Context
from directory.graphql.errors import coded
from directory.settings import Settings
from directory.store.database import Database

from .client import DirectoryClient
from .client.exceptions import GraphQLClientError
from .errors import ScimError

VIEWER = "query Viewer { viewer { scopes } }"


def unauthorized(detail: str) -> ScimError:
    return ScimError(401, detail)


def forbidden() -> ScimError:
    return ScimError(403, "the token lacks the 'scim' scope")


@dataclass
class LocalResponse:
    """What the generated client reads of an HTTP response."""

    body: dict[str, Any]
    status_code: int = 200

    def json(self, **kwargs: Any) -> Any:
        return self.body


class InProcess:
    """Executes the client's operations on the local schema."""

    def __init__(self, schema: BaseSchema, context: Context) -> None:
        self.schema = schema
        self.context = context

    async def post(
        self,
        url: Any,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        headers: Any = None,
        **kwargs: Any,
    ) -> LocalResponse:
        result = await self.schema.execute(
            json["query"],
            variable_values=json.get("variables"),
            operation_name=json.get("operationName"),
            context_value=self.context,
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [error.formatted for error in coded(result.errors)]
        return LocalResponse(body)

    async def aclose(self) -> None:
        """End the request: its read snapshot is released."""
        await self.context.release()


class Remote:
    """Posts the client's operations to a remote directory."""

    def __init__(self, http: httpx.AsyncClient, headers: Mapping[str, str]) -> None:
        self.http = http
        self.headers = dict(headers)

    async def post(
        self,
        url: Any,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        headers: Any = None,
        **kwargs: Any,
    ) -> httpx.Response:
        return await self.http.post(url, json=json, headers=self.headers)

    async def aclose(self) -> None:
        return None


class Directory(Protocol):
    """Opens a client for one SCIM request, once its token is known good."""

    async def open(self, token: str, request_id: str | None) -> DirectoryClient: ...

    async def close(self) -> None: ...


class LocalDirectory:
    """The directory in this process."""

    def __init__(self, db: Database, schema: BaseSchema, settings: Settings) -> None:
        self.db = db
        self.schema = schema
        self.settings = settings

    async def open(self, token: str, request_id: str | None) -> DirectoryClient:
        try:
            principal = await authenticate(self.db, token)
        except Unauthenticated as error:
            raise unauthorized(error.message) from None
        if not principal.allows(Scope.SCIM):
            raise forbidden()
        context = Context(self.db, self.settings, principal, request_id)
        return DirectoryClient(http_client=InProcess(self.schema, context))

    async def close(self) -> None:
        return None


class RemoteDirectory:
    """A directory reached over HTTP at ``url`` (its ``/graphql``).

    A token's scopes never change, so they are remembered (by the token's
    hash, for a bounded number of tokens); whether the token is still valid
    is decided by the directory on every operation.
    """

    SCOPE_CACHE = 1024

    def __init__(self, url: str, http: httpx.AsyncClient | None = None) -> None:
        self.url = url.rstrip("/")
        if not self.url.endswith("/graphql"):
            self.url += "/graphql"
        self.http = http or httpx.AsyncClient(timeout=30)
        self._scopes: OrderedDict[str, frozenset[str]] = OrderedDict()

    async def open(self, token: str, request_id: str | None) -> DirectoryClient:
        headers = {"Authorization": f"Bearer {token}"}
        if request_id:
            headers["X-Request-Id"] = request_id
        client = DirectoryClient(url=self.url, http_client=Remote(self.http, headers))
        scopes = await self._scopes_of(token, client)
        if not {Scope.SCIM.name, Scope.ADMIN.name} & scopes:
            raise forbidden()
        return client

    async def _scopes_of(self, token: str, client: DirectoryClient) -> frozenset[str]:
        key = hashlib.sha256(token.encode()).hexdigest()
        if key in self._scopes:
            self._scopes.move_to_end(key)
            return self._scopes[key]
        response = await client.http_client.post(
            self.url, json={"query": VIEWER, "variables": {}}
        )
        if response.status_code == 401:
            raise unauthorized("the token is invalid, expired or revoked")
        try:
            scopes = frozenset(client.get_data(response)["viewer"]["scopes"])
        except (GraphQLClientError, KeyError, TypeError) as error:
            raise ScimError(502, "the directory gave an unusable answer") from error
        self._scopes[key] = scopes
        if len(self._scopes) > self.SCOPE_CACHE:
            self._scopes.popitem(last=False)
        return scopes

    async def close(self) -> None:
        await self.http.aclose()
