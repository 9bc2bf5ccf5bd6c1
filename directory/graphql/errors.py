"""GraphQL errors with a stable ``extensions.code``, and the one place
where unexpected failures are masked and logged (:func:`coded`).

Expected failures of mutations are result types in the schema (see
``results``). Failures that stop a query (authentication, a bad filter or
cursor) are GraphQL errors carrying the codes below. Anything else is a bug:
the client sees ``INTERNAL_SERVER_ERROR`` and the log gets one traceback.
"""

import logging

from graphql import GraphQLError

from ..domain.errors import DirectoryError

log = logging.getLogger(__name__)

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
BAD_USER_INPUT = "BAD_USER_INPUT"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class ApiError(GraphQLError):
    """A GraphQL error a client caused, with its code in ``extensions``."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, extensions={"code": code})


def _coded(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, DirectoryError):
        code = original.code
    elif isinstance(original, GraphQLError):
        code = (original.extensions or {}).get("code", BAD_USER_INPUT)
    elif original is None:
        # Parse and validation errors (including the depth, token and alias
        # limits) carry no original error.
        code = (error.extensions or {}).get("code", GRAPHQL_VALIDATION_FAILED)
    else:
        log.error(
            "unexpected error at %s",
            ".".join(map(str, error.path or ())),
            exc_info=original,
        )
        return GraphQLError(
            "Internal server error.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": INTERNAL_SERVER_ERROR},
        )
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": code},
    )


def coded(errors: list[GraphQLError]) -> list[GraphQLError]:
    """Every error with a code; the unexpected ones masked and logged once.

    Applied where results leave the schema (the HTTP endpoint, and any
    in-process caller), because errors raised while parsing never reach
    schema extensions.
    """
    return [_coded(error) for error in errors]
