from .base_model import BaseModel
from .enums import Scope


class Viewer(BaseModel):
    viewer: "ViewerViewer"


class ViewerViewer(BaseModel):
    name: str
    scopes: list[Scope]


Viewer.model_rebuild()
