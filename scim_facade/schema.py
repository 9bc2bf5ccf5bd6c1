"""The SCIM schemas this facade serves (RFC 7643 §4, §7, §8.7).

One declaration per attribute drives three things: the ``/Schemas``
discovery documents, the ``returned`` rules applied to every response, and
the ``mutability`` rules applied to every write. Attribute names are
matched case-insensitively (RFC 7643 §2.1).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str = "string"
    multi_valued: bool = False
    required: bool = False
    case_exact: bool = False
    mutability: str = "readWrite"
    returned: str = "default"
    uniqueness: str = "none"
    description: str = ""
    sub_attributes: tuple["Attribute", ...] = ()
    canonical_values: tuple[str, ...] = ()
    reference_types: tuple[str, ...] = ()

    def sub(self, name: str) -> "Attribute | None":
        lowered = name.lower()
        for attribute in self.sub_attributes:
            if attribute.name.lower() == lowered:
                return attribute
        return None

    def document(self) -> dict[str, Any]:
        """The attribute's definition as RFC 7643 §7 writes it."""
        doc: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "multiValued": self.multi_valued,
            "description": self.description,
            "required": self.required,
            "caseExact": self.case_exact,
            "mutability": self.mutability,
            "returned": self.returned,
            "uniqueness": self.uniqueness,
        }
        if self.sub_attributes:
            doc["subAttributes"] = [a.document() for a in self.sub_attributes]
        if self.canonical_values:
            doc["canonicalValues"] = list(self.canonical_values)
        if self.reference_types:
            doc["referenceTypes"] = list(self.reference_types)
        return doc


@dataclass(frozen=True)
class Schema:
    id: str
    name: str
    description: str
    attributes: tuple[Attribute, ...] = field(default_factory=tuple)

    def attribute(self, name: str) -> Attribute | None:
        lowered = name.lower()
        for attribute in self.attributes:
            if attribute.name.lower() == lowered:
                return attribute
        return None

    def document(self, location: str) -> dict[str, Any]:
        return {
            "schemas": [SCHEMA],
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "attributes": [a.document() for a in self.attributes],
            "meta": {"resourceType": "Schema", "location": location},
        }


def _text(name: str, description: str, **kwargs: Any) -> Attribute:
    return Attribute(name, description=description, **kwargs)


def _multi(
    name: str,
    description: str,
    *,
    types: tuple[str, ...] = (),
    value_type: str = "string",
    extra: tuple[Attribute, ...] = (),
) -> Attribute:
    """A multi-valued attribute with value/display/type/primary (§2.4)."""
    sub_attributes = (
        Attribute("value", value_type, description=f"The {name} value."),
        Attribute("display", description="A human-readable name."),
        Attribute("type", description="A label for the value.", canonical_values=types),
        Attribute("primary", "boolean", description="The preferred value."),
        *extra,
    )
    return Attribute(
        name,
        "complex",
        multi_valued=True,
        description=description,
        sub_attributes=sub_attributes,
    )


NAME_PARTS = (
    _text("formatted", "The full name, formatted for display."),
    _text("familyName", "The family name."),
    _text("givenName", "The given name."),
    _text("middleName", "The middle names."),
    _text("honorificPrefix", "Honorific prefix, as in 'Ms.'."),
    _text("honorificSuffix", "Honorific suffix, as in 'III'."),
)
ADDRESS_PARTS = (
    _text("formatted", "The full address, formatted for display."),
    _text("streetAddress", "Street address."),
    _text("locality", "City or locality."),
    _text("region", "State or region."),
    _text("postalCode", "Postal code."),
    _text("country", "Country, as an ISO 3166-1 alpha-2 code."),
    Attribute(
        "type", description="A label.", canonical_values=("work", "home", "other")
    ),
    Attribute("primary", "boolean", description="The preferred address."),
)
GROUP_REFERENCE = (
    Attribute("value", mutability="readOnly", description="The group's id."),
    Attribute(
        "$ref",
        "reference",
        mutability="readOnly",
        reference_types=("Group",),
        description="The group's URI.",
    ),
    Attribute("display", mutability="readOnly", description="The group's name."),
    Attribute(
        "type",
        mutability="readOnly",
        canonical_values=("direct", "indirect"),
        description="Whether the membership is direct or through nesting.",
    ),
)

#: Common attributes (RFC 7643 §3.1), declared by each resource schema.
ID = Attribute(
    "id",
    mutability="readOnly",
    returned="always",
    uniqueness="server",
    case_exact=True,
    description="Unique identifier, assigned by the directory.",
)
EXTERNAL_ID = Attribute(
    "externalId",
    case_exact=True,
    description="The identifier the provisioning client assigned.",
)

USER_SCHEMA = Schema(
    USER,
    "User",
    "User Account",
    (
        ID,
        EXTERNAL_ID,
        Attribute(
            "userName",
            required=True,
            uniqueness="server",
            description="Unique identifier for the user, compared case-insensitively.",
        ),
        Attribute(
            "name", "complex", description="The user's name.", sub_attributes=NAME_PARTS
        ),
        _text("displayName", "The name to display."),
        _text("nickName", "The casual name."),
        Attribute(
            "profileUrl",
            "reference",
            reference_types=("external",),
            description="A URI of the user's online profile.",
        ),
        _text("title", "The user's title, as in 'Vice President'."),
        _text("userType", "The relationship to the organisation, as in 'Employee'."),
        _text("preferredLanguage", "Preferred language, as in 'en-US'."),
        _text("locale", "Locale for localised formats, as in 'en-US'."),
        _text("timezone", "Time zone in IANA format, as in 'Europe/Berlin'."),
        # Required here, unlike RFC 7643's core schema: the directory decides
        # access by it, so it always has a value (true unless set false).
        Attribute(
            "active",
            "boolean",
            required=True,
            description="Whether the account is active; true unless set false.",
        ),
        Attribute(
            "password",
            mutability="writeOnly",
            returned="never",
            description="Write-only; kept only as a slow hash.",
        ),
        _multi("emails", "Email addresses.", types=("work", "home", "other")),
        _multi(
            "phoneNumbers",
            "Phone numbers.",
            types=("work", "home", "mobile", "fax", "pager", "other"),
        ),
        _multi(
            "ims",
            "Instant messaging addresses.",
            types=("aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"),
        ),
        _multi(
            "photos",
            "Photo URLs.",
            types=("photo", "thumbnail"),
            value_type="reference",
        ),
        Attribute(
            "addresses",
            "complex",
            multi_valued=True,
            description="Physical mailing addresses.",
            sub_attributes=ADDRESS_PARTS,
        ),
        Attribute(
            "groups",
            "complex",
            multi_valued=True,
            mutability="readOnly",
            description="Groups the user is in, directly or through nesting.",
            sub_attributes=GROUP_REFERENCE,
        ),
        _multi("entitlements", "Entitlements held by the user directly."),
        _multi("roles", "Roles of the user."),
        _multi("x509Certificates", "X.509 certificates.", value_type="binary"),
    ),
)

ENTERPRISE_SCHEMA = Schema(
    ENTERPRISE,
    "EnterpriseUser",
    "Enterprise User",
    (
        _text("employeeNumber", "Numeric or alphanumeric employee identifier."),
        _text("costCenter", "Cost center."),
        _text("organization", "Organisation."),
        _text("division", "Division."),
        _text("department", "Department."),
        Attribute(
            "manager",
            "complex",
            description="The user's manager.",
            sub_attributes=(
                Attribute("value", description="The manager's id."),
                Attribute(
                    "$ref",
                    "reference",
                    reference_types=("User",),
                    description="The manager's URI.",
                ),
                Attribute(
                    "displayName",
                    mutability="readOnly",
                    description="The manager's display name.",
                ),
            ),
        ),
    ),
)

GROUP_SCHEMA = Schema(
    GROUP,
    "Group",
    "Group",
    (
        ID,
        EXTERNAL_ID,
        Attribute("displayName", required=True, description="A human-readable name."),
        Attribute(
            "members",
            "complex",
            multi_valued=True,
            description="Members: users or groups.",
            sub_attributes=(
                Attribute(
                    "value", mutability="immutable", description="The member's id."
                ),
                Attribute(
                    "$ref",
                    "reference",
                    mutability="immutable",
                    reference_types=("User", "Group"),
                    description="The member's URI.",
                ),
                Attribute(
                    "display",
                    mutability="readOnly",
                    returned="request",
                    description="The member's name, when asked for.",
                ),
                Attribute(
                    "type",
                    mutability="immutable",
                    canonical_values=("User", "Group"),
                    description="User or Group.",
                ),
            ),
        ),
    ),
)

SCHEMAS = {
    schema.id: schema for schema in (USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA)
}
#: Attributes every resource has (RFC 7643 §3.1), for ``returned`` rules.
COMMON = {
    "schemas": "always",
    "id": "always",
    "meta": "default",
    "externalid": "default",
}


def walk(schema: Schema) -> Iterator[tuple[str, Attribute]]:
    """Every attribute and sub-attribute, with its dotted lower-case path."""
    for attribute in schema.attributes:
        yield attribute.name.lower(), attribute
        for sub in attribute.sub_attributes:
            yield f"{attribute.name}.{sub.name}".lower(), sub
