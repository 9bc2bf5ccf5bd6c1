from datetime import datetime
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel


class MetaParts(BaseModel):
    resource_type: str = Field(alias="resourceType")
    created: datetime
    last_modified: datetime = Field(alias="lastModified")
    version: int


class GroupParts(BaseModel):
    id: str
    display_name: str = Field(alias="displayName")
    external_id: Optional[str] = Field(alias="externalId")
    custom_attributes: Any = Field(alias="customAttributes")
    meta: "GroupPartsMeta"


class GroupPartsMeta(MetaParts):
    pass


class MemberPage(BaseModel):
    page_info: "MemberPagePageInfo" = Field(alias="pageInfo")
    nodes: list[
        Annotated[
            Union["MemberPageNodesUser", "MemberPageNodesGroup"],
            Field(discriminator="typename__"),
        ]
    ]


class MemberPagePageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class MemberPageNodesUser(BaseModel):
    typename__: Literal["User"] = Field(alias="__typename")
    id: str
    display_name: Optional[str] = Field(alias="displayName")
    user_name: str = Field(alias="userName")


class MemberPageNodesGroup(BaseModel):
    typename__: Literal["Group"] = Field(alias="__typename")
    id: str
    group_name: str = Field(alias="groupName")


class Pages(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    has_previous_page: bool = Field(alias="hasPreviousPage")
    start_cursor: Optional[str] = Field(alias="startCursor")
    end_cursor: Optional[str] = Field(alias="endCursor")


class ValueParts(BaseModel):
    value: Optional[str]
    type_: Optional[str] = Field(alias="type")
    primary: bool
    display: Optional[str]


class UserParts(BaseModel):
    id: str
    user_name: str = Field(alias="userName")
    external_id: Optional[str] = Field(alias="externalId")
    display_name: Optional[str] = Field(alias="displayName")
    nick_name: Optional[str] = Field(alias="nickName")
    profile_url: Optional[str] = Field(alias="profileUrl")
    title: Optional[str]
    user_type: Optional[str] = Field(alias="userType")
    preferred_language: Optional[str] = Field(alias="preferredLanguage")
    locale: Optional[str]
    timezone: Optional[str]
    active: bool
    name: Optional["UserPartsName"]
    emails: list["UserPartsEmails"]
    phone_numbers: list["UserPartsPhoneNumbers"] = Field(alias="phoneNumbers")
    ims: list["UserPartsIms"]
    photos: list["UserPartsPhotos"]
    entitlements: list["UserPartsEntitlements"]
    roles: list["UserPartsRoles"]
    x_509_certificates: list["UserPartsX509Certificates"] = Field(
        alias="x509Certificates"
    )
    addresses: list["UserPartsAddresses"]
    enterprise: Optional["UserPartsEnterprise"]
    member_of: list["UserPartsMemberOf"] = Field(alias="memberOf")
    transitive_member_of: list["UserPartsTransitiveMemberOf"] = Field(
        alias="transitiveMemberOf"
    )
    custom_attributes: Any = Field(alias="customAttributes")
    meta: "UserPartsMeta"


class UserPartsName(BaseModel):
    formatted: Optional[str]
    family_name: Optional[str] = Field(alias="familyName")
    given_name: Optional[str] = Field(alias="givenName")
    middle_name: Optional[str] = Field(alias="middleName")
    honorific_prefix: Optional[str] = Field(alias="honorificPrefix")
    honorific_suffix: Optional[str] = Field(alias="honorificSuffix")


class UserPartsEmails(ValueParts):
    pass


class UserPartsPhoneNumbers(ValueParts):
    pass


class UserPartsIms(ValueParts):
    pass


class UserPartsPhotos(ValueParts):
    pass


class UserPartsEntitlements(ValueParts):
    pass


class UserPartsRoles(ValueParts):
    pass


class UserPartsX509Certificates(ValueParts):
    pass


class UserPartsAddresses(BaseModel):
    formatted: Optional[str]
    street_address: Optional[str] = Field(alias="streetAddress")
    locality: Optional[str]
    region: Optional[str]
    postal_code: Optional[str] = Field(alias="postalCode")
    country: Optional[str]
    type_: Optional[str] = Field(alias="type")
    primary: bool


class UserPartsEnterprise(BaseModel):
    employee_number: Optional[str] = Field(alias="employeeNumber")
    cost_center: Optional[str] = Field(alias="costCenter")
    organization: Optional[str]
    division: Optional[str]
    department: Optional[str]
    manager: Optional["UserPartsEnterpriseManager"]


class UserPartsEnterpriseManager(BaseModel):
    value: str
    display_name: Optional[str] = Field(alias="displayName")


class UserPartsMemberOf(BaseModel):
    id: str
    display_name: str = Field(alias="displayName")


class UserPartsTransitiveMemberOf(BaseModel):
    id: str
    display_name: str = Field(alias="displayName")


class UserPartsMeta(MetaParts):
    pass


MetaParts.model_rebuild()
GroupParts.model_rebuild()
MemberPage.model_rebuild()
Pages.model_rebuild()
ValueParts.model_rebuild()
UserParts.model_rebuild()
