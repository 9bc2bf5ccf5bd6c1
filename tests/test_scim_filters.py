"""SCIM filters and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2): parsing,
rendering, and translation into the directory's GraphQL filter inputs,
which are checked against ``schema.graphql`` itself."""

import contextlib
import sys
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLInputObjectType, build_schema
from graphql.utilities import coerce_input_value
from hypothesis import given, settings
from hypothesis import strategies as st

from scim_facade.filters import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_TERMS,
    OPERATORS,
    And,
    AttrPath,
    Compare,
    Filter,
    InvalidFilter,
    InvalidPath,
    Not,
    Or,
    PatchPath,
    Present,
    ValuePath,
    parse_filter,
    parse_path,
    render,
)
from scim_facade.translate import filter_value, group_filter, user_filter

Json = dict[str, Any]

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
SCHEMA = build_schema((Path(__file__).parents[1] / "schema.graphql").read_text())


def assert_input(value: Json, type_name: str) -> None:
    """Raises unless ``value`` is a valid GraphQL input of ``type_name``."""
    input_type = SCHEMA.get_type(type_name)
    assert isinstance(input_type, GraphQLInputObjectType)
    coerce_input_value(value, input_type)


def p(attribute: str, sub: str | None = None, schema: str | None = None) -> AttrPath:
    return AttrPath(schema, attribute, sub)


def s(text: str) -> Json:
    return {"string": text}


def attr(field: str, op: str, value: Json | None = None) -> Json:
    condition: Json = {"field": field, "op": op}
    if value is not None:
        condition["value"] = value
    return {"attribute": condition}


def cmp(field: str, op: str, value: Json | None = None) -> Json:
    return {"compare": attr(field, op, value)["attribute"]}


def values(attribute: str, where: Json | None = None) -> Json:
    condition: Json = {"attribute": attribute}
    if where is not None:
        condition["where"] = where
    return {"values": condition}


def user(text: str) -> Json:
    translated = user_filter(parse_filter(text))
    assert_input(translated, "UserFilter")
    return translated


def group(text: str) -> Json:
    translated = group_filter(parse_filter(text))
    assert_input(translated, "GroupFilter")
    return translated


WORK_AT_EXAMPLE = And(
    Compare(p("type"), "eq", "work"), Compare(p("value"), "co", "@example.com")
)
EMAILS_CO = Or(
    Compare(p("emails"), "co", "example.com"),
    Compare(p("emails", "value"), "co", "example.org"),
)
EMAILS_CO_JSON = {
    "or": [
        values("EMAILS", cmp("VALUE", "CO", s("example.com"))),
        values("EMAILS", cmp("VALUE", "CO", s("example.org"))),
    ]
}
WORK_JSON = {
    "and": [cmp("TYPE", "EQ", s("work")), cmp("VALUE", "CO", s("@example.com"))]
}
LAST_MODIFIED = {"dateTime": "2011-05-13T04:42:34+00:00"}
ENTERPRISE_PRESENT = {
    "or": [
        attr(field, "PR")
        for field in (
            "EMPLOYEE_NUMBER",
            "COST_CENTER",
            "ORGANIZATION",
            "DIVISION",
            "DEPARTMENT",
            "MANAGER",
        )
    ]
}

#: Every example filter of RFC 7644 §3.4.2.2: text, tree, UserFilter.
RFC_EXAMPLES: list[tuple[str, Filter, Json]] = [
    (
        'userName Eq "john"',
        Compare(p("userName"), "eq", "john"),
        attr("USER_NAME", "EQ", s("john")),
    ),
    (
        'userName eq "bjensen"',
        Compare(p("userName"), "eq", "bjensen"),
        attr("USER_NAME", "EQ", s("bjensen")),
    ),
    (
        'name.familyName co "O\'Malley"',
        Compare(p("name", "familyName"), "co", "O'Malley"),
        attr("NAME_FAMILY_NAME", "CO", s("O'Malley")),
    ),
    (
        'userName sw "J"',
        Compare(p("userName"), "sw", "J"),
        attr("USER_NAME", "SW", s("J")),
    ),
    (
        f'{CORE}:userName sw "J"',
        Compare(p("userName", schema=CORE), "sw", "J"),
        attr("USER_NAME", "SW", s("J")),
    ),
    ("title pr", Present(p("title")), attr("TITLE", "PR")),
    *(
        (
            f'meta.lastModified {op} "2011-05-13T04:42:34Z"',
            Compare(p("meta", "lastModified"), op, "2011-05-13T04:42:34Z"),
            attr("LAST_MODIFIED", op.upper(), LAST_MODIFIED),
        )
        for op in ("gt", "ge", "lt", "le")
    ),
    (
        'title pr and userType eq "Employee"',
        And(Present(p("title")), Compare(p("userType"), "eq", "Employee")),
        {"and": [attr("TITLE", "PR"), attr("USER_TYPE", "EQ", s("Employee"))]},
    ),
    (
        'title pr or userType eq "Intern"',
        Or(Present(p("title")), Compare(p("userType"), "eq", "Intern")),
        {"or": [attr("TITLE", "PR"), attr("USER_TYPE", "EQ", s("Intern"))]},
    ),
    (
        f'schemas eq "{ENTERPRISE}"',
        Compare(p("schemas"), "eq", ENTERPRISE),
        ENTERPRISE_PRESENT,
    ),
    (
        'userType eq "Employee" and (emails co "example.com" or '
        'emails.value co "example.org")',
        And(Compare(p("userType"), "eq", "Employee"), EMAILS_CO),
        {"and": [attr("USER_TYPE", "EQ", s("Employee")), EMAILS_CO_JSON]},
    ),
    (
        'userType ne "Employee" and not (emails co "example.com" or '
        'emails.value co "example.org")',
        And(Compare(p("userType"), "ne", "Employee"), Not(EMAILS_CO)),
        {"and": [attr("USER_TYPE", "NE", s("Employee")), {"not": EMAILS_CO_JSON}]},
    ),
    (
        'userType eq "Employee" and (emails.type eq "work")',
        And(
            Compare(p("userType"), "eq", "Employee"),
            Compare(p("emails", "type"), "eq", "work"),
        ),
        {
            "and": [
                attr("USER_TYPE", "EQ", s("Employee")),
                values("EMAILS", cmp("TYPE", "EQ", s("work"))),
            ]
        },
    ),
    (
        'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
        And(
            Compare(p("userType"), "eq", "Employee"),
            ValuePath(p("emails"), WORK_AT_EXAMPLE),
        ),
        {
            "and": [
                attr("USER_TYPE", "EQ", s("Employee")),
                values("EMAILS", WORK_JSON),
            ]
        },
    ),
    (
        'emails[type eq "work" and value co "@example.com"] or '
        'ims[type eq "xmpp" and value co "@foo.com"]',
        Or(
            ValuePath(p("emails"), WORK_AT_EXAMPLE),
            ValuePath(
                p("ims"),
                And(
                    Compare(p("type"), "eq", "xmpp"),
                    Compare(p("value"), "co", "@foo.com"),
                ),
            ),
        ),
        {
            "or": [
                values("EMAILS", WORK_JSON),
                values(
                    "IMS",
                    {
                        "and": [
                            cmp("TYPE", "EQ", s("xmpp")),
                            cmp("VALUE", "CO", s("@foo.com")),
                        ]
                    },
                ),
            ]
        },
    ),
]
RFC_IDS = [text for text, _, _ in RFC_EXAMPLES]


# RFC 7644 examples ------------------------------------------------------------


@pytest.mark.parametrize(("text", "tree", "translated"), RFC_EXAMPLES, ids=RFC_IDS)
def test_each_rfc_example_parses_to_its_tree(
    text: str, tree: Filter, translated: Json
) -> None:
    assert parse_filter(text) == tree


@pytest.mark.parametrize(("text", "tree", "translated"), RFC_EXAMPLES, ids=RFC_IDS)
def test_each_rfc_example_translates_to_a_valid_user_filter(
    text: str, tree: Filter, translated: Json
) -> None:
    assert user(text) == translated


@pytest.mark.parametrize(("text", "tree", "translated"), RFC_EXAMPLES, ids=RFC_IDS)
def test_each_rfc_example_survives_rendering(
    text: str, tree: Filter, translated: Json
) -> None:
    assert parse_filter(render(tree)) == tree


# Precedence and grouping ------------------------------------------------------

A, B, C = Present(p("a")), Present(p("b")), Present(p("c"))


def test_and_binds_tighter_than_or() -> None:
    assert parse_filter("a pr or b pr and c pr") == Or(A, And(B, C))
    assert parse_filter("a pr and b pr or c pr") == Or(And(A, B), C)


def test_and_chains_associate_to_the_left() -> None:
    assert parse_filter("a pr and b pr and c pr") == And(And(A, B), C)


def test_or_chains_associate_to_the_left() -> None:
    assert parse_filter("a pr or b pr or c pr") == Or(Or(A, B), C)


def test_parentheses_override_precedence() -> None:
    assert parse_filter("(a pr or b pr) and c pr") == And(Or(A, B), C)


def test_not_applies_to_its_parenthesised_filter_only() -> None:
    assert parse_filter("not (a pr) and b pr") == And(Not(A), B)


def test_redundant_parentheses_leave_the_tree_unchanged() -> None:
    assert parse_filter("((a pr)) and ((b pr))") == And(A, B)


def test_value_paths_group_their_inner_filter() -> None:
    assert parse_filter("x[a pr or b pr] and c pr") == And(
        ValuePath(p("x"), Or(A, B)), C
    )


# Case and whitespace ----------------------------------------------------------


@pytest.mark.parametrize("op", [*OPERATORS, "pr"])
def test_operators_are_case_insensitive(op: str) -> None:
    text = f"title {op.upper()}" + ("" if op == "pr" else ' "x"')
    expected = Present(p("title")) if op == "pr" else Compare(p("title"), op, "x")
    assert parse_filter(text) == expected


def test_logical_keywords_are_case_insensitive() -> None:
    assert parse_filter("a pr AND b pr Or NOT (c pr)") == Or(And(A, B), Not(C))


@pytest.mark.parametrize(
    ("literal", "value"), [("TRUE", True), ("False", False), ("nUlL", None)]
)
def test_literals_are_case_insensitive(literal: str, value: bool | None) -> None:
    assert parse_filter(f"x eq {literal}") == Compare(p("x"), "eq", value)


def test_attribute_names_are_kept_as_written() -> None:
    assert parse_filter("NAME.givenNAME pr") == Present(p("NAME", "givenNAME"))


def test_whitespace_is_optional_around_brackets_parentheses_and_strings() -> None:
    text = '(userName eq"a")and(emails[type eq"w"])'
    assert parse_filter(text) == And(
        Compare(p("userName"), "eq", "a"),
        ValuePath(p("emails"), Compare(p("type"), "eq", "w")),
    )


def test_tabs_line_breaks_and_repeated_spaces_separate_tokens() -> None:
    assert parse_filter(" \ta pr\r\n  and\tb pr \n") == And(A, B)


# Attribute paths ---------------------------------------------------------------


def test_a_urn_prefix_is_everything_up_to_the_last_colon() -> None:
    text = f'{ENTERPRISE}:manager.value eq "m1"'
    assert parse_filter(text) == Compare(p("manager", "value", ENTERPRISE), "eq", "m1")


def test_any_urn_is_accepted_as_a_schema() -> None:
    text = "urn:example:params:custom:1.0:Thing:colour pr"
    expected = Present(p("colour", schema="urn:example:params:custom:1.0:Thing"))
    assert parse_filter(text) == expected


def test_a_urn_qualified_attribute_may_carry_brackets() -> None:
    assert parse_filter(f'{CORE}:emails[type eq "work"]') == ValuePath(
        p("emails", schema=CORE), Compare(p("type"), "eq", "work")
    )


def test_names_may_hold_digits_hyphens_and_underscores() -> None:
    assert parse_filter("x509-cert_2.sub-1 pr") == Present(p("x509-cert_2", "sub-1"))


def test_dollar_ref_is_a_sub_attribute_name() -> None:
    assert parse_filter('members[$ref eq "u"]') == ValuePath(
        p("members"), Compare(p("$ref"), "eq", "u")
    )


# Values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (r'"a\"b"', 'a"b'),
        (r'"back\\slash"', "back\\slash"),
        (r'"a\/b"', "a/b"),
        (r'"\b\f\n\r\t"', "\b\f\n\r\t"),
        (r'"caf\u00e9"', "café"),
        (r'"\uD83D\uDE00"', "\N{GRINNING FACE}"),
        ('"café ☕"', "café ☕"),
        ('""', ""),
    ],
)
def test_strings_decode_every_json_escape(literal: str, value: str) -> None:
    assert parse_filter(f"x eq {literal}") == Compare(p("x"), "eq", value)


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("0", 0),
        ("42", 42),
        ("-7", -7),
        ("2.5", 2.5),
        ("-0.125", -0.125),
        ("1e3", 1000.0),
        ("6.02E+23", 6.02e23),
        ("1e-3", 0.001),
        ("123456789012345678901234567890", 123456789012345678901234567890),
    ],
)
def test_numbers_follow_json(literal: str, value: int | float) -> None:
    parsed = parse_filter(f"x gt {literal}")
    assert isinstance(parsed, Compare)
    assert parsed.value == value
    assert type(parsed.value) is type(value)


# Syntax errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the filter is empty"),
        ("  \t", "the filter is empty"),
        ("userName", "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)"),
        ('userName xx "a"', "at position 9, found 'xx'"),
        ("userName eq", "expected a value (a string, a number, true, false or null)"),
        ("userName eq john", "found 'john'"),
        ('userName eq "john', "unterminated string starting at position 12"),
        (r'x eq "a\qb"', r"invalid escape '\\q' at position 7"),
        (r'x eq "\u12"', "needs four hexadecimal digits"),
        ('x eq "a\tb"', "control character U+0009 at position 7 must be escaped"),
        (r'x eq "\ud800"', "unpaired surrogate"),
        ("x eq 01", "malformed number '01'"),
        ("x eq 1.", "malformed number '1.'"),
        ("x eq 1e", "malformed number '1e'"),
        ("x eq 1abc", "malformed number"),
        ("x eq -", "expected a digit after '-' at position 5"),
        ("x eq 1e400", "out of range"),
        ("(a pr", "expected 'and', 'or' or ')' at position 5"),
        ("a pr)", "expected 'and', 'or' or the end of the filter at position 4"),
        ("emails[type pr", "expected 'and', 'or' or ']'"),
        ("a pr]", "found ']'"),
        ("not a pr", "expected '(' after 'not' at position 4"),
        ("a pr and", "expected an attribute path at position 8"),
        ("or a pr", "expected an operator"),
        ("a pr or or b pr", "expected an operator"),
        ('title pr "x"', 'found the string "x"'),
        ("x eq 1 2", "found the number 2"),
        ("a[b[c pr]]", "value paths do not nest"),
        ("name.x[a pr]", "brackets apply to a multi-valued attribute"),
        ("emails[a.b pr]", "expected a sub-attribute name of 'emails'"),
        (f"emails[{CORE}:type pr]", "expected a sub-attribute name of 'emails'"),
        ("a..b pr", "does not name a sub-attribute"),
        ("a.b.c pr", "does not name a sub-attribute"),
        ("a. pr", "does not name a sub-attribute"),
        ("_a pr", "unexpected character '_' at position 0"),
        ("$x pr", "does not name an attribute"),
        ("http:x pr", "has a schema that is not a URN"),
        ("urn:x pr", "has a schema that is not a URN"),
        ("urn:a:b: pr", "does not name an attribute"),
        ('a eq "x" & b pr', "unexpected character '&' at position 9"),
        ("a pr .", "found '.'"),
        ("é pr", "unexpected character 'é'"),
    ],
)
def test_malformed_filters_raise_invalid_filter_saying_where_and_why(
    text: str, message: str
) -> None:
    with pytest.raises(InvalidFilter) as raised:
        parse_filter(text)
    assert message in str(raised.value)


def test_a_wrong_token_is_reported_with_position_expectation_and_finding() -> None:
    with pytest.raises(InvalidFilter) as raised:
        parse_filter('userName xx "john"')
    assert str(raised.value) == (
        "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) "
        "at position 9, found 'xx'"
    )


def test_long_findings_are_shortened_in_messages() -> None:
    with pytest.raises(InvalidFilter) as raised:
        parse_filter(f'a pr "{"x" * 500}"')
    assert len(str(raised.value)) < 200


# Limits ----------------------------------------------------------------------


def test_a_filter_of_the_maximum_length_is_accepted() -> None:
    text = 'userName eq ""'
    text = text[:-1] + "x" * (MAX_LENGTH - len(text)) + '"'
    assert len(text) == MAX_LENGTH
    assert isinstance(parse_filter(text), Compare)


def test_a_longer_filter_is_refused() -> None:
    with pytest.raises(InvalidFilter, match="4097 characters long; the limit is 4096"):
        parse_filter("a pr" + " " * (MAX_LENGTH - 3))


@pytest.mark.parametrize(
    ("opening", "closing"), [("(", ")"), ("not (", ")"), ("x[", "]")]
)
def test_nesting_up_to_the_limit_is_accepted(opening: str, closing: str) -> None:
    levels = MAX_DEPTH if opening != "x[" else 1
    inner = "(" * (MAX_DEPTH - levels) + "a pr" + ")" * (MAX_DEPTH - levels)
    parse_filter(opening * levels + inner + closing * levels)


@pytest.mark.parametrize("opening", ["(", "not ("])
def test_nesting_beyond_the_limit_is_refused(opening: str) -> None:
    text = opening * (MAX_DEPTH + 1) + "a pr" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(InvalidFilter, match="nests deeper than 32 levels"):
        parse_filter(text)


def test_brackets_count_towards_the_nesting_limit() -> None:
    text = "x[" + "(" * MAX_DEPTH + "a pr" + ")" * MAX_DEPTH + "]"
    with pytest.raises(InvalidFilter, match="nests deeper than 32 levels"):
        parse_filter(text)


def test_thousands_of_open_parentheses_are_refused_without_recursing() -> None:
    with pytest.raises(InvalidFilter, match="nests deeper"):
        parse_filter("(" * 4000)


def test_the_maximum_number_of_comparisons_is_accepted() -> None:
    text = " or ".join(["a pr"] * MAX_TERMS)
    assert render(parse_filter(text)) == text


def test_more_comparisons_are_refused() -> None:
    with pytest.raises(InvalidFilter, match="more than 100 comparisons"):
        parse_filter(" and ".join(["a pr"] * (MAX_TERMS + 1)))


def _stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1  # type: ignore[assignment]
    return depth


def test_parsing_near_the_recursion_limit_raises_invalid_filter() -> None:
    text = "(" * MAX_DEPTH + "a pr" + ")" * MAX_DEPTH
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + 40)
    try:
        with pytest.raises(InvalidFilter, match="nested too deeply"):
            parse_filter(text)
    finally:
        sys.setrecursionlimit(limit)


# Rendering ---------------------------------------------------------------------


def test_render_adds_parentheses_only_where_the_tree_needs_them() -> None:
    tree = And(Or(A, B), And(C, Not(A)))
    assert render(tree) == "(a pr or b pr) and (c pr and not (a pr))"


def test_render_writes_values_as_json() -> None:
    tree = And(Compare(p("a"), "eq", 'q"\n'), Compare(p("b", schema=CORE), "ne", None))
    assert render(tree) == f'a eq "q\\"\\n" and {CORE}:b ne null'


def test_render_handles_chains_longer_than_the_recursion_limit() -> None:
    tree: Filter = A
    for _ in range(sys.getrecursionlimit() * 2):
        tree = And(tree, B)
    assert render(tree).count(" and ") == sys.getrecursionlimit() * 2


def test_render_refuses_values_without_a_literal() -> None:
    with pytest.raises(ValueError, match="has no SCIM filter literal"):
        render(Compare(p("a"), "eq", float("inf")))


# PATCH paths -------------------------------------------------------------------

MEMBER_ID = "2819c223-7f76-453a-919d-413861904646"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("members", PatchPath(p("members"))),
        ("name.familyName", PatchPath(p("name", "familyName"))),
        (
            'addresses[type eq "work"]',
            PatchPath(p("addresses"), Compare(p("type"), "eq", "work")),
        ),
        (
            f'members[value eq "{MEMBER_ID}"]',
            PatchPath(p("members"), Compare(p("value"), "eq", MEMBER_ID)),
        ),
        (
            f'members[value eq "{MEMBER_ID}"].displayName',
            PatchPath(
                p("members"), Compare(p("value"), "eq", MEMBER_ID), "displayName"
            ),
        ),
    ],
)
def test_each_rfc_patch_path_example_parses(text: str, expected: PatchPath) -> None:
    assert parse_path(text) == expected


def test_a_path_may_select_a_sub_attribute_of_filtered_values() -> None:
    assert parse_path('emails[type eq "work" and primary eq true].value') == PatchPath(
        p("emails"),
        And(Compare(p("type"), "eq", "work"), Compare(p("primary"), "eq", True)),
        "value",
    )


def test_a_path_may_carry_an_extension_urn() -> None:
    assert parse_path(f"{ENTERPRISE}:manager") == PatchPath(
        p("manager", schema=ENTERPRISE)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the path is empty"),
        ("title pr", "expected '[' or the end of the path at position 6"),
        ('emails[type eq "work"', "expected 'and', 'or' or ']'"),
        ('emails[type eq "work"].', "expected a sub-attribute name after '.'"),
        ('emails[type eq "work"].value.x', "found 'value.x'"),
        ('emails[type eq "work"] x', "expected '.' or the end of the path"),
        ("name.givenName.x", "does not name a sub-attribute"),
        ('emails.value[type eq "w"]', "brackets apply to a multi-valued attribute"),
        ("emails[]", "expected a sub-attribute name of 'emails'"),
        ("urn:x", "has a schema that is not a URN"),
        ('"emails"', "expected an attribute path"),
        ("emails[" + "(" * 40, "nests deeper than 32 levels"),
        ("x" * (MAX_LENGTH + 1), "the limit is 4096"),
    ],
)
def test_malformed_paths_raise_invalid_path(text: str, message: str) -> None:
    with pytest.raises(InvalidPath) as raised:
        parse_path(text)
    assert message in str(raised.value)


def test_invalid_path_and_invalid_filter_are_distinct_errors() -> None:
    assert not issubclass(InvalidPath, InvalidFilter)
    assert not issubclass(InvalidFilter, InvalidPath)


# Translation: users ------------------------------------------------------------

SINGLE_VALUED_USER = [
    ("id", "ID"),
    ("userName", "USER_NAME"),
    ("externalId", "EXTERNAL_ID"),
    ("displayName", "DISPLAY_NAME"),
    ("nickName", "NICK_NAME"),
    ("profileUrl", "PROFILE_URL"),
    ("title", "TITLE"),
    ("userType", "USER_TYPE"),
    ("preferredLanguage", "PREFERRED_LANGUAGE"),
    ("locale", "LOCALE"),
    ("timezone", "TIMEZONE"),
    ("name.formatted", "NAME_FORMATTED"),
    ("name.familyName", "NAME_FAMILY_NAME"),
    ("name.givenName", "NAME_GIVEN_NAME"),
    ("name.middleName", "NAME_MIDDLE_NAME"),
    ("name.honorificPrefix", "NAME_HONORIFIC_PREFIX"),
    ("name.honorificSuffix", "NAME_HONORIFIC_SUFFIX"),
    (f"{ENTERPRISE}:employeeNumber", "EMPLOYEE_NUMBER"),
    (f"{ENTERPRISE}:costCenter", "COST_CENTER"),
    (f"{ENTERPRISE}:organization", "ORGANIZATION"),
    (f"{ENTERPRISE}:division", "DIVISION"),
    (f"{ENTERPRISE}:department", "DEPARTMENT"),
    (f"{ENTERPRISE}:manager", "MANAGER"),
    (f"{ENTERPRISE}:manager.value", "MANAGER"),
]


@pytest.mark.parametrize(("name", "field"), SINGLE_VALUED_USER)
def test_each_single_valued_user_attribute_maps_to_its_field(
    name: str, field: str
) -> None:
    assert user(f'{name} sw "x"') == attr(field, "SW", s("x"))


@pytest.mark.parametrize(
    "name",
    [
        "USERNAME",
        "username",
        f"{CORE.upper()}:userName",
        "urn:ietf:params:scim:schemas:core:2.0:user:UserName",
    ],
)
def test_attribute_names_and_schema_urns_match_case_insensitively(name: str) -> None:
    assert user(f'{name} eq "a"') == attr("USER_NAME", "EQ", s("a"))


def test_enterprise_attributes_may_be_named_without_their_urn() -> None:
    assert user('employeeNumber eq "7"') == attr("EMPLOYEE_NUMBER", "EQ", s("7"))


def test_the_enterprise_urn_does_not_qualify_core_attributes() -> None:
    with pytest.raises(InvalidFilter, match="cannot filter Users by"):
        user(f'{ENTERPRISE}:userName eq "a"')


def test_the_core_urn_does_not_qualify_enterprise_attributes() -> None:
    with pytest.raises(InvalidFilter, match="employeeNumber"):
        user(f'{CORE}:employeeNumber eq "a"')


def test_an_unknown_schema_is_named_in_the_error() -> None:
    with pytest.raises(InvalidFilter, match=r"unknown schema 'urn:example:x:1\.0'"):
        user('urn:example:x:1.0:userName eq "a"')


@pytest.mark.parametrize(
    "name",
    [
        "nosuch",
        "password",
        "groups.value",
        "meta",
        "meta.version",
        "meta.location",
        "userName.first",
        f"{ENTERPRISE}:manager.displayName",
    ],
)
def test_attributes_the_directory_cannot_filter_by_are_named(name: str) -> None:
    with pytest.raises(InvalidFilter, match=f"cannot filter Users by '{name}'"):
        user(f'{name} eq "a"')


def test_name_present_means_any_name_part_present() -> None:
    parts = ["FORMATTED", "FAMILY_NAME", "GIVEN_NAME", "MIDDLE_NAME"]
    parts += ["HONORIFIC_PREFIX", "HONORIFIC_SUFFIX"]
    assert user("name pr") == {"or": [attr(f"NAME_{part}", "PR") for part in parts]}


def test_name_cannot_be_compared_as_a_whole() -> None:
    with pytest.raises(InvalidFilter, match="'name' is complex"):
        user('name eq "Ada"')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('meta.resourceType eq "User"', {"and": []}),
        ('meta.resourceType eq "Group"', {"or": []}),
        ('meta.resourceType eq "user"', {"or": []}),
        ('meta.resourceType ne "User"', {"or": []}),
        ('meta.resourceType sw "Us"', {"and": []}),
        ("meta.resourceType pr", {"and": []}),
        ("meta.resourceType eq null", {"or": []}),
    ],
)
def test_resource_type_is_decided_without_the_directory(
    text: str, expected: Json
) -> None:
    assert user(text) == expected


def test_resource_type_compares_with_strings_only() -> None:
    with pytest.raises(InvalidFilter, match="compares with strings only"):
        user("meta.resourceType gt 3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'schemas eq "{CORE}"', {"and": []}),
        (f'schemas eq "{ENTERPRISE.lower()}"', ENTERPRISE_PRESENT),
        (f'schemas ne "{ENTERPRISE}"', {"not": ENTERPRISE_PRESENT}),
        ('schemas eq "urn:example:other"', {"or": []}),
        ("schemas pr", {"and": []}),
    ],
)
def test_schemas_lists_the_enterprise_urn_when_an_enterprise_attribute_is_set(
    text: str, expected: Json
) -> None:
    assert user(text) == expected


def test_schemas_takes_only_eq_ne_and_pr() -> None:
    with pytest.raises(InvalidFilter, match="takes pr, or eq or ne"):
        user('schemas co "enterprise"')


MULTI_VALUED = [
    ("emails", "EMAILS"),
    ("phoneNumbers", "PHONE_NUMBERS"),
    ("ims", "IMS"),
    ("photos", "PHOTOS"),
    ("addresses", "ADDRESSES"),
    ("entitlements", "ENTITLEMENTS"),
    ("roles", "ROLES"),
    ("x509Certificates", "X509_CERTIFICATES"),
]


@pytest.mark.parametrize(("name", "attribute"), MULTI_VALUED)
def test_a_multi_valued_attribute_is_present_when_it_has_a_value(
    name: str, attribute: str
) -> None:
    assert user(f"{name} pr") == values(attribute)


@pytest.mark.parametrize(("name", "attribute"), MULTI_VALUED)
def test_each_multi_valued_attribute_filters_on_its_type(
    name: str, attribute: str
) -> None:
    expected = values(attribute, cmp("TYPE", "EQ", s("work")))
    assert user(f'{name}.type eq "work"') == expected


def test_comparing_a_multi_valued_attribute_compares_its_value() -> None:
    expected = values("EMAILS", cmp("VALUE", "CO", s("x")))
    assert user('emails co "x"') == expected
    assert user('emails.value co "x"') == expected


def test_a_sub_attribute_can_be_tested_for_presence() -> None:
    assert user("emails.value pr") == values("EMAILS", cmp("VALUE", "PR"))


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("formatted", "FORMATTED"),
        ("streetAddress", "STREET_ADDRESS"),
        ("locality", "LOCALITY"),
        ("region", "REGION"),
        ("postalCode", "POSTAL_CODE"),
        ("country", "COUNTRY"),
    ],
)
def test_address_parts_are_sub_attributes_of_addresses(name: str, field: str) -> None:
    assert user(f'addresses.{name} eq "DE"') == values(
        "ADDRESSES", cmp(field, "EQ", s("DE"))
    )


def test_addresses_have_no_value_to_compare() -> None:
    with pytest.raises(InvalidFilter, match="'addresses' has no sub-attribute 'value'"):
        user('addresses co "Berlin"')


def test_only_addresses_have_address_parts() -> None:
    with pytest.raises(InvalidFilter, match="'emails' has no sub-attribute 'country'"):
        user('emails[country eq "DE"]')


def test_sub_attribute_names_match_case_insensitively() -> None:
    assert user('EMAILS[TYPE eq "work"] and addresses.POSTALCODE pr') == {
        "and": [
            values("EMAILS", cmp("TYPE", "EQ", s("work"))),
            values("ADDRESSES", cmp("POSTAL_CODE", "PR")),
        ]
    }


def test_brackets_keep_logic_inside_one_value() -> None:
    text = 'phoneNumbers[not (type eq "fax") and (primary eq true or display pr)]'
    assert user(text) == values(
        "PHONE_NUMBERS",
        {
            "and": [
                {"not": cmp("TYPE", "EQ", s("fax"))},
                {"or": [cmp("PRIMARY", "EQ", {"boolean": True}), cmp("DISPLAY", "PR")]},
            ]
        },
    )


@pytest.mark.parametrize("name", ["userName", "name", f"{ENTERPRISE}:manager"])
def test_brackets_need_a_multi_valued_attribute(name: str) -> None:
    with pytest.raises(InvalidFilter, match="is not a multi-valued attribute"):
        user(f'{name}[value eq "x"]')


@pytest.mark.parametrize(
    "inner",
    [
        Compare(p("type", "x"), "eq", "work"),
        Compare(p("type", schema=CORE), "eq", "work"),
        ValuePath(p("type"), Present(p("x"))),
    ],
)
def test_brackets_hold_plain_sub_attribute_names_only(inner: Filter) -> None:
    with pytest.raises(InvalidFilter, match="must be a plain sub-attribute name"):
        user_filter(ValuePath(p("emails"), inner))


# Translation: values -----------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ('"x"', s("x")),
        ("true", {"boolean": True}),
        ("false", {"boolean": False}),
        ("7", {"int": 7}),
        ("-2147483648", {"int": -(2**31)}),
        ("2147483648", {"float": 2147483648.0}),
        ("2.5", {"float": 2.5}),
    ],
)
def test_literals_become_the_filter_value_of_their_type(
    literal: str, expected: Json
) -> None:
    assert user(f"title eq {literal}") == attr("TITLE", "EQ", expected)


def test_null_is_sent_as_no_value() -> None:
    assert user("title eq null") == attr("TITLE", "EQ")


def test_integers_beyond_a_float_are_refused() -> None:
    with pytest.raises(InvalidFilter, match="out of range"):
        filter_value(10**400)


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("2011-05-13T04:42:34Z", "2011-05-13T04:42:34+00:00"),
        ("2011-05-13t04:42:34.5z", "2011-05-13t04:42:34.5+00:00"),
        ("2011-05-13T04:42:34-05:00", "2011-05-13T04:42:34-05:00"),
        ("2011-05-13T04:42", "2011-05-13T04:42"),
    ],
)
def test_date_times_are_sent_as_date_times_with_z_spelt_as_an_offset(
    written: str, sent: str
) -> None:
    expected = attr("CREATED", "GE", {"dateTime": sent})
    assert user(f'meta.created ge "{written}"') == expected


@pytest.mark.parametrize(
    "literal",
    [
        *['"2011-05-13"', '"yesterday"', '"2011-13-01T00:00:00Z"'],
        *['"2011-05-13T04:42Z "', '"\u0662\u0660\u0661\u0661-05-13T04:42:34Z"'],
    ],
)
def test_date_time_attributes_refuse_other_strings(literal: str) -> None:
    with pytest.raises(InvalidFilter, match="compares with a date-time"):
        user(f"meta.lastModified gt {literal}")


@pytest.mark.parametrize("literal", ["5", "true"])
def test_date_time_attributes_refuse_other_types(literal: str) -> None:
    with pytest.raises(InvalidFilter, match="compares with a date-time"):
        user(f"meta.created eq {literal}")


def test_date_time_attributes_may_be_compared_with_null() -> None:
    assert user("meta.created eq null") == attr("CREATED", "EQ")


@pytest.mark.parametrize(
    ("literal", "value"),
    [('"true"', True), ('"FALSE"', False), ('"True"', True), ("true", True)],
)
def test_active_accepts_booleans_spelt_as_strings(literal: str, value: bool) -> None:
    assert user(f"active eq {literal}") == attr("ACTIVE", "EQ", {"boolean": value})


def test_primary_accepts_booleans_spelt_as_strings() -> None:
    expected = values("EMAILS", cmp("PRIMARY", "EQ", {"boolean": True}))
    assert user('emails[primary eq "True"]') == expected


def test_string_attributes_keep_the_strings_true_and_false() -> None:
    assert user('title eq "true"') == attr("TITLE", "EQ", s("true"))


# Translation: logic ------------------------------------------------------------


def test_and_chains_flatten_into_one_list() -> None:
    assert user("title pr and locale pr and (timezone pr and id pr)") == {
        "and": [attr(field, "PR") for field in ("TITLE", "LOCALE", "TIMEZONE", "ID")]
    }


def test_mixed_chains_keep_their_precedence() -> None:
    assert user("title pr or locale pr and id pr or timezone pr") == {
        "or": [
            attr("TITLE", "PR"),
            {"and": [attr("LOCALE", "PR"), attr("ID", "PR")]},
            attr("TIMEZONE", "PR"),
        ]
    }


def test_not_wraps_its_operand() -> None:
    assert user("not (not (title pr))") == {"not": {"not": attr("TITLE", "PR")}}


# Translation: groups -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("id", "ID"),
        ("displayName", "DISPLAY_NAME"),
        ("externalId", "EXTERNAL_ID"),
        (f"{GROUP_URN}:displayName", "DISPLAY_NAME"),
        ("DISPLAYNAME", "DISPLAY_NAME"),
    ],
)
def test_each_single_valued_group_attribute_maps_to_its_field(
    name: str, field: str
) -> None:
    assert group(f'{name} eq "x"') == attr(field, "EQ", s("x"))


def test_group_date_times_are_sent_as_date_times() -> None:
    expected = attr("LAST_MODIFIED", "LT", {"dateTime": "2020-01-01T00:00:00+00:00"})
    assert group('meta.lastModified lt "2020-01-01T00:00:00Z"') == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("members pr", {"members": {}}),
        ('members eq "u1"', {"members": {"where": cmp("VALUE", "EQ", s("u1"))}}),
        ('members.value eq "u1"', {"members": {"where": cmp("VALUE", "EQ", s("u1"))}}),
        (
            'members.type eq "User"',
            {"members": {"where": cmp("TYPE", "EQ", s("User"))}},
        ),
        (
            'members[value eq "u1" or type eq "Group"]',
            {
                "members": {
                    "where": {
                        "or": [
                            cmp("VALUE", "EQ", s("u1")),
                            cmp("TYPE", "EQ", s("Group")),
                        ]
                    }
                }
            },
        ),
    ],
)
def test_group_members_filter_by_value_and_type(text: str, expected: Json) -> None:
    assert group(text) == expected


def test_members_have_no_display_to_filter_by() -> None:
    with pytest.raises(InvalidFilter, match="'members' has no sub-attribute 'display'"):
        group('members.display eq "Ada"')


@pytest.mark.parametrize(
    "text",
    ['userName eq "a"', "emails pr", f'{CORE}:displayName eq "a"', "meta.version gt 1"],
)
def test_groups_refuse_what_they_do_not_have(text: str) -> None:
    with pytest.raises(InvalidFilter):
        group(text)


def test_group_brackets_need_members() -> None:
    with pytest.raises(InvalidFilter, match="is not a multi-valued attribute"):
        group('displayName[value eq "x"]')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('meta.resourceType eq "Group"', {"and": []}),
        (f'schemas eq "{GROUP_URN}"', {"and": []}),
        (f'schemas eq "{ENTERPRISE}"', {"or": []}),
    ],
)
def test_group_constants_are_decided_without_the_directory(
    text: str, expected: Json
) -> None:
    assert group(text) == expected


# Properties --------------------------------------------------------------------

FUZZ = settings(max_examples=300, deadline=None)
SPACE = st.sampled_from(["", " ", " ", "  ", "\t", "\n"])
ATTRIBUTES = [
    *["userName", "USERNAME", "title", "active", "meta.created", "schemas"],
    *["name", "name.givenName", "emails", "emails.value", "emails.type"],
    *["addresses.country", "members", "members.value", "displayName"],
    *["meta.resourceType", "nosuch", "$ref", "urn:example:x:1:foo"],
    *[f"{CORE}:userName", f"{ENTERPRISE}:manager.value"],
]
SUB_ATTRIBUTES = ["type", "Type", "value", "primary", "display", "country"]
MULTI_VALUED_NAMES = ["emails", "phoneNumbers", "addresses", "members", "userName"]
LITERALS = [
    *['"work"', '"@example.com"', '""', '"True"', '"2011-05-13T04:42:34Z"'],
    *['"\\u00e9\\""', "true", "FALSE", "null", "1", "-2.5e3", "3000000000"],
]
#: Pieces of filters, well- and ill-formed, for splicing.
TOKENS = [
    *ATTRIBUTES,
    *OPERATORS,
    *["Eq", "pr", "PR", "and", "AND", "or", "not", "NOT", "(", ")", "[", "]"],
    *[".", ":", "urn:", "true", "null", "01", "1e999", "  ", "\t", "é", "\x00"],
    *LITERALS,
    *['"', '"\\q"', "\\"],
]


def comparison_text(names: list[str]) -> st.SearchStrategy[str]:
    present = st.tuples(st.sampled_from(names), SPACE, st.sampled_from(["pr", "PR"]))
    compare = st.tuples(
        st.sampled_from(names),
        st.just(" "),
        st.sampled_from([*OPERATORS, "EQ", "Co"]),
        SPACE,
        st.sampled_from(LITERALS),
    )
    return (present | compare).map("".join)


def filter_text(leaves: st.SearchStrategy[str], depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return leaves
    inner = filter_text(leaves, depth - 1)
    keyword = st.sampled_from([" and ", " AND ", " or ", " Or "])
    return (
        leaves
        | st.tuples(inner, keyword, inner).map("".join)
        | inner.map(lambda text: f"({text})")
        | inner.map(lambda text: f"not ({text})")
    )


VALUE_PATH_TEXT = st.tuples(
    st.sampled_from(MULTI_VALUED_NAMES),
    filter_text(comparison_text(SUB_ATTRIBUTES), 1),
).map(lambda parts: f"{parts[0]}[{parts[1]}]")
FILTER_TEXT = filter_text(comparison_text(ATTRIBUTES) | VALUE_PATH_TEXT, 3)
TOKEN_TEXT = st.lists(st.tuples(st.sampled_from(TOKENS), SPACE), max_size=30).map(
    lambda parts: "".join(token + space for token, space in parts)
)


@st.composite
def spliced_text(draw: st.DrawFn) -> str:
    """Well-formed filter text with a few characters replaced by a token."""
    text = draw(FILTER_TEXT)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 4)))
    return text[:start] + draw(st.sampled_from(["", *TOKENS])) + text[end:]


GRAMMAR_TEXT = FILTER_TEXT | spliced_text() | TOKEN_TEXT


def parse_or_none(text: str) -> Filter | None:
    try:
        return parse_filter(text)
    except InvalidFilter:
        return None


@FUZZ
@given(st.text())
def test_any_text_parses_or_raises_invalid_filter(text: str) -> None:
    parse_or_none(text)


@FUZZ
@given(GRAMMAR_TEXT)
def test_filter_like_text_parses_or_raises_invalid_filter(text: str) -> None:
    parse_or_none(text)


@FUZZ
@given(GRAMMAR_TEXT)
def test_whatever_parses_renders_back_to_the_same_tree(text: str) -> None:
    tree = parse_or_none(text)
    if tree is not None:
        assert repr(parse_filter(render(tree))) == repr(tree)


@FUZZ
@given(GRAMMAR_TEXT)
def test_whatever_parses_translates_to_valid_inputs_or_raises_invalid_filter(
    text: str,
) -> None:
    tree = parse_or_none(text)
    for translate, type_name in (
        (user_filter, "UserFilter"),
        (group_filter, "GroupFilter"),
    ):
        try:
            translated = translate(tree) if tree is not None else None
        except InvalidFilter:
            continue
        if translated is not None:
            assert_input(translated, type_name)


@FUZZ
@given(st.text() | GRAMMAR_TEXT)
def test_any_text_parses_as_a_path_or_raises_invalid_path(text: str) -> None:
    with contextlib.suppress(InvalidPath):
        parse_path(text)


NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,6}", fullmatch=True).filter(
    lambda name: name.lower() != "not"
) | st.just("$ref")
URNS = st.sampled_from([CORE, ENTERPRISE]) | st.from_regex(
    r"urn:[a-z]{1,5}(:[A-Za-z0-9._$-]{1,5}){1,3}", fullmatch=True
)
VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
PATHS = st.builds(AttrPath, st.none() | URNS, NAMES, st.none() | NAMES)
SUB_PATHS = st.builds(AttrPath, st.none(), NAMES, st.none())


def comparisons(paths: st.SearchStrategy[AttrPath]) -> st.SearchStrategy[Filter]:
    return st.builds(Present, paths) | st.builds(
        Compare, paths, st.sampled_from(OPERATORS), VALUES
    )


def trees(leaves: st.SearchStrategy[Filter], depth: int) -> st.SearchStrategy[Filter]:
    if depth == 0:
        return leaves
    inner = trees(leaves, depth - 1)
    return (
        leaves
        | st.builds(And, inner, inner)
        | st.builds(Or, inner, inner)
        | st.builds(Not, inner)
    )


VALUE_PATHS = st.builds(
    ValuePath,
    st.builds(AttrPath, st.none() | URNS, NAMES, st.none()),
    trees(comparisons(SUB_PATHS), 2),
)
TREES = trees(comparisons(PATHS) | VALUE_PATHS, 3)


@settings(max_examples=500, deadline=None)
@given(TREES)
def test_rendered_trees_parse_back_to_themselves(tree: Filter) -> None:
    parsed = parse_filter(render(tree))
    assert parsed == tree
    assert repr(parsed) == repr(tree)
