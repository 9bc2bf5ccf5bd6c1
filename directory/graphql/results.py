"""Mutation results: a success payload or one of the expected failures.

Every failure type implements ``Error`` with a stable ``code`` and a
readable ``message``, plus the details a client needs to react (the field
that conflicts, the path that is invalid, the current version).
"""

from enum import Enum
from typing import Annotated

import strawberry

from ..domain import errors
from .types import Group, User


@strawberry.enum
class ErrorCode(Enum):
    NOT_FOUND = errors.NotFound.code
    UNIQUENESS_CONFLICT = errors.UniquenessConflict.code
    VALIDATION_FAILED = errors.ValidationFailed.code
    VERSION_MISMATCH = errors.VersionMismatch.code
    MEMBERSHIP_CYCLE = errors.MembershipCycle.code
    NO_TARGET = errors.NoTarget.code


@strawberry.interface(description="An expected failure of a mutation.")
class Error:
    code: ErrorCode
    message: str


@strawberry.type
class NotFoundError(Error):
    resource_type: str
    resource_id: str


@strawberry.type
class UniquenessConflictError(Error):
    field: str = strawberry.field(description="The attribute whose value is taken.")
    value: str


@strawberry.type
class ValidationError(Error):
    path: str = strawberry.field(description="The attribute path that is invalid.")
    reason: str


@strawberry.type
class VersionMismatchError(Error):
    resource_id: str
    expected_version: int
    actual_version: int


@strawberry.type
class MembershipCycleError(Error):
    group_id: str
    member_id: str


@strawberry.type
class NoTargetError(Error):
    path: str


def failure(error: errors.DirectoryError) -> Error:
    """The schema type for an expected failure."""
    code = ErrorCode(error.code)
    message = error.message
    if isinstance(error, errors.NotFound):
        return NotFoundError(
            code=code,
            message=message,
            resource_type=error.resource_type,
            resource_id=error.resource_id,
        )
    if isinstance(error, errors.UniquenessConflict):
        return UniquenessConflictError(
            code=code, message=message, field=error.field, value=error.value
        )
    if isinstance(error, errors.ValidationFailed):
        return ValidationError(
            code=code, message=message, path=error.path, reason=error.reason
        )
    if isinstance(error, errors.VersionMismatch):
        return VersionMismatchError(
            code=code,
            message=message,
            resource_id=error.resource_id,
            expected_version=error.expected,
            actual_version=error.actual,
        )
    if isinstance(error, errors.MembershipCycle):
        return MembershipCycleError(
            code=code,
            message=message,
            group_id=error.group_id,
            member_id=error.member_id,
        )
    if isinstance(error, errors.NoTarget):
        return NoTargetError(code=code, message=message, path=error.path)
    raise error


@strawberry.type
class UserPayload:
    user: User


@strawberry.type
class GroupPayload:
    group: Group


@strawberry.type
class DeletePayload:
    id: strawberry.ID


@strawberry.type
class GrantPayload:
    group: Group
    changed: bool = strawberry.field(
        description="False when the grant already was as asked."
    )


UserResult = Annotated[
    UserPayload
    | NotFoundError
    | UniquenessConflictError
    | ValidationError
    | VersionMismatchError
    | NoTargetError,
    strawberry.union("UserResult"),
]
GroupResult = Annotated[
    GroupPayload
    | NotFoundError
    | ValidationError
    | VersionMismatchError
    | MembershipCycleError,
    strawberry.union("GroupResult"),
]
DeleteResult = Annotated[
    DeletePayload | NotFoundError | VersionMismatchError,
    strawberry.union("DeleteResult"),
]
GrantResult = Annotated[
    GrantPayload | NotFoundError | ValidationError | VersionMismatchError,
    strawberry.union("GrantResult"),
]
