"""The attribute catalogue: what a User and a Group have, and how to compare.

The GraphQL layer names attributes with these enums; the filter compiler and
the sorter find their columns and comparison rules here. Case rules follow
RFC 7643 §4: ``caseExact`` is false for every User and Group string attribute
but ``id`` and ``externalId``.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, func

from ..store.tables import groups, memberships, user_values, users


class Kind(Enum):
    STRING = "string"
    BOOLEAN = "boolean"
    DATETIME = "dateTime"
    INTEGER = "integer"


@dataclass(frozen=True)
class Attribute:
    column: str
    kind: Kind = Kind.STRING
    case_exact: bool = False
    #: A column holding the lower-cased value, indexed, for case-insensitive
    #: comparisons; otherwise ``lower(column)`` is compared.
    key: str | None = None
    writable: bool = True


class UserField(Enum):
    """A single-valued User attribute, by its SCIM path."""

    ID = "id"
    USER_NAME = "userName"
    EXTERNAL_ID = "externalId"
    DISPLAY_NAME = "displayName"
    NICK_NAME = "nickName"
    PROFILE_URL = "profileUrl"
    TITLE = "title"
    USER_TYPE = "userType"
    PREFERRED_LANGUAGE = "preferredLanguage"
    LOCALE = "locale"
    TIMEZONE = "timezone"
    ACTIVE = "active"
    NAME_FORMATTED = "name.formatted"
    NAME_FAMILY_NAME = "name.familyName"
    NAME_GIVEN_NAME = "name.givenName"
    NAME_MIDDLE_NAME = "name.middleName"
    NAME_HONORIFIC_PREFIX = "name.honorificPrefix"
    NAME_HONORIFIC_SUFFIX = "name.honorificSuffix"
    EMPLOYEE_NUMBER = "enterprise.employeeNumber"
    COST_CENTER = "enterprise.costCenter"
    ORGANIZATION = "enterprise.organization"
    DIVISION = "enterprise.division"
    DEPARTMENT = "enterprise.department"
    MANAGER = "enterprise.manager"
    CREATED = "meta.created"
    LAST_MODIFIED = "meta.lastModified"
    VERSION = "meta.version"


USER_FIELDS: dict[UserField, Attribute] = {
    UserField.ID: Attribute("id", case_exact=True, writable=False),
    UserField.USER_NAME: Attribute("user_name", key="user_name_key"),
    UserField.EXTERNAL_ID: Attribute("external_id", case_exact=True),
    UserField.DISPLAY_NAME: Attribute("display_name", key="display_name_key"),
    UserField.NICK_NAME: Attribute("nick_name"),
    UserField.PROFILE_URL: Attribute("profile_url"),
    UserField.TITLE: Attribute("title"),
    UserField.USER_TYPE: Attribute("user_type"),
    UserField.PREFERRED_LANGUAGE: Attribute("preferred_language"),
    UserField.LOCALE: Attribute("locale"),
    UserField.TIMEZONE: Attribute("timezone"),
    UserField.ACTIVE: Attribute("active", Kind.BOOLEAN),
    UserField.NAME_FORMATTED: Attribute("name_formatted"),
    UserField.NAME_FAMILY_NAME: Attribute("name_family_name"),
    UserField.NAME_GIVEN_NAME: Attribute("name_given_name"),
    UserField.NAME_MIDDLE_NAME: Attribute("name_middle_name"),
    UserField.NAME_HONORIFIC_PREFIX: Attribute("name_honorific_prefix"),
    UserField.NAME_HONORIFIC_SUFFIX: Attribute("name_honorific_suffix"),
    UserField.EMPLOYEE_NUMBER: Attribute("employee_number"),
    UserField.COST_CENTER: Attribute("cost_center"),
    UserField.ORGANIZATION: Attribute("organization"),
    UserField.DIVISION: Attribute("division"),
    UserField.DEPARTMENT: Attribute("department"),
    UserField.MANAGER: Attribute("manager_id", case_exact=True),
    UserField.CREATED: Attribute("created", Kind.DATETIME, writable=False),
    UserField.LAST_MODIFIED: Attribute("last_modified", Kind.DATETIME, writable=False),
    UserField.VERSION: Attribute("version", Kind.INTEGER, writable=False),
}


class GroupField(Enum):
    """A single-valued Group attribute, by its SCIM path."""

    ID = "id"
    DISPLAY_NAME = "displayName"
    EXTERNAL_ID = "externalId"
    CREATED = "meta.created"
    LAST_MODIFIED = "meta.lastModified"
    VERSION = "meta.version"


GROUP_FIELDS: dict[GroupField, Attribute] = {
    GroupField.ID: Attribute("id", case_exact=True, writable=False),
    GroupField.DISPLAY_NAME: Attribute("display_name", key="display_name_key"),
    GroupField.EXTERNAL_ID: Attribute("external_id", case_exact=True),
    GroupField.CREATED: Attribute("created", Kind.DATETIME, writable=False),
    GroupField.LAST_MODIFIED: Attribute("last_modified", Kind.DATETIME, writable=False),
    GroupField.VERSION: Attribute("version", Kind.INTEGER, writable=False),
}


class ValueAttribute(Enum):
    """A multi-valued User attribute (RFC 7643 §4.1.2)."""

    EMAILS = "emails"
    PHONE_NUMBERS = "phoneNumbers"
    IMS = "ims"
    PHOTOS = "photos"
    ADDRESSES = "addresses"
    ENTITLEMENTS = "entitlements"
    ROLES = "roles"
    X509_CERTIFICATES = "x509Certificates"


class ValueField(Enum):
    """A sub-attribute of a multi-valued attribute."""

    VALUE = "value"
    TYPE = "type"
    PRIMARY = "primary"
    DISPLAY = "display"
    FORMATTED = "formatted"
    STREET_ADDRESS = "streetAddress"
    LOCALITY = "locality"
    REGION = "region"
    POSTAL_CODE = "postalCode"
    COUNTRY = "country"


VALUE_FIELDS: dict[ValueField, Attribute] = {
    ValueField.VALUE: Attribute("value", key="value_key"),
    ValueField.TYPE: Attribute("type"),
    ValueField.PRIMARY: Attribute("primary", Kind.BOOLEAN),
    ValueField.DISPLAY: Attribute("display"),
    ValueField.FORMATTED: Attribute("formatted"),
    ValueField.STREET_ADDRESS: Attribute("street_address"),
    ValueField.LOCALITY: Attribute("locality"),
    ValueField.REGION: Attribute("region"),
    ValueField.POSTAL_CODE: Attribute("postal_code"),
    ValueField.COUNTRY: Attribute("country"),
}

ADDRESS_ONLY = frozenset(
    {
        ValueField.FORMATTED,
        ValueField.STREET_ADDRESS,
        ValueField.LOCALITY,
        ValueField.REGION,
        ValueField.POSTAL_CODE,
        ValueField.COUNTRY,
    }
)

#: Sub-attributes of a Group's ``members`` (RFC 7643 §4.2).
MEMBER_FIELDS: dict[ValueField, Attribute] = {
    ValueField.VALUE: Attribute("member_id", case_exact=True),
    ValueField.TYPE: Attribute("member_type"),
}


@dataclass(frozen=True)
class Operand:
    """A column ready to compare, with the rules that apply to it."""

    column: ColumnElement[Any]
    attribute: Attribute
    #: The lower-cased, indexed copy, when there is one.
    key: ColumnElement[Any] | None


def _operand(table: Any, attribute: Attribute) -> Operand:
    key = table.c[attribute.key] if attribute.key else None
    return Operand(table.c[attribute.column], attribute, key)


def user_operand(field: UserField) -> Operand:
    return _operand(users, USER_FIELDS[field])


def group_operand(field: GroupField) -> Operand:
    return _operand(groups, GROUP_FIELDS[field])


def value_operand(field: ValueField) -> Operand:
    return _operand(user_values, VALUE_FIELDS[field])


def member_operand(field: ValueField) -> Operand:
    if field not in MEMBER_FIELDS:
        raise KeyError(field)
    return _operand(memberships, MEMBER_FIELDS[field])


def sort_key(operand: Operand) -> ColumnElement[Any]:
    """The expression to order by: case-insensitive strings by their key."""
    if operand.attribute.kind is not Kind.STRING or operand.attribute.case_exact:
        return operand.column
    if operand.key is not None:
        return operand.key
    return func.lower(operand.column)
