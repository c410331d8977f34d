"""What the project already knows, as the ingester uses it: earlier editions, their texts, the reference data.

Every vocabulary the drafts draw on comes from here, not from lists in the code: indicators and
their dimensions are learnt from the known editions' observations read against those editions'
own texts; document numbers, titles and issuers from the documents already cited; people,
organisations, courses and processes from their labels. The evaluation passes a chosen set of
editions (leave one out); ``gradkg ingest`` passes every edition but the one being drafted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from gradkg.errors import GradkgError
from gradkg.loading import parse_into
from gradkg.project import BASE, Project

GK = Namespace("https://w3id.org/gradkg/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DOCO = Namespace("http://purl.org/spar/doco/")
DIMENSIONS = (GK.degreeLevel, GK.admissionRoute, GK.category)


@dataclass(frozen=True)
class KnownEdition:
    """A known edition: its year, its folder of Turtle files and the text it was curated from."""

    programme: str
    year: str
    files: tuple[Path, ...]
    source: Path | None


@dataclass
class Knowledge:
    """The known editions merged into one graph, with the texts they quote."""

    graph: Graph
    editions: list[KnownEdition]
    programme: str
    units: dict[str, URIRef] = field(default_factory=dict)

    def scoped(self, node: URIRef) -> bool:
        """Whether a programme-scoped IRI belongs to one of the known editions' programmes."""
        return any(str(node).startswith(f"{BASE}{e.programme}/") for e in self.editions)

    def labels(self, node: URIRef, lang: str = "zh") -> list[str]:
        """The node's preferred and alternative labels in one language."""
        return [
            str(o)
            for p in (SKOS.prefLabel, SKOS.altLabel, DCTERMS.title)
            for o in self.graph.objects(node, p)
            if isinstance(o, Literal) and o.language == lang
        ]

    def label(self, node: URIRef, lang: str = "zh") -> str | None:
        found = [o for o in self.graph.objects(node, SKOS.prefLabel) if isinstance(o, Literal) and o.language == lang]
        return str(found[0]) if found else None

    def section_key(self, section: URIRef) -> tuple[str, str] | None:
        """(edition, key) of a section IRI such as …/zju-1002/2024/section/3-7."""
        tail = str(section).removeprefix(BASE).split("/")
        if len(tail) == 4 and tail[2] == "section":
            return tail[1], tail[3]
        return None

    def instances(self, cls: URIRef) -> list[URIRef]:
        return sorted({s for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef)})

    def describe(self, node: URIRef) -> Graph:
        """The triples about a reused thing (a document, an organisation, a person), minus its mentions and
        its figures (gk:figure points at another edition's observations, which the draft does not have)."""
        out = Graph()
        for p, o in self.graph.predicate_objects(node):
            if p not in (SCHEMA.subjectOf, GK.figure):
                out.add((node, p, o))
        return out


def known_editions(project: Project, programme: str, exclude: str | None) -> list[KnownEdition]:
    """The programme's editions other than ``exclude``, or every programme's when it has none."""
    editions = [
        KnownEdition(programme, year, tuple(project.edition_files(programme, year)), None)
        for year in project.editions(programme)
        if year != exclude
    ]
    if not editions:
        editions = [
            KnownEdition(other, year, tuple(project.edition_files(other, year)), None)
            for other in project.programmes()
            if other != programme
            for year in project.editions(other)
        ]
    return editions


def load_knowledge(
    project: Project, programme: str, editions: list[KnownEdition], hide: frozenset[URIRef] = frozenset()
) -> Knowledge:
    """Parse the reference data, the programme's description and the known editions into one graph.

    ``hide`` removes reference terms (the evaluation hides those the left-out edition first used).
    """
    graph = Graph()
    for path in project.reference_files():
        parse_into(graph, path)
    if project.programme_file(programme).is_file():
        parse_into(graph, project.programme_file(programme))
    resolved = []
    for edition in editions:
        for path in edition.files:
            parse_into(graph, path)
        resolved.append(
            KnownEdition(edition.programme, edition.year, edition.files, _source_of(project, graph, edition))
        )
    for term in hide:
        graph.remove((term, None, None))
    knowledge = Knowledge(graph, resolved, programme)
    for unit in graph.subjects(RDF.type, GK.Unit):
        for notation in graph.objects(unit, SKOS.notation):
            knowledge.units[str(notation)] = unit
    return knowledge


def _source_of(project: Project, graph: Graph, edition: KnownEdition) -> Path | None:
    report = URIRef(f"{BASE}{edition.programme}/{edition.year}")
    name = graph.value(report, GK.sourceFile)
    if name is None:
        return None
    path = project.data / "sources" / str(name)
    if not path.is_file():
        raise GradkgError(f"{path}: the source text of the {edition.year} edition is missing")
    return path
