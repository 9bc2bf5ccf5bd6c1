"""SCIM errors (RFC 7644 §3.12) and the one table that maps the directory's
error codes to them.

Every failure leaves the facade as a SCIM Error response with a ``status``
and, where RFC 7644 defines one, a ``scimType``; never with a traceback.
"""

from dataclasses import dataclass

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


@dataclass
class ScimError(Exception):
    """A SCIM error response waiting to be sent."""

    status: int
    detail: str
    scim_type: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.detail)

    def body(self) -> dict[str, object]:
        body: dict[str, object] = {
            "schemas": [ERROR_SCHEMA],
            "status": str(self.status),
            "detail": self.detail,
        }
        if self.scim_type is not None:
            body["scimType"] = self.scim_type
        return body


def invalid_filter(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidFilter")


def invalid_path(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidPath")


def invalid_syntax(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidSyntax")


def invalid_value(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidValue")


def mutability(detail: str) -> ScimError:
    return ScimError(400, detail, "mutability")


def not_found(detail: str) -> ScimError:
    return ScimError(404, detail)


#: Directory error code -> (HTTP status, scimType).
DIRECTORY_CODES: dict[str, tuple[int, str | None]] = {
    "NOT_FOUND": (404, None),
    "UNIQUENESS_CONFLICT": (409, "uniqueness"),
    "VALIDATION_FAILED": (400, "invalidValue"),
    "VERSION_MISMATCH": (412, None),
    "MEMBERSHIP_CYCLE": (400, "invalidValue"),
    "NO_TARGET": (400, "noTarget"),
    "INVALID_FILTER": (400, "invalidFilter"),
    # RFC 9865 §3.1: a cursor the service provider does not recognise.
    "INVALID_CURSOR": (400, "invalidCursor"),
    "BAD_USER_INPUT": (400, "invalidValue"),
    "UNAUTHENTICATED": (401, None),
    "FORBIDDEN": (403, None),
}


def from_directory(code: str, message: str) -> ScimError:
    """The SCIM error for a directory failure; unknown codes are the
    facade's own fault and become 500 without details."""
    if code not in DIRECTORY_CODES:
        return ScimError(500, "internal server error")
    status, scim_type = DIRECTORY_CODES[code]
    return ScimError(status, message, scim_type)
