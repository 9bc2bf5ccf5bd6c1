"""An OpenAPI 3.1 description of ``/scim/v2``, served at
``/scim/v2/openapi.json``.

Resource bodies are derived from the same attribute declarations as
``/Schemas`` (``scim_facade.schema``), so the two cannot disagree.
"""

from typing import Any

from .schema import ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA, Attribute, Schema

Json = dict[str, Any]
SCIM_JSON = "application/scim+json"
TYPES = {
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "decimal": {"type": "number"},
    "integer": {"type": "integer"},
    "dateTime": {"type": "string", "format": "date-time"},
    "reference": {"type": "string", "format": "uri-reference"},
    "binary": {"type": "string"},
}


def _attribute(attribute: Attribute) -> Json:
    if attribute.type == "complex":
        item: Json = {
            "type": "object",
            "properties": {a.name: _attribute(a) for a in attribute.sub_attributes},
        }
    else:
        item = dict(TYPES[attribute.type])
    if attribute.mutability == "readOnly":
        item["readOnly"] = True
    if attribute.mutability == "writeOnly":
        item["writeOnly"] = True
    if attribute.description:
        item["description"] = attribute.description
    if attribute.multi_valued:
        return {"type": "array", "items": item}
    return item


def _resource(schema: Schema, extensions: tuple[Schema, ...] = ()) -> Json:
    properties: Json = {
        "schemas": {"type": "array", "items": {"type": "string"}},
        "meta": {"$ref": "#/components/schemas/Meta"},
    }
    properties.update({a.name: _attribute(a) for a in schema.attributes})
    for extension in extensions:
        properties[extension.id] = {
            "type": "object",
            "properties": {a.name: _attribute(a) for a in extension.attributes},
        }
    required = [a.name for a in schema.attributes if a.required]
    return {"type": "object", "properties": properties, "required": required}


def _message(properties: Json, required: list[str] | None = None) -> Json:
    body: Json = {"type": "object", "properties": properties}
    if required:
        body["required"] = required
    return body


STRINGS = {"type": "array", "items": {"type": "string"}}
COMPONENTS: Json = {
    "User": _resource(USER_SCHEMA, (ENTERPRISE_SCHEMA,)),
    "Group": _resource(GROUP_SCHEMA),
    "Meta": _message(
        {
            "resourceType": {"type": "string"},
            "created": {"type": "string", "format": "date-time"},
            "lastModified": {"type": "string", "format": "date-time"},
            "location": {"type": "string", "format": "uri"},
            "version": {"type": "string"},
        }
    ),
    "Error": _message(
        {
            "schemas": STRINGS,
            "status": {"type": "string"},
            "scimType": {"type": "string"},
            "detail": {"type": "string"},
        },
        ["schemas", "status"],
    ),
    "ListResponse": _message(
        {
            "schemas": STRINGS,
            "totalResults": {"type": "integer"},
            "itemsPerPage": {"type": "integer"},
            "startIndex": {"type": "integer"},
            "nextCursor": {"type": "string"},
            "previousCursor": {"type": "string"},
            "Resources": {"type": "array", "items": {"type": "object"}},
        },
        ["schemas", "totalResults", "Resources"],
    ),
    "PatchOp": _message(
        {
            "schemas": STRINGS,
            "Operations": {
                "type": "array",
                "minItems": 1,
                "items": _message(
                    {
                        "op": {"type": "string"},
                        "path": {"type": "string"},
                        "value": {},
                    },
                    ["op"],
                ),
            },
        },
        ["Operations"],
    ),
    "SearchRequest": _message(
        {
            "schemas": STRINGS,
            "attributes": STRINGS,
            "excludedAttributes": STRINGS,
            "filter": {"type": "string"},
            "sortBy": {"type": "string"},
            "sortOrder": {"type": "string", "enum": ["ascending", "descending"]},
            "startIndex": {"type": "integer"},
            "count": {"type": "integer"},
            "cursor": {"type": "string"},
        }
    ),
    "BulkRequest": _message(
        {
            "schemas": STRINGS,
            "failOnErrors": {"type": "integer", "minimum": 1},
            "Operations": {
                "type": "array",
                "items": _message(
                    {
                        "method": {
                            "type": "string",
                            "enum": ["POST", "PUT", "PATCH", "DELETE"],
                        },
                        "bulkId": {"type": "string"},
                        "version": {"type": "string"},
                        "path": {"type": "string"},
                        "data": {"type": "object"},
                    },
                    ["method", "path"],
                ),
            },
        },
        ["Operations"],
    ),
    "BulkResponse": _message(
        {
            "schemas": STRINGS,
            "Operations": {"type": "array", "items": {"type": "object"}},
        }
    ),
}


def _ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def _content(name: str) -> Json:
    return {"content": {SCIM_JSON: {"schema": _ref(name)}}}


def _answer(status: str, name: str | None, description: str) -> Json:
    answer: Json = {"description": description}
    if name is not None:
        answer.update(_content(name))
    return {status: answer}


ERRORS: Json = {
    code: {"description": text, **_content("Error")}
    for code, text in {
        "400": "Bad request (scimType says why)",
        "401": "Missing or invalid token",
        "403": "The token lacks the scim scope",
        "404": "No such resource",
        "409": "Uniqueness conflict",
        "412": "If-Match names another version",
        "413": "Body or Bulk too large",
    }.items()
}
LIST_PARAMETERS = [
    {"name": name, "in": "query", "required": False, "schema": schema}
    for name, schema in (
        ("filter", {"type": "string"}),
        ("sortBy", {"type": "string"}),
        ("sortOrder", {"type": "string", "enum": ["ascending", "descending"]}),
        ("startIndex", {"type": "integer"}),
        ("count", {"type": "integer"}),
        ("cursor", {"type": "string"}),
        ("attributes", {"type": "string"}),
        ("excludedAttributes", {"type": "string"}),
    )
]
ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
IF_MATCH = [{"name": "If-Match", "in": "header", "schema": {"type": "string"}}]


def _collection(name: str) -> Json:
    return {
        "get": {
            "summary": f"List or filter {name}s",
            "parameters": LIST_PARAMETERS,
            "responses": {**_answer("200", "ListResponse", "A page"), **ERRORS},
        },
        "post": {
            "summary": f"Create a {name}",
            "requestBody": {"required": True, **_content(name)},
            "responses": {**_answer("201", name, "Created"), **ERRORS},
        },
    }


def _item(name: str) -> Json:
    return {
        "parameters": ID,
        "get": {
            "summary": f"Read a {name}",
            "responses": {
                **_answer("200", name, "The resource"),
                **_answer("304", None, "Not modified since If-None-Match"),
                **ERRORS,
            },
        },
        "put": {
            "summary": f"Replace a {name}",
            "parameters": IF_MATCH,
            "requestBody": {"required": True, **_content(name)},
            "responses": {**_answer("200", name, "Replaced"), **ERRORS},
        },
        "patch": {
            "summary": f"Change a {name}: all operations or none",
            "parameters": IF_MATCH,
            "requestBody": {"required": True, **_content("PatchOp")},
            "responses": {
                **_answer("200", name, "Changed"),
                **_answer("204", None, "Changed (large groups)"),
                **ERRORS,
            },
        },
        "delete": {
            "summary": f"Delete a {name}",
            "parameters": IF_MATCH,
            "responses": {**_answer("204", None, "Deleted"), **ERRORS},
        },
    }


def _search(summary: str) -> Json:
    return {
        "post": {
            "summary": summary,
            "requestBody": {"required": True, **_content("SearchRequest")},
            "responses": {**_answer("200", "ListResponse", "A page"), **ERRORS},
        }
    }


def _document(summary: str) -> Json:
    return {
        "get": {
            "summary": summary,
            "responses": {"200": {"description": summary}, **ERRORS},
        }
    }


def document(server_url: str) -> Json:
    """The OpenAPI document, with ``server_url`` (``…/scim/v2``) as server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Directory SCIM 2.0",
            "version": "2.0",
            "description": "RFC 7643/7644 with RFC 9865 cursor paging.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "components": {
            "schemas": COMPONENTS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "paths": {
            "/Users": _collection("User"),
            "/Users/{id}": _item("User"),
            "/Users/.search": _search("Search Users"),
            "/Groups": _collection("Group"),
            "/Groups/{id}": _item("Group"),
            "/Groups/.search": _search("Search Groups"),
            "/.search": _search("Search Users and Groups"),
            "/Bulk": {
                "post": {
                    "summary": "Many operations in one request",
                    "requestBody": {"required": True, **_content("BulkRequest")},
                    "responses": {
                        **_answer("200", "BulkResponse", "Results"),
                        **ERRORS,
                    },
                }
            },
            "/ServiceProviderConfig": _document("What this service supports"),
            "/ResourceTypes": _document("The resource types"),
            "/ResourceTypes/{id}": {"parameters": ID, **_document("One resource type")},
            "/Schemas": _document("The schemas"),
            "/Schemas/{id}": {"parameters": ID, **_document("One schema")},
        },
    }
