from typing import Optional

from .base_model import BaseModel
from .fragments import UserParts


class GetUser(BaseModel):
    user: Optional["GetUserUser"]


GetUserUser = UserParts
GetUser.model_rebuild()
