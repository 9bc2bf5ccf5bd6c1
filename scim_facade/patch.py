"""SCIM PATCH (RFC 7644 §3.5.2) as the directory's update operations.

:func:`user_operations` turns a PatchOp body into the ``operations`` of
``updateUser`` (``UserOperationInput`` dicts); :func:`group_operations` into
those of ``updateGroup`` (``GroupOperationInput`` dicts). Each SCIM
operation becomes zero or more directory operations, in the same order; the
directory applies them in order, all or none, as RFC 7644 §3.5.2 asks.

Contract: for any JSON value, each function returns operations the
directory accepts by their shape, or raises
:class:`~scim_facade.errors.ScimError` 400 whose detail starts with
``Operations[i]``: ``invalidSyntax`` for a body that is not a PatchOp (no
non-empty ``Operations`` list of objects, an ``op`` other than add, replace
or remove in any case, add or replace without ``value``); ``noTarget`` for
remove without ``path`` (§3.5.2.2); ``invalidPath`` for a path that does
not parse or names no attribute; ``invalidFilter`` for a bad filter inside
brackets; ``mutability`` for a read-only attribute (RFC 7643 §2.2);
``invalidValue`` for a value of the wrong shape. What depends on the stored
resource (a filter matching nothing, uniqueness) is the directory's to say.

Users. Single-valued attributes are set with ``set`` and cleared with
``unset``; a ``null`` value clears too (RFC 7643 §2.5). Replacing ``name``
or the Enterprise extension sets only the sub-attributes given (§3.5.2.3);
removing them clears them whole. ``password`` is set with ``setPassword``
and cannot be removed. Multi-valued attributes are
:mod:`scim_facade.value_patch`'s.

Groups. ``members`` map one-to-one to ``addMembers``, ``replaceMembers``,
``removeMembers`` and ``removeAllMembers``, so no operation needs the
member list read first; a remove filter may only name members by
``value eq``.

Without ``path``, the value's keys are paths themselves (``name.givenName``,
``urn:…:enterprise:2.0:User:department``, ``emails[type eq "work"].value``)
or attributes holding objects; each becomes the operation its path would.
Read-only keys there are ignored, as Okta repeats a group's ``id`` when it
renames it, and so are extension schemas this facade does not serve.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from .errors import (
    ScimError,
    invalid_filter,
    invalid_path,
    invalid_syntax,
    invalid_value,
    mutability,
)
from .filters import (
    AttrPath,
    Compare,
    Filter,
    InvalidFilter,
    InvalidPath,
    Or,
    PatchPath,
    parse_filter,
    parse_path,
)
from .targets import (
    Complex,
    Field,
    Members,
    Multi,
    Password,
    ReadOnly,
    Target,
    group_target,
    is_foreign,
    user_target,
)
from .value_patch import value_operations
from .values import (
    Json,
    fold,
    member_inputs,
    text,
    wrong,
)

_OPS = ("add", "replace", "remove")


@dataclass(frozen=True)
class _Operation:
    op: str
    path: PatchPath | None
    #: The path as written, for messages.
    text: str
    value: Any = None


Resolver: TypeAlias = Callable[[AttrPath, str | None], Target | None]


def user_operations(body: Mapping[str, Any]) -> list[Json]:
    """The ``UserOperationInput`` list for a SCIM PatchOp body."""
    return _translate(body, _user)


def group_operations(body: Mapping[str, Any]) -> list[Json]:
    """The ``GroupOperationInput`` list for a SCIM PatchOp body."""
    return _translate(body, _group)


def _translate(
    body: object, translate: Callable[[_Operation], list[Json]]
) -> list[Json]:
    result: list[Json] = []
    for index, item in enumerate(_items(body)):
        try:
            result += translate(_operation(item))
        except ScimError as error:
            detail = f"Operations[{index}]: {error.detail}"
            raise ScimError(error.status, detail, error.scim_type) from None
    return result


# The envelope ------------------------------------------------------------------


def _items(body: object) -> list[Any]:
    if not isinstance(body, Mapping):
        raise invalid_syntax("the request body must be a JSON object")
    items = fold(body).get("operations")
    if not isinstance(items, list) or not items:
        raise invalid_syntax(
            "'Operations' must be a non-empty list of operations (RFC 7644 §3.5.2)"
        )
    return items


def _operation(item: object) -> _Operation:
    if not isinstance(item, Mapping):
        raise invalid_syntax("an operation must be an object")
    given = fold(item)
    op = given.get("op")
    # Entra ID capitalises the operation: "Add", "Replace", "Remove".
    if not isinstance(op, str) or op.lower() not in _OPS:
        raise invalid_syntax(f"'op' must be add, replace or remove, not {op!r}")
    op = op.lower()
    path = given.get("path")
    if path is not None and not isinstance(path, str):
        raise invalid_syntax("'path' must be a string")
    if path is None and op == "remove":
        # RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails
        # with HTTP status code 400 and a "scimType" error code of "noTarget"."
        raise ScimError(400, "remove needs a 'path'", "noTarget")
    if op != "remove" and "value" not in given:
        raise invalid_syntax(f"{op} needs a 'value' (RFC 7644 §3.5.2)")
    parsed = None if path is None else _parse(path)
    return _Operation(op, parsed, path or "", given.get("value"))


def _parse(path: str) -> PatchPath:
    try:
        return parse_path(path)
    except InvalidPath as error:
        problem = invalid_filter if _bad_filter(path) else invalid_path
        raise problem(f"{path!r}: {error}") from None


def _bad_filter(path: str) -> bool:
    """Whether ``path`` fails for the filter in its brackets, not around it."""
    head, bracket, rest = path.partition("[")
    inside = rest.rpartition("]")[0]
    if not bracket or not inside:
        return False
    try:
        parse_path(head)
        parse_filter(inside)
    except InvalidPath:
        return False
    except InvalidFilter:
        return True
    return False


def _targets(
    operation: _Operation, resolve: Resolver, resource: str
) -> list[tuple[_Operation, Target]]:
    """The operation, or for a path-less one each key of its value, with
    what it designates; keys to ignore are left out."""
    pathless = operation.path is None
    parts = _spread(operation) if pathless else [operation]
    pairs = []
    for part in parts:
        target = _target(part, resolve, resource, pathless)
        if target is not None:
            pairs.append((part, target))
    return pairs


def _spread(operation: _Operation) -> list[_Operation]:
    # RFC 7644 §3.5.2.1: without "path", "the target location is assumed to
    # be the resource itself" and the value holds the attributes to change.
    if not isinstance(operation.value, Mapping):
        raise wrong(
            "value", "an object of attributes when there is no path", operation.value
        )
    return [
        _Operation(operation.op, _parse(str(key)), str(key), content)
        for key, content in operation.value.items()
    ]


def _target(
    operation: _Operation, resolve: Resolver, resource: str, pathless: bool
) -> Target | None:
    assert operation.path is not None
    path = operation.path
    target = resolve(path.path, path.sub_attribute)
    if target is None and pathless and is_foreign(path.path, resource):
        # Custom attributes are out of scope; bodies ignore them alike.
        return None
    if target is None:
        raise invalid_path(f"{resource}s have no attribute {operation.text!r}")
    if isinstance(target, ReadOnly):
        if pathless:
            # Okta renames a group with {"id": <its id>, "displayName": …};
            # read-only values are ignored, as RFC 7644 §3.5.1 says of PUT.
            return None
        raise mutability(f"{operation.text!r} is read-only (RFC 7643 §2.2)")
    if path.filter is not None and not isinstance(target, Multi | Members):
        raise invalid_path(
            f"{operation.text!r}: only a multi-valued attribute takes a filter"
        )
    return target


# Users -------------------------------------------------------------------------


def _user(operation: _Operation) -> list[Json]:
    changes: list[Json] = []
    for part, target in _targets(operation, user_target, "User"):
        changes += _user_change(part, target)
    return changes


def _user_change(operation: _Operation, target: Target) -> list[Json]:
    if isinstance(target, Field):
        return [_field(operation, target)]
    if isinstance(target, Complex):
        return [_complex(operation, target)]
    if isinstance(target, Password):
        return [_password(operation)]
    if isinstance(target, Multi):
        node = operation.path.filter if operation.path else None
        return value_operations(operation.op, target, node, operation.value)
    raise invalid_path(f"Users have no attribute {operation.text!r}")


def _field(operation: _Operation, target: Field) -> Json:
    removing = operation.op == "remove"
    content = None if removing else target.coerce(operation.value)
    if content is None:
        return {"unset": [target.field]}
    return {"set": target.input(content)}


def _complex(operation: _Operation, target: Complex) -> Json:
    if operation.op == "remove" or operation.value is None:
        return {"unset": target.fields}
    return {"set": {target.group: target.coerce(operation.value, nulls=True)}}


def _password(operation: _Operation) -> Json:
    removing = operation.op == "remove"
    password = None if removing else text(operation.value, "password")
    if not password:
        raise invalid_value("'password' cannot be removed; replace it with a new one")
    return {"setPassword": password}


# Groups ------------------------------------------------------------------------


def _group(operation: _Operation) -> list[Json]:
    changes: list[Json] = []
    for part, target in _targets(operation, group_target, "Group"):
        changes.append(_group_change(part, target))
    return changes


def _group_change(operation: _Operation, target: Target) -> Json:
    if isinstance(target, Field):
        removing = operation.op == "remove"
        content = None if removing else text(operation.value, target.path)
        return {"set": {target.key: content}}
    if isinstance(target, Members):
        return _members(operation)
    raise invalid_path(f"Groups have no attribute {operation.text!r}")


def _members(operation: _Operation) -> Json:
    node = operation.path.filter if operation.path else None
    if node is not None:
        if operation.op != "remove":
            raise invalid_path(
                f"{operation.text!r}: a filter on members selects members to "
                "remove; add and replace take the members as the value"
            )
        return {"removeMembers": _member_ids(node)}
    if operation.op == "remove" and operation.value is None:
        return {"removeAllMembers": True}
    given = [] if operation.value is None else member_inputs(operation.value, "members")
    if operation.op == "remove":
        # Entra ID removes members with path "members" and the members as
        # the value: only those go, never the whole list.
        return {"removeMembers": [member["id"] for member in given]}
    return {"addMembers" if operation.op == "add" else "replaceMembers": given}


def _member_ids(node: Filter) -> list[str]:
    """The ids in ``value eq "a" or value eq "b"``: the only member filters
    that need no look-up of the member list."""
    ids: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Or):
            stack += [current.right, current.left]
            continue
        member_id = _member_id(current)
        if member_id is None:
            raise invalid_filter(
                "members are selected by 'value eq \"<id>\"', alone or joined with 'or'"
            )
        ids.append(member_id)
    return ids


def _member_id(node: Filter) -> str | None:
    if not isinstance(node, Compare) or node.op != "eq":
        return None
    path = node.path
    if path.schema or path.sub_attribute or path.attribute.lower() != "value":
        return None
    return node.value if isinstance(node.value, str) else None
