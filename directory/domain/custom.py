"""Custom attributes: one JSON object per user or group.

Names are restricted so that they are safe in JSON paths on both databases
and cannot collide with SCIM attribute paths.
"""

from collections.abc import Mapping
from typing import Any

import orjson

from .errors import ValidationFailed
from .filters import CUSTOM_KEY

PATH = "customAttributes"
MAX_KEYS = 200
MAX_BYTES = 65_536


def validate(custom: Mapping[Any, Any]) -> dict[str, Any]:
    """A copy of ``custom``, or :class:`ValidationFailed` naming the key."""
    if len(custom) > MAX_KEYS:
        raise ValidationFailed(PATH, f"more than {MAX_KEYS} keys")
    for key in custom:
        if not CUSTOM_KEY.match(key):
            raise ValidationFailed(f"{PATH}.{key}", "is not a valid name")
    if len(orjson.dumps(dict(custom))) > MAX_BYTES:
        raise ValidationFailed(PATH, f"larger than {MAX_BYTES} bytes")
    return dict(custom)


def merge(custom: Mapping[Any, Any], changes: Mapping[Any, Any]) -> dict[str, Any]:
    """``custom`` with ``changes`` applied; a None value removes its key."""
    merged = dict(custom)
    for key, content in validate(changes).items():
        if content is None:
            merged.pop(key, None)
        else:
            merged[key] = content
    return validate(merged)
