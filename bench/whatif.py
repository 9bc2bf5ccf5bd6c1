"""Runtime patches that simulate fixes suggested in bench/README.md.

``python -m bench.core --what-if validation-cache,order-by-id`` applies
them in the server process (and in the in-process statement counts) so that
a suggested change can be measured before anyone makes it. They touch
nothing on disk and are not fixes themselves: the real change belongs in
the files the README names.

validation-cache
    ``directory.graphql.schema.build_schema`` registers ``QueryDepthLimiter``
    and ``MaxAliasesLimiter`` as per-request factories; each instance makes
    a new validation-rule class, so the ``ValidationCache`` key (schema,
    document, rules) never repeats and every request is validated in full.
    The patch builds the two rule classes once and adds them through one
    ``AddValidationRules`` factory, so the cache hits. It replaces
    ``build_schema`` wholesale with the extension list of ``bc62c8a``; since
    ``3da175e`` the directory does this itself and the patch is moot.

order-by-id
    ``directory.domain.paging.fetch`` orders every page by
    ``key IS NULL, key, id``; for the default order (by id) that is
    ``users.id IS NULL, users.id, users.id``, which no index serves, so the
    first page sorts the whole table. The patch rewrites that ORDER BY to
    ``ORDER BY users.id`` (or ``groups.id``, either direction) in the SQL
    text; the keyset conditions of later pages are left as they are.
"""

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

ENV = "BENCH_WHAT_IF"


def _validation_cache() -> None:
    from strawberry.extensions import (
        AddValidationRules,
        MaxTokensLimiter,
        ParserCache,
        ValidationCache,
    )
    from strawberry.extensions.max_aliases import create_validator as aliases
    from strawberry.extensions.query_depth_limiter import create_validator as depth

    import directory.app
    from directory.graphql import schema as schema_module
    from directory.settings import Settings

    def build_schema(settings: Settings | None = None) -> Any:
        settings = settings or Settings()
        rules = [
            depth(settings.max_query_depth, None, None),
            aliases(settings.max_aliases),
        ]
        size = schema_module.CACHE_SIZE
        extensions: list[Any] = [
            lambda: MaxTokensLimiter(max_token_count=settings.max_query_tokens),
            lambda: ParserCache(maxsize=size),
            lambda: AddValidationRules(rules),
            lambda: ValidationCache(maxsize=size),
        ]
        return schema_module.DirectorySchema(
            query=schema_module.Query,
            mutation=schema_module.Mutation,
            extensions=extensions,
        )

    directory.app.build_schema = build_schema  # type: ignore[attr-defined]


ORDER_BY_ID = re.compile(
    r"ORDER BY (?P<t>users|groups)\.id IS NULL(?: ASC| DESC)?, "
    r"(?P=t)\.id(?P<d> ASC| DESC)?, (?P=t)\.id(?: ASC| DESC)?"
)


def _order_by_id() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def rewrite(
        conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any
    ) -> tuple[str, Any]:
        if "IS NULL" in statement:
            statement = ORDER_BY_ID.sub(r"ORDER BY \g<t>.id\g<d>", statement)
        return statement, parameters

    assert (
        ORDER_BY_ID.sub("", "ORDER BY users.id IS NULL ASC, users.id, users.id") == ""
    )
    event.listen(Engine, "before_cursor_execute", rewrite, retval=True)


PATCHES: dict[str, Callable[[], None]] = {
    "validation-cache": _validation_cache,
    "order-by-id": _order_by_id,
}


def parse(value: str | None) -> list[str]:
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    unknown = [name for name in names if name not in PATCHES]
    if unknown:
        raise ValueError(f"unknown --what-if {unknown}; choose from {list(PATCHES)}")
    return names


_applied: set[str] = set()


def apply(names: Iterable[str]) -> None:
    for name in names:
        if name not in _applied:
            PATCHES[name]()
            _applied.add(name)


def apply_from_environment() -> list[str]:
    names = parse(os.environ.get(ENV))
    apply(names)
    return names
