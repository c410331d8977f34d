"""The SPARQL 1.1 Protocol at /sparql: request forms, result formats, a service description.

GET with ``query=``, POST form-encoded, POST with the query as the body; ``default-graph-uri`` and
``named-graph-uri`` honoured; results chosen by ``format=``/``output=`` (what SPARQLWrapper sends)
or by Accept, negotiated by ``gradkg.serve.conneg``. Read-only: an update in any form gets 403 (the workers refuse
it; see gradkg.serve.worker).
"""

from __future__ import annotations

import pyoxigraph as ox

from gradkg.serve.conneg import RDF_TYPES, RESULT_TYPES, WRITTEN_AS

WRITTEN = sorted(set(RESULT_TYPES) | set(RDF_TYPES) - set(WRITTEN_AS))

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
    for media in WRITTEN:
        add(service, SD + "resultFormat", ox.Literal(media))
    add(service, "http://purl.org/dc/terms/license", ox.NamedNode(licence))
    add(service, SD + "defaultDataset", dataset)
    out.add(ox.Quad(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset")))
    add(dataset, SD + "defaultGraph", default)
    add(
        default,
        VOID + "triples",
        ox.Literal(str(len(store)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    )
    for graph in sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value):
        named, description = ox.BlankNode(), ox.BlankNode()
        count = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
        add(dataset, SD + "namedGraph", named)
        add(named, SD + "name", graph)
        add(named, SD + "graph", description)
        add(
            description,
            VOID + "triples",
            ox.Literal(str(count), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        )
    return out
