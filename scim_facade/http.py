"""HTTP plumbing of the facade: bodies in, SCIM JSON out, ETags, tokens.

Requests are accepted as ``application/scim+json`` or ``application/json``
with any charset, or with no content type at all (RFC 7644 §3.1 asks
servers to be lenient); responses are always ``application/scim+json``.
"""

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from .errors import ScimError, invalid_syntax

MEDIA_TYPE = "application/scim+json"
ANY_VERSION = None


class ScimResponse(Response):
    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def error_response(error: ScimError) -> Response:
    headers = {}
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="scim"'
    return ScimResponse(error.body(), status_code=error.status, headers=headers)


async def json_body(request: Request, limit: int) -> dict[str, Any]:
    """The request's JSON object; 413 past ``limit`` bytes, 400
    ``invalidSyntax`` when it is not a JSON object."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ScimError(413, f"the body is larger than {limit} bytes")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise ScimError(413, f"the body is larger than {limit} bytes")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise invalid_syntax(f"the body is not valid JSON: {error}") from None
    if not isinstance(body, dict):
        raise invalid_syntax("the body must be a JSON object")
    return body


def bearer(request: Request) -> str:
    """The bearer token of the request, or 401."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ScimError(401, "a bearer token is required")
    return token.strip()


def _versions(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


def _version(tag: str) -> int | None:
    if tag.startswith("W/"):
        tag = tag[2:]
    tag = tag.strip('"')
    return int(tag) if tag.isdigit() else None


def expected_version(request: Request) -> int | None:
    """The version ``If-Match`` requires (RFC 7644 §3.14), None when any
    version will do; 412 when the header names no version this directory
    could have."""
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        return ANY_VERSION
    versions = [_version(tag) for tag in _versions(header)]
    known = [version for version in versions if version is not None]
    if not known:
        raise ScimError(412, "If-Match names no version of this resource")
    return known[0]


def not_modified(request: Request, current: str) -> bool:
    """Whether ``If-None-Match`` already names the current ETag."""
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    tags = _versions(header)
    return "*" in tags or current in tags or current.removeprefix("W/") in tags
