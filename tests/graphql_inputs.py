"""Checks that values the SCIM facade builds are valid inputs of the
directory's ``schema.graphql``, as GraphQL would coerce them from variables
(``@oneOf`` included)."""

from pathlib import Path
from typing import Any

from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull, build_schema
from graphql.utilities import coerce_input_value

SCHEMA = build_schema((Path(__file__).parents[1] / "schema.graphql").read_text())


def input_type(name: str) -> GraphQLInputObjectType:
    found = SCHEMA.get_type(name)
    assert isinstance(found, GraphQLInputObjectType), name
    return found


def assert_input(value: Any, type_name: str) -> None:
    """Raises unless ``value`` is a valid ``type_name!`` variable."""
    coerce_input_value(value, GraphQLNonNull(input_type(type_name)))


def assert_inputs(values: Any, type_name: str) -> None:
    """Raises unless ``values`` is a valid ``[type_name!]!`` variable."""
    list_type = GraphQLNonNull(GraphQLList(GraphQLNonNull(input_type(type_name))))
    coerce_input_value(values, list_type)
