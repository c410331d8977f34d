"""The dataset as a whole: dumps in every format, and its VoID/DCAT description with sizes and checksums.

Shared by ``gradkg serve`` and ``gradkg publish``; URLs in the description come from the public
base URL the operator configured, never from a request's Host header.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from gradkg.project import BASE
from gradkg.views import PREFIXES

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DUMPS = {
    "gradkg.ttl": ox.RdfFormat.TURTLE,
    "gradkg.trig": ox.RdfFormat.TRIG,
    "gradkg.nt": ox.RdfFormat.N_TRIPLES,
    "gradkg.jsonld": ox.RdfFormat.JSON_LD,
}
ENTRY_POINTS = ["DegreeProgramme", "Course", "PolicyDocument", "Process", "Rule", "Platform", "Indicator"]


def dumps_of(store: ox.Store) -> dict[str, bytes]:
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    return {name: dump_graph(store if fmt.supports_datasets else union, fmt.media_type) for name, fmt in DUMPS.items()}


def dump_graph(store: ox.Store, media_type: str) -> bytes:
    """The store in one RDF format; a format without named graphs gets the default graph."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    options = {"prefixes": PREFIXES} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    if fmt.supports_datasets:
        return store.dump(format=fmt, **options)
    return store.dump(format=fmt, from_graph=ox.DefaultGraph(), **options)


def dataset_description(base_url: str, store: ox.Store, dumps: dict[str, bytes]) -> ox.Store:
    """VoID and DCAT in one graph: counts, the endpoint, each dump with its size and checksum, the licence."""
    out = ox.Store()
    iri = ox.NamedNode
    rdf_type = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    void, dcat, dct, spdx = (
        "http://rdfs.org/ns/void#",
        "http://www.w3.org/ns/dcat#",
        "http://purl.org/dc/terms/",
        "http://spdx.org/rdf/terms#",
    )
    integer = iri("http://www.w3.org/2001/XMLSchema#integer")
    dataset = iri(BASE + "dataset")
    for cls in (void + "Dataset", dcat + "Dataset"):
        out.add(ox.Quad(dataset, rdf_type, iri(cls)))
    for title, language in (
        ("gradkg：浙江大学临床医学博士学位授权点年度报告知识图谱", "zh"),
        ("gradkg: Zhejiang University clinical medicine programme reports", "en"),
    ):
        out.add(ox.Quad(dataset, iri(dct + "title"), ox.Literal(title, language=language)))
    out.add(ox.Quad(dataset, iri(dct + "license"), iri(LICENCE)))
    out.add(ox.Quad(dataset, iri(void + "triples"), ox.Literal(str(len(store)), datatype=integer)))
    out.add(ox.Quad(dataset, iri(void + "sparqlEndpoint"), iri(base_url + "sparql")))
    out.add(ox.Quad(dataset, iri(void + "uriSpace"), ox.Literal(BASE)))
    for name, body in dumps.items():
        dump = iri(base_url + "dumps/" + name)
        checksum = ox.BlankNode()
        out.add(ox.Quad(dataset, iri(void + "dataDump"), dump))
        out.add(ox.Quad(dataset, iri(dcat + "distribution"), dump))
        out.add(ox.Quad(dump, rdf_type, iri(dcat + "Distribution")))
        out.add(ox.Quad(dump, iri(dcat + "downloadURL"), dump))
        out.add(ox.Quad(dump, iri(dcat + "mediaType"), ox.Literal(DUMPS[name].media_type)))
        out.add(ox.Quad(dump, iri(dcat + "byteSize"), ox.Literal(str(len(body)), datatype=integer)))
        out.add(ox.Quad(dump, iri(dct + "license"), iri(LICENCE)))
        out.add(ox.Quad(dump, iri(spdx + "checksum"), checksum))
        out.add(ox.Quad(checksum, iri(spdx + "algorithm"), iri(spdx + "checksumAlgorithm_sha256")))
        out.add(ox.Quad(checksum, iri(spdx + "checksumValue"), ox.Literal(hashlib.sha256(body).hexdigest())))
    return out
