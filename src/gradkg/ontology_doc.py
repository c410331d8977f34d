"""The ontology as linked data: its RDF in every format, and its documentation by pyLODE in zh and en.

pyLODE (3.2.1; 3.4 fails to import on Python 3.11) writes the class hierarchy, domains and ranges,
the alignments (subclass axioms to schema.org, org, ELI …) and the metadata from the ontology graph.
It has no language option, so each language gets a copy of the graph holding only that language's
literals. What pyLODE cannot know is added to that copy as annotations it shows: up to three
instances of each class from the data (``skos:example``) and the SHACL shapes that target it with
the properties they constrain (``skos:scopeNote``). The ontology files themselves never change.
"""

from __future__ import annotations

import functools
from collections import defaultdict

import pyoxigraph as ox

from gradkg.engine import rows_of
from gradkg.project import ONTOLOGY_GRAPH, Project
from gradkg.querylib import parse_query_file

FORMATS = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "trig": "application/trig",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
EXAMPLES = 3
SHAPES_NOTE = {"zh": "约束形状（SHACL）", "en": "SHACL shapes"}


def ontology_rdf(store: ox.Store, media_type: str) -> bytes:
    """The ontology graph (the ontology, its labels of reused terms, their declarations) as one RDF document."""
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    if rdf_format.supports_datasets:  # TriG, N-Quads: the default graph, as a client reading one graph expects
        return ox.serialize([ox.Quad(q.subject, q.predicate, q.object) for q in quads], format=rdf_format)
    return ox.serialize([q.triple for q in quads], format=rdf_format)


def _examples(project: Project, store: ox.Store, lang: str) -> dict[str, list[str]]:
    text = parse_query_file(project.queries / "lib" / "class-examples.rq").text
    labels: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in rows_of(store.query(text, use_default_graph_as_union=True)):
        labels[(row["class"].value, row["member"].value)].setdefault(row["label"].language or "", row["label"].value)
    found: dict[str, list[str]] = defaultdict(list)
    for (cls, member), names in sorted(labels.items()):
        if len(found[cls]) < EXAMPLES:
            name = names.get(lang) or next(iter(names.values()))
            found[cls].append(f"{name} <{member}>")
    return found


def _shapes(project: Project) -> dict[str, list[str]]:
    """For each target class, "gk:CourseShape: gk:credits, gk:lecturer …" per shape (rdflib reads the shapes)."""
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph()
    for path in sorted(project.shapes.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    found: dict[str, list[str]] = defaultdict(list)
    for shape, target in sorted(shapes.subject_objects(SH.targetClass)):
        paths = sorted(shapes.namespace_manager.normalizeUri(p) for p in shapes.objects(shape, SH.property / SH.path))
        name = shapes.namespace_manager.normalizeUri(shape)
        found[str(target)].append(f"{name}: {', '.join(paths)}" if paths else name)
    return found


def documentation_graph(project: Project, store: ox.Store, lang: str):
    """An rdflib copy of the ontology graph in one language, with examples and shapes as annotations."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SKOS

    graph = Graph()
    graph.parse(data=ontology_rdf(store, "application/n-triples"), format="nt")
    for s, p, o in list(graph):
        if isinstance(o, Literal) and o.language and o.language != lang:
            graph.remove((s, p, o))
    for cls, examples in _examples(project, store, lang).items():
        for example in examples:
            graph.add((URIRef(cls), SKOS.example, Literal(example, lang=lang)))
    for cls, shapes in _shapes(project).items():
        if (URIRef(cls), None, None) in graph:
            note = f"{SHAPES_NOTE[lang]}: " + "; ".join(shapes)
            graph.add((URIRef(cls), SKOS.scopeNote, Literal(note, lang=lang)))
    return graph


def has_ontology(project: Project, store: ox.Store) -> bool:
    """Whether the build holds an ontology header for pyLODE to start from (a store built elsewhere may not)."""
    return bool(store.query(parse_query_file(project.queries / "lib" / "has-ontology.rq").text))


@functools.lru_cache(maxsize=4)
def documentation(project: Project, store: ox.Store, lang: str) -> str | None:
    """pyLODE's page for the ontology in ``lang`` (None without an ontology): a second or more to make, so made
    once per store and language."""
    if not has_ontology(project, store):
        return None
    from pylode import OntPub

    return OntPub(documentation_graph(project, store, lang)).make_html()
