"""What SHACL validates together: one edition with its programme, the reference data, and what it cites.

Validating edition by edition keeps each run the size of one edition whatever the number of
programmes and years, lets the editions run on every core, and lets an unchanged edition keep its
last result (gradkg.validation.cache). The key of a unit is a SHA-256 over everything its result
depends on: its files, the programme's file, the reference files, the shapes, the ontology, the
gradkg and engine versions, the language of the messages, and its context.

The context: an edition may cite a resource that only another graph describes (a 2024 rule is a
revision of the 2023 one, typed in the 2023 graph). The rdf:type triples of such resources come
along so that ``sh:class`` sees what it sees in the union of all graphs; results about those
resources themselves are dropped, since their own edition reports them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from gradkg import __version__
from gradkg.loading import Source
from gradkg.project import ONTOLOGY_GRAPH, REFERENCE_GRAPH, Project, edition_graph, programme_graph
from gradkg.validation import engine_id

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
TypeIndex = dict[str, list[tuple[str, str]]]  # resource → (graph, type) for every rdf:type in the store


@dataclass(frozen=True)
class Unit:
    """One SHACL run: its sources, its context (N-Triples), and the key its result is cached under."""

    name: str
    sources: tuple[Source, ...]
    context: str
    key: str


def type_index(store: ox.Store) -> TypeIndex:
    """Every typed resource's types and the graphs that state them, outside the ontology: one pass."""
    index: TypeIndex = {}
    for quad in store.quads_for_pattern(None, _RDF_TYPE, None, None):
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value != ONTOLOGY_GRAPH and isinstance(quad.object, ox.NamedNode):
            index.setdefault(quad.subject.value, []).append((graph.value, quad.object.value))
    return index


def _context(store: ox.Store, graphs: list[str], types: TypeIndex) -> str:
    """The rdf:type triples, from other graphs, of the IRIs these graphs cite but do not describe."""
    described, cited = set(), set()
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            described.add(quad.subject.value)
            if isinstance(quad.object, ox.NamedNode):
                cited.add(quad.object.value)
    own = set(graphs)
    lines = {
        f"<{resource}> <{_RDF_TYPE.value}> <{cls}> ."
        for resource in cited - described
        for graph, cls in types.get(resource, ())
        if graph not in own
    }
    return "".join(line + "\n" for line in sorted(lines))


def _key(project: Project, sources: list[Source], context: str, lang: str, engine: str) -> str:
    digest = hashlib.sha256(f"gradkg {__version__}\0{engine_id(engine)}\0{lang}\0".encode())
    checks = [*sorted((project.queries / "checks").glob("*.rq")), project.queries / "consistency.rq"]
    files = [s.path for s in sources] + sorted(project.shapes.glob("*.ttl")) + [project.ontology] + checks
    for path in files:
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        data = path.read_bytes()
        digest.update(f"{shown}\0{len(data)}\0".encode())
        digest.update(data)
    digest.update(context.encode())
    return digest.hexdigest()


def project_units(project: Project, programmes: list[str], store: ox.Store, lang: str, engine: str) -> list[Unit]:
    """A unit per edition of each programme (a programme without editions: one for its own file)."""
    reference = [Source(p, REFERENCE_GRAPH) for p in project.reference_files()]
    types = type_index(store)
    units = []
    for programme in programmes:
        own = [Source(project.programme_file(programme), programme_graph(programme))]
        for edition in project.editions(programme) or [None]:
            sources = reference + own
            graphs = [REFERENCE_GRAPH, programme_graph(programme)]
            if edition is not None:
                graph = edition_graph(programme, edition)
                sources = sources + [Source(p, graph) for p in project.edition_files(programme, edition)]
                graphs.append(graph)
            context = _context(store, graphs, types)
            name = programme if edition is None else f"{programme} {edition}"
            units.append(Unit(name, tuple(sources), context, _key(project, sources, context, lang, engine)))
    if not units:  # no programme: the reference data is still checked
        context = _context(store, [REFERENCE_GRAPH], types)
        units.append(Unit("reference", tuple(reference), context, _key(project, reference, context, lang, engine)))
    return units
