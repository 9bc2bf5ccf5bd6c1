from pydantic import Field

from .base_model import BaseModel
from .fragments import Pages, UserParts


class ListUsers(BaseModel):
    users: "ListUsersUsers"


class ListUsersUsers(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "ListUsersUsersPageInfo" = Field(alias="pageInfo")
    nodes: list["ListUsersUsersNodes"]


ListUsersUsersPageInfo = Pages
ListUsersUsersNodes = UserParts
ListUsers.model_rebuild()
ListUsersUsers.model_rebuild()
