from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorCode
from .fragments import UserParts


class UpdateUser(BaseModel):
    update_user: Union[
        "UpdateUserUpdateUserUserPayload",
        "UpdateUserUpdateUserNotFoundError",
        "UpdateUserUpdateUserUniquenessConflictError",
        "UpdateUserUpdateUserValidationError",
        "UpdateUserUpdateUserVersionMismatchError",
        "UpdateUserUpdateUserNoTargetError",
    ] = Field(alias="updateUser", discriminator="typename__")


class UpdateUserUpdateUserUserPayload(BaseModel):
    typename__: Literal["UserPayload"] = Field(alias="__typename")
    user: "UpdateUserUpdateUserUserPayloadUser"


UpdateUserUpdateUserUserPayloadUser = UserParts


class UpdateUserUpdateUserNotFoundError(BaseModel):
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class UpdateUserUpdateUserUniquenessConflictError(BaseModel):
    typename__: Literal["UniquenessConflictError"] = Field(alias="__typename")
    typename__: Literal["UniquenessConflictError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class UpdateUserUpdateUserValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class UpdateUserUpdateUserVersionMismatchError(BaseModel):
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class UpdateUserUpdateUserNoTargetError(BaseModel):
    typename__: Literal["NoTargetError"] = Field(alias="__typename")
    typename__: Literal["NoTargetError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


UpdateUser.model_rebuild()
UpdateUserUpdateUserUserPayload.model_rebuild()
