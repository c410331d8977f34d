"""The SPARQL 1.1 Protocol at /sparql: request forms, result formats, a service description.

GET with ``query=``, POST form-encoded, POST with the query as the body; ``default-graph-uri`` and
``named-graph-uri`` honoured; results chosen by ``format=``/``output=`` (what SPARQLWrapper sends)
or by Accept. Read-only: an update in any form gets 403 (the workers refuse it; see gradkg.serve.worker).
"""

from __future__ import annotations

import pyoxigraph as ox

RESULT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle", "ttl": "text/turtle", "ntriples": "application/n-triples", "nt": "application/n-triples",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml", "trig": "application/trig", "nquads": "application/n-quads",
}
# what a short name means for a graph result: SPARQLWrapper asks for "json" and "xml" whatever the query form
GRAPH_ALIASES = {"json": "application/ld+json", "xml": "application/rdf+xml"}
RESULT_MEDIA = set(RESULT_TYPES.values()) | {"application/json"}
GRAPH_MEDIA = set(GRAPH_TYPES.values())


class NotAcceptable(Exception):
    """The client asked for a format the endpoint does not write."""


def _accepted(header: str) -> list[str]:
    """Media types of an Accept header, best first (stable for equal q)."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    quality = float(field[2:])
                except ValueError:
                    quality = 0.0
        if fields[0] and quality > 0:
            ranked.append((-quality, position, fields[0].lower()))
    return [media for *_, media in sorted(ranked)]


def negotiate(format_parameter: str | None, accept: str) -> tuple[str, str]:
    """(results media type, graph media type) for a request; the query's form picks one later."""
    if format_parameter:
        name = format_parameter.strip().lower()
        if name in RESULT_TYPES or name in GRAPH_TYPES or name in GRAPH_ALIASES:
            results = RESULT_TYPES.get(name, RESULT_TYPES["json"])
            graph = GRAPH_TYPES.get(name) or GRAPH_ALIASES.get(name) or GRAPH_TYPES["turtle"]
            return results, graph
        if name in RESULT_MEDIA or name in GRAPH_MEDIA:
            return (name if name in RESULT_MEDIA else RESULT_TYPES["json"],
                    name if name in GRAPH_MEDIA else GRAPH_TYPES["turtle"])
        raise NotAcceptable(f"unknown format '{format_parameter}'; use one of "
                            f"{', '.join(sorted(set(RESULT_TYPES) | set(GRAPH_TYPES)))}")
    wanted = _accepted(accept or "*/*")
    results = next((m if m != "application/json" else RESULT_TYPES["json"] for m in wanted if m in RESULT_MEDIA), None)
    graph = next((m for m in wanted if m in GRAPH_MEDIA), None)
    anything = any(m in ("*/*", "application/*", "text/*") for m in wanted)
    if results is None and graph is None and not anything:
        raise NotAcceptable(f"none of the accepted types ({accept}) is a format this endpoint writes")
    return results or RESULT_TYPES["json"], graph or GRAPH_TYPES["turtle"]


SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def service_description(endpoint: str, store: ox.Store, licence: str) -> ox.Store:
    """The endpoint described in SPARQL 1.1 Service Description, with VoID triple counts per graph."""
    out = ox.Store()
    service, dataset, default = ox.NamedNode(endpoint), ox.BlankNode(), ox.BlankNode()

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        out.add(ox.Quad(s, ox.NamedNode(p), o))

    out.add(ox.Quad(service, RDF_TYPE, ox.NamedNode(SD + "Service")))
    add(service, SD + "endpoint", service)
    add(service, SD + "supportedLanguage", ox.NamedNode(SD + "SPARQL11Query"))
    add(service, SD + "feature", ox.NamedNode(SD + "UnionDefaultGraph"))
    for media in sorted(RESULT_MEDIA - {"application/json"} | GRAPH_MEDIA):
        add(service, SD + "resultFormat", ox.Literal(media))
    add(service, "http://purl.org/dc/terms/license", ox.NamedNode(licence))
    add(service, SD + "defaultDataset", dataset)
    out.add(ox.Quad(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset")))
    add(dataset, SD + "defaultGraph", default)
    add(default, VOID + "triples", ox.Literal(str(len(store)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    for graph in sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value):
        named, description = ox.BlankNode(), ox.BlankNode()
        count = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
        add(dataset, SD + "namedGraph", named)
        add(named, SD + "name", graph)
        add(named, SD + "graph", description)
        add(description, VOID + "triples", ox.Literal(str(count), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    return out
