"""Filters over users and groups, and their translation to SQL.

A filter is a small tree: :class:`Compare` on a single-valued attribute,
:class:`CustomCompare` on a custom attribute, :class:`HasValue` on a
multi-valued attribute (``emails[type eq "work" and value co "@x"]``), and
the logical :class:`And`, :class:`Or`, :class:`Not`. It expresses every SCIM
filter (RFC 7644 §3.4.2.2) and becomes one SQL condition: multi-valued
attributes through a correlated ``EXISTS`` on an indexed table, never a scan
in Python.

Every comparison compiles to a two-valued condition (a missing attribute
makes it false, not NULL), so that ``not`` means what it says.

A filter is bounded in size (:data:`MAX_FILTER_NODES`) and in nesting
(:data:`MAX_FILTER_DEPTH`): SQLite's parser gives up after some forty
nested parentheses, and a filter that deep is an attack, not a question.
"""

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeAlias

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ..store.tables import KEY_LENGTH, groups, memberships, user_values, users
from .attributes import (
    ADDRESS_ONLY,
    GroupField,
    Kind,
    Operand,
    UserField,
    ValueAttribute,
    ValueField,
    group_operand,
    member_operand,
    user_operand,
    value_operand,
)
from .errors import InvalidFilter

Scalar: TypeAlias = str | int | float | bool | datetime | None

#: Most terms (comparisons and logical operators) one filter may have;
#: bigger ones are refused, not planned.
MAX_FILTER_NODES = 200
#: Most levels of nesting: ``not``, a change between ``and`` and ``or``, and
#: the brackets of a multi-valued attribute each open one. ``and`` inside
#: ``and`` (or ``or`` inside ``or``) does not, as SQL needs no parentheses.
MAX_FILTER_DEPTH = 20
CUSTOM_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,127}$")


class Op(Enum):
    EQ = "eq"
    NE = "ne"
    CO = "co"
    SW = "sw"
    EW = "ew"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"
    PR = "pr"


ORDERING = frozenset({Op.GT, Op.GE, Op.LT, Op.LE})
SUBSTRING = frozenset({Op.CO, Op.SW, Op.EW})


@dataclass(frozen=True)
class Compare:
    """``field op value`` on a single-valued attribute (a user's or group's)."""

    field: UserField | GroupField
    op: Op
    value: Scalar = None


@dataclass(frozen=True)
class SubCompare:
    """``field op value`` on a sub-attribute, inside :class:`HasValue`."""

    field: ValueField
    op: Op
    value: Scalar = None


@dataclass(frozen=True)
class CustomCompare:
    """``key op value`` on a custom attribute."""

    key: str
    op: Op
    value: Scalar = None


@dataclass(frozen=True)
class HasValue:
    """Some value of a multi-valued attribute matches ``where`` (or exists).

    ``attribute`` is a User's multi-valued attribute, or ``"members"`` for
    a Group's members.
    """

    attribute: ValueAttribute | str
    where: "Filter | None" = None


@dataclass(frozen=True)
class And:
    items: tuple["Filter", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Filter", ...]


@dataclass(frozen=True)
class Not:
    item: "Filter"


Filter: TypeAlias = Compare | SubCompare | CustomCompare | HasValue | And | Or | Not
MEMBERS = "members"


def user_condition(node: Filter) -> ColumnElement[bool]:
    """The SQL condition on ``users`` equivalent to ``node``."""
    _check_size(node)
    return _compile(node, _user_leaf)


def group_condition(node: Filter) -> ColumnElement[bool]:
    """The SQL condition on ``groups`` equivalent to ``node``."""
    _check_size(node)
    return _compile(node, _group_leaf)


def _check_size(node: Filter) -> None:
    count = 0
    stack: list[tuple[Filter, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        count += 1
        if count > MAX_FILTER_NODES:
            raise InvalidFilter(f"filter has more than {MAX_FILTER_NODES} terms")
        if depth > MAX_FILTER_DEPTH:
            raise InvalidFilter(
                f"filter is nested more than {MAX_FILTER_DEPTH} levels deep"
            )
        if isinstance(current, And | Or):
            stack.extend(
                (item, depth if type(item) is type(current) else depth + 1)
                for item in current.items
            )
        elif isinstance(current, Not):
            stack.append((current.item, depth + 1))
        elif isinstance(current, HasValue) and current.where is not None:
            stack.append((current.where, depth + 1))


Leaf = Callable[[Filter], ColumnElement[bool]]


def _compile(node: Filter, leaf: Leaf) -> ColumnElement[bool]:
    if isinstance(node, And):
        if not node.items:
            return true()
        return and_(*(_compile(item, leaf) for item in node.items))
    if isinstance(node, Or):
        if not node.items:
            return false()
        return or_(*(_compile(item, leaf) for item in node.items))
    if isinstance(node, Not):
        return not_(_compile(node.item, leaf))
    return leaf(node)


def _user_leaf(node: Filter) -> ColumnElement[bool]:
    if isinstance(node, Compare):
        if not isinstance(node.field, UserField):
            raise InvalidFilter(f"{node.field.value!r} is not a User attribute")
        return compare(user_operand(node.field), node.op, node.value)
    if isinstance(node, CustomCompare):
        return _custom(users.c.custom, node)
    if isinstance(node, HasValue):
        if not isinstance(node.attribute, ValueAttribute):
            raise InvalidFilter(f"{node.attribute!r} is not a User attribute")
        return _user_values(node.attribute, node.where)
    raise InvalidFilter(f"{_describe(node)} needs a multi-valued attribute")


def _group_leaf(node: Filter) -> ColumnElement[bool]:
    if isinstance(node, Compare):
        if not isinstance(node.field, GroupField):
            raise InvalidFilter(f"{node.field.value!r} is not a Group attribute")
        return compare(group_operand(node.field), node.op, node.value)
    if isinstance(node, CustomCompare):
        return _custom(groups.c.custom, node)
    if isinstance(node, HasValue):
        if node.attribute != MEMBERS:
            raise InvalidFilter(f"{node.attribute!r} is not a Group attribute")
        return _members(node.where)
    raise InvalidFilter(f"{_describe(node)} needs a multi-valued attribute")


def _describe(node: Filter) -> str:
    if isinstance(node, SubCompare):
        return f"sub-attribute {node.field.value!r}"
    return type(node).__name__


def _user_values(
    attribute: ValueAttribute, where: Filter | None
) -> ColumnElement[bool]:
    condition = and_(
        user_values.c.user_id == users.c.id,
        user_values.c.attribute == attribute.value,
    )
    if where is not None:
        condition = and_(condition, _value_where(attribute, where))
    return exists(select(user_values.c.id).where(condition))


def _value_where(attribute: ValueAttribute, where: Filter) -> ColumnElement[bool]:
    def leaf(node: Filter) -> ColumnElement[bool]:
        if not isinstance(node, SubCompare):
            raise InvalidFilter(
                f"only sub-attributes of {attribute.value!r} may appear inside "
                "its brackets"
            )
        is_address = attribute is ValueAttribute.ADDRESSES
        if node.field in ADDRESS_ONLY and not is_address:
            raise InvalidFilter(
                f"{attribute.value!r} has no sub-attribute {node.field.value!r}"
            )
        if node.field is ValueField.VALUE and is_address:
            raise InvalidFilter("'addresses' has no sub-attribute 'value'")
        return compare(value_operand(node.field), node.op, node.value)

    return _compile(where, leaf)


def _members(where: Filter | None) -> ColumnElement[bool]:
    def leaf(node: Filter) -> ColumnElement[bool]:
        if not isinstance(node, SubCompare):
            raise InvalidFilter("only 'value' and 'type' may appear in members[]")
        try:
            operand = member_operand(node.field)
        except KeyError:
            raise InvalidFilter(
                f"'members' has no sub-attribute {node.field.value!r}"
            ) from None
        return compare(operand, node.op, node.value)

    condition = memberships.c.group_id == groups.c.id
    if where is not None:
        condition = and_(condition, _compile(where, leaf))
    return exists(select(memberships.c.member_id).where(condition))


def value_condition(attribute: ValueAttribute, where: Filter) -> ColumnElement[bool]:
    """A condition on ``user_values`` rows of ``attribute`` matching ``where``.

    Used by changes that address some values of one user through a filter
    (``emails[type eq "work"]``); the caller restricts the owner.
    """
    _check_size(where)
    return and_(
        user_values.c.attribute == attribute.value, _value_where(attribute, where)
    )


def compare(operand: Operand, op: Op, value: Scalar) -> ColumnElement[bool]:
    """``operand op value`` as a two-valued SQL condition (RFC 7644 §3.4.2.2)."""
    column = operand.column
    kind = operand.attribute.kind
    if op is Op.PR:
        if kind is Kind.STRING:
            return and_(column.is_not(None), column != "")
        return column.is_not(None)
    if value is None:
        if op is Op.EQ:
            return not_(compare(operand, Op.PR, None))
        if op is Op.NE:
            return compare(operand, Op.PR, None)
        raise InvalidFilter(f"{op.value!r} cannot compare with null")
    if op is Op.NE:
        return not_(compare(operand, Op.EQ, value))
    if kind is Kind.STRING:
        return and_(column.is_not(None), _compare_text(operand, op, value))
    if op in SUBSTRING:
        raise InvalidFilter(f"{op.value!r} applies to strings only")
    if kind is Kind.BOOLEAN:
        if op is not Op.EQ:
            raise InvalidFilter(f"{op.value!r} cannot compare booleans")
        return and_(column.is_not(None), column == _boolean(value))
    typed = _datetime(value) if kind is Kind.DATETIME else _number(value)
    return and_(column.is_not(None), _ordered(column, op, typed))


def _compare_text(operand: Operand, op: Op, value: Scalar) -> ColumnElement[bool]:
    if not isinstance(value, str):
        raise InvalidFilter(f"expected a string, not {value!r}")
    column: ColumnElement[Any] = operand.column
    if not operand.attribute.case_exact:
        value = value.lower()
        column = _folded(operand, op, value)
    if op is Op.CO:
        return column.contains(value, autoescape=True)
    if op is Op.SW:
        return column.startswith(value, autoescape=True)
    if op is Op.EW:
        return column.endswith(value, autoescape=True)
    return _ordered(column, op, value)


#: Key columns left NULL for values longer than ``KEY_LENGTH`` (see
#: ``values.value_key``). The other keys are complete: users and groups
#: refuse longer values.
PARTIAL_KEYS = frozenset({user_values.c.value_key.name})


def _folded(operand: Operand, op: Op, value: str) -> ColumnElement[Any]:
    """The operand lower-cased, for comparing with the lower-cased ``value``.

    The key column holds Python's lower-casing (the same on both databases)
    and is indexed; where it may be NULL for a long value, the database
    folds that value instead. Equality with a short value uses the key
    alone, so that its index serves: a longer value cannot be equal anyway.
    """
    lowered = func.lower(operand.column)
    key = operand.key
    if key is None:
        return lowered
    if op is Op.EQ:
        return key if len(value) <= KEY_LENGTH else lowered
    if getattr(key, "name", None) in PARTIAL_KEYS:
        return func.coalesce(key, lowered)
    return key


COMPARISONS: dict[Op, Callable[[Any, Any], ColumnElement[bool]]] = {
    Op.EQ: operator.eq,
    Op.GT: operator.gt,
    Op.GE: operator.ge,
    Op.LT: operator.lt,
    Op.LE: operator.le,
}


def _ordered(column: ColumnElement[Any], op: Op, value: Any) -> ColumnElement[bool]:
    if op not in COMPARISONS:
        raise InvalidFilter(f"{op.value!r} does not apply here")
    return COMPARISONS[op](column, value)


def _boolean(value: Scalar) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidFilter(f"expected true or false, not {value!r}")


def _number(value: Scalar) -> Any:
    """An integer as it is; a float bound as a float, neither rounded (``ge
    1.5`` must not match 1) nor converted (1e20 fits no integer column)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidFilter(f"expected a number, not {value!r}")
    if isinstance(value, float):
        return literal(value, Float())
    return value


def _datetime(value: Scalar) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidFilter(f"expected a dateTime, not {value!r}") from None
    else:
        raise InvalidFilter(f"expected a dateTime, not {value!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# Custom attributes ------------------------------------------------------------


class _JsonIs(FunctionElement[bool]):
    """Whether ``column[key]`` holds a JSON value of the subclass's type.

    Typed comparisons read a custom attribute only where it has their type:
    ``level gt 5`` must neither match ``"level": "high"`` (SQLite casts it
    to 0) nor fail on it (PostgreSQL refuses the cast).
    """

    type = Boolean()
    inherit_cache = True
    name = "json_is"
    #: The types ``json_type`` (SQLite) and ``jsonb_typeof`` (PostgreSQL)
    #: report for it.
    sqlite_types: tuple[str, ...] = ()
    postgresql_type = ""


class _JsonString(_JsonIs):
    inherit_cache = True
    sqlite_types = ("text",)
    postgresql_type = "string"


class _JsonNumber(_JsonIs):
    inherit_cache = True
    sqlite_types = ("integer", "real")
    postgresql_type = "number"


class _JsonBoolean(_JsonIs):
    inherit_cache = True
    sqlite_types = ("true", "false")
    postgresql_type = "boolean"


@compiles(_JsonIs, "sqlite")
def _json_is_sqlite(element: _JsonIs, compiler: SQLCompiler, **kw: Any) -> str:
    column, key = (compiler.process(clause, **kw) for clause in element.clauses)
    types = ", ".join(f"'{name}'" for name in element.sqlite_types)
    return f"(json_type({column}, '$.' || json_quote({key})) IN ({types}))"


@compiles(_JsonIs, "postgresql")
def _json_is_postgresql(element: _JsonIs, compiler: SQLCompiler, **kw: Any) -> str:
    column, key = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(jsonb_typeof({column} -> {key}) = '{element.postgresql_type}')"


@compiles(_JsonIs)
def _json_is_other(element: _JsonIs, compiler: SQLCompiler, **kw: Any) -> str:
    raise CompileError(
        f"custom attributes need SQLite or PostgreSQL, not {compiler.dialect.name}"
    )


def _custom(column: Any, node: CustomCompare) -> ColumnElement[bool]:
    if not CUSTOM_KEY.match(node.key):
        raise InvalidFilter(f"{node.key!r} is not a custom attribute name")
    element = column[node.key]
    key = literal(node.key)
    text = element.as_string()
    if node.op is Op.PR or node.value is None:
        # JSON null reads as SQL NULL on both databases; "" is absent too,
        # as for every string attribute (RFC 7644 §3.4.2.2, "pr").
        present: ColumnElement[bool] = and_(text.is_not(None), text != "")
        if node.op is Op.PR or node.op is Op.NE:
            return present
        if node.op is Op.EQ:
            return not_(present)
        raise InvalidFilter(f"{node.op.value!r} cannot compare with null")
    if node.op is Op.NE:
        return not_(_custom(column, CustomCompare(node.key, Op.EQ, node.value)))
    value = node.value
    if isinstance(value, bool):
        if node.op is not Op.EQ:
            raise InvalidFilter(f"{node.op.value!r} cannot compare booleans")
        target = case((_JsonBoolean(column, key), element.as_boolean()))
        return and_(target.is_not(None), target == value)
    if isinstance(value, int | float):
        if node.op in SUBSTRING:
            raise InvalidFilter(f"{node.op.value!r} applies to strings only")
        number = case((_JsonNumber(column, key), element.as_float()))
        return and_(number.is_not(None), _ordered(number, node.op, float(value)))
    if isinstance(value, datetime):
        value = value.isoformat()
    folded = case((_JsonString(column, key), func.lower(text)))
    lowered = value.lower()
    if node.op is Op.CO:
        condition = folded.contains(lowered, autoescape=True)
    elif node.op is Op.SW:
        condition = folded.startswith(lowered, autoescape=True)
    elif node.op is Op.EW:
        condition = folded.endswith(lowered, autoescape=True)
    else:
        condition = _ordered(folded, node.op, lowered)
    return and_(folded.is_not(None), condition)
