"""SCIM JSON values coerced into the directory's GraphQL input values.

Shared by :mod:`scim_facade.bodies` (POST and PUT bodies) and
:mod:`scim_facade.patch` (PATCH operations), so both read a value the same
way. Contract: every function returns a value of its documented type or
raises :class:`~scim_facade.errors.ScimError` 400 ``invalidValue`` whose
detail names the attribute path (RFC 7644 §3.12); nothing else.

Rules, from RFC 7643 and from what identity providers send:

* Attribute names, sub-attribute names included, are case-insensitive
  (RFC 7643 §2.1).
* ``null`` is an unassigned value (RFC 7643 §2.5); functions pass it on as
  ``None`` and callers decide whether it clears or is left out.
* Booleans may arrive as the strings ``"True"`` or ``"false"`` in any case:
  Entra ID and OneLogin send them so.
* A multi-valued attribute given as one object is read as a one-element
  list; unknown sub-attributes of its values are ignored, as unknown
  attributes are.
* Group members (RFC 7643 §4.2) need a ``value``; ``$ref`` and ``display``
  are the server's and ignored; ``type`` is kept only when it is ``User``
  or ``Group`` (any case).
"""

from collections.abc import Mapping
from typing import Any, TypeAlias

from .errors import ScimError, invalid_value
from .translate import SUB_FIELDS

Json: TypeAlias = dict[str, Any]
Scalar: TypeAlias = str | bool | None

_MEMBER_TYPES = ("user", "group")


def fold(data: Mapping[Any, Any]) -> Json:
    """``data`` with lower-case keys; of keys differing only in case, the
    last wins."""
    return {str(key).lower(): value for key, value in data.items()}


def as_object(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise wrong(path, "an object", value)
    return value


def as_objects(value: object, path: str) -> list[Mapping[str, Any]]:
    """The values of a multi-valued attribute: a list of objects, or a lone
    object standing for a one-element list."""
    if isinstance(value, Mapping):
        return [value]
    if not isinstance(value, list):
        raise wrong(path, "a list of objects", value)
    return [as_object(item, f"{path}[{index}]") for index, item in enumerate(value)]


def text(value: object, path: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise wrong(path, "a string", value)


def boolean(value: object, path: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    # Entra ID and OneLogin send booleans as strings: "True", "false".
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise wrong(path, "true or false", value)


def manager(value: object, path: str) -> str | None:
    """The manager's user id. RFC 7643 §4.3 makes ``manager`` complex,
    ``{"value": id}``; Entra ID also sends the bare id. ``null``, ``""``
    and ``{"value": null}`` all mean no manager."""
    if isinstance(value, Mapping):
        return text(fold(value).get("value"), f"{path}.value") or None
    return text(value, path) or None


def sub_attribute(attribute: str, name: str) -> str | None:
    """The RFC 7643 spelling of sub-attribute ``name`` of the multi-valued
    ``attribute`` (a ``ValueAttribute`` name), or None if it has none."""
    for known in SUB_FIELDS[attribute]:
        if known.lower() == name.lower():
            return known
    return None


def sub_value(name: str, value: object, path: str) -> Scalar:
    """A sub-attribute's value: ``primary`` is a boolean, the rest strings."""
    return boolean(value, path) if name == "primary" else text(value, path)


def value_input(
    attribute: str, value: object, path: str, *, nulls: bool = False
) -> Json:
    """The ``ValueInput`` for one value of ``attribute``. With ``nulls``,
    sub-attributes given as ``null`` are kept (to clear them); otherwise
    they are left out."""
    given = as_object(value, path)
    result: Json = {}
    for key, content in fold(given).items():
        name = sub_attribute(attribute, key)
        if name is None:
            continue
        coerced = sub_value(name, content, f"{path}.{name}")
        if coerced is not None or nulls:
            result[name] = coerced
    return result


def value_inputs(attribute: str, value: object, path: str) -> list[Json]:
    """The ``ValueInput`` list for the values of ``attribute``."""
    items = as_objects(value, path)
    return [
        value_input(attribute, item, f"{path}[{index}]")
        for index, item in enumerate(items)
    ]


def member_input(value: object, path: str) -> Json:
    """The ``MemberInput`` for one group member."""
    given = fold(as_object(value, path))
    member_id = text(given.get("value"), f"{path}.value")
    if not member_id:
        raise invalid_value(f"'{path}.value' is required: the member's id")
    result: Json = {"id": member_id}
    kind = given.get("type")
    if isinstance(kind, str) and kind.lower() in _MEMBER_TYPES:
        result["type"] = kind.upper()
    return result


def member_inputs(value: object, path: str) -> list[Json]:
    items = as_objects(value, path)
    return [member_input(item, f"{path}[{index}]") for index, item in enumerate(items)]


def wrong(path: str, expected: str, value: object) -> ScimError:
    return invalid_value(f"'{path}' must be {expected}, not {_describe(value)}")


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
