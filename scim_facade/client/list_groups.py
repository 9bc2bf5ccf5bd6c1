from typing import Optional

from pydantic import Field

from .base_model import BaseModel
from .fragments import (
    GroupParts,
    GroupPartsMeta,  # noqa: F401
    MemberPage,
    Pages,
)


class ListGroups(BaseModel):
    groups: "ListGroupsGroups"


class ListGroupsGroups(BaseModel):
    total_count: int = Field(alias="totalCount")
    page_info: "ListGroupsGroupsPageInfo" = Field(alias="pageInfo")
    nodes: list["ListGroupsGroupsNodes"]


ListGroupsGroupsPageInfo = Pages


class ListGroupsGroupsNodes(GroupParts):
    members: Optional["ListGroupsGroupsNodesMembers"] = None


ListGroupsGroupsNodesMembers = MemberPage
ListGroups.model_rebuild()
ListGroupsGroups.model_rebuild()
ListGroupsGroupsNodes.model_rebuild()
