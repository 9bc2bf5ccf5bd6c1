"""Discovery (RFC 7644 §4): what this service provider supports, truly.

``/ServiceProviderConfig`` (RFC 7643 §5, with the pagination object of
RFC 9865), ``/ResourceTypes`` (§6) and ``/Schemas`` (§7). Like every other
endpoint they answer only with a token: the RFC leaves that to the
provider, and one rule for all is the easier one to audit.
"""

from typing import Any

from .schema import (
    ENTERPRISE,
    GROUP,
    LIST_RESPONSE,
    RESOURCE_TYPE,
    SCHEMAS,
    SERVICE_PROVIDER_CONFIG,
    USER,
)

Json = dict[str, Any]
DOCUMENTATION = "https://datatracker.ietf.org/doc/html/rfc7644"


def service_provider_config(base_url: str, limits: "Limits") -> Json:
    return {
        "schemas": [SERVICE_PROVIDER_CONFIG],
        "documentationUri": DOCUMENTATION,
        "patch": {"supported": True},
        "bulk": {
            "supported": limits.bulk_supported,
            "maxOperations": limits.bulk_max_operations,
            "maxPayloadSize": limits.max_payload_size,
        },
        "filter": {"supported": True, "maxResults": limits.max_results},
        "changePassword": {"supported": True},
        "sort": {"supported": True},
        "etag": {"supported": True},
        "pagination": {
            "cursor": True,
            "index": True,
            "defaultPaginationMethod": "index",
            "defaultPageSize": limits.default_page_size,
            "maxPageSize": limits.max_results,
        },
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A directory token with the 'scim' scope, sent as "
                "'Authorization: Bearer <token>'.",
                "specUri": "https://www.rfc-editor.org/info/rfc6750",
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": f"{base_url}/ServiceProviderConfig",
        },
    }


class Limits:
    """The limits the facade enforces and advertises."""

    def __init__(
        self,
        *,
        max_results: int = 1000,
        default_page_size: int = 100,
        max_payload_size: int = 1_048_576,
        bulk_max_operations: int = 1000,
        bulk_supported: bool = True,
    ) -> None:
        self.max_results = max_results
        self.default_page_size = default_page_size
        self.max_payload_size = max_payload_size
        self.bulk_max_operations = bulk_max_operations
        self.bulk_supported = bulk_supported


RESOURCE_TYPES: dict[str, Json] = {
    "User": {
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "User Account",
        "schema": USER,
        "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
    },
    "Group": {
        "id": "Group",
        "name": "Group",
        "endpoint": "/Groups",
        "description": "Group",
        "schema": GROUP,
    },
}


def resource_type(name: str, base_url: str) -> Json:
    return {
        "schemas": [RESOURCE_TYPE],
        **RESOURCE_TYPES[name],
        "meta": {
            "resourceType": "ResourceType",
            "location": f"{base_url}/ResourceTypes/{name}",
        },
    }


def schema(urn: str, base_url: str) -> Json:
    return SCHEMAS[urn].document(f"{base_url}/Schemas/{urn}")


def listing(resources: list[Json]) -> Json:
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": len(resources),
        "itemsPerPage": len(resources),
        "startIndex": 1,
        "Resources": resources,
    }
