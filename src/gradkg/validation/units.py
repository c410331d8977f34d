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

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_CONTEXT = """
SELECT DISTINCT ?resource ?type WHERE {{
  VALUES ?own {{ {own} }}
  GRAPH ?own {{ ?subject ?predicate ?resource FILTER(isIRI(?resource)) }}
  FILTER NOT EXISTS {{ VALUES ?mine {{ {own} }} GRAPH ?mine {{ ?resource ?p ?o }} }}
  GRAPH ?elsewhere {{ ?resource a ?type FILTER(isIRI(?type)) }}
  FILTER(?elsewhere NOT IN ({own_list}, <{ontology}>))
}}
"""


@dataclass(frozen=True)
class Unit:
    """One SHACL run: its sources, its context (N-Triples), and the key its result is cached under."""

    name: str
    sources: tuple[Source, ...]
    context: str
    key: str


def _context(store: ox.Store, graphs: list[str]) -> str:
    own = " ".join(f"<{g}>" for g in graphs)
    query = _CONTEXT.format(own=own, own_list=", ".join(f"<{g}>" for g in graphs), ontology=ONTOLOGY_GRAPH)
    lines = {f"<{row['resource'].value}> <{_RDF_TYPE}> <{row['type'].value}> ." for row in store.query(query)}
    return "".join(line + "\n" for line in sorted(lines))


def _key(project: Project, sources: list[Source], context: str, lang: str, engine: str) -> str:
    digest = hashlib.sha256(f"gradkg {__version__}\0{engine_id(engine)}\0{lang}\0".encode())
    files = [s.path for s in sources] + sorted(project.shapes.glob("*.ttl")) + [project.ontology]
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
            context = _context(store, graphs)
            name = programme if edition is None else f"{programme} {edition}"
            units.append(Unit(name, tuple(sources), context, _key(project, sources, context, lang, engine)))
    if not units:  # no programme: the reference data is still checked
        context = _context(store, [REFERENCE_GRAPH])
        units.append(Unit("reference", tuple(reference), context, _key(project, reference, context, lang, engine)))
    return units
