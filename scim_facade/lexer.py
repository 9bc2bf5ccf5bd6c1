"""Tokens of SCIM filters and PATCH paths (RFC 7644 §3.4.2.2 and §3.5.2).

:func:`tokenize` turns text into a list of :class:`Token` ending with an
``end`` token, or raises :class:`InvalidFilter` naming the 0-based position
of the first character it cannot read. Token kinds:

* ``word``: a run of ``A-Z a-z 0-9 _ - . : $`` starting with a letter or
  ``$``. Attribute paths (with their URN and sub-attribute), operators,
  ``and``/``or``/``not`` and ``true``/``false``/``null`` are all words; the
  parser gives a word its meaning by where it stands.
* ``string``: a JSON string (RFC 8259 §7), its ``value`` the decoded text.
* ``number``: a JSON number (RFC 8259 §6), its ``value`` an ``int`` or a
  finite ``float``.
* ``(``, ``)``, ``[``, ``]`` and ``.`` (the last only where a word cannot
  hold it, as in ``emails[type eq "work"].value``).

Spaces, tabs and line breaks separate tokens and are otherwise ignored.
"""

import json
import math
import re
from dataclasses import dataclass

WHITESPACE = frozenset(" \t\r\n")
PUNCTUATION = frozenset("()[].")
DIGITS = frozenset("0123456789")
_WORD = re.compile(r"[A-Za-z$][A-Za-z0-9_.:$-]*")
_WORD_CHARACTER = re.compile(r"[A-Za-z0-9_.:$-]")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_SIMPLE_ESCAPES = frozenset('"\\/bfnrt')


class InvalidFilter(ValueError):
    """A filter that is not SCIM filter syntax, or that names something the
    directory cannot filter by; the message says where and what was expected."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int
    value: str | int | float | None = None


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token."""
    tokens: list[Token] = []
    position = _skip_whitespace(text, 0)
    while position < len(text):
        token = _token(text, position)
        tokens.append(token)
        position = _skip_whitespace(text, position + len(token.text))
    tokens.append(Token("end", "", position))
    return tokens


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in WHITESPACE:
        position += 1
    return position


def _token(text: str, position: int) -> Token:
    character = text[position]
    if character in PUNCTUATION:
        return Token(character, character, position)
    if character == '"':
        return _string(text, position)
    if character == "-" or character in DIGITS:
        return _number(text, position)
    word = _WORD.match(text, position)
    if word is None:
        raise InvalidFilter(
            f"unexpected character {character!r} at position {position}"
        )
    return Token("word", word.group(), position)


def _number(text: str, start: int) -> Token:
    match = _NUMBER.match(text, start)
    if match is None:
        raise InvalidFilter(f"expected a digit after '-' at position {start}")
    end = match.end()
    if _WORD_CHARACTER.match(text, end):
        raise InvalidFilter(
            f"malformed number {text[start : end + 1]!r} at position {start}"
        )
    raw = match.group()
    # float() of an over-long integer is inf rather than an error, which
    # makes it the range check for both kinds of number.
    if not math.isfinite(float(raw)):
        raise InvalidFilter(f"number at position {start} is out of range")
    is_integer = raw.lstrip("-").isdigit()
    return Token("number", raw, start, int(raw) if is_integer else float(raw))


def _string(text: str, start: int) -> Token:
    position = start + 1
    while position < len(text):
        character = text[position]
        if character == '"':
            raw = text[start : position + 1]
            return Token("string", raw, start, _decode(raw, start))
        if character == "\\":
            position = _escape_end(text, position)
            continue
        if character < " ":
            raise InvalidFilter(
                f"control character U+{ord(character):04X} at position {position} "
                "must be escaped"
            )
        position += 1
    raise InvalidFilter(f"unterminated string starting at position {start}")


def _escape_end(text: str, position: int) -> int:
    code = text[position + 1 : position + 2]
    if code in _SIMPLE_ESCAPES:
        return position + 2
    if code == "u" and _HEX4.fullmatch(text, position + 2, position + 6):
        return position + 6
    if code == "u":
        raise InvalidFilter(
            f"escape '\\u' at position {position} needs four hexadecimal digits"
        )
    raise InvalidFilter(
        f"invalid escape {text[position : position + 2]!r} at position {position}; "
        'expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX'
    )


def _decode(raw: str, start: int) -> str:
    value: str = json.loads(raw)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidFilter(
            f"string at position {start} holds an unpaired surrogate"
        ) from None
    return value
