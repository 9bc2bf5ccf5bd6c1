"""Directory results as SCIM resources (RFC 7643 §4), and the
``attributes``/``excludedAttributes`` projection (RFC 7644 §3.4.2.5, §3.9).

Unassigned attributes are omitted rather than sent as null or empty lists
(RFC 7643 §2.5 makes the two equivalent). ``meta.version`` is the ETag of
the resource, a weak validator derived from the directory's version
counter (RFC 7644 §3.14).
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from .client.fragments import (
    GroupParts,
    MemberPageNodesGroup,
    MemberPageNodesUser,
    MetaParts,
    UserParts,
)
from .schema import ENTERPRISE, GROUP, USER

Json = dict[str, Any]
MULTI_VALUED = (
    "emails",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "entitlements",
    "roles",
    "x509Certificates",
)
SINGLE_VALUED = (
    "externalId",
    "displayName",
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
)
ENTERPRISE_FIELDS = (
    "employeeNumber",
    "costCenter",
    "organization",
    "division",
    "department",
)
Member = MemberPageNodesUser | MemberPageNodesGroup


def etag(version: int) -> str:
    return f'W/"{version}"'


def _time(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _meta(meta: MetaParts, location: str) -> Json:
    return {
        "resourceType": meta.resource_type,
        "created": _time(meta.created),
        "lastModified": _time(meta.last_modified),
        "location": location,
        "version": etag(meta.version),
    }


def _compact(data: Mapping[str, Any]) -> Json:
    """``data`` without null values or empty parts."""
    kept: Json = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            value = _compact(value)
        elif isinstance(value, list):
            value = [_compact(v) if isinstance(v, Mapping) else v for v in value]
        if value in ({}, []):
            continue
        kept[key] = value
    return kept


def user(item: UserParts, base_url: str) -> Json:
    """The SCIM User for a directory user."""
    data = item.model_dump(by_alias=True)
    resource: Json = {"schemas": [USER], "id": item.id, "userName": item.user_name}
    for key in SINGLE_VALUED:
        resource[key] = data[key]
    resource["name"] = data["name"]
    resource["active"] = item.active
    for key in MULTI_VALUED:
        resource[key] = data[key]
    resource["groups"] = _groups(item, base_url)
    extension = _enterprise(item, base_url)
    if extension:
        resource["schemas"].append(ENTERPRISE)
        resource[ENTERPRISE] = extension
    resource = _compact(resource)
    resource["meta"] = _meta(item.meta, f"{base_url}/Users/{item.id}")
    return resource


def _groups(item: UserParts, base_url: str) -> list[Json]:
    direct = {group.id for group in item.member_of}
    return [
        {
            "value": group.id,
            "$ref": f"{base_url}/Groups/{group.id}",
            "display": group.display_name,
            "type": "direct" if group.id in direct else "indirect",
        }
        for group in item.transitive_member_of
    ]


def _enterprise(item: UserParts, base_url: str) -> Json:
    if item.enterprise is None:
        return {}
    data = item.enterprise.model_dump(by_alias=True)
    extension = {key: data[key] for key in ENTERPRISE_FIELDS}
    manager = item.enterprise.manager
    if manager is not None:
        extension["manager"] = {
            "value": manager.value,
            "$ref": f"{base_url}/Users/{manager.value}",
            "displayName": manager.display_name,
        }
    return _compact(extension)


def group(
    item: GroupParts,
    members: Iterable[Member] | None,
    base_url: str,
    displays: bool = False,
) -> Json:
    """The SCIM Group for a directory group; ``members`` None leaves them
    out (when the client excluded them, so they were never read). A
    member's ``display`` is returned on request only (``displays``): the
    schema publishes it as ``returned: request``."""
    resource: Json = {
        "schemas": [GROUP],
        "id": item.id,
        "displayName": item.display_name,
    }
    if item.external_id is not None:
        resource["externalId"] = item.external_id
    if members is not None:
        listed = [_member(member, base_url, displays) for member in members]
        if listed:
            resource["members"] = listed
    resource["meta"] = _meta(item.meta, f"{base_url}/Groups/{item.id}")
    return resource


def _member(member: Member, base_url: str, displays: bool) -> Json:
    if isinstance(member, MemberPageNodesUser):
        kind, display = "User", member.display_name or member.user_name
    else:
        kind, display = "Group", member.group_name
    listed: Json = {"value": member.id, "$ref": f"{base_url}/{kind}s/{member.id}"}
    if displays:
        listed["display"] = display
    listed["type"] = kind
    return listed


# Projection ------------------------------------------------------------------

ALWAYS = frozenset({"schemas", "id"})
CORE_PREFIXES = (USER.lower() + ":", GROUP.lower() + ":")


def _split(path: str) -> tuple[str | None, str, str | None]:
    """``(extension URN or None, attribute, sub-attribute)``, lower-cased."""
    lowered = path.strip().lower()
    for prefix in CORE_PREFIXES:
        if lowered.startswith(prefix):
            lowered = lowered[len(prefix) :]
            break
    extension = ENTERPRISE.lower()
    if lowered == extension:
        return extension, "", None
    if lowered.startswith(extension + ":"):
        attribute, _, sub = lowered[len(extension) + 1 :].partition(".")
        return extension, attribute, sub or None
    attribute, _, sub = lowered.partition(".")
    return None, attribute, sub or None


def wants(paths: Sequence[str] | None, attribute: str) -> bool | None:
    """Whether ``paths`` (an ``attributes`` list) names ``attribute`` or one
    of its sub-attributes; None when there is no list."""
    if paths is None:
        return None
    lowered = attribute.lower()
    return any(_split(path)[1] == lowered for path in paths)


def names_sub(paths: Sequence[str] | None, attribute: str, sub: str) -> bool:
    """Whether ``paths`` names ``attribute.sub`` itself."""
    wanted = (None, attribute.lower(), sub.lower())
    return any(_split(path) == wanted for path in paths or ())


def project(
    resource: Json,
    attributes: Sequence[str] | None,
    excluded: Sequence[str] | None,
) -> Json:
    """``resource`` as the client asked for it: only ``attributes`` (and what
    is always returned), or all but ``excluded``."""
    if attributes:
        return _only(resource, [_split(path) for path in attributes])
    if excluded:
        return _without(resource, [_split(path) for path in excluded])
    return resource


def _key(resource: Mapping[str, Any], name: str) -> str | None:
    for key in resource:
        if key.lower() == name:
            return key
    return None


def _only(resource: Json, paths: list[tuple[str | None, str, str | None]]) -> Json:
    kept: Json = {k: v for k, v in resource.items() if k.lower() in ALWAYS}
    for extension, attribute, sub in paths:
        source: Mapping[str, Any] = resource
        target = kept
        if extension is not None:
            urn = _key(resource, extension)
            if urn is None:
                continue
            source = resource[urn]
            if not attribute:
                kept[urn] = source
                continue
            target = kept.setdefault(urn, {})
        key = _key(source, attribute)
        if key is None:
            continue
        if sub is None:
            target[key] = source[key]
        else:
            _merge_sub(target, key, source[key], sub)
    return kept


def _merge_sub(target: Json, key: str, value: Any, sub: str) -> None:
    def pick(item: Mapping[str, Any]) -> Json:
        found = _key(item, sub)
        return {} if found is None else {found: item[found]}

    if isinstance(value, list):
        picked = [pick(item) for item in value if isinstance(item, Mapping)]
        existing = target.get(key)
        if isinstance(existing, list) and len(existing) == len(picked):
            picked = [{**a, **b} for a, b in zip(existing, picked, strict=True)]
        if any(picked):
            target[key] = picked
    elif isinstance(value, Mapping):
        part = pick(value)
        if part:
            target.setdefault(key, {}).update(part)


def _without(resource: Json, paths: list[tuple[str | None, str, str | None]]) -> Json:
    kept = dict(resource)
    for extension, attribute, sub in paths:
        holder: Json = kept
        if extension is not None:
            urn = _key(kept, extension)
            if urn is None:
                continue
            if not attribute:
                del kept[urn]
                continue
            holder = kept[urn] = dict(kept[urn])
        key = _key(holder, attribute)
        if key is None or key.lower() in ALWAYS:
            continue
        if sub is None:
            del holder[key]
        else:
            holder[key] = _drop_sub(holder[key], sub)
    return kept


def _drop_sub(value: Any, sub: str) -> Any:
    if isinstance(value, list):
        return [_drop_sub(item, sub) for item in value]
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if k.lower() != sub}
    return value
