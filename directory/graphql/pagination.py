"""Cursor connections: edges, nodes, page info and a lazy total count."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from ..domain.paging import Page

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="One page of a list, and how to get the next.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="The nodes of the edges, when cursors are not needed."
    )
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @strawberry.field(
        description="How many items match, across all pages; costs a count query, "
        "so select it only when needed."
    )
    async def total_count(self) -> int:
        return await self.count()


def connection(
    page: Page,
    nodes: Sequence[T | None],
    count: Callable[[], Awaitable[int]],
) -> Connection[T]:
    """A connection of ``nodes`` (aligned with ``page.rows``); a None node,
    deleted since the page was read, is left out."""
    edges = [
        Edge(cursor=cursor, node=node)
        for cursor, node in zip(page.cursors, nodes, strict=True)
        if node is not None
    ]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=page.cursors[0] if page.cursors else None,
        end_cursor=page.cursors[-1] if page.cursors else None,
    )
    return Connection(edges=edges, page_info=info, count=count)
