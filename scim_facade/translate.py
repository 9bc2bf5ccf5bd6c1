"""SCIM filter trees as the directory's GraphQL filter inputs.

:func:`user_filter` and :func:`group_filter` turn a tree from
:func:`scim_facade.filters.parse_filter` into the ``UserFilter`` and
``GroupFilter`` inputs of ``schema.graphql``, as plain dicts ready for
GraphQL variables (enum values by their GraphQL names: ``USER_NAME``,
``EMAILS``, ``EQ``). Anything the directory cannot filter by raises
:class:`InvalidFilter` naming it, for the SCIM ``invalidFilter`` error
(RFC 7644 §3.12).

Attribute names and schema URNs match case-insensitively (RFC 7643 §2.1).
A path may carry the core schema URN of its resource type; User paths may
carry the Enterprise User URN (RFC 7643 §4.3), whose attributes may also be
named bare (RFC 7644 §3.10 only says clients SHOULD qualify them).

Multi-valued attributes (RFC 7644 §3.4.2.2): ``emails pr`` asks for any
email; ``emails co "x"`` compares the ``value`` sub-attribute;
``emails.type eq "work"`` one sub-attribute; and ``emails[type eq "work"
and value co "@x"]`` becomes one condition whose ``where`` must hold for a
single email. Group ``members`` work alike with sub-attributes ``value``
and ``type``.

Values: strings, booleans and numbers map to the ``FilterValue`` member of
their type (an integer beyond GraphQL's 32-bit ``Int`` becomes a ``float``)
and ``null`` to no value. ``meta.created`` and ``meta.lastModified`` take an
RFC 3339 date-time string, sent as ``dateTime`` with ``Z`` spelt
``+00:00``. Boolean attributes (``active``, ``primary``) also take the
strings ``"true"`` and ``"false"`` in any case, as Entra ID and OneLogin
send them. ``and``/``or`` chains flatten into one list.

Attributes every resource of a type holds alike are decided here, as
``{"and": []}`` (matches all) or ``{"or": []}`` (matches none):
``meta.resourceType`` compares, case-exact, with ``"User"`` or ``"Group"``;
``schemas`` (RFC 7643 §3) takes ``pr``, ``eq`` and ``ne`` with a URN,
matched case-insensitively. Every resource lists its core URN, and a User
lists the Enterprise User URN when it has some Enterprise attribute, so
``schemas eq "urn:…:extension:enterprise:2.0:User"`` means "has an
Enterprise attribute" (the facade's User representation must list that URN
by the same rule); other URNs match nothing.
"""

import operator
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeAlias

from .filters import (
    And,
    AttrPath,
    Compare,
    Filter,
    InvalidFilter,
    Not,
    Or,
    Present,
    ValuePath,
)

Json: TypeAlias = dict[str, Any]
Term: TypeAlias = Compare | Present | ValuePath

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"
_EXTENSION = "enterprise:"

_NAME_FIELDS = {
    "name.formatted": "NAME_FORMATTED",
    "name.familyname": "NAME_FAMILY_NAME",
    "name.givenname": "NAME_GIVEN_NAME",
    "name.middlename": "NAME_MIDDLE_NAME",
    "name.honorificprefix": "NAME_HONORIFIC_PREFIX",
    "name.honorificsuffix": "NAME_HONORIFIC_SUFFIX",
}
_ENTERPRISE_FIELDS = {
    "enterprise:employeenumber": "EMPLOYEE_NUMBER",
    "enterprise:costcenter": "COST_CENTER",
    "enterprise:organization": "ORGANIZATION",
    "enterprise:division": "DIVISION",
    "enterprise:department": "DEPARTMENT",
    "enterprise:manager": "MANAGER",
}
USER_FIELDS = {
    "id": "ID",
    "username": "USER_NAME",
    "externalid": "EXTERNAL_ID",
    "displayname": "DISPLAY_NAME",
    "nickname": "NICK_NAME",
    "profileurl": "PROFILE_URL",
    "title": "TITLE",
    "usertype": "USER_TYPE",
    "preferredlanguage": "PREFERRED_LANGUAGE",
    "locale": "LOCALE",
    "timezone": "TIMEZONE",
    "active": "ACTIVE",
    "meta.created": "CREATED",
    "meta.lastmodified": "LAST_MODIFIED",
    **_NAME_FIELDS,
    **_ENTERPRISE_FIELDS,
    "enterprise:manager.value": "MANAGER",
}
GROUP_FIELDS = {
    "id": "ID",
    "displayname": "DISPLAY_NAME",
    "externalid": "EXTERNAL_ID",
    "meta.created": "CREATED",
    "meta.lastmodified": "LAST_MODIFIED",
}
VALUE_ATTRIBUTES = {
    "emails": "EMAILS",
    "phonenumbers": "PHONE_NUMBERS",
    "ims": "IMS",
    "photos": "PHOTOS",
    "addresses": "ADDRESSES",
    "entitlements": "ENTITLEMENTS",
    "roles": "ROLES",
    "x509certificates": "X509_CERTIFICATES",
}
_COMMON = {"type": "TYPE", "primary": "PRIMARY", "display": "DISPLAY"}
_ADDRESS = {
    "formatted": "FORMATTED",
    "streetAddress": "STREET_ADDRESS",
    "locality": "LOCALITY",
    "region": "REGION",
    "postalCode": "POSTAL_CODE",
    "country": "COUNTRY",
}
#: Sub-attributes by multi-valued attribute, as RFC 7643 spells them;
#: addresses have no ``value``.
SUB_FIELDS: dict[str, dict[str, str]] = {
    **{name: {"value": "VALUE", **_COMMON} for name in VALUE_ATTRIBUTES.values()},
    "ADDRESSES": {**_COMMON, **_ADDRESS},
    "MEMBERS": {"value": "VALUE", "type": "TYPE"},
}
DATE_TIME_FIELDS = frozenset({"CREATED", "LAST_MODIFIED"})
BOOLEAN_FIELDS = frozenset({"ACTIVE", "PRIMARY"})
INT_RANGE = range(-(2**31), 2**31)
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?",
    re.ASCII,
)
_TEXT_OPERATIONS: dict[str, Callable[[str, str], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "co": operator.contains,
    "sw": str.startswith,
    "ew": str.endswith,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}

Leaf: TypeAlias = Callable[[Term], Json]


def user_filter(ast: Filter) -> Json:
    """The GraphQL ``UserFilter`` input equivalent to ``ast``."""
    return _logic(ast, _user_term)


def group_filter(ast: Filter) -> Json:
    """The GraphQL ``GroupFilter`` input equivalent to ``ast``."""
    return _logic(ast, _group_term)


def filter_value(value: str | bool | int | float) -> Json:
    """The GraphQL ``FilterValue`` for a non-null literal."""
    if isinstance(value, bool):
        return {"boolean": value}
    if isinstance(value, str):
        return {"string": value}
    if isinstance(value, float) or value not in INT_RANGE:
        return {"float": _float(value)}
    return {"int": value}


def value_filter(attribute: str, owner: str, node: Filter) -> Json:
    """The GraphQL ``ValueFilter`` for the filter inside ``owner[…]`` of a
    PATCH path (RFC 7644 §3.5.2); ``attribute`` is a ``ValueAttribute``
    name such as ``EMAILS``. Raises :class:`InvalidFilter`."""
    return _logic(node, lambda term: _sub_term(attribute, owner, term))


def _float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:
        raise InvalidFilter(f"number {value} is out of range") from None


def _logic(node: Filter, leaf: Leaf) -> Json:
    if isinstance(node, And | Or):
        key = "and" if isinstance(node, And) else "or"
        return {key: [_logic(item, leaf) for item in _operands(node)]}
    if isinstance(node, Not):
        return {"not": _logic(node.inner, leaf)}
    return leaf(node)


def _operands(node: And | Or) -> list[Filter]:
    """The operands of a chain of ``node``'s kind, in order, without recursion."""
    operands: list[Filter] = []
    stack: list[Filter] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, type(node)):
            stack.extend((current.right, current.left))
        else:
            operands.append(current)
    return operands


def _all() -> Json:
    return {"and": []}


def _none() -> Json:
    return {"or": []}


# Users ------------------------------------------------------------------------


def _user_term(node: Term) -> Json:
    key = _user_key(node.path)
    attribute = key.partition(".")[0]
    if attribute in VALUE_ATTRIBUTES:
        enum = VALUE_ATTRIBUTES[attribute]
        return {"values": {"attribute": enum, **_where(enum, node)}}
    if isinstance(node, ValuePath):
        raise _not_multi_valued(node.path)
    if key in USER_FIELDS:
        return {"attribute": _condition(USER_FIELDS[key], node)}
    if key == "name":
        return _name(node)
    if key == "meta.resourcetype":
        return _constant("User", node)
    if key == "schemas":
        return _schemas(node, {CORE_USER: _all(), ENTERPRISE: _has_enterprise()})
    raise _unknown("Users", node.path)


def _user_key(path: AttrPath) -> str:
    """The lower-cased path, with Enterprise attributes under ``enterprise:``."""
    key = _key(path)
    schema = path.schema.lower() if path.schema else None
    if schema == ENTERPRISE:
        return _EXTENSION + key
    if schema not in (None, CORE_USER):
        raise _unknown_schema(path)
    if schema is None and _EXTENSION + key in USER_FIELDS:
        return _EXTENSION + key
    return key


def _name(node: Compare | Present) -> Json:
    if not isinstance(node, Present):
        raise InvalidFilter(
            f"{str(node.path)!r} is complex: compare one of its sub-attributes, "
            "such as name.familyName, or test it with pr"
        )
    return {"or": [_present(field) for field in _NAME_FIELDS.values()]}


def _has_enterprise() -> Json:
    return {"or": [_present(field) for field in _ENTERPRISE_FIELDS.values()]}


def _present(field: str) -> Json:
    return {"attribute": {"field": field, "op": "PR"}}


# Groups -----------------------------------------------------------------------


def _group_term(node: Term) -> Json:
    key = _key(node.path)
    if node.path.schema and node.path.schema.lower() != CORE_GROUP:
        raise _unknown_schema(node.path)
    if key.partition(".")[0] == "members":
        return {"members": _where("MEMBERS", node)}
    if isinstance(node, ValuePath):
        raise _not_multi_valued(node.path)
    if key in GROUP_FIELDS:
        return {"attribute": _condition(GROUP_FIELDS[key], node)}
    if key == "meta.resourcetype":
        return _constant("Group", node)
    if key == "schemas":
        return _schemas(node, {CORE_GROUP: _all()})
    raise _unknown("Groups", node.path)


def user_field(path: AttrPath) -> str | None:
    """The ``UserField`` name of a single-valued User attribute, or None
    (for ``sortBy``: RFC 7644 §3.4.2.3)."""
    try:
        return USER_FIELDS.get(_user_key(path))
    except InvalidFilter:
        return None


def group_field(path: AttrPath) -> str | None:
    """The ``GroupField`` name of a single-valued Group attribute, or None."""
    if path.schema and path.schema.lower() != CORE_GROUP:
        return None
    return GROUP_FIELDS.get(_key(path))


# Shared -----------------------------------------------------------------------


def _key(path: AttrPath) -> str:
    sub_attribute = f".{path.sub_attribute}" if path.sub_attribute else ""
    return f"{path.attribute}{sub_attribute}".lower()


def _where(enum: str, node: Term) -> Json:
    """The ``where`` of a condition on multi-valued ``enum``, if it needs one."""
    owner = node.path.attribute
    if isinstance(node, ValuePath):
        where = _logic(node.filter, lambda term: _sub_term(enum, owner, term))
        return {"where": where}
    sub_attribute = node.path.sub_attribute
    if isinstance(node, Present) and sub_attribute is None:
        return {}
    field = _sub_field(enum, owner, sub_attribute or "value")
    return {"where": {"compare": _condition(field, node)}}


def _sub_term(enum: str, owner: str, node: Term) -> Json:
    path = node.path
    if isinstance(node, ValuePath) or path.schema or path.sub_attribute:
        raise InvalidFilter(
            f"{str(path)!r} inside {owner}[…] must be a plain sub-attribute name"
        )
    field = _sub_field(enum, owner, path.attribute)
    return {"compare": _condition(field, node)}


def _sub_field(enum: str, owner: str, name: str) -> str:
    fields = {known.lower(): field for known, field in SUB_FIELDS[enum].items()}
    if name.lower() not in fields:
        listed = ", ".join(SUB_FIELDS[enum])
        raise InvalidFilter(f"{owner!r} has no sub-attribute {name!r}; it has {listed}")
    return fields[name.lower()]


def _condition(field: str, node: Compare | Present) -> Json:
    if isinstance(node, Present):
        return {"field": field, "op": "PR"}
    condition: Json = {"field": field, "op": node.op.upper()}
    if node.value is not None:
        condition["value"] = _typed_value(field, node.value, node.path)
    return condition


def _typed_value(field: str, value: str | bool | int | float, path: AttrPath) -> Json:
    if field in DATE_TIME_FIELDS:
        return {"dateTime": _date_time(value, path)}
    text = value.lower() if isinstance(value, str) else None
    # Entra ID and OneLogin send booleans as strings.
    if field in BOOLEAN_FIELDS and text in ("true", "false"):
        return {"boolean": text == "true"}
    return filter_value(value)


def _date_time(value: str | bool | int | float, path: AttrPath) -> str:
    problem = InvalidFilter(
        f"{str(path)!r} compares with a date-time such as "
        f'"2011-05-13T04:42:34Z", not {value!r}'
    )
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        raise problem
    normal = value[:-1] + "+00:00" if value[-1] in "Zz" else value
    try:
        datetime.fromisoformat(normal)
    except ValueError:
        raise problem from None
    return normal


def _constant(actual: str, node: Compare | Present) -> Json:
    """A condition on an attribute that every resource holds as ``actual``."""
    if isinstance(node, Present):
        return _all()
    if node.value is None and node.op in ("eq", "ne"):
        return _all() if node.op == "ne" else _none()
    if not isinstance(node.value, str):
        raise InvalidFilter(f"{str(node.path)!r} compares with strings only")
    return _all() if _TEXT_OPERATIONS[node.op](actual, node.value) else _none()


def _schemas(node: Compare | Present, holders: Mapping[str, Json]) -> Json:
    """``holders`` maps each URN a resource may list to the condition under
    which it lists it; see the module's description of ``schemas``."""
    if isinstance(node, Present):
        return _all()
    if node.op not in ("eq", "ne") or not isinstance(node.value, str):
        raise InvalidFilter(
            f"{str(node.path)!r} takes pr, or eq or ne with a schema URN"
        )
    condition = holders.get(node.value.lower(), _none())
    return condition if node.op == "eq" else {"not": condition}


def _unknown(resources: str, path: AttrPath) -> InvalidFilter:
    return InvalidFilter(f"cannot filter {resources} by {str(path)!r}")


def _unknown_schema(path: AttrPath) -> InvalidFilter:
    return InvalidFilter(f"unknown schema {path.schema!r} in {str(path)!r}")


def _not_multi_valued(path: AttrPath) -> InvalidFilter:
    return InvalidFilter(
        f"{str(path)!r} is not a multi-valued attribute that brackets can filter"
    )
