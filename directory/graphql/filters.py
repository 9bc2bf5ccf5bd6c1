"""Filter inputs: typed, one-of trees that express every SCIM filter.

``emails[type eq "work" and value co "@x"] or not (title pr)`` reads::

    {or: [
      {values: {attribute: EMAILS, where: {and: [
        {compare: {field: TYPE, op: EQ, value: {string: "work"}}},
        {compare: {field: VALUE, op: CO, value: {string: "@x"}}}]}}},
      {not: {attribute: {field: TITLE, op: PR}}}]}
"""

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from ..domain import filters as f
from ..domain.attributes import GroupField, UserField, ValueAttribute, ValueField
from .errors import BAD_USER_INPUT, ApiError

strawberry.enum(UserField, name="UserField")
strawberry.enum(GroupField, name="GroupField")
strawberry.enum(ValueAttribute, name="ValueAttribute")
strawberry.enum(ValueField, name="ValueField")
strawberry.enum(
    f.Op,
    name="FilterOp",
    description="SCIM comparison operators (RFC 7644 §3.4.2.2); PR needs no value.",
)


@strawberry.enum
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(one_of=True, description="A literal to compare with; omit for null.")
class FilterValue:
    string: str | None = strawberry.UNSET
    boolean: bool | None = strawberry.UNSET
    integer: int | None = strawberry.field(name="int", default=strawberry.UNSET)
    number: float | None = strawberry.field(name="float", default=strawberry.UNSET)
    date_time: datetime | None = strawberry.UNSET


def _literal(value: FilterValue | None) -> f.Scalar:
    if value is None:
        return None
    for name in ("string", "boolean", "integer", "number", "date_time"):
        content = getattr(value, name)
        if content is not strawberry.UNSET:
            return content  # type: ignore[no-any-return]
    return None


@strawberry.input(description="Compare a single-valued user attribute.")
class UserFieldCondition:
    field: UserField
    op: f.Op
    value: FilterValue | None = None


@strawberry.input(description="Compare a single-valued group attribute.")
class GroupFieldCondition:
    field: GroupField
    op: f.Op
    value: FilterValue | None = None


@strawberry.input(description="Compare a custom attribute.")
class CustomCondition:
    key: str
    op: f.Op
    value: FilterValue | None = None


@strawberry.input(description="Compare a sub-attribute of a multi-valued attribute.")
class SubCondition:
    field: ValueField
    op: f.Op
    value: FilterValue | None = None


@strawberry.input(one_of=True, description="A condition on one value.")
class ValueFilter:
    and_: list["ValueFilter"] | None = strawberry.field(
        name="and", default=strawberry.UNSET
    )
    or_: list["ValueFilter"] | None = strawberry.field(
        name="or", default=strawberry.UNSET
    )
    not_: "ValueFilter | None" = strawberry.field(name="not", default=strawberry.UNSET)
    compare: SubCondition | None = strawberry.UNSET


@strawberry.input(
    description="Some value of a multi-valued attribute matches `where`; without "
    "`where`, the attribute has a value (SCIM `pr`)."
)
class ValuesCondition:
    attribute: ValueAttribute
    where: ValueFilter | None = None


@strawberry.input(description="Some member matches `where` (sub-fields VALUE, TYPE).")
class MembersCondition:
    where: ValueFilter | None = None


@strawberry.input(one_of=True, description="A condition on users.")
class UserFilter:
    and_: list["UserFilter"] | None = strawberry.field(
        name="and", default=strawberry.UNSET
    )
    or_: list["UserFilter"] | None = strawberry.field(
        name="or", default=strawberry.UNSET
    )
    not_: "UserFilter | None" = strawberry.field(name="not", default=strawberry.UNSET)
    attribute: UserFieldCondition | None = strawberry.UNSET
    values: ValuesCondition | None = strawberry.UNSET
    custom: CustomCondition | None = strawberry.UNSET


@strawberry.input(one_of=True, description="A condition on groups.")
class GroupFilter:
    and_: list["GroupFilter"] | None = strawberry.field(
        name="and", default=strawberry.UNSET
    )
    or_: list["GroupFilter"] | None = strawberry.field(
        name="or", default=strawberry.UNSET
    )
    not_: "GroupFilter | None" = strawberry.field(name="not", default=strawberry.UNSET)
    attribute: GroupFieldCondition | None = strawberry.UNSET
    members: MembersCondition | None = strawberry.UNSET
    custom: CustomCondition | None = strawberry.UNSET


@strawberry.input
class UserOrder:
    field: UserField
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class GroupOrder:
    field: GroupField
    direction: SortDirection = SortDirection.ASC


def _set(value: object) -> bool:
    return value is not strawberry.UNSET and value is not None


def _logic(
    node: UserFilter | GroupFilter | ValueFilter, convert: Callable[[Any], f.Filter]
) -> f.Filter | None:
    if _set(node.and_):
        return f.And(tuple(convert(item) for item in node.and_ or ()))
    if _set(node.or_):
        return f.Or(tuple(convert(item) for item in node.or_ or ()))
    if _set(node.not_):
        assert node.not_ is not None
        return f.Not(convert(node.not_))
    return None


def value_filter(node: ValueFilter) -> f.Filter:
    logic = _logic(node, value_filter)
    if logic is not None:
        return logic
    if _set(node.compare):
        c = node.compare
        assert c is not None
        return f.SubCompare(c.field, c.op, _literal(c.value))
    raise ApiError("a filter needs one of its fields", BAD_USER_INPUT)


def user_filter(node: UserFilter) -> f.Filter:
    """The domain filter for a GraphQL user filter."""
    return _resource_filter(node, user_filter, _user_values)


def group_filter(node: GroupFilter) -> f.Filter:
    """The domain filter for a GraphQL group filter."""
    return _resource_filter(node, group_filter, _group_members)


def _resource_filter(
    node: UserFilter | GroupFilter,
    convert: Callable[[Any], f.Filter],
    multi_valued: Callable[[Any], f.Filter | None],
) -> f.Filter:
    """What users and groups share: logic, attributes and custom
    attributes; ``multi_valued`` handles the rest."""
    logic = _logic(node, convert)
    if logic is not None:
        return logic
    if _set(node.attribute):
        a = node.attribute
        assert a is not None
        return f.Compare(a.field, a.op, _literal(a.value))
    if _set(node.custom):
        return _custom(node.custom)
    found = multi_valued(node)
    if found is None:
        raise ApiError("a filter needs one of its fields", BAD_USER_INPUT)
    return found


def _user_values(node: UserFilter) -> f.Filter | None:
    if not _set(node.values):
        return None
    v = node.values
    assert v is not None
    return f.HasValue(v.attribute, None if v.where is None else value_filter(v.where))


def _group_members(node: GroupFilter) -> f.Filter | None:
    if not _set(node.members):
        return None
    m = node.members
    assert m is not None
    return f.HasValue(f.MEMBERS, None if m.where is None else value_filter(m.where))


def _custom(condition: CustomCondition | None) -> f.Filter:
    assert condition is not None
    return f.CustomCompare(condition.key, condition.op, _literal(condition.value))
