"""What SHACL validates together: one edition with its programme, the reference data, and what it cites.

Validating edition by edition keeps each run the size of one edition whatever the number of
programmes and years, lets the editions run on every core, and lets an unchanged edition keep its
last result (gradkg.validation.cache). The key of a unit is a SHA-256 over everything its result
depends on: the digests of its graphs (gradkg.inputs: their files' names and bytes), the shapes,
the ontology, the checks, the gradkg and engine versions, the language of the messages, and its
context. It is computed from each graph's facts, without opening the store.

The context: an edition may cite a resource that only another graph describes (a 2024 rule is a
revision of the 2023 one, typed in the 2023 graph). The rdf:type triples of such resources come
along so that ``sh:class`` sees what it sees in the union of all graphs; results about those
resources themselves are dropped, since their own edition reports them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from gradkg import __version__
from gradkg.inputs import Graphs
from gradkg.loading import Source
from gradkg.project import REFERENCE_GRAPH, Project, edition_graph, programme_graph
from gradkg.validation import engine_id

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Unit:
    """One SHACL run: its sources, its context (N-Triples), and the key its result is cached under."""

    name: str
    sources: tuple[Source, ...]
    context: str
    key: str
    across_editions: bool = False  # a programme's editions together, for the checks comparing them


def cited_types(graphs: Graphs, names: list[str]) -> str:
    """The rdf:type triples, from other graphs, of the IRIs these graphs cite but do not describe."""
    facts = [graphs.facts[name] for name in names]
    described = frozenset().union(*(f.described for f in facts))
    cited = frozenset().union(*(f.cited for f in facts))
    own = set(names)
    lines = {
        f"<{resource}> <{_RDF_TYPE}> <{cls}> ."
        for resource in cited - described
        for graph, cls in graphs.types.get(resource, ())
        if graph not in own
    }
    return "".join(line + "\n" for line in sorted(lines))


def _common(project: Project, lang: str, engine: str) -> str:
    """The digest of what every unit's result depends on beyond its own graphs (once per build)."""
    digest = hashlib.sha256(f"gradkg {__version__}\0{engine_id(engine)}\0{lang}\0".encode())
    checks = [*sorted((project.queries / "checks").glob("*.rq")), project.queries / "consistency.rq"]
    for path in [*sorted(project.shapes.glob("*.ttl")), project.ontology, *checks]:
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        data = path.read_bytes()
        digest.update(f"{shown}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _key(common: str, graphs: Graphs, names: list[str], context: str) -> str:
    digest = hashlib.sha256(common.encode())
    for name in names:
        digest.update(f"{graphs.inputs[name].digest}\0".encode())
    digest.update(context.encode())
    return digest.hexdigest()


def project_units(project: Project, programmes: list[str], graphs: Graphs, lang: str, engine: str) -> list[Unit]:
    """A unit per edition of each programme (a programme without editions: one for its own file), and
    one per programme of two or more editions for the checks comparing them (gradkg.checks.ACROSS_EDITIONS)."""
    common = _common(project, lang, engine)

    def unit(name: str, names: list[str], across: bool = False) -> Unit:
        sources = tuple(s for n in names for s in graphs.inputs[n].sources)
        context = cited_types(graphs, names)
        return Unit(name, sources, context, _key(common + str(across), graphs, names, context), across)

    units = []
    for programme in programmes:
        editions = project.editions(programme)
        for edition in editions or [None]:
            names = [REFERENCE_GRAPH, programme_graph(programme)]
            if edition is not None:
                names.append(edition_graph(programme, edition))
            units.append(unit(programme if edition is None else f"{programme} {edition}", names))
        if len(editions) > 1:  # the year-over-year checks: every edition of the programme at once
            names = [REFERENCE_GRAPH, programme_graph(programme), *(edition_graph(programme, e) for e in editions)]
            units.append(unit(f"{programme} {editions[0]}–{editions[-1]}", names, across=True))
    return units or [unit("reference", [REFERENCE_GRAPH])]  # no programme: the reference data is still checked
