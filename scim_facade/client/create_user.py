from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorCode
from .fragments import UserParts


class CreateUser(BaseModel):
    create_user: Union[
        "CreateUserCreateUserUserPayload",
        "CreateUserCreateUserNotFoundError",
        "CreateUserCreateUserUniquenessConflictError",
        "CreateUserCreateUserValidationError",
        "CreateUserCreateUserVersionMismatchError",
        "CreateUserCreateUserNoTargetError",
    ] = Field(alias="createUser", discriminator="typename__")


class CreateUserCreateUserUserPayload(BaseModel):
    typename__: Literal["UserPayload"] = Field(alias="__typename")
    user: "CreateUserCreateUserUserPayloadUser"


CreateUserCreateUserUserPayloadUser = UserParts


class CreateUserCreateUserNotFoundError(BaseModel):
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class CreateUserCreateUserUniquenessConflictError(BaseModel):
    typename__: Literal["UniquenessConflictError"] = Field(alias="__typename")
    typename__: Literal["UniquenessConflictError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class CreateUserCreateUserValidationError(BaseModel):
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    typename__: Literal["ValidationError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class CreateUserCreateUserVersionMismatchError(BaseModel):
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class CreateUserCreateUserNoTargetError(BaseModel):
    typename__: Literal["NoTargetError"] = Field(alias="__typename")
    typename__: Literal["NoTargetError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


CreateUser.model_rebuild()
CreateUserCreateUserUserPayload.model_rebuild()
