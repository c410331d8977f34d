"""Parse the project's Turtle into an rdflib Dataset: one named graph per edition (DESIGN.md §4).

Every parse failure becomes a GradkgError naming the file and line, so a broken draft never
surfaces as a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from gradkg.errors import GradkgError
from gradkg.project import ONTOLOGY_GRAPH, REFERENCE_GRAPH, Project, edition_graph

_WHY = re.compile(r"Bad syntax \((.*)\) at \^", re.DOTALL)
_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt"}


def _syntax_message(path: Path, error: BadSyntax) -> str:
    match = _WHY.search(str(error))
    why = match.group(1) if match else str(error).splitlines()[0]
    return f"{path}:{error.lines + 1}: syntax error: {why}"


def parse_into(target: Graph | Dataset, path: Path) -> None:
    """Parse one file into a graph or dataset; errors name the file and the line."""
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GradkgError(f"{path}: unsupported file type (expected {', '.join(sorted(_FORMATS))})")
    if not path.is_file():
        raise GradkgError(f"{path}: no such file")
    try:
        target.parse(path, format=fmt)
    except BadSyntax as error:
        raise GradkgError(_syntax_message(path, error)) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise GradkgError(f"{path}: cannot be read as {fmt}: {error}") from None


def load_project(project: Project, with_ontology: bool = True) -> Dataset:
    """Reference data, every edition in its own named graph, and the ontology."""
    dataset = Dataset()
    reference = dataset.graph(URIRef(REFERENCE_GRAPH))
    for path in project.reference_files():
        parse_into(reference, path)
    for edition in project.editions():
        graph = dataset.graph(URIRef(edition_graph(edition)))
        for path in project.edition_files(edition):
            parse_into(graph, path)
    if with_ontology:
        parse_into(dataset.graph(URIRef(ONTOLOGY_GRAPH)), project.ontology)
    return dataset


def load_files(paths: list[Path], project: Project) -> Dataset:
    """Other files (say next year's draft) beside the project's reference data."""
    dataset = Dataset()
    reference = dataset.graph(URIRef(REFERENCE_GRAPH))
    for path in project.reference_files():
        parse_into(reference, path)
    for path in paths:
        if path.suffix.lower() in (".trig", ".nq"):
            parse_into(dataset, path)
        else:
            parse_into(dataset.graph(URIRef(path.resolve().as_uri())), path)
    return dataset


def union_of(dataset: Dataset, skip: tuple[str, ...] = ()) -> Graph:
    """All triples of every graph but the skipped ones, as one graph for validation."""
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace)
    for s, p, o, g in dataset.quads():
        if g is None or str(g) not in skip:
            union.add((s, p, o))
    return union
