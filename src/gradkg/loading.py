"""Read the project's RDF into a pyoxigraph store with named graphs, and hand pyshacl an rdflib copy.

A source is a file and the named graph it goes into (DESIGN.md §4: one graph per edition); TriG
and N-Quads files bring their own graphs. pyoxigraph parses every data file (15× faster than
rdflib's Turtle parser here) and its syntax errors name the file and line; the rdflib graph pyshacl
needs is built from the store's quads. rdflib still parses the shapes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from gradkg.errors import GradkgError
from gradkg.project import ONTOLOGY_GRAPH, REFERENCE_GRAPH, Project, edition_graph, programme_graph

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_WHY = re.compile(r"Bad syntax \((.*)\) at \^", re.DOTALL)
_FORMATS = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
    ".trig": ("trig", ox.RdfFormat.TRIG),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
}


@dataclass(frozen=True)
class Source:
    """A file and the named graph its triples belong to (None: the file names its own graphs)."""

    path: Path
    graph: str | None


def programme_sources(project: Project, programme: str) -> list[Source]:
    """A programme's own description and each of its editions, every edition in its own graph."""
    sources = [Source(project.programme_file(programme), programme_graph(programme))]
    for edition in project.editions(programme):
        graph = edition_graph(programme, edition)
        sources += [Source(p, graph) for p in project.edition_files(programme, edition)]
    return sources


def project_sources(project: Project, programmes: list[str] | None = None) -> list[Source]:
    """Reference data, the programmes (all, or those named), and the ontology."""
    sources = [Source(p, REFERENCE_GRAPH) for p in project.reference_files()]
    for programme in project.programmes() if programmes is None else programmes:
        sources += programme_sources(project, programme)
    return [*sources, *(Source(p, ONTOLOGY_GRAPH) for p in project.ontology_files)]


def file_sources(paths: list[Path], project: Project) -> list[Source]:
    """Other files (say next year's draft) beside the project's reference data and ontology."""
    sources = [Source(p, REFERENCE_GRAPH) for p in project.reference_files()]
    for path in paths:
        own_graphs = path.suffix.lower() in (".trig", ".nq")
        sources.append(Source(path, None if own_graphs else path.resolve().as_uri()))
    return [*sources, *(Source(p, ONTOLOGY_GRAPH) for p in project.ontology_files)]


def _formats(path: Path) -> tuple[str, ox.RdfFormat]:
    if path.suffix.lower() not in _FORMATS:
        raise GradkgError(f"{path}: unsupported file type (expected {', '.join(sorted(_FORMATS))})")
    if path.is_dir():
        raise GradkgError(f"{path}: is a folder, not a file")
    if not path.is_file():
        raise GradkgError(f"{path}: no such file")
    return _FORMATS[path.suffix.lower()]


def read_source(path: Path) -> bytes:
    """A data file's bytes without a UTF-8 byte order mark, which editors on Windows like to add."""
    _formats(path)  # an unsupported type, a folder or a missing file is named as such
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GradkgError(f"{path}: cannot be read: {error.strerror}") from None
    return data.removeprefix(codecs.BOM_UTF8)


def parse_into(target: Graph, path: Path) -> None:
    """Parse one file with rdflib (the shapes); errors name the file and the line."""
    fmt, _ = _formats(path)
    try:
        target.parse(data=read_source(path), format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        match = _WHY.search(str(error))
        why = match.group(1) if match else str(error).splitlines()[0]
        raise GradkgError(f"{path}:{error.lines + 1}: syntax error: {why}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise GradkgError(f"{path}: cannot be read as {fmt}: {error}") from None


def load_store(sources: list[Source]) -> ox.Store:
    """All sources in an in-memory pyoxigraph store, each in its named graph."""
    store = ox.Store()
    for source in sources:
        _, fmt = _formats(source.path)
        target = ox.NamedNode(source.graph) if source.graph else None
        try:
            store.load(read_source(source.path), format=fmt, to_graph=target)
        except SyntaxError as error:
            line = error.args[1][1] if len(error.args) > 1 else "?"
            why = str(error.args[0]).split(": ", 1)[-1]
            raise GradkgError(f"{source.path}:{line}: syntax error: {why}") from None
        except (ValueError, UnicodeDecodeError) as error:
            raise GradkgError(f"{source.path}: cannot be read: {error}") from None
    return store


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # rdflib's parsers, and so the shapes, leave xsd:string implicit
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def union_ntriples(store: ox.Store) -> str:
    """Every triple but the ontology's, as N-Triples text (the same triples as :func:`union_graph`)."""
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in store if q.graph_name != ontology)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def union_graph(store: ox.Store) -> Graph:
    """Every triple but the ontology's, in one rdflib graph: pyshacl validates graphs one at a time."""
    union = Graph()
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for quad in store:
        if quad.graph_name != ontology:
            union.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    return union


def ontology_graph(project: Project) -> Graph:
    """The ontology graph (gradkg.ttl, labels.ttl, declarations) in rdflib, for pyshacl and the tests."""
    graph = Graph()
    for path in project.ontology_files:
        parse_into(graph, path)
    return graph
