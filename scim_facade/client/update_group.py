from typing import Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorCode
from .fragments import (
    GroupParts,
    GroupPartsMeta,  # noqa: F401
    MemberPage,
)


class UpdateGroup(BaseModel):
    update_group: Union[
        "UpdateGroupUpdateGroupGroupPayload",
        "UpdateGroupUpdateGroupNotFoundError",
        "UpdateGroupUpdateGroupValidationError",
        "UpdateGroupUpdateGroupVersionMismatchError",
        "UpdateGroupUpdateGroupMembershipCycleError",
    ] = Field(alias="updateGroup", discriminator="typename__")


class UpdateGroupUpdateGroupGroupPayload(BaseModel):
    typename__: Literal["GroupPayload"] = Field(alias="__typename")
    group: "UpdateGroupUpdateGroupGroupPayloadGroup"


class UpdateGroupUpdateGroupGroupPayloadGroup(GroupParts):
    member_count: int = Field(alias="memberCount")
    members: Optional["UpdateGroupUpdateGroupGroupPayloadGroupMembers"] = None


UpdateGroupUpdateGroupGroupPayloadGroupMembers = MemberPage


class UpdateGroupUpdateGroupNotFoundError(BaseModel):
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class UpdateGroupUpdateGroupValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class UpdateGroupUpdateGroupVersionMismatchError(BaseModel):
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class UpdateGroupUpdateGroupMembershipCycleError(BaseModel):
    typename__: Literal["MembershipCycleError"] = Field(alias="__typename")
    typename__: Literal["MembershipCycleError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


UpdateGroup.model_rebuild()
UpdateGroupUpdateGroupGroupPayload.model_rebuild()
UpdateGroupUpdateGroupGroupPayloadGroup.model_rebuild()
