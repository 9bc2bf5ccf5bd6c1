from typing import Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorCode
from .fragments import (
    GroupParts,
    GroupPartsMeta,  # noqa: F401
    MemberPage,
)


class CreateGroup(BaseModel):
    create_group: Union[
        "CreateGroupCreateGroupGroupPayload",
        "CreateGroupCreateGroupNotFoundError",
        "CreateGroupCreateGroupValidationError",
        "CreateGroupCreateGroupVersionMismatchError",
        "CreateGroupCreateGroupMembershipCycleError",
    ] = Field(alias="createGroup", discriminator="typename__")


class CreateGroupCreateGroupGroupPayload(BaseModel):
    typename__: Literal["GroupPayload"] = Field(alias="__typename")
    group: "CreateGroupCreateGroupGroupPayloadGroup"


class CreateGroupCreateGroupGroupPayloadGroup(GroupParts):
    members: Optional["CreateGroupCreateGroupGroupPayloadGroupMembers"] = None


CreateGroupCreateGroupGroupPayloadGroupMembers = MemberPage


class CreateGroupCreateGroupNotFoundError(BaseModel):
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class CreateGroupCreateGroupValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class CreateGroupCreateGroupVersionMismatchError(BaseModel):
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class CreateGroupCreateGroupMembershipCycleError(BaseModel):
    typename__: Literal["MembershipCycleError"] = Field(alias="__typename")
    typename__: Literal["MembershipCycleError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


CreateGroup.model_rebuild()
CreateGroupCreateGroupGroupPayload.model_rebuild()
CreateGroupCreateGroupGroupPayloadGroup.model_rebuild()
