from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import UserParts


class ListUsers(BaseModel):
    users: "ListUsersUsers"


class ListUsersUsers(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "ListUsersUsersPageInfo" = Field(alias="pageInfo")
    nodes: list["ListUsersUsersNodes"]


class ListUsersUsersPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


ListUsersUsersNodes = UserParts
ListUsers.model_rebuild()
ListUsersUsers.model_rebuild()
