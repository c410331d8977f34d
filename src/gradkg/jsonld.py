"""A resource's schema.org description as the JSON-LD object its page embeds.

Written by hand from query rows rather than by compacting with pyld: compaction needs the
schema.org context document, which would mean a network fetch or a vendored 1 MB file, and the
shape crawlers read is simple — ``@context`` https://schema.org, ``@type``, plain keys, nested
nodes for linked resources with their own ``@type`` and ``name``.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _literal(literal: ox.Literal) -> object:
    if literal.language:
        return {"@value": literal.value, "@language": literal.language}
    datatype = literal.datatype.value.rsplit("#", 1)[-1]
    if datatype in ("integer", "int", "long"):
        return int(literal.value)
    if datatype in ("decimal", "double", "float"):
        return float(literal.value)
    if datatype == "boolean":
        return literal.value == "true"
    return literal.value


def schema_org_object(iri: str, rows: list[dict]) -> dict | None:
    """``{"@context": "https://schema.org", "@id": iri, "@type": …, …}``, or None without a schema.org type."""
    types: list[str] = []
    values: dict[str, list[object]] = {}
    nested: dict[str, dict] = {}
    for row in rows:
        prop, value = row["property"].value, row["value"]
        if prop == RDF_TYPE:
            if value.value.startswith(SCHEMA) and value.value[len(SCHEMA) :] not in types:
                types.append(value.value[len(SCHEMA) :])
            continue
        if not prop.startswith(SCHEMA):
            continue
        key = prop[len(SCHEMA) :]
        if isinstance(value, ox.NamedNode):
            node = nested.setdefault(value.value, {"@id": value.value})
            if "valueType" in row and row["valueType"].value.startswith(SCHEMA):
                node.setdefault("@type", row["valueType"].value[len(SCHEMA) :])
            if "valueName" in row:
                names = node.setdefault("name", [])
                if _literal(row["valueName"]) not in names:
                    names.append(_literal(row["valueName"]))
            if node not in values.setdefault(key, []):
                values[key].append(node)
        elif isinstance(value, ox.Literal) and _literal(value) not in values.setdefault(key, []):
            values[key].append(_literal(value))
    if not types:
        return None
    for node in nested.values():
        if len(node.get("name", [])) == 1:
            node["name"] = node["name"][0]
    found: dict[str, object] = {
        "@context": "https://schema.org",
        "@id": iri,
        "@type": types[0] if len(types) == 1 else types,
    }
    for key, items in sorted(values.items()):
        found[key] = items[0] if len(items) == 1 else items
    return found


def script_json(document: dict) -> str:
    """JSON safe inside a <script> element: ``</`` cannot close it, whatever the data says."""
    return json.dumps(document, ensure_ascii=False, indent=1).replace("</", "<\\/")
