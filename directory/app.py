"""The server: ``/graphql``, ``/scim/v2`` (later), the console, health.

``create_app`` builds the Starlette application over one database; the
caller owns the settings, and the app's lifespan owns the engine.
"""

import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scim_facade.discovery import Limits
from scim_facade.routes import Facade, create_facade
from scim_facade.transport import LocalDirectory

from .graphql.http import GraphQLEndpoint
from .graphql.schema import build_schema
from .settings import Settings
from .store.database import Database

log = logging.getLogger(__name__)

WEB = Path(__file__).resolve().parent.parent / "web"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIds:
    """Give each request an id (the caller's ``X-Request-Id`` when sane),
    return it in the response, and log one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Request(scope).headers.get("x-request-id", "")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        scope["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "%s %s %s %.1fms request_id=%s",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
                request_id,
            )


def create_app(
    settings: Settings | None = None, db: Database | None = None
) -> Starlette:
    """The whole server. A ``db`` passed in is used as is and not disposed."""
    settings = settings or Settings()
    owns_db = db is None
    database = db or Database(
        settings.database_url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        pool_size=settings.pool_size,
    )
    schema = build_schema(settings)
    graphql = GraphQLEndpoint(schema, database, settings)
    scim = create_facade(
        Facade(
            LocalDirectory(database, schema, settings),
            Limits(
                max_results=settings.max_page_size,
                default_page_size=settings.default_page_size,
            ),
            f"{settings.public_url.rstrip('/')}/scim/v2"
            if settings.public_url
            else None,
        )
    )

    async def livez(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        if await database.ping():
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "database unreachable"}, status_code=503)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        if owns_db:
            await database.dispose()

    routes: list[BaseRoute] = [
        Route("/livez", livez),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Mount("/scim/v2", scim),
    ]
    if WEB.is_dir():
        routes.append(Mount("/", StaticFiles(directory=WEB, html=True), name="web"))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.db = database
    app.state.settings = settings
    app.add_middleware(RequestIds)
    return app
