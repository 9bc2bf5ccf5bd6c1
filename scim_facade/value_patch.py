"""PATCH operations on multi-valued User attributes (RFC 7644 §3.5.2) as
the directory's value operations.

:func:`value_operations` turns one add, replace or remove on ``emails``,
``emails[filter]``, ``emails[filter].sub`` or ``emails.sub`` (and the other
multi-valued attributes) into ``UserOperationInput`` dicts:

* No filter, no sub-attribute: add appends (``addValues``; the directory
  skips exact duplicates), replace replaces (``replaceValues``), remove
  removes every value (``removeValues``) or, given a ``value`` list, only
  the values matching one of its objects.
* A filter narrows remove to the matching values (``removeValues`` with
  ``where``) and replace to changing them (``updateValues`` with ``where``
  and ``set``); add with a filter changes them too, or adds the value when
  none matches.
* A sub-attribute path sets that sub-attribute (``updateValues``), of the
  matching values or of all of them, and remove sets it to null. For add
  and replace the change carries ``orAdd``, the value to create when
  nothing matches: RFC 7644 §3.5.2.3 says "If the target location specifies
  an attribute that does not exist (has no value), the attribute is added
  with the new value", and Entra ID replaces or adds
  ``emails[type eq "work"].value`` on users without a work email. ``orAdd``
  holds what the filter's ``eq`` comparisons say, so it exists only when
  the filter is a conjunction of them.
* ``null`` is no value (RFC 7643 §2.5): adding it adds nothing; replacing
  with it removes the target values, or clears the sub-attribute.

Contract: returns operations the directory accepts by their shape, or
raises :class:`~scim_facade.errors.ScimError` 400: ``invalidFilter`` when a
filter names no sub-attribute of the attribute, ``invalidValue`` when the
value has the wrong shape.
"""

from typing import Any

from .errors import invalid_filter, invalid_value
from .filters import And, Compare, Filter, InvalidFilter
from .targets import Multi
from .translate import SUB_FIELDS, filter_value, value_filter
from .values import Json, sub_attribute, sub_value, value_input, value_inputs


def value_operations(
    op: str, target: Multi, node: Filter | None, value: Any
) -> list[Json]:
    """The operations for ``op`` (add, replace or remove) on ``target``,
    narrowed by the filter ``node`` when there is one."""
    if target.sub is not None:
        return [_sub_change(op, target, node, value)]
    if op == "remove":
        return [{"removeValues": _removal(target, node, value)}]
    if node is not None:
        return _filtered(op, target, node, value)
    values = [] if value is None else value_inputs(target.attribute, value, target.path)
    key = "addValues" if op == "add" else "replaceValues"
    return [{key: {"attribute": target.attribute, "values": values}}]


def _removal(target: Multi, node: Filter | None, value: Any) -> Json:
    selection: Json = {"attribute": target.attribute}
    if node is not None:
        selection["where"] = _where(target, node)
    elif value is not None:
        # A value list names the values to remove, as Entra ID names the
        # members to remove; taking it for "all of them" would lose data.
        items = value_inputs(target.attribute, value, target.path)
        selection["where"] = _matching(target, items)
    return selection


def _filtered(op: str, target: Multi, node: Filter, value: Any) -> list[Json]:
    """Add or replace ``emails[filter]`` with a whole value."""
    where = _where(target, node)
    if value is None:
        if op == "add":
            return []
        return [{"removeValues": {"attribute": target.attribute, "where": where}}]
    given = value_input(target.attribute, value, target.path, nulls=True)
    if not given:
        raise invalid_value(f"'{target.path}': the value names no sub-attribute")
    change: Json = {"attribute": target.attribute, "where": where, "set": given}
    fallback = _fallback(target, node, given) if op == "add" else None
    if fallback:
        change["orAdd"] = fallback
    return [{"updateValues": change}]


def _sub_change(op: str, target: Multi, node: Filter | None, value: Any) -> Json:
    """Add, replace or remove ``emails[filter].sub`` or ``emails.sub``."""
    assert target.sub is not None
    path = f"{target.path}.{target.sub}"
    content = None if op == "remove" else sub_value(target.sub, value, path)
    change: Json = {"attribute": target.attribute, "set": {target.sub: content}}
    if node is not None:
        change["where"] = _where(target, node)
    fallback = None if content is None else _fallback(target, node, change["set"])
    if fallback:
        change["orAdd"] = fallback
    return {"updateValues": change}


def _where(target: Multi, node: Filter) -> Json:
    try:
        return value_filter(target.attribute, target.path, node)
    except InvalidFilter as error:
        raise invalid_filter(str(error)) from None


def _fallback(target: Multi, node: Filter | None, given: Json) -> Json | None:
    """The value to add when nothing matches ``node``: what its ``eq``
    comparisons say, with ``given`` over it; None unless ``node`` is a
    conjunction of ``eq`` comparisons."""
    terms = {} if node is None else _equalities(target.attribute, node)
    if terms is None:
        return None
    return {**terms, **{k: v for k, v in given.items() if v is not None}}


def _equalities(attribute: str, node: Filter) -> Json | None:
    terms: Json = {}
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, And):
            stack += [current.right, current.left]
            continue
        if not isinstance(current, Compare) or current.op != "eq":
            return None
        path = current.path
        plain = path.schema is None and path.sub_attribute is None
        name = sub_attribute(attribute, path.attribute) if plain else None
        expected = bool if name == "primary" else str
        if name is None or not isinstance(current.value, expected):
            return None
        if terms.setdefault(name, current.value) != current.value:
            return None
    return terms


def _matching(target: Multi, items: list[Json]) -> Json:
    """A ``ValueFilter`` matching each of ``items`` by all its sub-attributes."""
    if not all(items):
        raise invalid_value(
            f"'{target.path}': each value to remove needs a sub-attribute to match"
        )
    fields = SUB_FIELDS[target.attribute]
    return {
        "or": [
            {"and": [_equal(fields[name], content) for name, content in item.items()]}
            for item in items
        ]
    }


def _equal(field: str, content: str | bool) -> Json:
    return {"compare": {"field": field, "op": "EQ", "value": filter_value(content)}}
