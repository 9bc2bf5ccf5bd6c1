"""The ``/graphql`` endpoint: bearer authentication, then Strawberry.

Every request but the GraphiQL page itself needs a valid token; a missing
or bad one gets 401 with a GraphQL error body (code ``UNAUTHENTICATED``)
before any parsing happens.
"""

from pathlib import Path
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult

from ..domain.errors import Unauthenticated
from ..domain.tokens import Principal, authenticate
from ..settings import Settings
from ..store.database import Database
from .context import Context
from .errors import UNAUTHENTICATED, coded

GRAPHIQL = Path(__file__).with_name("graphiql.html")


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip()


def unauthenticated(message: str) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": UNAUTHENTICATED}}]}
    return Response(
        orjson.dumps(body),
        status_code=401,
        media_type="application/json",
        headers={"WWW-Authenticate": 'Bearer realm="directory"'},
    )


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, schema: BaseSchema, db: Database, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=False,
        )
        self.db = db
        self.settings = settings
        self._graphiql = GRAPHIQL.read_text()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._wants_ide(Request(scope)):
            request = Request(scope)
            token = bearer_token(request.headers.get("authorization"))
            if token is None:
                await unauthenticated("a bearer token is required")(
                    scope, receive, send
                )
                return
            try:
                scope["principal"] = await authenticate(self.db, token)
            except Unauthenticated as error:
                await unauthenticated(error.message)(scope, receive, send)
                return
        try:
            await super().__call__(scope, receive, send)
        finally:
            context = scope.get("directory.context")
            if isinstance(context, Context):
                await context.release()

    def _wants_ide(self, request: Request) -> bool:
        accept = request.headers.get("accept", "")
        return (
            self.settings.graphiql and request.method == "GET" and "text/html" in accept
        )

    async def get_context(self, request: Any, response: Any) -> Context:
        principal: Principal | None = request.scope.get("principal")
        context = Context(
            db=self.db,
            settings=self.settings,
            principal=principal,
            request_id=request.scope.get("request_id"),
        )
        request.scope["directory.context"] = context
        return context

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(self._graphiql)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = coded(result.errors)
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)
