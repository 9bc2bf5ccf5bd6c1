"""The schema, with its caches, limits and error handling."""

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from ..settings import Settings
from .admin import AdminMutation, AdminQuery
from .mutations import Mutation as DirectoryMutation
from .queries import Query as DirectoryQuery

CACHE_SIZE = 512
Query = merge_types("Query", (DirectoryQuery, AdminQuery))
Mutation = merge_types("Mutation", (DirectoryMutation, AdminMutation))


class DirectorySchema(strawberry.Schema):
    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        # `errors.coded` logs the unexpected errors, once each, where results
        # leave the schema; expected ones are the client's business.
        return None


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with parser and validation caches and the configured
    limits on depth, tokens and aliases."""
    settings = settings or Settings()
    # The validation cache is keyed by the rule classes too, and each depth
    # or alias limiter makes new classes: make them once, or every request
    # misses the cache and pays for a full validation.
    depth = QueryDepthLimiter(max_depth=settings.max_query_depth)
    aliases = MaxAliasesLimiter(max_alias_count=settings.max_aliases)
    rules = [*depth.validation_rules, *aliases.validation_rules]
    # Factories: each request gets fresh extension instances; the parser and
    # validation caches live at module level and are shared by all of them.
    extensions: list[Any] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
    ]
    return DirectorySchema(query=Query, mutation=Mutation, extensions=extensions)


def export_sdl() -> str:
    """The SDL committed as ``schema.graphql``."""
    return build_schema().as_str() + "\n"
