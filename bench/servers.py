"""ASGI factories the benchmark serves with ``python -m uvicorn --factory``.

``directory_app`` is the real server, configured from ``DIRECTORY_*``
environment variables and logging like ``directory serve`` does (one line
per request at the default INFO level). ``ceiling_app`` is the bare
Starlette endpoint the directory's figures are compared with: it parses a
JSON body and answers with a small JSON document, nothing else.

``BENCH_WHAT_IF`` (see :mod:`bench.whatif`) patches the directory before it
is built, to measure a suggested fix.
"""

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import whatif


def directory_app() -> Starlette:
    from directory.app import create_app
    from directory.settings import Settings

    patched = whatif.apply_from_environment()
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    import directory

    log = logging.getLogger("bench")
    log.warning("serving directory from %s", Path(directory.__file__).parent)
    if patched:
        log.warning("what-if patches applied: %s", patched)
    return create_app(settings)


def ceiling_app() -> Starlette:
    async def echo(request: Request) -> Response:
        document = await request.json()
        return JSONResponse({"data": {"ok": True, "keys": len(document)}})

    async def livez(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/json", echo, methods=["POST"]),
            Route("/livez", livez),
        ]
    )
