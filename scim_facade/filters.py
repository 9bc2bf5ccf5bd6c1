"""SCIM filters and PATCH paths: parsing into a small tree, and back to text.

:func:`parse_filter` reads the filter grammar of RFC 7644 §3.4.2.2 (Figure
1): comparisons ``attrPath op value`` and ``attrPath pr``, ``and`` binding
tighter than ``or`` (both left-associative), ``not (…)``, parentheses, and
value paths ``emails[type eq "work" and value co "@x"]`` whose brackets
hold sub-attribute names of the path before them. Operators, ``and``,
``or``, ``not``, ``true``, ``false`` and ``null`` are case-insensitive
(ABNF literals, RFC 5234 §2.3); values are JSON strings and numbers.
Attribute names are kept as written (matching them case-insensitively,
RFC 7643 §2.1, is the reader's job); a path may carry a schema URN,
``urn:ietf:params:scim:schemas:core:2.0:User:userName``, which is
everything up to the last ``:`` (RFC 7644 §3.10).

:func:`parse_path` reads a PATCH path (RFC 7644 §3.5.2): ``attrPath``, or
``valuePath`` optionally followed by ``.subAttr``.

Contract: for any string, :func:`parse_filter` returns a tree or raises
:class:`InvalidFilter`, and :func:`parse_path` returns a :class:`PatchPath`
or raises :class:`InvalidPath`; nothing else, whatever the input. Messages
name the 0-based position and what was expected there. Input is refused
beyond :data:`MAX_LENGTH` characters, :data:`MAX_DEPTH` levels of nesting
(each ``(…)``, ``not (…)`` and ``[…]`` is one level) and :data:`MAX_TERMS`
comparisons, which keeps every tree shallow enough to compare, hash and
render without exhausting the stack.

:func:`render` turns a tree back into filter text that parses to an equal
tree.
"""

import json
import math
import re
from dataclasses import dataclass
from typing import TypeAlias

from .lexer import InvalidFilter as InvalidFilter
from .lexer import Token, tokenize

MAX_LENGTH = 4096
MAX_DEPTH = 32
MAX_TERMS = 100
OPERATORS = ("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le")
LITERALS: dict[str, bool | None] = {"true": True, "false": False, "null": None}
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*|\$ref")

Value: TypeAlias = str | bool | int | float | None


class InvalidPath(ValueError):
    """A PATCH path that is not SCIM path syntax; the message says why."""


@dataclass(frozen=True)
class AttrPath:
    """``[schema:]attribute[.sub_attribute]``, each part as written."""

    schema: str | None
    attribute: str
    sub_attribute: str | None = None

    def __str__(self) -> str:
        prefix = f"{self.schema}:" if self.schema else ""
        suffix = f".{self.sub_attribute}" if self.sub_attribute else ""
        return f"{prefix}{self.attribute}{suffix}"


@dataclass(frozen=True)
class Compare:
    """``path op value``; ``op`` is lower-case, one of :data:`OPERATORS`."""

    path: AttrPath
    op: str
    value: Value


@dataclass(frozen=True)
class Present:
    """``path pr``."""

    path: AttrPath


@dataclass(frozen=True)
class And:
    left: "Filter"
    right: "Filter"


@dataclass(frozen=True)
class Or:
    left: "Filter"
    right: "Filter"


@dataclass(frozen=True)
class Not:
    inner: "Filter"


@dataclass(frozen=True)
class ValuePath:
    """``path[filter]``; the paths inside ``filter`` name sub-attributes of
    ``path`` and have neither schema nor sub-attribute of their own."""

    path: AttrPath
    filter: "Filter"


Filter: TypeAlias = Compare | Present | And | Or | Not | ValuePath


@dataclass(frozen=True)
class PatchPath:
    """The target of a PATCH operation: ``path``, narrowed to the values
    matching ``filter`` when there is one, and to their ``sub_attribute``."""

    path: AttrPath
    filter: Filter | None = None
    sub_attribute: str | None = None


def parse_filter(text: str) -> Filter:
    """The tree of the SCIM filter ``text``; raises :class:`InvalidFilter`."""
    parser = _Parser(text, "filter")
    try:
        node = parser.disjunction(None)
    except RecursionError:
        # The depth limit bounds recursion; this covers callers that are
        # themselves deep in the stack.
        raise InvalidFilter("filter is nested too deeply") from None
    parser.expect("end", "'and', 'or' or the end of the filter")
    return node


def parse_path(text: str) -> PatchPath:
    """The PATCH path ``text``; raises :class:`InvalidPath`.

    A path naming a whole extension schema, such as
    ``urn:ietf:params:scim:schemas:extension:enterprise:2.0:User``, parses
    like any URN-qualified path: its last segment (``User``) becomes the
    attribute.
    """
    try:
        return _parse_path(text)
    except InvalidFilter as error:
        raise InvalidPath(str(error)) from None
    except RecursionError:
        raise InvalidPath("path is nested too deeply") from None


def _parse_path(text: str) -> PatchPath:
    parser = _Parser(text, "path")
    path = parser.attribute_path(None)
    if parser.token.kind != "[":
        parser.expect("end", "'[' or the end of the path")
        return PatchPath(path)
    value_path = parser.value_path(path)
    sub_attribute = None
    if parser.accept("."):
        sub_attribute = parser.name("a sub-attribute name after '.'")
    parser.expect("end", "'.' or the end of the path")
    return PatchPath(path, value_path.filter, sub_attribute)


class _Parser:
    """Recursive descent over the tokens; one method per grammar rule."""

    def __init__(self, text: str, noun: str) -> None:
        if not text.strip():
            raise InvalidFilter(f"the {noun} is empty")
        if len(text) > MAX_LENGTH:
            raise InvalidFilter(
                f"the {noun} is {len(text)} characters long; the limit is {MAX_LENGTH}"
            )
        self.noun = noun
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0
        self.terms = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.token
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def accept(self, kind: str) -> bool:
        if self.token.kind != kind:
            return False
        self.advance()
        return True

    def keyword(self, word: str) -> bool:
        if self.token.kind != "word" or self.token.text.lower() != word:
            return False
        self.advance()
        return True

    def expect(self, kind: str, expected: str) -> Token:
        if self.token.kind != kind:
            raise self.unexpected(expected)
        return self.advance()

    def unexpected(self, expected: str) -> InvalidFilter:
        token = self.token
        return InvalidFilter(
            f"expected {expected} at position {token.position}, "
            f"found {self.describe(token)}"
        )

    def describe(self, token: Token) -> str:
        if token.kind == "end":
            return f"the end of the {self.noun}"
        text = token.text if len(token.text) <= 40 else token.text[:37] + "..."
        if token.kind in ("string", "number"):
            return f"the {token.kind} {text}"
        return repr(text)

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise InvalidFilter(
                f"the {self.noun} nests deeper than {MAX_DEPTH} levels "
                f"at position {token.position}"
            )

    def disjunction(self, scope: AttrPath | None) -> Filter:
        node = self.conjunction(scope)
        while self.keyword("or"):
            node = Or(node, self.conjunction(scope))
        return node

    def conjunction(self, scope: AttrPath | None) -> Filter:
        node = self.unary(scope)
        while self.keyword("and"):
            node = And(node, self.unary(scope))
        return node

    def unary(self, scope: AttrPath | None) -> Filter:
        if self.keyword("not"):
            if self.token.kind != "(":
                raise self.unexpected("'(' after 'not'")
            return Not(self.group(scope))
        if self.token.kind == "(":
            return self.group(scope)
        return self.term(scope)

    def group(self, scope: AttrPath | None) -> Filter:
        self.enter(self.advance())
        node = self.disjunction(scope)
        self.expect(")", "'and', 'or' or ')'")
        self.depth -= 1
        return node

    def term(self, scope: AttrPath | None) -> Filter:
        path = self.attribute_path(scope)
        if self.token.kind == "[":
            return self.value_path(path, scope)
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise InvalidFilter(
                f"the {self.noun} has more than {MAX_TERMS} comparisons"
            )
        return self.comparison(path)

    def value_path(self, path: AttrPath, scope: AttrPath | None = None) -> ValuePath:
        bracket = self.token
        if scope is not None:
            raise InvalidFilter(
                f"'[' at position {bracket.position} is inside '{scope}[…]'; "
                "value paths do not nest"
            )
        if path.sub_attribute is not None:
            raise InvalidFilter(
                f"'[' at position {bracket.position} follows the sub-attribute "
                f"'{path}'; brackets apply to a multi-valued attribute"
            )
        self.enter(self.advance())
        node = self.disjunction(path)
        self.expect("]", "'and', 'or' or ']'")
        self.depth -= 1
        return ValuePath(path, node)

    def comparison(self, path: AttrPath) -> Filter:
        token = self.token
        op = token.text.lower() if token.kind == "word" else ""
        if op != "pr" and op not in OPERATORS:
            raise self.unexpected(f"an operator ({', '.join(OPERATORS)} or pr)")
        self.advance()
        if op == "pr":
            return Present(path)
        return Compare(path, op, self.value())

    def value(self) -> Value:
        token = self.token
        if token.kind in ("string", "number"):
            self.advance()
            return token.value
        if token.kind == "word" and token.text.lower() in LITERALS:
            self.advance()
            return LITERALS[token.text.lower()]
        raise self.unexpected("a value (a string, a number, true, false or null)")

    def name(self, expected: str) -> str:
        token = self.token
        if token.kind != "word" or not _NAME.fullmatch(token.text):
            raise self.unexpected(expected)
        return self.advance().text

    def attribute_path(self, scope: AttrPath | None) -> AttrPath:
        if scope is not None:
            return AttrPath(None, self.name(f"a sub-attribute name of '{scope}'"))
        token = self.expect("word", "an attribute path")
        return _split(token)


def _split(token: Token) -> AttrPath:
    schema, colon, rest = token.text.rpartition(":")
    where = f"at position {token.position}"
    if colon and not _is_urn(schema):
        raise InvalidFilter(
            f"{token.text!r} {where} has a schema that is not a URN "
            "(urn:<namespace>:<name>)"
        )
    attribute, dot, sub_attribute = rest.partition(".")
    if not _NAME.fullmatch(attribute):
        raise InvalidFilter(
            f"{token.text!r} {where} does not name an attribute; names start "
            "with a letter followed by letters, digits, '-' or '_'"
        )
    if dot and not _NAME.fullmatch(sub_attribute):
        raise InvalidFilter(
            f"{token.text!r} {where} does not name a sub-attribute after '.'"
        )
    return AttrPath(schema or None, attribute, sub_attribute if dot else None)


def _is_urn(schema: str) -> bool:
    parts = schema.split(":")
    return len(parts) >= 3 and parts[0].lower() == "urn" and all(parts)


# Rendering --------------------------------------------------------------------

_PRECEDENCE: dict[type, int] = {Or: 1, And: 2}
_ATOM = 3


def render(node: Filter) -> str:
    """Filter text for ``node``, parenthesised only where the tree needs it.

    ``node`` must be a tree :func:`parse_filter` could return: valid names,
    values of the :data:`Value` types (finite floats), brackets holding plain
    sub-attribute names. Long ``and``/``or`` chains render iteratively.
    """
    if isinstance(node, And | Or):
        return _render_chain(node)
    if isinstance(node, Not):
        return f"not ({render(node.inner)})"
    if isinstance(node, ValuePath):
        return f"{node.path}[{render(node.filter)}]"
    if isinstance(node, Present):
        return f"{node.path} pr"
    return f"{node.path} {node.op} {_literal(node.value)}"


def _render_chain(node: And | Or) -> str:
    kind = type(node)
    rights: list[Filter] = []
    current: Filter = node
    while isinstance(current, kind):
        rights.append(current.right)
        current = current.left
    precedence = _PRECEDENCE[kind]
    parts = [_operand(current, precedence)]
    parts.extend(_operand(right, precedence + 1) for right in reversed(rights))
    return f" {kind.__name__.lower()} ".join(parts)


def _operand(node: Filter, minimum: int) -> str:
    text = render(node)
    return f"({text})" if _PRECEDENCE.get(type(node), _ATOM) < minimum else text


def _literal(value: Value) -> str:
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int) or math.isfinite(value):
        return repr(value)
    raise ValueError(f"{value!r} has no SCIM filter literal")
