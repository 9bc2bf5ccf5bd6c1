from datetime import datetime
from typing import Any, Optional

from pydantic import Field

from .base_model import BaseModel
from .enums import (
    FilterOp,
    GroupField,
    MemberType,
    Scope,
    SortDirection,
    UserField,
    ValueAttribute,
    ValueField,
)


class CustomCondition(BaseModel):
    """Compare a custom attribute."""

    key: str
    op: FilterOp
    value: Optional["FilterValue"] = None


class EnterpriseUserInput(BaseModel):
    """Enterprise User extension (RFC 7643 §4.3)."""

    employee_number: Optional[str] = Field(alias="employeeNumber", default=None)
    cost_center: Optional[str] = Field(alias="costCenter", default=None)
    organization: Optional[str] = None
    division: Optional[str] = None
    department: Optional[str] = None
    manager: Optional[str] = None
    "The manager's user id."


class FilterValue(BaseModel):
    """A literal to compare with; omit for null."""

    string: Optional[str] = None
    boolean: Optional[bool] = None
    int_: Optional[int] = Field(alias="int", default=None)
    float_: Optional[float] = Field(alias="float", default=None)
    date_time: Optional[datetime] = Field(alias="dateTime", default=None)


class GroupFieldCondition(BaseModel):
    """Compare a single-valued group attribute."""

    field: GroupField
    op: FilterOp
    value: Optional["FilterValue"] = None


class GroupFilter(BaseModel):
    """A condition on groups."""

    and_: Optional[list["GroupFilter"]] = Field(alias="and", default=None)
    or_: Optional[list["GroupFilter"]] = Field(alias="or", default=None)
    not_: Optional["GroupFilter"] = Field(alias="not", default=None)
    attribute: Optional["GroupFieldCondition"] = None
    members: Optional["MembersCondition"] = None
    custom: Optional["CustomCondition"] = None


class GroupInput(BaseModel):
    """A whole group, as created or replaced."""

    display_name: str = Field(alias="displayName")
    external_id: Optional[str] = Field(alias="externalId", default=None)
    members: Optional[list["MemberInput"]] = None
    custom_attributes: Optional[Any] = Field(alias="customAttributes", default=None)


class GroupOperationInput(BaseModel):
    """One step of a group update."""

    set_: Optional["GroupPatchInput"] = Field(alias="set", default=None)
    add_members: Optional[list["MemberInput"]] = Field(alias="addMembers", default=None)
    remove_members: Optional[list[str]] = Field(alias="removeMembers", default=None)
    remove_all_members: Optional[bool] = Field(alias="removeAllMembers", default=None)
    replace_members: Optional[list["MemberInput"]] = Field(
        alias="replaceMembers", default=None
    )
    set_custom_attributes: Optional[Any] = Field(
        alias="setCustomAttributes", default=None
    )
    replace_custom_attributes: Optional[Any] = Field(
        alias="replaceCustomAttributes", default=None
    )


class GroupOrder(BaseModel):
    field: GroupField
    direction: SortDirection = SortDirection.ASC


class GroupPatchInput(BaseModel):
    """Group attributes to set; a null externalId clears it."""

    display_name: Optional[str] = Field(alias="displayName", default=None)
    external_id: Optional[str] = Field(alias="externalId", default=None)


class MemberInput(BaseModel):
    """A member to add: a user or group id."""

    id: str
    type_: Optional[MemberType] = Field(alias="type", default=None)
    "Checked when given; looked up when not."


class MembersCondition(BaseModel):
    """Some member matches `where` (sub-fields VALUE, TYPE)."""

    where: Optional["ValueFilter"] = None


class NameInput(BaseModel):
    formatted: Optional[str] = None
    family_name: Optional[str] = Field(alias="familyName", default=None)
    given_name: Optional[str] = Field(alias="givenName", default=None)
    middle_name: Optional[str] = Field(alias="middleName", default=None)
    honorific_prefix: Optional[str] = Field(alias="honorificPrefix", default=None)
    honorific_suffix: Optional[str] = Field(alias="honorificSuffix", default=None)


class SubCondition(BaseModel):
    """Compare a sub-attribute of a multi-valued attribute."""

    field: ValueField
    op: FilterOp
    value: Optional["FilterValue"] = None


class TokenInput(BaseModel):
    name: str
    scopes: list[Scope]
    expires_at: Optional[datetime] = Field(alias="expiresAt", default=None)


class UserFieldCondition(BaseModel):
    """Compare a single-valued user attribute."""

    field: UserField
    op: FilterOp
    value: Optional["FilterValue"] = None


class UserFilter(BaseModel):
    """A condition on users."""

    and_: Optional[list["UserFilter"]] = Field(alias="and", default=None)
    or_: Optional[list["UserFilter"]] = Field(alias="or", default=None)
    not_: Optional["UserFilter"] = Field(alias="not", default=None)
    attribute: Optional["UserFieldCondition"] = None
    values: Optional["ValuesCondition"] = None
    custom: Optional["CustomCondition"] = None


class UserInput(BaseModel):
    """A whole user, as created or replaced."""

    user_name: str = Field(alias="userName")
    external_id: Optional[str] = Field(alias="externalId", default=None)
    display_name: Optional[str] = Field(alias="displayName", default=None)
    nick_name: Optional[str] = Field(alias="nickName", default=None)
    profile_url: Optional[str] = Field(alias="profileUrl", default=None)
    title: Optional[str] = None
    user_type: Optional[str] = Field(alias="userType", default=None)
    preferred_language: Optional[str] = Field(alias="preferredLanguage", default=None)
    locale: Optional[str] = None
    timezone: Optional[str] = None
    active: Optional[bool] = None
    name: Optional["NameInput"] = None
    enterprise: Optional["EnterpriseUserInput"] = None
    password: Optional[str] = None
    "Write-only; stored as a slow hash."
    emails: Optional[list["ValueInput"]] = None
    phone_numbers: Optional[list["ValueInput"]] = Field(
        alias="phoneNumbers", default=None
    )
    ims: Optional[list["ValueInput"]] = None
    photos: Optional[list["ValueInput"]] = None
    addresses: Optional[list["ValueInput"]] = None
    entitlements: Optional[list["ValueInput"]] = None
    roles: Optional[list["ValueInput"]] = None
    x_509_certificates: Optional[list["ValueInput"]] = Field(
        alias="x509Certificates", default=None
    )
    custom_attributes: Optional[Any] = Field(alias="customAttributes", default=None)


class UserOperationInput(BaseModel):
    """One step of a user update."""

    set_: Optional["UserPatchInput"] = Field(alias="set", default=None)
    unset: Optional[list[UserField]] = None
    set_password: Optional[str] = Field(alias="setPassword", default=None)
    add_values: Optional["ValuesInput"] = Field(alias="addValues", default=None)
    replace_values: Optional["ValuesInput"] = Field(alias="replaceValues", default=None)
    remove_values: Optional["ValueSelectionInput"] = Field(
        alias="removeValues", default=None
    )
    update_values: Optional["ValueChangeInput"] = Field(
        alias="updateValues", default=None
    )
    set_custom_attributes: Optional[Any] = Field(
        alias="setCustomAttributes", default=None
    )
    "Merged in; a null value removes its key."
    replace_custom_attributes: Optional[Any] = Field(
        alias="replaceCustomAttributes", default=None
    )


class UserOrder(BaseModel):
    field: UserField
    direction: SortDirection = SortDirection.ASC


class UserPatchInput(BaseModel):
    """Single-valued user attributes to set; null clears one."""

    user_name: Optional[str] = Field(alias="userName", default=None)
    external_id: Optional[str] = Field(alias="externalId", default=None)
    display_name: Optional[str] = Field(alias="displayName", default=None)
    nick_name: Optional[str] = Field(alias="nickName", default=None)
    profile_url: Optional[str] = Field(alias="profileUrl", default=None)
    title: Optional[str] = None
    user_type: Optional[str] = Field(alias="userType", default=None)
    preferred_language: Optional[str] = Field(alias="preferredLanguage", default=None)
    locale: Optional[str] = None
    timezone: Optional[str] = None
    active: Optional[bool] = None
    name: Optional["NameInput"] = None
    enterprise: Optional["EnterpriseUserInput"] = None


class ValueChangeInput(BaseModel):
    """Set sub-attributes of the values that match `where` (all without it); fails with NO_TARGET when `where` matches none."""

    attribute: ValueAttribute
    set_: "ValueInput" = Field(alias="set")
    where: Optional["ValueFilter"] = None
    or_add: Optional["ValueInput"] = Field(alias="orAdd", default=None)
    "Added instead when `where` matches no value, rather than failing with NO_TARGET."


class ValueFilter(BaseModel):
    """A condition on one value."""

    and_: Optional[list["ValueFilter"]] = Field(alias="and", default=None)
    or_: Optional[list["ValueFilter"]] = Field(alias="or", default=None)
    not_: Optional["ValueFilter"] = Field(alias="not", default=None)
    compare: Optional["SubCondition"] = None


class ValueInput(BaseModel):
    """A value of a multi-valued attribute; addresses use the address parts instead of `value`."""

    value: Optional[str] = None
    type_: Optional[str] = Field(alias="type", default=None)
    primary: Optional[bool] = None
    display: Optional[str] = None
    formatted: Optional[str] = None
    street_address: Optional[str] = Field(alias="streetAddress", default=None)
    locality: Optional[str] = None
    region: Optional[str] = None
    postal_code: Optional[str] = Field(alias="postalCode", default=None)
    country: Optional[str] = None


class ValueSelectionInput(BaseModel):
    """The values of an attribute that match `where`; all of them without `where`."""

    attribute: ValueAttribute
    where: Optional["ValueFilter"] = None


class ValuesCondition(BaseModel):
    """Some value of a multi-valued attribute matches `where`; without `where`, the attribute has a value (SCIM `pr`)."""

    attribute: ValueAttribute
    where: Optional["ValueFilter"] = None


class ValuesInput(BaseModel):
    """Values of one multi-valued attribute."""

    attribute: ValueAttribute
    values: list["ValueInput"]


CustomCondition.model_rebuild()
GroupFieldCondition.model_rebuild()
GroupFilter.model_rebuild()
GroupInput.model_rebuild()
GroupOperationInput.model_rebuild()
MembersCondition.model_rebuild()
SubCondition.model_rebuild()
UserFieldCondition.model_rebuild()
UserFilter.model_rebuild()
UserInput.model_rebuild()
UserOperationInput.model_rebuild()
UserPatchInput.model_rebuild()
ValueChangeInput.model_rebuild()
ValueFilter.model_rebuild()
ValueSelectionInput.model_rebuild()
ValuesCondition.model_rebuild()
ValuesInput.model_rebuild()
