"""List and search requests (RFC 7644 §3.4.2, §3.4.3) with index or cursor
paging (RFC 9865), and their ListResponse.

Index paging: ``startIndex`` (1-based, below 1 means 1) and ``count`` (a
negative count means 0; more than ``maxResults`` is capped). Cursor paging:
``cursor`` (empty for the first page) and ``count``; the response carries
``nextCursor`` and ``previousCursor`` when there are such pages. A cursor
here wraps the directory's own cursor with its direction, so it stays
stable while the list changes and never expires.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .discovery import Limits
from .errors import ScimError, invalid_filter, invalid_value
from .filters import InvalidFilter, InvalidPath, parse_filter, parse_path
from .schema import LIST_RESPONSE
from .translate import group_field, group_filter, user_field, user_filter

Json = dict[str, Any]
NEXT, PREVIOUS = "n.", "p."


@dataclass(frozen=True)
class ListQuery:
    filter: str | None
    sort_by: str | None
    descending: bool
    start_index: int
    count: int
    #: None for index paging; "" asks for the first page by cursor.
    cursor: str | None
    attributes: list[str] | None
    excluded: list[str] | None


def names(value: Any, name: str) -> list[str] | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    raise invalid_value(f"{name} must be a list of attribute names")


def _integer(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise invalid_value(f"{name} must be an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid_value(f"{name} must be an integer") from None


def _order(value: Any) -> bool:
    if value is None or value == "":
        return False
    if not isinstance(value, str) or value.lower() not in ("ascending", "descending"):
        raise invalid_value("sortOrder must be 'ascending' or 'descending'")
    return value.lower() == "descending"


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid_value(f"{name} must be a string")
    return value


def parse(source: Mapping[str, Any], limits: Limits) -> ListQuery:
    """The list request in query parameters or a SearchRequest body; keys
    are matched case-insensitively."""
    params = {key.lower(): value for key, value in source.items()}
    count = _integer(params.get("count"), "count")
    count = limits.default_page_size if count is None else count
    start = _integer(params.get("startindex"), "startIndex")
    cursor = _text(params.get("cursor"), "cursor")
    if cursor is not None and start is not None:
        raise invalid_value("give startIndex or cursor, not both")
    return ListQuery(
        filter=_text(params.get("filter"), "filter") or None,
        sort_by=_text(params.get("sortby"), "sortBy") or None,
        descending=_order(params.get("sortorder")),
        start_index=max(start or 1, 1),
        count=min(max(count, 0), limits.max_results),
        cursor=cursor,
        attributes=names(params.get("attributes"), "attributes"),
        excluded=names(params.get("excludedattributes"), "excludedAttributes"),
    )


def variables(query: ListQuery, resource_type: str) -> Json:
    """The directory list query's variables: filter, order and window."""
    result: Json = {}
    if query.filter is not None:
        try:
            tree = parse_filter(query.filter)
            translate = user_filter if resource_type == "User" else group_filter
            result["filter"] = translate(tree)
        except InvalidFilter as error:
            raise invalid_filter(str(error)) from None
    if query.sort_by is not None:
        result["orderBy"] = {
            "field": _sort_field(query.sort_by, resource_type),
            "direction": "DESC" if query.descending else "ASC",
        }
    result.update(_window(query))
    return result


def _sort_field(sort_by: str, resource_type: str) -> str:
    try:
        path = parse_path(sort_by)
    except InvalidPath:
        raise invalid_value(f"cannot sort by {sort_by!r}") from None
    find = user_field if resource_type == "User" else group_field
    field = None if path.filter else find(path.path)
    if field is None:
        raise invalid_value(f"cannot sort by {sort_by!r}")
    return field


def _window(query: ListQuery) -> Json:
    if query.cursor is None:
        return {"first": query.count, "offset": query.start_index - 1}
    if query.cursor == "":
        return {"first": query.count}
    if query.cursor.startswith(NEXT):
        return {"first": query.count, "after": query.cursor[len(NEXT) :]}
    if query.cursor.startswith(PREVIOUS):
        return {"last": query.count, "before": query.cursor[len(PREVIOUS) :]}
    raise ScimError(
        400, f"{query.cursor!r} is not a cursor of this list", "invalidCursor"
    )


def response(
    resources: Sequence[Json],
    total: int,
    query: ListQuery,
    page_info: Any,
) -> Json:
    """The ListResponse for one page (RFC 7644 §3.4.2; RFC 9865 §2.2)."""
    body: Json = {
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "itemsPerPage": len(resources),
    }
    if query.cursor is None:
        body["startIndex"] = query.start_index
    else:
        if page_info.has_next_page and page_info.end_cursor:
            body["nextCursor"] = NEXT + page_info.end_cursor
        if page_info.has_previous_page and page_info.start_cursor:
            body["previousCursor"] = PREVIOUS + page_info.start_cursor
    body["Resources"] = list(resources)
    return body
