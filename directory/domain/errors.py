"""The directory's expected failures.

Each carries a stable ``code``. Mutations turn them into result types of
the GraphQL schema; queries turn them into GraphQL errors whose
``extensions.code`` is the same string. Anything else that escapes is a bug,
masked for clients and logged once.
"""

from typing import ClassVar


class DirectoryError(Exception):
    """Base of every failure a client can cause."""

    code: ClassVar[str] = "DIRECTORY_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DirectoryError):
    code = "NOT_FOUND"

    def __init__(self, resource_type: str, resource_id: str) -> None:
        super().__init__(f"{resource_type} {resource_id!r} does not exist")
        self.resource_type = resource_type
        self.resource_id = resource_id


class UniquenessConflict(DirectoryError):
    code = "UNIQUENESS_CONFLICT"

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"{field} {value!r} is already taken")
        self.field = field
        self.value = value


class ValidationFailed(DirectoryError):
    code = "VALIDATION_FAILED"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class VersionMismatch(DirectoryError):
    code = "VERSION_MISMATCH"

    def __init__(self, resource_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"{resource_id!r} is at version {actual}, not {expected} as expected"
        )
        self.resource_id = resource_id
        self.expected = expected
        self.actual = actual


class MembershipCycle(DirectoryError):
    code = "MEMBERSHIP_CYCLE"

    def __init__(self, group_id: str, member_id: str) -> None:
        super().__init__(
            f"group {member_id!r} contains group {group_id!r}, directly or "
            "transitively; nesting it there would make a cycle"
        )
        self.group_id = group_id
        self.member_id = member_id


class InvalidFilter(DirectoryError):
    code = "INVALID_FILTER"


class InvalidCursor(DirectoryError):
    code = "INVALID_CURSOR"


class Unauthenticated(DirectoryError):
    code = "UNAUTHENTICATED"


class Forbidden(DirectoryError):
    code = "FORBIDDEN"


class NoTarget(DirectoryError):
    """A change addressed values through a filter that matched none."""

    code = "NO_TARGET"

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: no value matches")
        self.path = path
