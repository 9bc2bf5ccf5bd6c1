from typing import Optional

from .base_model import BaseModel
from .fragments import MemberPage


class GroupMembers(BaseModel):
    group: Optional["GroupMembersGroup"]


class GroupMembersGroup(BaseModel):
    members: "GroupMembersGroupMembers"


GroupMembersGroupMembers = MemberPage
GroupMembers.model_rebuild()
GroupMembersGroup.model_rebuild()
