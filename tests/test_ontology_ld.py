"""The ontology as linked data: /ontology by content negotiation in every RDF syntax, files per syntax,
its metadata, and pyLODE's documentation in Chinese and English (with examples and shapes) — read by
rdflib and pyld, served by gradkg serve and written by gradkg publish."""

from __future__ import annotations

import json

import httpx
import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS

from servers import free_port_in, gradkg_server

ONTOLOGY = URIRef("https://w3id.org/gradkg/ontology")
GK = "https://w3id.org/gradkg/ontology#"
SYNTAXES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/trig": "trig",
    "application/n-quads": "nquads",
    "text/n3": "n3",
}


@pytest.fixture(scope="module")
def base(tmp_path_factory, build_dir):
    with gradkg_server(tmp_path_factory.mktemp("ontology"), build_dir, port=free_port_in(18250, 18269)) as url:
        yield url


def check_metadata(graph: Graph) -> None:
    assert (ONTOLOGY, OWL.versionIRI, URIRef("https://w3id.org/gradkg/ontology/0.2.0")) in graph
    assert graph.value(ONTOLOGY, OWL.versionInfo) == Literal("0.2.0")
    assert graph.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert {c.language for c in graph.objects(ONTOLOGY, DCTERMS.creator)} == {"zh", "en"}
    assert {d.language for d in graph.objects(ONTOLOGY, DCTERMS.description)} == {"zh", "en"}
    assert (URIRef(GK + "Course"), RDFS.label, Literal("课程", lang="zh")) in graph
    assert (
        URIRef(GK + "DegreeProgramme"),
        RDFS.subClassOf,
        URIRef("https://schema.org/EducationalOccupationalProgram"),
    ) in graph


@pytest.mark.parametrize("accept", list(SYNTAXES))
def test_the_ontology_iri_negotiates_every_rdf_syntax(base, accept):
    response = httpx.get(base + "/ontology", headers={"Accept": accept}, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept  # N3 is written as Turtle, which is N3
    assert "Accept" in response.headers["vary"] and response.headers["etag"]
    graph = Graph()
    graph.parse(data=response.content, format=SYNTAXES[accept])
    check_metadata(graph)


@pytest.mark.parametrize("suffix", ["ttl", "jsonld", "rdf", "nt", "trig"])
def test_the_ontology_files(base, suffix):
    response = httpx.get(f"{base}/ontology.{suffix}", timeout=60)
    assert response.status_code == 200
    graph = Graph()
    graph.parse(
        data=response.content,
        format={"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt", "trig": "trig"}[suffix],
    )
    check_metadata(graph)
    assert ("link" not in response.headers) if suffix == "jsonld" else ("ontology.jsonld" in response.headers["link"])


def test_pyld_expands_the_json_ld(base):
    document = httpx.get(base + "/ontology", headers={"Accept": "application/ld+json"}, timeout=60).json()
    expanded = jsonld.expand(document)
    header = next(node for node in expanded if node["@id"] == str(ONTOLOGY))
    assert header["http://www.w3.org/2002/07/owl#versionInfo"] == [{"@value": "0.2.0"}]


@pytest.mark.parametrize(
    ("lang", "title", "example", "shapes"),
    [
        ("zh", "gradkg 学位授权点年度报告本体", "外科学进展", "gk:CourseShape: gk:courseType, gk:credits"),
        (
            "en",
            "gradkg ontology of degree-programme annual reports",
            "Advances in Surgery",
            "gk:CourseShape: gk:courseType, gk:credits",
        ),
    ],
)
def test_the_documentation_in_each_language(base, lang, title, example, shapes):
    page = httpx.get(f"{base}/ontology", headers={"Accept": "text/html", "Accept-Language": lang}, timeout=120)
    assert page.status_code == 200 and page.headers["content-language"] == lang
    html = page.text
    assert f"<title>{title}" in html
    assert "Sub Class Of" in html and "Domain" in html and "Range" in html  # the hierarchy, domains and ranges
    assert "schema:EducationalOccupationalProgram" in html or "EducationalOccupationalProgram" in html  # alignments
    assert "0.2.0" in html and "creativecommons.org/licenses/by/4.0" in html  # metadata
    assert shapes in html and ("约束形状（SHACL）: " if lang == "zh" else "SHACL shapes: ") in html
    assert f"<pre>{example} &lt;https://w3id.org/gradkg/id/zju-1002/course/advances-in-surgery&gt;</pre>" in html
    other = "课程" if lang == "en" else ">course<"
    assert other not in html  # one language per page


def test_an_unknown_ontology_file_is_404(base):
    assert httpx.get(f"{base}/ontology.xlsx", timeout=30).status_code == 404


def test_publish_writes_the_ontology_files_and_documentation(tmp_path, build_dir):
    from gradkg.cli import main

    site = tmp_path / "site"
    assert (
        main(["publish", "--out", str(site), "--base-url", "https://example.org/g/", "--build-dir", str(build_dir)])
        == 0
    )
    for suffix, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("rdf", "xml"), ("nt", "nt")):
        graph = Graph()
        graph.parse(site / f"ontology.{suffix}", format=fmt)
        check_metadata(graph)
    assert "<title>gradkg 学位授权点年度报告本体" in (site / "ontology.html").read_text(encoding="utf-8")
    assert "<title>gradkg ontology of degree-programme" in (site / "ontology.en.html").read_text(encoding="utf-8")
    json.loads((site / "ontology.jsonld").read_text(encoding="utf-8"))
