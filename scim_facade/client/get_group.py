from typing import Optional

from .base_model import BaseModel
from .fragments import (
    GroupParts,
    GroupPartsMeta,  # noqa: F401
    MemberPage,
)


class GetGroup(BaseModel):
    group: Optional["GetGroupGroup"]


class GetGroupGroup(GroupParts):
    members: Optional["GetGroupGroupMembers"] = None


GetGroupGroupMembers = MemberPage
GetGroup.model_rebuild()
GetGroupGroup.model_rebuild()
