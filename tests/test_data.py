"""The data says what the reports say: every quotation occurs in its edition's text."""

from __future__ import annotations

import hashlib
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from gradkg.loading import load_store, ontology_graph, parse_into, project_sources, union_graph

GK = "https://w3id.org/gradkg/ontology#"
SOURCES = {"2023": "001_7ff795a34294cbbf.txt", "2024": "000_270693d0e6a09eb6.txt"}
QUOTING = [
    URIRef(GK + "statement"),
    URIRef(GK + "qualification"),
    URIRef(GK + "condition"),
    URIRef(GK + "originalForm"),
    DCTERMS.title,
]


# The 2023 text's extraction writes ASCII punctuation in some sections (三（九）, 三（十）): folded to full width.
FOLD = str.maketrans({",": "，", "(": "（", ")": "）", ";": "；", ":": "："})


def squeeze(text: str) -> str:
    """Drop the PDF extraction's line breaks and spaces, and fold punctuation width, so a quotation matches."""
    return re.sub(r"\s+", "", text).translate(FOLD)


@pytest.fixture(scope="module")
def editions(project) -> dict:
    """Each edition's own graph, as its files say it."""
    graphs = {}
    for edition in project.editions("zju-1002"):
        graphs[edition] = Graph()
        for path in project.edition_files("zju-1002", edition):
            parse_into(graphs[edition], path)
    return graphs


@pytest.fixture(scope="module")
def union(project) -> Graph:
    return union_graph(load_store(project_sources(project)))


@pytest.mark.parametrize("edition", sorted(SOURCES))
def test_every_quotation_occurs_in_its_edition(project, editions, edition):
    text = squeeze((project.data / "sources" / SOURCES[edition]).read_text(encoding="utf-8"))
    graph = editions[edition]
    quotations = [
        (s, p, o) for p in QUOTING for s, o in graph.subject_objects(p) if isinstance(o, Literal) and o.language == "zh"
    ]
    assert len(quotations) > 60
    missing = [(str(s), str(o)) for s, _, o in quotations if squeeze(o) not in text]
    assert missing == []


@pytest.mark.parametrize("edition", sorted(SOURCES))
def test_every_course_and_document_name_occurs_in_its_edition(project, editions, edition):
    text = squeeze((project.data / "sources" / SOURCES[edition]).read_text(encoding="utf-8"))
    graph = editions[edition]
    classes = (
        "Course",
        "PolicyDocument",
        "Team",
        "LectureSeries",
        "Scholarship",
        "Platform",
        "Achievement",
        "Award",
        "JointProgramme",
        "University",
        "School",
        "AffiliatedHospital",
        "Committee",
        "AdministrativeOffice",
        "ExternalBody",
        "GovernmentBody",
        "Event",
        "Fund",
        "Project",
        "Evaluation",
        "Initiative",
        "MediaWork",
    )
    names = [
        o
        for cls in classes
        for s in graph.subjects(None, URIRef(GK + cls))
        for o in graph.objects(s, SKOS.prefLabel)
        if o.language == "zh"
    ]
    missing = [str(n) for n in names if squeeze(n) not in text and f"《{squeeze(n)}》" not in text]
    # Names normalised from a look-alike or artefact form carry that form in gk:originalForm.
    normalised = {
        str(o) for s, o in graph.subject_objects(SKOS.prefLabel) if (s, URIRef(GK + "originalForm"), None) in graph
    }
    assert [n for n in missing if n not in normalised] == []


def test_every_fact_in_an_edition_cites_a_section_of_that_edition(editions):
    from rdflib.namespace import PROV

    for edition in SOURCES:
        graph = editions[edition]
        sections = set(graph.objects(None, PROV.wasDerivedFrom))
        assert sections and all(
            str(s).startswith(f"https://w3id.org/gradkg/id/zju-1002/{edition}/section/") for s in sections
        )


def test_counts_per_kind(editions):
    def count(edition: str, cls: str) -> int:
        return len(set(editions[edition].subjects(None, URIRef(cls if ":" in cls else GK + cls))))

    observation = "http://purl.org/linked-data/cube#Observation"
    assert [
        (count(e, "Course"), count(e, "PolicyDocument"), count(e, "Rule"), count(e, observation))
        for e in ("2023", "2024")
    ] == [(23, 24, 43, 94), (6, 26, 45, 112)]


@pytest.mark.parametrize("edition", sorted(SOURCES))
def test_every_stated_value_occurs_in_its_edition(project, editions, edition):
    text = squeeze((project.data / "sources" / SOURCES[edition]).read_text(encoding="utf-8"))
    stated = [str(o) for o in editions[edition].objects(None, URIRef(GK + "statedValue"))]
    assert len(stated) > 90
    assert [s for s in stated if squeeze(s) not in text] == []


def test_sources_match_their_recorded_checksums(project):
    """The report texts are the published seeds, byte for byte: data/sources/SHA256SUMS records them."""
    folder = project.data / "sources"
    lines = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    recorded = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
    assert sorted(recorded) == sorted(SOURCES.values()) == sorted(p.name for p in folder.glob("*.txt"))
    assert {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in recorded} == recorded


def test_source_files_named_in_the_data_exist(project, union):
    for name in union.objects(None, URIRef(GK + "sourceFile")):
        assert (project.data / "sources" / str(name)).is_file()


def test_data_holds_no_blank_nodes(union):
    from rdflib import BNode

    assert not [t for t in union if isinstance(t[0], BNode) or isinstance(t[2], BNode)]


def test_ontology_labels_every_term_it_defines_or_the_data_uses(project, union):
    from rdflib import OWL, RDF
    from rdflib.namespace import RDFS

    graph = ontology_graph(project)
    defined = {
        s
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in graph.subjects(RDF.type, t)
        if str(s).startswith(GK)
    }
    used = {p for p in union.predicates() if p != RDF.type} | {c for c in union.objects(None, RDF.type)}
    used = {t for t in used if not str(t).startswith(("https://w3id.org/gradkg/id/", str(OWL), str(RDFS)))}
    terms = defined | used
    assert len(defined) > 60
    for term in terms:
        assert {lit.language for lit in graph.objects(term, RDFS.label)} == {"zh", "en"}, term
        assert {lit.language for lit in graph.objects(term, SKOS.definition)} == {"zh", "en"}, term


def test_every_concept_without_a_broader_one_is_a_top_concept_of_its_scheme(union):
    rows = union.query(
        """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?scheme ?c WHERE { ?scheme a skos:ConceptScheme . ?c skos:inScheme ?scheme .
          FILTER NOT EXISTS { ?c skos:broader ?b . ?b skos:inScheme ?scheme }
          FILTER NOT EXISTS { { ?scheme skos:hasTopConcept ?c } UNION { ?c skos:topConceptOf ?scheme } } }"""
    )
    assert list(rows) == []
