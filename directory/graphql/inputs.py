"""Mutation inputs, and their translation to the domain's drafts and
operations. In ``*PatchInput`` types an absent field is left alone and an
explicit null clears the attribute."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from ..domain import groups as group_domain
from ..domain import users as user_domain
from ..domain.attributes import GroupField, UserField, ValueAttribute, ValueField
from ..domain.memberships import MemberRef
from ..domain.tokens import Scope
from ..domain.values import Value
from .errors import BAD_USER_INPUT, ApiError
from .filters import ValueFilter, value_filter
from .types import MemberType

UNSET: Any = strawberry.UNSET
strawberry.enum(
    Scope,
    name="Scope",
    description="SCIM: provisioning; DIRECTORY_READ/WRITE: the API; AUDIT_READ: "
    "events; ADMIN: everything, tokens included.",
)


@strawberry.input(
    description="A value of a multi-valued attribute; addresses use the address "
    "parts instead of `value`."
)
class ValueInput:
    value: str | None = UNSET
    type: str | None = UNSET
    primary: bool | None = UNSET
    display: str | None = UNSET
    formatted: str | None = UNSET
    street_address: str | None = UNSET
    locality: str | None = UNSET
    region: str | None = UNSET
    postal_code: str | None = UNSET
    country: str | None = UNSET


@strawberry.input
class NameInput:
    formatted: str | None = UNSET
    family_name: str | None = UNSET
    given_name: str | None = UNSET
    middle_name: str | None = UNSET
    honorific_prefix: str | None = UNSET
    honorific_suffix: str | None = UNSET


@strawberry.input(description="Enterprise User extension (RFC 7643 §4.3).")
class EnterpriseUserInput:
    employee_number: str | None = UNSET
    cost_center: str | None = UNSET
    organization: str | None = UNSET
    division: str | None = UNSET
    department: str | None = UNSET
    manager: str | None = strawberry.field(
        default=UNSET, description="The manager's user id."
    )


SIMPLE_FIELDS = {
    "user_name": UserField.USER_NAME,
    "external_id": UserField.EXTERNAL_ID,
    "display_name": UserField.DISPLAY_NAME,
    "nick_name": UserField.NICK_NAME,
    "profile_url": UserField.PROFILE_URL,
    "title": UserField.TITLE,
    "user_type": UserField.USER_TYPE,
    "preferred_language": UserField.PREFERRED_LANGUAGE,
    "locale": UserField.LOCALE,
    "timezone": UserField.TIMEZONE,
    "active": UserField.ACTIVE,
}
NAME_FIELDS = {
    "formatted": UserField.NAME_FORMATTED,
    "family_name": UserField.NAME_FAMILY_NAME,
    "given_name": UserField.NAME_GIVEN_NAME,
    "middle_name": UserField.NAME_MIDDLE_NAME,
    "honorific_prefix": UserField.NAME_HONORIFIC_PREFIX,
    "honorific_suffix": UserField.NAME_HONORIFIC_SUFFIX,
}
ENTERPRISE_FIELDS = {
    "employee_number": UserField.EMPLOYEE_NUMBER,
    "cost_center": UserField.COST_CENTER,
    "organization": UserField.ORGANIZATION,
    "division": UserField.DIVISION,
    "department": UserField.DEPARTMENT,
    "manager": UserField.MANAGER,
}
VALUE_LISTS = {
    "emails": ValueAttribute.EMAILS,
    "phone_numbers": ValueAttribute.PHONE_NUMBERS,
    "ims": ValueAttribute.IMS,
    "photos": ValueAttribute.PHOTOS,
    "addresses": ValueAttribute.ADDRESSES,
    "entitlements": ValueAttribute.ENTITLEMENTS,
    "roles": ValueAttribute.ROLES,
    "x509_certificates": ValueAttribute.X509_CERTIFICATES,
}
VALUE_FIELDS = {field.name.lower(): field for field in ValueField}


@strawberry.input(description="Single-valued user attributes to set; null clears one.")
class UserPatchInput:
    user_name: str | None = UNSET
    external_id: str | None = UNSET
    display_name: str | None = UNSET
    nick_name: str | None = UNSET
    profile_url: str | None = UNSET
    title: str | None = UNSET
    user_type: str | None = UNSET
    preferred_language: str | None = UNSET
    locale: str | None = UNSET
    timezone: str | None = UNSET
    active: bool | None = UNSET
    name: NameInput | None = UNSET
    enterprise: EnterpriseUserInput | None = UNSET


@strawberry.input(description="A whole user, as created or replaced.")
class UserInput(UserPatchInput):
    user_name: str
    password: str | None = strawberry.field(
        default=UNSET, description="Write-only; stored as a slow hash."
    )
    emails: list[ValueInput] | None = UNSET
    phone_numbers: list[ValueInput] | None = UNSET
    ims: list[ValueInput] | None = UNSET
    photos: list[ValueInput] | None = UNSET
    addresses: list[ValueInput] | None = UNSET
    entitlements: list[ValueInput] | None = UNSET
    roles: list[ValueInput] | None = UNSET
    x509_certificates: list[ValueInput] | None = UNSET
    custom_attributes: JSON | None = UNSET


def _given(source: object, names: Mapping[str, UserField]) -> dict[UserField, Any]:
    return {
        field: getattr(source, name)
        for name, field in names.items()
        if getattr(source, name) is not UNSET
    }


def _fields(source: UserInput | UserPatchInput, *, patch: bool) -> dict[UserField, Any]:
    fields = _given(source, SIMPLE_FIELDS)
    if fields.get(UserField.ACTIVE, UNSET) is None and not patch:
        del fields[UserField.ACTIVE]
    for part, names in (("name", NAME_FIELDS), ("enterprise", ENTERPRISE_FIELDS)):
        nested = getattr(source, part)
        if nested is None and patch:
            fields.update(dict.fromkeys(names.values()))
        elif nested is not UNSET and nested is not None:
            fields.update(_given(nested, names))
    if fields.get(UserField.ACTIVE, False) is None:
        raise ApiError("active cannot be null", BAD_USER_INPUT)
    return fields


def to_value(item: ValueInput) -> Value:
    given = {
        name: content
        for name, content in vars(item).items()
        if content is not UNSET and content is not None
    }
    return Value(**given)


def _custom(content: object) -> dict[str, Any]:
    if content is UNSET or content is None:
        return {}
    if not isinstance(content, dict):
        raise ApiError("customAttributes must be an object", BAD_USER_INPUT)
    return content


def user_draft(source: UserInput) -> user_domain.UserDraft:
    values = {
        attribute: [to_value(item) for item in getattr(source, name)]
        for name, attribute in VALUE_LISTS.items()
        if getattr(source, name) not in (UNSET, None)
    }
    password = None if source.password is UNSET else source.password
    return user_domain.UserDraft(
        fields=_fields(source, patch=False),
        values=values,
        custom=_custom(source.custom_attributes),
        password=password,
    )


@strawberry.input(description="Values of one multi-valued attribute.")
class ValuesInput:
    attribute: ValueAttribute
    values: list[ValueInput]


@strawberry.input(
    description="The values of an attribute that match `where`; all of them "
    "without `where`."
)
class ValueSelectionInput:
    attribute: ValueAttribute
    where: ValueFilter | None = None


@strawberry.input(
    description="Set sub-attributes of the values that match `where` (all without "
    "it); fails with NO_TARGET when `where` matches none."
)
class ValueChangeInput:
    attribute: ValueAttribute
    set: ValueInput
    where: ValueFilter | None = None
    or_add: ValueInput | None = strawberry.field(
        default=None,
        description="Added instead when `where` matches no value, rather than "
        "failing with NO_TARGET.",
    )


@strawberry.input(one_of=True, description="One step of a user update.")
class UserOperationInput:
    set: UserPatchInput | None = UNSET
    unset: list[UserField] | None = UNSET
    set_password: str | None = UNSET
    add_values: ValuesInput | None = UNSET
    replace_values: ValuesInput | None = UNSET
    remove_values: ValueSelectionInput | None = UNSET
    update_values: ValueChangeInput | None = UNSET
    set_custom_attributes: JSON | None = strawberry.field(
        default=UNSET, description="Merged in; a null value removes its key."
    )
    replace_custom_attributes: JSON | None = UNSET


def _where(where: ValueFilter | None) -> Any:
    return None if where is None else value_filter(where)


def user_operation(op: UserOperationInput) -> user_domain.UserOperation:
    if op.set not in (UNSET, None):
        return user_domain.SetFields(_fields(op.set, patch=True))
    if op.unset not in (UNSET, None):
        return user_domain.SetFields(dict.fromkeys(op.unset))
    if op.set_password not in (UNSET, None):
        return user_domain.SetPassword(op.set_password)
    if op.add_values not in (UNSET, None):
        values = [to_value(item) for item in op.add_values.values]
        return user_domain.AddValues(op.add_values.attribute, values)
    if op.replace_values not in (UNSET, None):
        values = [to_value(item) for item in op.replace_values.values]
        return user_domain.ReplaceValues(op.replace_values.attribute, values)
    if op.remove_values not in (UNSET, None):
        selection = op.remove_values
        return user_domain.RemoveValues(selection.attribute, _where(selection.where))
    if op.update_values not in (UNSET, None):
        change = op.update_values
        changes = {
            VALUE_FIELDS[name]: content
            for name, content in vars(change.set).items()
            if content is not UNSET
        }
        fallback = None if change.or_add is None else to_value(change.or_add)
        return user_domain.UpdateValues(
            change.attribute, changes, _where(change.where), fallback
        )
    if op.set_custom_attributes is not UNSET:
        return user_domain.SetCustom(_custom(op.set_custom_attributes))
    if op.replace_custom_attributes is not UNSET:
        return user_domain.SetCustom(
            _custom(op.replace_custom_attributes), replace=True
        )
    raise ApiError("an operation needs one of its fields", BAD_USER_INPUT)


@strawberry.input(description="A member to add: a user or group id.")
class MemberInput:
    id: strawberry.ID
    type: MemberType | None = strawberry.field(
        default=None, description="Checked when given; looked up when not."
    )


def member_refs(members: list[MemberInput]) -> list[MemberRef]:
    return [
        MemberRef(str(member.id), None if member.type is None else member.type.value)
        for member in members
    ]


@strawberry.input(description="A whole group, as created or replaced.")
class GroupInput:
    display_name: str
    external_id: str | None = None
    members: list[MemberInput] | None = None
    custom_attributes: JSON | None = None


def group_draft(source: GroupInput) -> group_domain.GroupDraft:
    return group_domain.GroupDraft(
        display_name=source.display_name,
        external_id=source.external_id,
        members=member_refs(source.members or []),
        custom=_custom(source.custom_attributes),
    )


@strawberry.input(description="Group attributes to set; a null externalId clears it.")
class GroupPatchInput:
    display_name: str | None = UNSET
    external_id: str | None = UNSET


@strawberry.input(one_of=True, description="One step of a group update.")
class GroupOperationInput:
    set: GroupPatchInput | None = UNSET
    add_members: list[MemberInput] | None = UNSET
    remove_members: list[strawberry.ID] | None = UNSET
    remove_all_members: bool | None = UNSET
    replace_members: list[MemberInput] | None = UNSET
    set_custom_attributes: JSON | None = UNSET
    replace_custom_attributes: JSON | None = UNSET


def group_operation(op: GroupOperationInput) -> group_domain.GroupOperation:
    if op.set not in (UNSET, None):
        fields = {}
        if op.set.display_name is not UNSET:
            fields[GroupField.DISPLAY_NAME] = op.set.display_name
        if op.set.external_id is not UNSET:
            fields[GroupField.EXTERNAL_ID] = op.set.external_id
        return group_domain.SetGroupFields(fields)
    if op.add_members not in (UNSET, None):
        return group_domain.AddMembers(member_refs(op.add_members))
    if op.remove_members not in (UNSET, None):
        return group_domain.RemoveMembers([str(m) for m in op.remove_members])
    if op.remove_all_members:
        return group_domain.RemoveMembers(None)
    if op.replace_members not in (UNSET, None):
        return group_domain.ReplaceMembers(member_refs(op.replace_members))
    if op.set_custom_attributes is not UNSET:
        return group_domain.SetGroupCustom(_custom(op.set_custom_attributes))
    if op.replace_custom_attributes is not UNSET:
        return group_domain.SetGroupCustom(
            _custom(op.replace_custom_attributes), replace=True
        )
    raise ApiError("an operation needs one of its fields", BAD_USER_INPUT)


@strawberry.input
class TokenInput:
    name: str
    scopes: list[Scope]
    expires_at: datetime | None = None
