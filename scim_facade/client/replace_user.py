from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorCode
from .fragments import UserParts


class ReplaceUser(BaseModel):
    replace_user: Union[
        "ReplaceUserReplaceUserUserPayload",
        "ReplaceUserReplaceUserNotFoundError",
        "ReplaceUserReplaceUserUniquenessConflictError",
        "ReplaceUserReplaceUserValidationError",
        "ReplaceUserReplaceUserVersionMismatchError",
        "ReplaceUserReplaceUserNoTargetError",
    ] = Field(alias="replaceUser", discriminator="typename__")


class ReplaceUserReplaceUserUserPayload(BaseModel):
    typename__: Literal["UserPayload"] = Field(alias="__typename")
    user: "ReplaceUserReplaceUserUserPayloadUser"


ReplaceUserReplaceUserUserPayloadUser = UserParts


class ReplaceUserReplaceUserNotFoundError(BaseModel):
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class ReplaceUserReplaceUserUniquenessConflictError(BaseModel):
    typename__: Literal["UniquenessConflictError"] = Field(alias="__typename")
    typename__: Literal["UniquenessConflictError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class ReplaceUserReplaceUserValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class ReplaceUserReplaceUserVersionMismatchError(BaseModel):
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class ReplaceUserReplaceUserNoTargetError(BaseModel):
    typename__: Literal["NoTargetError"] = Field(alias="__typename")
    typename__: Literal["NoTargetError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


ReplaceUser.model_rebuild()
ReplaceUserReplaceUserUserPayload.model_rebuild()
