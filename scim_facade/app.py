"""The facade deployed on its own, in front of a directory elsewhere.

``directory scim-facade --directory-url https://directory.internal`` serves
``/scim/v2`` and sends every operation to that directory's ``/graphql``
with the caller's own token, so the directory still authenticates,
authorises and audits each one.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from .discovery import Limits
from .routes import Facade, create_facade
from .transport import RemoteDirectory


def create_standalone(
    directory_url: str, limits: Limits | None = None, public_url: str | None = None
) -> Starlette:
    remote = RemoteDirectory(directory_url)
    facade = Facade(remote, limits or Limits(), public_url)

    async def livez(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await remote.close()

    routes = [Route("/livez", livez), Mount("/scim/v2", create_facade(facade))]
    return Starlette(routes=routes, lifespan=lifespan)
