from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import (
    GroupParts,
    GroupPartsMeta,  # noqa: F401
    MemberPage,
)


class ListGroups(BaseModel):
    groups: "ListGroupsGroups"


class ListGroupsGroups(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "ListGroupsGroupsPageInfo" = Field(alias="pageInfo")
    nodes: list["ListGroupsGroupsNodes"]


class ListGroupsGroupsPageInfo(BaseModel):
    has_next_page: bool = Field(alias="hasNextPage")
    end_cursor: Optional[str] = Field(alias="endCursor")


class ListGroupsGroupsNodes(GroupParts):
    members: Optional["ListGroupsGroupsNodesMembers"] = None


ListGroupsGroupsNodesMembers = MemberPage
ListGroups.model_rebuild()
ListGroupsGroups.model_rebuild()
ListGroupsGroupsNodes.model_rebuild()
