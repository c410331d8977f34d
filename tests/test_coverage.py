"""README's coverage table, per category and edition: what each report names is in the graph.

A resource counts for an edition when it is of the category's class and that edition's graph mentions it
(schema:subjectOf one of its sections) or derives it from a section (prov:wasDerivedFrom): a thing both
reports name counts in both, even where only one edition gives its name (全国人大 in 2023 is 全国两会).
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from gradkg.loading import load_store, parse_into, project_sources, union_graph

GK = "https://w3id.org/gradkg/ontology#"
SUBJECT_OF = URIRef("https://schema.org/subjectOf")
ORGANISATIONS = (
    "University",
    "School",
    "AffiliatedHospital",
    "Committee",
    "AdministrativeOffice",
    "ExternalBody",
    "GovernmentBody",
)
CATEGORIES = {
    "courses": ("Course",),
    "policy documents": ("PolicyDocument",),
    "rules": ("Rule",),
    "processes": ("Process",),
    "people": ("https://schema.org/Person",),
    "organisations": ORGANISATIONS,
    "platforms": ("Platform",),
    "joint programmes": ("JointProgramme",),
    "achievements": ("Achievement",),
    "awards and honours": ("Award",),
    "events": ("Event",),
    "funds": ("Fund",),
    "projects": ("Project",),
    "evaluations": ("Evaluation",),
    "brands, schemes and mechanisms": ("Initiative",),
    "media works and publications": ("MediaWork",),
}
EXPECTED = {
    "2023": {
        "courses": 23,
        "policy documents": 24,
        "rules": 43,
        "processes": 40,
        "people": 23,
        "organisations": 50,
        "platforms": 8,
        "joint programmes": 5,
        "achievements": 8,
        "awards and honours": 5,
        "events": 18,
        "funds": 1,
        "projects": 11,
        "evaluations": 3,
        "brands, schemes and mechanisms": 13,
        "media works and publications": 2,
    },
    "2024": {
        "courses": 6,
        "policy documents": 26,
        "rules": 45,
        "processes": 41,
        "people": 4,
        "organisations": 47,
        "platforms": 9,
        "joint programmes": 4,
        "achievements": 12,
        "awards and honours": 13,
        "events": 25,
        "funds": 4,
        "projects": 10,
        "evaluations": 3,
        "brands, schemes and mechanisms": 13,
        "media works and publications": 7,
    },
}


@pytest.fixture(scope="module")
def union(project) -> Graph:
    return union_graph(load_store(project_sources(project)))


def squeeze(text: str) -> str:
    """Drop the extraction's spaces and fold ASCII brackets, as tests/test_data.py does."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def mentioned(project, edition: str) -> set:
    graph = Graph()
    for path in project.edition_files("zju-1002", edition):
        parse_into(graph, path)
    return set(graph.subjects(SUBJECT_OF, None)) | set(graph.subjects(PROV.wasDerivedFrom, None))


def of_class(union: Graph, names: tuple[str, ...]) -> set:
    return {s for n in names for s in union.subjects(RDF.type, URIRef(n if ":" in n else GK + n))}


@pytest.mark.parametrize("edition", sorted(EXPECTED))
def test_counts_per_category(project, union, edition):
    seen = mentioned(project, edition)
    assert {name: len(of_class(union, classes) & seen) for name, classes in CATEGORIES.items()} == EXPECTED[edition]


def label(union: Graph, iri: str) -> str:
    return next(
        str(o)
        for o in union.objects(URIRef(iri), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
        if o.language == "zh"
    )


@pytest.mark.parametrize(
    "edition, names",
    [
        ("2023", ["国家自然科学基金"]),
        (
            "2024",
            [
                "医学交叉前沿研究基金",
                "国家医学中心建设项目中央预算经费",
                "国家自然科学基金",
                "研究者发起的临床研究专项基金",
            ],
        ),
    ],
)
def test_the_funds_each_edition_names(project, union, edition, names):
    found = sorted(label(union, str(s)) for s in of_class(union, ("Fund",)) & mentioned(project, edition))
    assert found == names


def test_national_projects_and_what_the_reports_say_of_them(project, union):
    base = "https://w3id.org/gradkg/id/project/"
    statements = {
        edition: {
            str(o)
            for path in project.edition_files("zju-1002", edition)
            for o in Graph().parse(path).objects(URIRef(base + "national-medical-centre"), URIRef(GK + "statement"))
        }
        for edition in ("2023", "2024")
    }
    assert label(union, base + "national-medical-centre") == "国家医学中心建设项目"
    assert label(union, base + "major-infectious-disease-base") == "国家重大传染病防治基地项目"
    assert statements == {
        "2023": {"聚力打造具有浙大辨识度的国家医学中心"},
        "2024": {"具有浙大辨识度的国家医学中心建设项目加快推进，成为全国首批国家医学中心建设项目中央预算经费下达单位"},
    }
    fund = URIRef("https://w3id.org/gradkg/id/fund/national-medical-centre-central-budget")
    assert list(union.objects(fund, URIRef(GK + "funds"))) == [URIRef(base + "national-medical-centre")]


def test_the_hospital_assessment_links_its_figures_in_each_edition(union):
    evaluation = URIRef("https://w3id.org/gradkg/id/evaluation/tertiary-public-hospital-performance")
    figures = sorted(str(o).split("/id/zju-1002/")[1] for o in union.objects(evaluation, URIRef(GK + "figure")))
    assert label(union, str(evaluation)) == "全国三级公立医院绩效考核"
    assert figures == [
        "2023/observation/top-grade-hospitals",
        "2023/observation/top-grade-years",
        "2024/observation/top-grade-hospitals",
        "2024/observation/top-grade-years",
    ]


def test_media_works_name_their_outlet(union):
    publisher = URIRef("https://schema.org/publisher")
    works = of_class(union, ("MediaWork",))
    outlets = sorted(
        (label(union, str(w)), label(union, str(union.value(w, publisher)))) for w in works if union.value(w, publisher)
    )
    assert outlets == [
        ("China Daily头版报道", "China Daily"),
        ("专报信息", "中办"),
        ("中国好医生", "央视财经"),
        ("以人工智能助力医学人才培养", "中国教育报"),
        ("参事建议", "浙江省政府"),
        ("央视财经“中国好医生”栏目总台独家采访报道", "央视财经"),
        ("央视财经《中国好医生》全方位报道", "央视财经"),
    ]
    assert len(works) == 8  # and 权服月报, whose publisher the report does not name


def test_npc_and_cppcc_with_the_members_each_edition_counts(union):
    figure = URIRef(GK + "figure")
    npc, cppcc = (URIRef("https://w3id.org/gradkg/id/organisation/" + n) for n in ("npc", "cppcc"))
    assert (label(union, str(npc)), label(union, str(cppcc))) == ("全国人大", "全国政协")
    assert sorted(str(o).split("/id/zju-1002/")[1] for o in union.objects(npc, figure)) == [
        "2023/observation/npc-cppcc-members-all",
        "2024/observation/npc-deputies-all",
    ]
    assert sorted(str(o).split("/id/zju-1002/")[1] for o in union.objects(cppcc, figure)) == [
        "2023/observation/npc-cppcc-members-all",
        "2024/observation/cppcc-members-all",
    ]


@pytest.mark.parametrize("source", ["000_270693d0e6a09eb6.txt", "001_7ff795a34294cbbf.txt"])
def test_every_title_in_angle_quotes_names_a_resource(project, union, source):
    """Every 《》 title either report writes is the name or title of something in the graph."""
    names = {
        squeeze(str(o))
        for p in (SKOS.prefLabel, SKOS.altLabel, DCTERMS.title)
        for o in union.objects(None, p)
        if isinstance(o, Literal)
    }
    titles = set(re.findall(r"《([^》]+)》", squeeze((project.data / "sources" / source).read_text(encoding="utf-8"))))
    assert len(titles) == {"000_270693d0e6a09eb6.txt": 27, "001_7ff795a34294cbbf.txt": 21}[source]
    assert sorted(titles - names) == []
