"""What a SCIM attribute name or path designates on a User or a Group, for
writes.

:func:`user_target` and :func:`group_target` resolve an
:class:`~scim_facade.filters.AttrPath` (``[schema:]attribute[.sub]``, as a
body key or a PATCH path carries it) into one :class:`Target`, or None when
the resource has no such attribute. The catalogue comes from
:mod:`scim_facade.schema` (which attributes exist, which are read-only) and
from :mod:`scim_facade.translate` (their GraphQL names), so a new attribute
is declared once.

Names and schema URNs match case-insensitively (RFC 7643 §2.1). User
attributes may carry the core User URN (RFC 7644 §3.10); Enterprise
attributes carry the Enterprise User URN or, as in filters, none; the
Enterprise URN alone names the whole extension, as it keys the
extension's object in a resource (RFC 7643 §3.3, §4.3). ``id``, ``meta``
and ``schemas`` (RFC 7643 §3.1), and every attribute
:mod:`scim_facade.schema` declares ``readOnly``, resolve to
:class:`ReadOnly` whatever sub-attribute follows them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal, TypeAlias

from .filters import AttrPath
from .schema import (
    ENTERPRISE,
    ENTERPRISE_SCHEMA,
    GROUP,
    GROUP_SCHEMA,
    USER,
    USER_SCHEMA,
    Attribute,
)
from .translate import GROUP_FIELDS, USER_FIELDS, VALUE_ATTRIBUTES
from .values import (
    Json,
    Scalar,
    as_object,
    boolean,
    fold,
    manager,
    sub_attribute,
    text,
)

_USER_URN = USER.lower()
_GROUP_URN = GROUP.lower()
_ENTERPRISE_URN = ENTERPRISE.lower()
#: Attributes of every resource that the server owns (RFC 7643 §3.1).
SERVER_OWNED = ("id", "meta", "schemas")

Kind: TypeAlias = Literal["string", "boolean", "manager"]


@dataclass(frozen=True)
class Field:
    """A single-valued attribute: its ``key`` in ``UserPatchInput`` (or
    ``GroupPatchInput``), inside ``group`` (``name`` or ``enterprise``) when
    there is one, and its ``UserField`` (or ``GroupField``) name. ``kind``
    says how a value is read: a string, a boolean, or a manager's id."""

    path: str
    key: str
    field: str
    group: str | None = None
    kind: Kind = "string"

    def coerce(self, value: object) -> Scalar:
        if self.kind == "boolean":
            return boolean(value, self.path)
        if self.kind == "manager":
            return manager(value, self.path)
        return text(value, self.path)

    def input(self, value: Scalar) -> Json:
        """The patch-input fragment that sets this attribute to ``value``."""
        return {self.group: {self.key: value}} if self.group else {self.key: value}


@dataclass(frozen=True)
class Complex:
    """``name``, or the whole Enterprise extension: a group of fields set
    together, by lower-case sub-attribute name."""

    path: str
    group: str
    parts: Mapping[str, Field]

    @property
    def fields(self) -> list[str]:
        return [part.field for part in self.parts.values()]

    def coerce(self, value: object, *, nulls: bool) -> Json:
        """The ``NameInput`` or ``EnterpriseUserInput`` for an object of
        sub-attributes. With ``nulls``, those given as ``null`` are kept (to
        clear them). Read-only and unknown sub-attributes are ignored."""
        given = fold(as_object(value, self.path))
        result: Json = {}
        for key, content in given.items():
            part = self.parts.get(key)
            if part is None:
                continue
            coerced = part.coerce(content)
            if coerced is not None or nulls:
                result[part.key] = coerced
        return result


@dataclass(frozen=True)
class Multi:
    """A multi-valued User attribute (``attribute`` is its ``ValueAttribute``
    name), or one sub-attribute of its values when ``sub`` is given."""

    path: str
    attribute: str
    sub: str | None = None


@dataclass(frozen=True)
class Password:
    path: str = "password"


@dataclass(frozen=True)
class Members:
    path: str = "members"


@dataclass(frozen=True)
class ReadOnly:
    path: str


Target: TypeAlias = Field | Complex | Multi | Password | Members | ReadOnly


def user_target(path: AttrPath, sub: str | None = None) -> Target | None:
    """What ``path`` designates on a User; ``sub`` is a sub-attribute
    written after a filter (``emails[type eq "work"].value``)."""
    sub = sub or path.sub_attribute
    schema = path.schema.lower() if path.schema else None
    if f"{schema}:{path.attribute.lower()}" == _ENTERPRISE_URN:
        return _ENTERPRISE if sub is None else None
    if schema == _ENTERPRISE_URN:
        return _enterprise(path.attribute, sub)
    if schema not in (None, _USER_URN):
        return None
    target = _CORE.get(path.attribute.lower())
    if target is None:
        # Enterprise attributes named bare: RFC 7644 §3.10 only says clients
        # SHOULD qualify them, and translate.py reads filters alike.
        return _enterprise(path.attribute, sub)
    return _narrow(target, sub)


def group_target(path: AttrPath, sub: str | None = None) -> Target | None:
    """What ``path`` designates on a Group."""
    sub = sub or path.sub_attribute
    if path.schema and path.schema.lower() != _GROUP_URN:
        return None
    target = _GROUP.get(path.attribute.lower())
    if sub is None or target is None or isinstance(target, ReadOnly):
        return target
    if isinstance(target, Members) and _MEMBER.sub(sub) is not None:
        # RFC 7643 §4.2: value, $ref and type are immutable, display is
        # read-only; a member is changed by removing and adding it.
        return ReadOnly(f"members.{sub}")
    return None


def is_foreign(path: AttrPath, resource: str) -> bool:
    """Whether ``path`` names an extension schema this facade does not
    serve on ``resource`` (``User`` or ``Group``): custom attributes, out of
    scope here."""
    if path.schema is None:
        return False
    whole = f"{path.schema}:{path.attribute}".lower()
    served = {_USER_URN, _ENTERPRISE_URN} if resource == "User" else {_GROUP_URN}
    return path.schema.lower() not in served and whole not in served


def _narrow(target: Target, sub: str | None) -> Target | None:
    if sub is None or isinstance(target, ReadOnly):
        return target
    if isinstance(target, Complex):
        return target.parts.get(sub.lower())
    if isinstance(target, Multi):
        name = sub_attribute(target.attribute, sub)
        return None if name is None else replace(target, sub=name)
    return None


def _enterprise(attribute: str, sub: str | None) -> Target | None:
    field = _ENTERPRISE.parts.get(attribute.lower())
    if field is None or sub is None:
        return field
    declared = ENTERPRISE_SCHEMA.attribute(attribute)
    part = declared.sub(sub) if declared else None
    if part is None:
        return None
    if part.mutability == "readOnly":
        return ReadOnly(f"{field.path}.{part.name}")
    if part.name == "value":
        # An empty id clears the manager, as for ``manager`` itself.
        return replace(field, path=f"{field.path}.value")
    return None


# The catalogue -----------------------------------------------------------------


def _user_catalogue() -> dict[str, Target]:
    catalogue: dict[str, Target] = {name: ReadOnly(name) for name in SERVER_OWNED}
    for declared in USER_SCHEMA.attributes:
        key = declared.name.lower()
        if declared.mutability == "readOnly":
            catalogue[key] = ReadOnly(declared.name)
        elif key == "password":
            catalogue[key] = Password()
        elif key == "name":
            catalogue[key] = _name()
        elif declared.multi_valued:
            catalogue[key] = Multi(declared.name, VALUE_ATTRIBUTES[key])
        else:
            kind: Kind = "boolean" if declared.type == "boolean" else "string"
            catalogue[key] = Field(
                declared.name, declared.name, USER_FIELDS[key], kind=kind
            )
    return catalogue


def _name() -> Complex:
    declared = USER_SCHEMA.attribute("name")
    assert declared is not None
    parts = {
        part.name.lower(): Field(
            f"name.{part.name}",
            part.name,
            USER_FIELDS[f"name.{part.name.lower()}"],
            "name",
        )
        for part in declared.sub_attributes
    }
    return Complex("name", "name", parts)


def _enterprise_whole() -> Complex:
    parts = {
        declared.name.lower(): Field(
            f"{ENTERPRISE}:{declared.name}",
            declared.name,
            USER_FIELDS[f"enterprise:{declared.name.lower()}"],
            "enterprise",
            kind="manager" if declared.name == "manager" else "string",
        )
        for declared in ENTERPRISE_SCHEMA.attributes
    }
    return Complex(ENTERPRISE, "enterprise", parts)


def _group_catalogue() -> dict[str, Target]:
    catalogue: dict[str, Target] = {name: ReadOnly(name) for name in SERVER_OWNED}
    for declared in GROUP_SCHEMA.attributes:
        key = declared.name.lower()
        if declared.mutability == "readOnly":
            catalogue[key] = ReadOnly(declared.name)
        elif key == "members":
            catalogue[key] = Members()
        else:
            catalogue[key] = Field(declared.name, declared.name, GROUP_FIELDS[key])
    return catalogue


def _member_schema() -> Attribute:
    declared = GROUP_SCHEMA.attribute("members")
    assert declared is not None
    return declared


_CORE = _user_catalogue()
_ENTERPRISE = _enterprise_whole()
_GROUP = _group_catalogue()
_MEMBER = _member_schema()
