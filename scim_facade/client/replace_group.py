from typing import Literal, Optional, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorCode
from .fragments import (
    GroupParts,
    GroupPartsMeta,  # noqa: F401
    MemberPage,
)


class ReplaceGroup(BaseModel):
    replace_group: Union[
        "ReplaceGroupReplaceGroupGroupPayload",
        "ReplaceGroupReplaceGroupNotFoundError",
        "ReplaceGroupReplaceGroupValidationError",
        "ReplaceGroupReplaceGroupVersionMismatchError",
        "ReplaceGroupReplaceGroupMembershipCycleError",
    ] = Field(alias="replaceGroup", discriminator="typename__")


class ReplaceGroupReplaceGroupGroupPayload(BaseModel):
    typename__: Literal["GroupPayload"] = Field(alias="__typename")
    group: "ReplaceGroupReplaceGroupGroupPayloadGroup"


class ReplaceGroupReplaceGroupGroupPayloadGroup(GroupParts):
    members: Optional["ReplaceGroupReplaceGroupGroupPayloadGroupMembers"] = None


ReplaceGroupReplaceGroupGroupPayloadGroupMembers = MemberPage


class ReplaceGroupReplaceGroupNotFoundError(BaseModel):
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class ReplaceGroupReplaceGroupValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class ReplaceGroupReplaceGroupVersionMismatchError(BaseModel):
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class ReplaceGroupReplaceGroupMembershipCycleError(BaseModel):
    typename__: Literal["MembershipCycleError"] = Field(alias="__typename")
    typename__: Literal["MembershipCycleError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


ReplaceGroup.model_rebuild()
ReplaceGroupReplaceGroupGroupPayload.model_rebuild()
ReplaceGroupReplaceGroupGroupPayloadGroup.model_rebuild()
