"""Read the project's RDF: one rdflib graph for pyshacl, one pyoxigraph store with named graphs.

A source is a file and the named graph it goes into (DESIGN.md §4: one graph per edition); TriG
and N-Quads files bring their own graphs. rdflib parses first, so every syntax error names the
file and line; pyoxigraph then holds the named graphs for the checks, queries and dumps, because it
loads and serialises them an order of magnitude faster than rdflib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from gradkg.errors import GradkgError
from gradkg.project import ONTOLOGY_GRAPH, REFERENCE_GRAPH, Project, edition_graph

_WHY = re.compile(r"Bad syntax \((.*)\) at \^", re.DOTALL)
_FORMATS = {".ttl": ("turtle", ox.RdfFormat.TURTLE), ".trig": ("trig", ox.RdfFormat.TRIG),
            ".nq": ("nquads", ox.RdfFormat.N_QUADS), ".nt": ("nt", ox.RdfFormat.N_TRIPLES)}


@dataclass(frozen=True)
class Source:
    """A file and the named graph its triples belong to (None: the file names its own graphs)."""

    path: Path
    graph: str | None

    @property
    def is_ontology(self) -> bool:
        return self.graph == ONTOLOGY_GRAPH


def project_sources(project: Project) -> list[Source]:
    """Reference data, every edition in its own graph, and the ontology."""
    sources = [Source(p, REFERENCE_GRAPH) for p in project.reference_files()]
    for edition in project.editions():
        sources += [Source(p, edition_graph(edition)) for p in project.edition_files(edition)]
    return [*sources, Source(project.ontology, ONTOLOGY_GRAPH)]


def file_sources(paths: list[Path], project: Project) -> list[Source]:
    """Other files (say next year's draft) beside the project's reference data and ontology."""
    sources = [Source(p, REFERENCE_GRAPH) for p in project.reference_files()]
    for path in paths:
        own_graphs = path.suffix.lower() in (".trig", ".nq")
        sources.append(Source(path, None if own_graphs else path.resolve().as_uri()))
    return [*sources, Source(project.ontology, ONTOLOGY_GRAPH)]


def _formats(path: Path) -> tuple[str, ox.RdfFormat]:
    if path.suffix.lower() not in _FORMATS:
        raise GradkgError(f"{path}: unsupported file type (expected {', '.join(sorted(_FORMATS))})")
    if not path.is_file():
        raise GradkgError(f"{path}: no such file")
    return _FORMATS[path.suffix.lower()]


def parse_into(target: Graph | Dataset, path: Path) -> None:
    """Parse one file with rdflib; errors name the file and the line."""
    fmt, _ = _formats(path)
    try:
        target.parse(path, format=fmt)
    except BadSyntax as error:
        match = _WHY.search(str(error))
        why = match.group(1) if match else str(error).splitlines()[0]
        raise GradkgError(f"{path}:{error.lines + 1}: syntax error: {why}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise GradkgError(f"{path}: cannot be read as {fmt}: {error}") from None


def union_graph(sources: list[Source]) -> Graph:
    """Every triple but the ontology's, in one rdflib graph: pyshacl validates graphs one at a time."""
    union = Graph()
    for source in sources:
        if source.is_ontology:
            continue
        if source.graph is None:
            dataset = Dataset()
            parse_into(dataset, source.path)
            for s, p, o, _ in dataset.quads():
                union.add((s, p, o))
        else:
            parse_into(union, source.path)
    return union


def load_store(sources: list[Source]) -> ox.Store:
    """All sources in an in-memory pyoxigraph store, each in its named graph."""
    store = ox.Store()
    for source in sources:
        _, fmt = _formats(source.path)
        target = ox.NamedNode(source.graph) if source.graph else None
        try:
            store.load(path=str(source.path), format=fmt, to_graph=target)
        except (SyntaxError, ValueError) as error:
            raise GradkgError(f"{source.path}: {error}") from None
    return store
