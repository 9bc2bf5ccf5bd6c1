"""The SCIM 2.0 endpoints (RFC 7644 §3): Users, Groups, search, discovery.

Each request authenticates its bearer token, opens a directory client and
turns into one GraphQL operation per resource it touches: a PATCH with
several operations is one ``updateUser``/``updateGroup`` mutation, so it
applies all or none, in process or over HTTP. Membership changes are
add/remove operations; no request reads or rewrites a group's whole member
list except GET (which returns it) and PUT (which replaces it).
"""

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import bodies, bulk, listing, patch, resources
from .client import DirectoryClient
from .client.exceptions import (
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
    GraphQLClientInvalidResponseError,
)
from .client.input_types import (
    GroupFilter,
    GroupInput,
    GroupOperationInput,
    GroupOrder,
    UserFilter,
    UserInput,
    UserOperationInput,
    UserOrder,
)
from .discovery import (
    RESOURCE_TYPES,
    Limits,
    resource_type,
    schema,
    service_provider_config,
)
from .discovery import listing as listed
from .errors import ScimError, from_directory, invalid_value, not_found
from .http import (
    ScimResponse,
    bearer,
    error_response,
    expected_version,
    json_body,
    not_modified,
)
from .openapi import document
from .schema import SCHEMAS
from .transport import Directory

log = logging.getLogger(__name__)
Json = dict[str, Any]
MEMBER_PAGE = 1000


class Facade:
    """The SCIM application over one :class:`~.transport.Directory`."""

    def __init__(
        self, directory: Directory, limits: Limits, public_url: str | None = None
    ) -> None:
        self.directory = directory
        self.limits = limits
        self.public_url = public_url.rstrip("/") if public_url else None

    def base_url(self, request: Request) -> str:
        """The URL of ``/scim/v2`` as clients see it, for ``meta.location``."""
        if self.public_url:
            return self.public_url
        # Mount puts its own prefix (/scim/v2) in root_path.
        url = request.url
        return f"{url.scheme}://{url.netloc}{request.scope.get('root_path', '')}"

    async def client(self, request: Request) -> DirectoryClient:
        """The request's directory client, opened once its token is checked;
        closed by :meth:`close` when the response is ready."""
        opened = request.scope.get("scim.client")
        if isinstance(opened, DirectoryClient):
            return opened
        client = await self.directory.open(
            bearer(request), request.scope.get("request_id")
        )
        request.scope["scim.client"] = client
        return client

    @staticmethod
    async def close(request: Request) -> None:
        client = request.scope.pop("scim.client", None)
        if isinstance(client, DirectoryClient):
            await client.http_client.aclose()


async def _guard(call: Awaitable[Any]) -> Any:
    """Await a directory call; its failures become SCIM errors."""
    try:
        return await call
    except GraphQLClientGraphQLMultiError as error:
        first = error.errors[0]
        code = str((first.extensions or {}).get("code", ""))
        raise from_directory(code, first.message) from None
    except GraphQLClientHttpError as error:
        if error.status_code == 401:
            raise ScimError(401, "the token is invalid, expired or revoked") from None
        raise ScimError(502, "the directory refused the request") from None
    except (GraphQLClientInvalidResponseError, OSError):
        raise ScimError(502, "the directory could not be reached") from None


def _outcome(result: Any) -> Any:
    """The payload of a mutation result, or its failure as a SCIM error."""
    code = getattr(result, "code", None)
    if code is not None:
        raise from_directory(code.value, result.message)
    return result


# Users -----------------------------------------------------------------------


async def list_users(facade: Facade, request: Request, source: Json) -> Response:
    query = listing.parse(source, facade.limits)
    variables = listing.variables(query, "User")
    client = await facade.client(request)
    result = await _guard(
        client.list_users(
            filter_=_model(UserFilter, variables.pop("filter", None)),
            order_by=_model(UserOrder, variables.pop("orderBy", None)),
            **_window(variables),
        )
    )
    base = facade.base_url(request)
    page = result.users
    found = [
        resources.project(resources.user(node, base), query.attributes, query.excluded)
        for node in page.nodes
    ]
    return ScimResponse(
        listing.response(found, page.total_count, query, page.page_info)
    )


async def get_user(facade: Facade, request: Request) -> Response:
    client = await facade.client(request)
    result = await _guard(client.get_user(request.path_params["id"]))
    if result.user is None:
        raise not_found(f"User {request.path_params['id']!r} not found")
    return _user_response(facade, request, result.user)


async def create_user(facade: Facade, request: Request) -> Response:
    body = await json_body(request, facade.limits.max_payload_size)
    payload = UserInput.model_validate(bodies.user_input(body))
    client = await facade.client(request)
    result = _outcome((await _guard(client.create_user(payload))).create_user)
    return _user_response(facade, request, result.user, status=201)


async def replace_user(facade: Facade, request: Request) -> Response:
    version = expected_version(request)
    body = await json_body(request, facade.limits.max_payload_size)
    payload = UserInput.model_validate(bodies.user_input(body))
    client = await facade.client(request)
    call = client.replace_user(
        request.path_params["id"], payload, expected_version=version
    )
    result = _outcome((await _guard(call)).replace_user)
    return _user_response(facade, request, result.user)


async def patch_user(facade: Facade, request: Request) -> Response:
    version = expected_version(request)
    body = await json_body(request, facade.limits.max_payload_size)
    operations = [
        UserOperationInput.model_validate(op) for op in patch.user_operations(body)
    ]
    client = await facade.client(request)
    call = client.update_user(
        request.path_params["id"], operations, expected_version=version
    )
    result = _outcome((await _guard(call)).update_user)
    return _user_response(facade, request, result.user)


async def delete_user(facade: Facade, request: Request) -> Response:
    version = expected_version(request)
    client = await facade.client(request)
    call = client.delete_user(request.path_params["id"], expected_version=version)
    _outcome((await _guard(call)).delete_user)
    return Response(status_code=204)


def _user_response(
    facade: Facade, request: Request, user: Any, status: int = 200
) -> Response:
    resource = resources.user(user, facade.base_url(request))
    tag = resource["meta"]["version"]
    if status == 200 and request.method == "GET" and not_modified(request, tag):
        return Response(status_code=304, headers={"ETag": tag})
    params = request.query_params
    body = resources.project(
        resource,
        listing.names(params.get("attributes"), "attributes"),
        listing.names(params.get("excludedAttributes"), "excludedAttributes"),
    )
    headers = {"ETag": tag}
    if status == 201:
        headers["Location"] = resource["meta"]["location"]
    return ScimResponse(body, status_code=status, headers=headers)


# Groups ----------------------------------------------------------------------


def _with_members(
    request: Request, attributes: list[str] | None, excluded: list[str] | None
) -> bool:
    wanted = resources.wants(attributes, "members")
    if wanted is not None:
        return wanted
    return not resources.wants(excluded or [], "members")


def _projection(request: Request) -> tuple[list[str] | None, list[str] | None]:
    params = request.query_params
    return (
        listing.names(params.get("attributes"), "attributes"),
        listing.names(params.get("excludedAttributes"), "excludedAttributes"),
    )


async def _all_members(client: DirectoryClient, group: Any) -> list[Any]:
    """Every member, from the page the group came with onwards."""
    return await _members_of(client, group.id, group.members)


async def _group_response(
    facade: Facade,
    request: Request,
    client: DirectoryClient,
    group: Any,
    status: int = 200,
) -> Response:
    members = None
    if getattr(group, "members", None) is not None:
        members = await _all_members(client, group)
    return _group_body(facade, request, group, members, status)


def _group_body(
    facade: Facade,
    request: Request,
    group: Any,
    members: list[Any] | None,
    status: int = 200,
) -> Response:
    attributes, excluded = _projection(request)
    displays = resources.names_sub(attributes, "members", "display")
    resource = resources.group(group, members, facade.base_url(request), displays)
    tag = resource["meta"]["version"]
    if status == 200 and request.method == "GET" and not_modified(request, tag):
        return Response(status_code=304, headers={"ETag": tag})
    headers = {"ETag": tag}
    if status == 201:
        headers["Location"] = resource["meta"]["location"]
    body = resources.project(resource, attributes, excluded)
    return ScimResponse(body, status_code=status, headers=headers)


async def _members_of(
    client: DirectoryClient, group_id: str, page: Any = None
) -> list[Any]:
    """Every member of a group, page after page, starting with ``page`` when
    it was already read."""
    members: list[Any] = []
    after = None
    while True:
        if page is None:
            result = await _guard(client.group_members(group_id, MEMBER_PAGE, after))
            if result.group is None:
                return members
            page = result.group.members
        members += page.nodes
        if not page.page_info.has_next_page:
            return members
        after, page = page.page_info.end_cursor, None


async def list_groups(facade: Facade, request: Request, source: Json) -> Response:
    query = listing.parse(source, facade.limits)
    variables = listing.variables(query, "Group")
    with_members = _with_members(request, query.attributes, query.excluded)
    client = await facade.client(request)
    result = await _guard(
        client.list_groups(
            filter_=_model(GroupFilter, variables.pop("filter", None)),
            order_by=_model(GroupOrder, variables.pop("orderBy", None)),
            with_members=with_members,
            members_first=MEMBER_PAGE,
            **_window(variables),
        )
    )
    base = facade.base_url(request)
    found = []
    for node in result.groups.nodes:
        members = await _all_members(client, node) if with_members else None
        displays = resources.names_sub(query.attributes, "members", "display")
        resource = resources.group(node, members, base, displays)
        found.append(resources.project(resource, query.attributes, query.excluded))
    page = result.groups
    return ScimResponse(
        listing.response(found, page.total_count, query, page.page_info)
    )


async def get_group(facade: Facade, request: Request) -> Response:
    attributes, excluded = _projection(request)
    client = await facade.client(request)
    call = client.get_group(
        request.path_params["id"],
        with_members=_with_members(request, attributes, excluded),
        members_first=MEMBER_PAGE,
    )
    result = await _guard(call)
    if result.group is None:
        raise not_found(f"Group {request.path_params['id']!r} not found")
    return await _group_response(facade, request, client, result.group)


async def create_group(facade: Facade, request: Request) -> Response:
    body = await json_body(request, facade.limits.max_payload_size)
    payload = GroupInput.model_validate(bodies.group_input(body))
    attributes, excluded = _projection(request)
    client = await facade.client(request)
    call = client.create_group(
        payload,
        with_members=_with_members(request, attributes, excluded),
        members_first=MEMBER_PAGE,
    )
    result = _outcome((await _guard(call)).create_group)
    return await _group_response(facade, request, client, result.group, status=201)


async def replace_group(facade: Facade, request: Request) -> Response:
    version = expected_version(request)
    body = await json_body(request, facade.limits.max_payload_size)
    payload = GroupInput.model_validate(bodies.group_input(body))
    attributes, excluded = _projection(request)
    client = await facade.client(request)
    call = client.replace_group(
        request.path_params["id"],
        payload,
        expected_version=version,
        with_members=_with_members(request, attributes, excluded),
        members_first=MEMBER_PAGE,
    )
    result = _outcome((await _guard(call)).replace_group)
    return await _group_response(facade, request, client, result.group)


async def patch_group(facade: Facade, request: Request) -> Response:
    """PATCH a group (RFC 7644 §3.5.2): 200 with the whole group when its
    members fit one page, else 204 ("the server either MUST return a 200 OK
    ... and the entire resource ... or MAY return HTTP status code 204").
    The mutation counts the members only up to one page past the limit, so
    a change to a group of 100,000 costs what it costs for a group of ten.
    ``attributes`` asking for the members gets them all."""
    version = expected_version(request)
    body = await json_body(request, facade.limits.max_payload_size)
    operations = [
        GroupOperationInput.model_validate(op) for op in patch.group_operations(body)
    ]
    attributes, excluded = _projection(request)
    client = await facade.client(request)
    call = client.update_group(
        request.path_params["id"],
        operations,
        expected_version=version,
        with_members=False,
        count_up_to=MEMBER_PAGE + 1,
    )
    group = _outcome((await _guard(call)).update_group).group
    asked = resources.wants(attributes, "members")
    wanted = _with_members(request, attributes, excluded)
    if wanted and not asked and group.member_count > MEMBER_PAGE:
        tag = resources.etag(group.meta.version)
        return Response(status_code=204, headers={"ETag": tag})
    members = await _members_of(client, group.id) if wanted else None
    return _group_body(facade, request, group, members)


async def delete_group(facade: Facade, request: Request) -> Response:
    version = expected_version(request)
    client = await facade.client(request)
    call = client.delete_group(request.path_params["id"], expected_version=version)
    _outcome((await _guard(call)).delete_group)
    return Response(status_code=204)


def _model(model: Any, value: Json | None) -> Any:
    return None if value is None else model.model_validate(value)


def _window(variables: Json) -> Json:
    return {
        key: variables[key]
        for key in ("first", "after", "last", "before", "offset")
        if key in variables
    }


# Search ------------------------------------------------------------------------


async def search(
    facade: Facade, request: Request, lister: Callable[..., Awaitable[Response]]
) -> Response:
    body = await json_body(request, facade.limits.max_payload_size)
    return await lister(facade, request, body)


def _variables_or_none(query: listing.ListQuery, resource_type: str) -> Json | None:
    try:
        return listing.variables(query, resource_type)
    except ScimError as error:
        if error.scim_type == "invalidFilter":
            return None
        raise


async def search_all(facade: Facade, request: Request) -> Response:
    """POST /.search: Users, then Groups, as one list (RFC 7644 §3.4.3).

    A filter naming an attribute one resource type lacks matches none of
    that type; one that suits neither type is ``invalidFilter``.
    """
    body = await json_body(request, facade.limits.max_payload_size)
    query = listing.parse(body, facade.limits)
    if query.cursor is not None:
        raise invalid_value("cursor paging is per resource type: use /Users/.search")
    users_vars = _variables_or_none(query, "User")
    groups_vars = _variables_or_none(query, "Group")
    if users_vars is None and groups_vars is None:
        listing.variables(query, "User")
    client = await facade.client(request)
    base = facade.base_url(request)
    found: list[Json] = []
    total = 0
    skip, room = query.start_index - 1, query.count
    if users_vars is not None:
        result = await _guard(
            client.list_users(
                filter_=_model(UserFilter, users_vars.get("filter")),
                first=room,
                offset=skip,
            )
        )
        total += result.users.total_count
        found += [resources.user(node, base) for node in result.users.nodes]
        skip = max(skip - result.users.total_count, 0)
        room -= len(result.users.nodes)
    if groups_vars is not None:
        result = await _guard(
            client.list_groups(
                filter_=_model(GroupFilter, groups_vars.get("filter")),
                first=room,
                offset=skip,
                with_members=False,
            )
        )
        total += result.groups.total_count
        found += [resources.group(node, None, base) for node in result.groups.nodes]
    shaped = [resources.project(r, query.attributes, query.excluded) for r in found]
    return ScimResponse(listing.response(shaped, total, query, None))


# Discovery ---------------------------------------------------------------------


async def service_provider(facade: Facade, request: Request) -> Response:
    await facade.client(request)
    return ScimResponse(
        service_provider_config(facade.base_url(request), facade.limits)
    )


async def _catalogue(
    facade: Facade,
    request: Request,
    names: Iterable[str],
    render: Callable[[str, str], Json],
    kind: str,
) -> Response:
    """A discovery list, or one of its documents by ``id``."""
    await facade.client(request)
    base = facade.base_url(request)
    name = request.path_params.get("id")
    if name is None:
        return ScimResponse(listed([render(n, base) for n in names]))
    if name not in names:
        raise not_found(f"{kind} {name!r} not found")
    return ScimResponse(render(name, base))


async def resource_types(facade: Facade, request: Request) -> Response:
    return await _catalogue(
        facade, request, RESOURCE_TYPES, resource_type, "resource type"
    )


async def schemas(facade: Facade, request: Request) -> Response:
    return await _catalogue(facade, request, SCHEMAS, schema, "schema")


async def me(facade: Facade, request: Request) -> Response:
    raise ScimError(501, "/Me is not supported: tokens belong to clients, not users")


# Application -------------------------------------------------------------------


Handler = Callable[..., Awaitable[Response]]


def create_facade(facade: Facade) -> Starlette:
    """The SCIM application, to mount at ``/scim/v2``."""

    def endpoint(
        handler: Handler, *args: Any
    ) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                if handler in (list_users, list_groups):
                    query = dict(request.query_params)
                    return await handler(facade, request, query)
                return await handler(facade, request, *args)
            finally:
                await facade.close(request)

        return run

    async def openapi(request: Request) -> Response:
        return JSONResponse(document(facade.base_url(request)))

    async def run_bulk(request: Request) -> Response:
        # Authenticated once: each operation reuses this request's client.
        await facade.client(request)
        try:
            return ScimResponse(await bulk.run(app, request, facade.limits))
        finally:
            await facade.close(request)

    routes = [
        Route("/Users", endpoint(list_users), methods=["GET"]),
        Route("/Users", endpoint(create_user), methods=["POST"]),
        Route("/Users/.search", endpoint(search, list_users), methods=["POST"]),
        Route("/Users/{id}", endpoint(get_user), methods=["GET"]),
        Route("/Users/{id}", endpoint(replace_user), methods=["PUT"]),
        Route("/Users/{id}", endpoint(patch_user), methods=["PATCH"]),
        Route("/Users/{id}", endpoint(delete_user), methods=["DELETE"]),
        Route("/Groups", endpoint(list_groups), methods=["GET"]),
        Route("/Groups", endpoint(create_group), methods=["POST"]),
        Route("/Groups/.search", endpoint(search, list_groups), methods=["POST"]),
        Route("/Groups/{id}", endpoint(get_group), methods=["GET"]),
        Route("/Groups/{id}", endpoint(replace_group), methods=["PUT"]),
        Route("/Groups/{id}", endpoint(patch_group), methods=["PATCH"]),
        Route("/Groups/{id}", endpoint(delete_group), methods=["DELETE"]),
        Route("/ServiceProviderConfig", endpoint(service_provider), methods=["GET"]),
        Route("/ResourceTypes", endpoint(resource_types), methods=["GET"]),
        Route("/ResourceTypes/{id}", endpoint(resource_types), methods=["GET"]),
        Route("/Schemas", endpoint(schemas), methods=["GET"]),
        Route("/Schemas/{id}", endpoint(schemas), methods=["GET"]),
        Route("/.search", endpoint(search_all), methods=["POST"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/Me", endpoint(me), methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        Route("/Bulk", run_bulk, methods=["POST"]),
    ]

    async def scim_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ScimError)
        log.debug(
            "SCIM %s %s: %s %s",
            request.method,
            request.url.path,
            error.status,
            error.detail,
        )
        return error_response(error)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        detail = {404: "no such endpoint", 405: "method not allowed here"}.get(
            error.status_code, str(error.detail)
        )
        return error_response(ScimError(error.status_code, detail))

    async def unexpected(request: Request, error: Exception) -> Response:
        log.error("SCIM %s %s failed", request.method, request.url.path, exc_info=error)
        return error_response(ScimError(500, "internal server error"))

    app = Starlette(
        routes=routes,
        exception_handlers={
            ScimError: scim_error,
            HTTPException: http_error,
            Exception: unexpected,
        },
    )
    return app
