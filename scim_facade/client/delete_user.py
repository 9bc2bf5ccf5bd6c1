from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorCode


class DeleteUser(BaseModel):
    delete_user: Union[
        "DeleteUserDeleteUserDeletePayload",
        "DeleteUserDeleteUserNotFoundError",
        "DeleteUserDeleteUserVersionMismatchError",
    ] = Field(alias="deleteUser", discriminator="typename__")


class DeleteUserDeleteUserDeletePayload(BaseModel):
    typename__: Literal["DeletePayload"] = Field(alias="__typename")


class DeleteUserDeleteUserNotFoundError(BaseModel):
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class DeleteUserDeleteUserVersionMismatchError(BaseModel):
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


DeleteUser.model_rebuild()
