"""SCIM resources in POST and PUT bodies as the directory's GraphQL inputs.

:func:`user_input` turns a User (RFC 7643 §4.1, with the Enterprise User
extension of §4.3) into a ``UserInput``; :func:`group_input` turns a Group
(§4.2) into a ``GroupInput``. Both return plain dicts for GraphQL variables,
keyed as ``schema.graphql`` spells the fields, and hold only attributes the
body gives a non-null value: RFC 7643 §2.5 makes ``null`` "equivalent in
state" to unassigned, and a PUT clears what it leaves out anyway.

Contract: for any JSON value, each function returns an input the directory
accepts by its shape, or raises :class:`~scim_facade.errors.ScimError` 400:
``invalidSyntax`` when the body is not an object, ``invalidValue`` naming
the attribute path when a value has the wrong type or ``userName`` (User) or
``displayName`` (Group) is missing (RFC 7643 §4.1.1, §4.2 make them
required). Checks the directory makes itself (lengths, uniqueness, one
primary value) are left to it.

What identity providers send, and how it is read:

* Names are case-insensitive at every level (RFC 7643 §2.1). Core
  attributes may carry the core schema URN (RFC 7644 §3.10,
  ``urn:…:core:2.0:User:userName``). The Enterprise extension comes as an
  object under its URN or as URN-prefixed keys (``urn:…:enterprise:2.0:
  User:department``); Entra ID sends ``manager`` as an id or as
  ``{"value": id}``.
* ``active`` and ``primary`` may be the strings ``"True"``/``"false"``
  (Entra ID, OneLogin).
* Read-only attributes are ignored, as RFC 7644 §3.5.1 asks of PUT: ``id``
  (OneLogin sends ``"id": null``), ``meta``, ``schemas``, ``groups`` (Okta
  sends ``"groups": []``), and members' ``$ref`` and ``display``.
* Unknown attributes (OneLogin sends some) and extension schemas other than
  the Enterprise User are ignored: custom attributes are out of scope here.
* ``password`` passes through; the directory stores only its hash.
"""

from collections.abc import Mapping
from typing import Any

from .errors import invalid_syntax, invalid_value
from .filters import AttrPath, InvalidPath, parse_path
from .targets import (
    Complex,
    Field,
    Members,
    Multi,
    Password,
    group_target,
    user_target,
)
from .values import Json, member_inputs, text, value_inputs


def user_input(body: Mapping[str, Any]) -> Json:
    """The ``UserInput`` for a SCIM User body."""
    result: Json = {}
    for key, value in _object(body).items():
        path = _path(key)
        if value is None or path is None:
            continue
        _merge(result, _user_attribute(path, value))
    if result.get("userName") is None:
        raise invalid_value("'userName' is required (RFC 7643 §4.1.1)")
    return result


def group_input(body: Mapping[str, Any]) -> Json:
    """The ``GroupInput`` for a SCIM Group body."""
    result: Json = {}
    for key, value in _object(body).items():
        path = _path(key)
        if value is None or path is None:
            continue
        result.update(_group_attribute(path, value))
    if result.get("displayName") is None:
        raise invalid_value("'displayName' is required (RFC 7643 §4.2)")
    return result


def _user_attribute(path: AttrPath, value: object) -> Json:
    """The ``UserInput`` fields one body key gives; {} for keys ignored."""
    target = user_target(path)
    if isinstance(target, Field):
        content = target.coerce(value)
        return {} if content is None else target.input(content)
    if isinstance(target, Complex):
        parts = target.coerce(value, nulls=False)
        return {target.group: parts} if parts else {}
    if isinstance(target, Multi) and target.sub is None:
        return {target.path: value_inputs(target.attribute, value, target.path)}
    if isinstance(target, Password):
        return {"password": text(value, target.path)}
    return {}


def _group_attribute(path: AttrPath, value: object) -> Json:
    """The ``GroupInput`` fields one body key gives; {} for keys ignored."""
    target = group_target(path)
    if isinstance(target, Field):
        return {target.key: text(value, target.path)}
    if isinstance(target, Members):
        return {"members": member_inputs(value, target.path)}
    return {}


def _object(body: object) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise invalid_syntax("the request body must be a JSON object")
    return body


def _path(key: object) -> AttrPath | None:
    """The attribute a body key names, or None for a key that names none
    (and is ignored like any unknown attribute)."""
    if not isinstance(key, str):
        return None
    try:
        parsed = parse_path(key)
    except InvalidPath:
        return None
    return parsed.path if parsed.filter is None else None


def _merge(result: Json, fields: Json) -> None:
    """Add ``fields`` to ``result``; ``name`` and ``enterprise`` merge, as
    the Enterprise extension may come both as an object and as flat keys."""
    for key, value in fields.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key].update(value)
        else:
            result[key] = value
