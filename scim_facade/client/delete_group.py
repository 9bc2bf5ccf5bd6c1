from typing import Literal, Union

from pydantic import Field

from .base_model import BaseModel
from .enums import ErrorCode


class DeleteGroup(BaseModel):
    delete_group: Union[
        "DeleteGroupDeleteGroupDeletePayload",
        "DeleteGroupDeleteGroupNotFoundError",
        "DeleteGroupDeleteGroupVersionMismatchError",
    ] = Field(alias="deleteGroup", discriminator="typename__")


class DeleteGroupDeleteGroupDeletePayload(BaseModel):
    typename__: Literal["DeletePayload"] = Field(alias="__typename")


class DeleteGroupDeleteGroupNotFoundError(BaseModel):
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    typename__: Literal["NotFoundError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


class DeleteGroupDeleteGroupVersionMismatchError(BaseModel):
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    typename__: Literal["VersionMismatchError"] = Field(alias="__typename")
    code: ErrorCode
    message: str


DeleteGroup.model_rebuild()
