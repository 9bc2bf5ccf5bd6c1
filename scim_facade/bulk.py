"""Bulk (RFC 7644 §3.7): many operations in one request.

Each operation runs as its own request through the facade itself, with the
same validation and errors as if it had been sent alone, and in its own
directory transaction: RFC 7644 makes a Bulk request no more atomic than
that. ``bulkId:`` references in paths and data are replaced by the ids of
the resources their operations created; an operation waits for the ones it
refers to, and operations that refer to each other in a circle fail with
409 (§3.7.1). ``failOnErrors`` stops processing after that many errors.
"""

import re
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.types import ASGIApp, Message

from .discovery import Limits
from .errors import ScimError, invalid_syntax, invalid_value
from .schema import BULK_RESPONSE

Json = dict[str, Any]
METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REFERENCE = re.compile(r"bulkId:([A-Za-z0-9._~-]+)")
PATH = re.compile(r"^/(Users|Groups)(?:/([^/?#]+))?$")


def _get(mapping: Mapping[str, Any], name: str) -> Any:
    for key, value in mapping.items():
        if key.lower() == name.lower():
            return value
    return None


class Operation:
    def __init__(self, index: int, raw: Any) -> None:
        if not isinstance(raw, Mapping):
            raise invalid_syntax(f"Operations[{index}] must be an object")
        method = _get(raw, "method")
        path = _get(raw, "path")
        if not isinstance(method, str) or method.upper() not in METHODS:
            raise invalid_syntax(
                f"Operations[{index}].method must be {sorted(METHODS)}"
            )
        if not isinstance(path, str) or not PATH.match(path):
            raise invalid_syntax(
                f"Operations[{index}].path must be /Users or /Groups[/id]"
            )
        self.method = method.upper()
        self.path = path
        self.bulk_id = _get(raw, "bulkId")
        self.version = _get(raw, "version")
        self.data = _get(raw, "data")
        if self.method == "POST" and not isinstance(self.bulk_id, str):
            raise invalid_syntax(f"Operations[{index}]: a POST needs a bulkId")
        if self.method != "DELETE" and not isinstance(self.data, Mapping):
            raise invalid_syntax(f"Operations[{index}].data must be an object")

    def references(self) -> set[str]:
        text = self.path + orjson.dumps(self.data).decode()
        return set(REFERENCE.findall(text))

    def resolved(self, created: Mapping[str, str]) -> tuple[str, bytes]:
        def swap(match: re.Match[str]) -> str:
            return created[match.group(1)]

        body = b"" if self.data is None else orjson.dumps(self.data)
        return REFERENCE.sub(swap, self.path), REFERENCE.sub(
            swap, body.decode()
        ).encode()


def parse(
    body: Mapping[str, Any], limits: Limits
) -> tuple[list[Operation], int | None]:
    """The operations of a BulkRequest and its ``failOnErrors``."""
    raw = _get(body, "operations")
    if not isinstance(raw, list) or not raw:
        raise invalid_syntax("Operations must be a non-empty list")
    if len(raw) > limits.bulk_max_operations:
        raise ScimError(
            413, f"more than maxOperations ({limits.bulk_max_operations}) operations"
        )
    fail_on_errors = _get(body, "failonerrors")
    if fail_on_errors is not None and (
        isinstance(fail_on_errors, bool)
        or not isinstance(fail_on_errors, int)
        or fail_on_errors < 1
    ):
        raise invalid_value("failOnErrors must be a positive integer")
    operations = [Operation(index, item) for index, item in enumerate(raw)]
    ids = [op.bulk_id for op in operations if op.bulk_id is not None]
    if len(ids) != len(set(ids)):
        raise invalid_value("bulkIds must be unique within a request")
    return operations, fail_on_errors


async def _call(
    app: ASGIApp, request: Request, method: str, path: str, body: bytes, version: Any
) -> tuple[int, dict[str, str], bytes]:
    """Run one operation through the facade app as if sent on its own."""
    # The caller's headers (host, authorization, request id), with this
    # operation's body and version in place of the Bulk request's.
    replaced = {b"content-type", b"content-length", b"if-match", b"if-none-match"}
    headers = [(k, v) for k, v in request.scope["headers"] if k not in replaced]
    headers += [
        (b"content-type", b"application/scim+json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if isinstance(version, str) and version:
        headers.append((b"if-match", version.encode()))
    root = request.scope.get("root_path", "")
    scope = {
        **request.scope,
        "method": method,
        "path": root + path,
        "raw_path": (root + path).encode(),
        "query_string": b"",
        "headers": headers,
    }
    sent = False
    status, response_headers, chunks = 500, {}, []

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status, response_headers
        if message["type"] == "http.response.start":
            status = message["status"]
            response_headers = {
                k.decode().lower(): v.decode() for k, v in message.get("headers", [])
            }
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, response_headers, b"".join(chunks)


def _result(
    op: Operation, status: int, headers: Mapping[str, str], body: bytes
) -> Json:
    result: Json = {"method": op.method}
    if op.bulk_id is not None:
        result["bulkId"] = op.bulk_id
    if status < 400:
        if "location" in headers:
            result["location"] = headers["location"]
        if "etag" in headers:
            result["version"] = headers["etag"]
    else:
        result["response"] = orjson.loads(body) if body else None
    result["status"] = str(status)
    return result


def _failure(op: Operation, error: ScimError) -> Json:
    result: Json = {"method": op.method}
    if op.bulk_id is not None:
        result["bulkId"] = op.bulk_id
    result["status"] = str(error.status)
    result["response"] = error.body()
    return result


async def run(app: ASGIApp, request: Request, limits: Limits) -> Json:
    """Process a BulkRequest; returns the BulkResponse (RFC 7644 §3.7.3)."""
    from .http import json_body

    body = await json_body(request, limits.max_payload_size)
    operations, fail_on_errors = parse(body, limits)
    declared = {op.bulk_id for op in operations if op.bulk_id is not None}
    created: dict[str, str] = {}
    results: dict[int, Json] = {}
    pending = list(enumerate(operations))

    def failures() -> int:
        return sum(1 for result in results.values() if int(result["status"]) >= 400)

    def stopped() -> bool:
        return fail_on_errors is not None and failures() >= fail_on_errors

    while pending and not stopped():
        waiting = []
        for index, op in pending:
            if stopped():
                break
            references = op.references()
            unknown = references - declared
            if unknown:
                missing = sorted(unknown)[0]
                error = invalid_value(f"no operation has bulkId {missing!r}")
                results[index] = _failure(op, error)
            elif not references <= created.keys():
                waiting.append((index, op))
            else:
                results[index] = await _execute(app, request, op, created)
        if len(waiting) == len(pending):
            circle = ScimError(409, "bulkId references form a circle", "invalidValue")
            for index, op in waiting:
                results[index] = _failure(op, circle)
            break
        pending = waiting
    ordered = [results[index] for index in sorted(results)]
    return {"schemas": [BULK_RESPONSE], "Operations": ordered}


async def _execute(
    app: ASGIApp, request: Request, op: Operation, created: dict[str, str]
) -> Json:
    path, payload = op.resolved(created)
    status, headers, answer = await _call(
        app, request, op.method, path, payload, op.version
    )
    if status < 400 and op.method == "POST" and op.bulk_id is not None:
        created[op.bulk_id] = orjson.loads(answer)["id"]
    return _result(op, status, headers, answer)
