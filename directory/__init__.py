"""A GraphQL identity directory with a SCIM 2.0 facade."""

__version__ = "0.1.0"
