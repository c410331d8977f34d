"""schema.org beside gk:: materialised by the build, embedded in every page as JSON-LD, read by extruct."""

from __future__ import annotations

import extruct
import pyoxigraph as ox
import pytest

from gradkg.build import derived_graph
from gradkg.pages import Linker, Pages
from gradkg.serve.dataset import LICENCE
from gradkg.store import STORE_DIR, in_memory, open_read_only

ID = "https://w3id.org/gradkg/id/"
SCHEMA_GRAPH = ox.NamedNode(derived_graph("schema-org", "zju-1002"))  # what the programme's graphs give


@pytest.fixture(scope="module")
def store(build_dir):
    return in_memory(open_read_only(build_dir / STORE_DIR).store)


@pytest.fixture(scope="module")
def pages(project, store):
    return Pages(project, store, LICENCE)


def embedded(pages: Pages, path: str, lang: str = "zh") -> dict:
    """The one JSON-LD object extruct finds in the page of ``…/id/path``."""
    html = pages.resource_page(ID + path, lang, Linker("/", static=False), path.rsplit("/", 1)[-1])
    found = extruct.extract(html, base_url="http://127.0.0.1/", syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert len(found) == 1
    return found[0]


def names(value: object) -> set[str]:
    items = value if isinstance(value, list) else [value]
    return {item["@value"] if isinstance(item, dict) else item for item in items}


def typed(store: ox.Store, type_local: str) -> int:
    query = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{SCHEMA_GRAPH.value}> {{ ?s a <https://schema.org/{type_local}> }} }}"
    return int(next(iter(store.query(query)))["n"].value)


def test_the_build_types_every_kind_of_thing_in_schema_org(store):
    counts = {
        t: typed(store, t)
        for t in (
            "Course",
            "EducationalOccupationalProgram",
            "CollegeOrUniversity",
            "Hospital",
            "ResearchOrganization",
            "Organization",
            "GovernmentOrganization",
            "Legislation",
            "CreativeWork",
            "Report",
            "Observation",
        )
    }
    assert counts == {
        "Course": 27,
        "EducationalOccupationalProgram": 8,
        "CollegeOrUniversity": 12,
        "Hospital": 8,
        "ResearchOrganization": 14,
        "Organization": 39,
        "GovernmentOrganization": 12,
        "Legislation": 6,
        "CreativeWork": 20,
        "Report": 2,
        "Observation": 206,
    }


def test_a_course_page_embeds_course_instructor_credits_language_provider(pages):
    course = embedded(pages, "zju-1002/course/molecular-medicine-1")
    assert course["@context"] == "https://schema.org"
    assert course["@type"] == "Course"
    assert course["@id"] == ID + "zju-1002/course/molecular-medicine-1"
    assert names(course["name"]) == {"分子医学I", "Molecular Medicine I"}
    assert course["numberOfCredits"] == 3
    assert course["inLanguage"] == "zh"
    assert course["instructor"]["@type"] == "Person"
    assert course["instructor"]["@id"] == ID + "zju-1002/person/wang-di"
    assert course["provider"]["@type"] == "CollegeOrUniversity"
    assert names(course["provider"]["name"]) >= {"浙江大学"}


def test_a_numbered_document_is_legislation_with_its_number(pages):
    document = embedded(pages, "document/zjumed-2021-24")
    assert document["@type"] == "Legislation"
    assert document["legislationIdentifier"] == "浙大医学院发〔2021〕24号"
    assert names(document["name"]) == {
        "浙江大学医学院研究生学位申请实施细则（试行）",
        "Zhejiang University School of Medicine implementing rules for graduate degree applications (trial)",
    }
    assert document["legislationPassedBy"]["@id"] == ID + "organisation/zju-med"


def test_the_programme_and_a_hospital_and_an_observation(pages):
    programme = embedded(pages, "programme/zju-1002")
    assert programme["@type"] == "EducationalOccupationalProgram"
    assert programme["identifier"] == "1002"
    assert programme["provider"]["@type"] == "CollegeOrUniversity"
    observation = embedded(pages, "zju-1002/2023/observation/admitted-doctoral-all")
    assert observation["@type"] == "Observation"
    assert observation["value"] == 197.0
    assert observation["observationAbout"]["@id"] == ID + "programme/zju-1002"


def test_the_editions_stay_free_of_materialised_types(store):
    """schema.org lives in its own graph: no edition graph gains a derived triple."""
    query = f"ASK {{ GRAPH ?g {{ ?s a <https://schema.org/Course> }} FILTER(?g != <{SCHEMA_GRAPH.value}>) }}"
    assert not bool(store.query(query))


def test_a_person_page_embeds_person_name_and_affiliation(pages):
    person = embedded(pages, "zju-1002/person/wang-di", "en")
    assert person["@type"] == "Person"
    assert names(person["name"]) == {"王迪", "Wang Di"}
    assert person["affiliation"]["@type"] == "Organization"
    assert names(person["affiliation"]["name"]) == {"医学院", "School of Medicine"}


def test_a_page_without_a_schema_org_type_embeds_nothing(pages):
    assert pages.exists(ID + "process/admission")
    html = pages.resource_page(ID + "process/admission", "zh", Linker("/", static=False), "admission")
    assert "招生" in html
    assert extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"] == []


def test_markup_in_the_data_cannot_close_the_script():
    from gradkg.jsonld import script_json

    assert "</script>" not in script_json({"name": "</script><script>alert(1)</script>"})
