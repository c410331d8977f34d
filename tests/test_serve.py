"""``gradkg serve`` as a client and a person meet it: the SPARQL 1.1 Protocol, safety, linked data."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import httpx
import pyoxigraph as ox
import pytest

from servers import gradkg_server

SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/gradkg/ontology#Course> } ORDER BY ?s LIMIT 3"
ASK = "ASK { ?s a <https://w3id.org/gradkg/ontology#Course> }"
CONSTRUCT = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"
DESCRIBE = "DESCRIBE <https://w3id.org/gradkg/id/zju-1002/course/topics-haematology>"
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}
COURSE = "/id/zju-1002/course/topics-haematology"


@pytest.fixture(scope="module")
def server(tmp_path_factory, build_dir):
    with gradkg_server(
        tmp_path_factory.mktemp("serve"),
        build_dir,
        "--timeout",
        "2",
        "--row-cap",
        "1000",
        "--max-body",
        "20000",
        "--cors",
        "https://example.org",
    ) as base:
        yield base


def request(base: str, form: str, query: str, accept: str | None = None, params: dict | None = None) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    if form == "get":
        return httpx.get(f"{base}/sparql", params={"query": query, **(params or {})}, headers=headers, timeout=30)
    if form == "post-form":
        return httpx.post(f"{base}/sparql", data={"query": query, **(params or {})}, headers=headers, timeout=30)
    return httpx.post(
        f"{base}/sparql",
        params=params or {},
        content=query.encode(),
        headers={**headers, "Content-Type": "application/sparql-query"},
        timeout=30,
    )


FORMS = ("get", "post-form", "post-direct")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("query", [SELECT, ASK], ids=["select", "ask"])
@pytest.mark.parametrize("name", RESULT_TYPES)
def test_results_by_accept_and_by_format(server, form, query, name):
    for response in (
        request(server, form, query, accept=RESULT_TYPES[name]),
        request(server, form, query, params={"format": name}),
    ):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == RESULT_TYPES[name]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
@pytest.mark.parametrize("name", GRAPH_TYPES)
def test_graphs_by_accept_and_by_format(server, form, query, name):
    for response in (
        request(server, form, query, accept=GRAPH_TYPES[name]),
        request(server, form, query, params={"format": name}),
    ):
        assert response.status_code == 200, response.text
        media = GRAPH_TYPES[name]
        assert response.headers["content-type"].split(";")[0] == media
        parsed = ox.Store()
        parsed.load(response.content, format=ox.RdfFormat.from_media_type(media))
        assert len(parsed) > 0


def test_answers_are_right(server):
    rows = request(server, "get", SELECT, params={"format": "json"}).json()["results"]["bindings"]
    assert [r["s"]["value"] for r in rows] == [
        "https://w3id.org/gradkg/id/zju-1002/course/advances-in-surgery",
        "https://w3id.org/gradkg/id/zju-1002/course/global-health",
        "https://w3id.org/gradkg/id/zju-1002/course/graduate-academic-literacy",
    ]
    assert request(server, "get", ASK, accept="application/sparql-results+json").json()["boolean"] is True


def test_default_and_named_graphs_are_honoured(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    graph_2023 = "https://w3id.org/gradkg/id/zju-1002/2023/graph"
    only_2023 = request(server, "get", count, params={"default-graph-uri": graph_2023, "format": "json"}).json()
    assert only_2023["results"]["bindings"][0]["n"]["value"] == "3511"
    named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    answer = request(server, "post-form", named, params={"named-graph-uri": graph_2023, "format": "json"}).json()
    assert [b["g"]["value"] for b in answer["results"]["bindings"]] == [graph_2023]


def test_sparqlwrapper_as_a_client(server):
    from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(SELECT)
    for fmt in (JSON, XML, CSV, TSV):
        client.setReturnFormat(fmt)
        response = client.query()
        assert response.response.status == 200
    client.setReturnFormat(JSON)
    assert len(client.query().convert()["results"]["bindings"]) == 3
    client.setReturnFormat(CSV)
    assert len(list(csv.reader(io.StringIO(client.query().convert().decode())))) == 4
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    assert b"<https://w3id.org/gradkg/" in client.query().convert()
    client.setReturnFormat(XML)
    assert len(client.query().convert()) == 3
    client.setReturnFormat(JSON)
    assert len(json.loads(client.query().response.read())) == 3


def test_service_description_with_counts(server):
    response = httpx.get(f"{server}/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    store = ox.Store()
    store.load(response.content, format=ox.RdfFormat.TURTLE)
    counts = {
        row["g"].value: int(row["n"].value)
        for row in store.query(
            "SELECT ?g ?n WHERE { ?d <http://www.w3.org/ns/sparql-service-description#namedGraph> ?ng . "
            "?ng <http://www.w3.org/ns/sparql-service-description#name> ?g ; "
            "<http://www.w3.org/ns/sparql-service-description#graph>/<http://rdfs.org/ns/void#triples> ?n }"
        )
    }
    assert counts["https://w3id.org/gradkg/id/zju-1002/2023/graph"] == 3511


def test_updates_are_refused_and_change_nothing(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = request(server, "get", count, params={"format": "json"}).json()
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    assert (
        httpx.post(
            f"{server}/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
        ).status_code
        == 403
    )
    assert httpx.post(f"{server}/sparql", data={"update": update}).status_code == 403
    assert request(server, "get", update).status_code == 403
    assert request(server, "get", count, params={"format": "json"}).json() == before


def test_bad_requests(server):
    malformed = request(server, "get", "SELEC ?x WHERE {")
    assert malformed.status_code == 400 and "malformed query" in malformed.text
    assert request(server, "get", SELECT, params={"format": "bmp"}).status_code == 400
    assert request(server, "get", SELECT, accept="image/png").status_code == 406
    assert (
        httpx.post(
            f"{server}/sparql", content=b"x" * 30000, headers={"Content-Type": "application/sparql-query"}
        ).status_code
        == 413
    )
    too_many = request(server, "get", "SELECT * WHERE { ?s ?p ?o }")
    assert too_many.status_code == 422 and "1000 rows" in too_many.text


def test_a_query_that_would_run_forever_is_stopped(server):
    forever = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = request(server, "get", forever)
    assert response.status_code == 503 and "was stopped" in response.text
    assert request(server, "get", ASK, params={"format": "json"}).json()["boolean"] is True
    capped = request(server, "get", forever, params={"timeout": "0.5"})
    assert capped.status_code == 503 and "longer than 0.5 s" in capped.text


def test_cors_for_the_configured_origin(server):
    response = httpx.get(f"{server}/sparql", params={"query": ASK}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "https://example.org"


@pytest.mark.parametrize(
    "media", ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
)
def test_resources_dereference_to_rdf(server, media):
    response = httpx.get(server + "/id/zju-1002/person/huang-he", headers={"Accept": media})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    store = ox.Store()
    store.load(response.content, format=ox.RdfFormat.from_media_type(media))
    lecturer = ox.NamedNode("https://w3id.org/gradkg/ontology#lecturer")
    person = ox.NamedNode("https://w3id.org/gradkg/id/zju-1002/person/huang-he")
    assert list(store.quads_for_pattern(person, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), None))
    assert [q.subject.value for q in store.quads_for_pattern(None, lecturer, person)] == [
        "https://w3id.org/gradkg/id/zju-1002/course/topics-haematology"
    ]  # the inverse links
    assert list(store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/gradkg/ontology#sectionNumber"), None))


def test_variant_urls(server):
    for ext, media in (
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
    ):
        response = httpx.get(f"{server}{COURSE}.{ext}")
        assert (response.status_code, response.headers["content-type"].split(";")[0]) == (200, media)


def test_resource_page_in_both_languages(server):
    page = httpx.get(server + COURSE, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<h1 id="title">血液病学专题</h1>' in page.text
    assert 'href="/id/zju-1002/person/huang-he?lang=zh">黄河</a>' in page.text
    assert "2023 · 三（三）1" in page.text
    assert '<link rel="alternate" type="text/turtle" href="topics-haematology.ttl">' in page.text
    english = httpx.get(server + COURSE, headers={"Accept": "text/html", "Accept-Language": "en-GB,en;q=0.9"})
    assert '<h1 id="title">Topics in Haematology</h1>' in english.text
    assert '<h1 id="title">Topics in Haematology</h1>' in httpx.get(server + COURSE + "?lang=en").text


def test_unknown_resource_gets_a_404_page_linking_home(server):
    response = httpx.get(server + "/id/zju-1002/course/no-such-course", headers={"Accept": "text/html"})
    assert response.status_code == 404 and 'id="back-home"' in response.text


def test_class_and_home_pages(server):
    courses = httpx.get(f"{server}/class/Course?lang=zh")
    assert courses.status_code == 200 and courses.text.count("<li>") == 27
    home = httpx.get(f"{server}/?lang=en")
    assert home.status_code == 200 and 'href="/class/Course?lang=en"' in home.text
    assert "/api/queries/lecturers-of-course" in home.text


def test_named_questions_over_http(server):
    json_answer = httpx.get(f"{server}/api/queries/lecturers-of-course", params={"course": "血液病学专题"}).json()
    assert json_answer["results"]["bindings"][0]["lecturer"]["value"] == "黄河"
    csv_answer = httpx.get(
        f"{server}/api/queries/lecturers-of-course", params={"course": "血液病学专题", "format": "csv"}
    )
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.text.splitlines()[1].startswith("血液病学专题,黄河,医学院,2023")
    assert httpx.get(f"{server}/api/queries/nope").status_code == 404
    assert httpx.get(f"{server}/api/queries/rules-of-process").status_code == 400


def test_void_dcat_dumps_and_health(server):
    store = ox.Store()
    store.load(
        httpx.get(f"{server}/.well-known/void", headers={"Accept": "text/turtle"}).content, format=ox.RdfFormat.TURTLE
    )
    dumps = store.query(
        "SELECT ?dump ?size ?sum WHERE { ?d <http://www.w3.org/ns/dcat#distribution> ?dump . "
        "?dump <http://www.w3.org/ns/dcat#byteSize> ?size ; <http://spdx.org/rdf/terms#checksum>/"
        "<http://spdx.org/rdf/terms#checksumValue> ?sum }"
    )
    checked = 0
    for row in dumps:
        body = httpx.get(row["dump"].value).content
        assert (len(body), hashlib.sha256(body).hexdigest()) == (int(row["size"].value), row["sum"].value)
        checked += 1
    assert checked == 4
    licence = "https://creativecommons.org/licenses/by/4.0/"
    assert licence in httpx.get(f"{server}/dataset").text
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok", "triples": 13661, "workers": 4, "idle": 4}


def test_pages_escape_markup(project):
    from gradkg.pages import Linker, Pages

    store = ox.Store()
    iri = ox.NamedNode("https://w3id.org/gradkg/id/zju-1002/course/x")
    store.add(
        ox.Quad(
            iri,
            ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
            ox.Literal("<script>alert(1)</script>", language="zh"),
            ox.NamedNode("https://example.org/g"),
        )
    )
    page = Pages(project, store, "https://creativecommons.org/licenses/by/4.0/").resource_page(
        iri.value, "zh", Linker(), "x"
    )
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ---- the pages in headless Chromium ------------------------------------------------------------

PAGES = [
    ("/?lang={lang}", {"zh": "gradkg", "en": "gradkg"}),
    (COURSE + "?lang={lang}", {"zh": "血液病学专题", "en": "Topics in Haematology"}),
    ("/id/zju-1002/person/huang-he?lang={lang}", {"zh": "黄河", "en": "Huang He"}),
    (
        "/id/document/zjumed-2021-24?lang={lang}",
        {
            "zh": "浙江大学医学院研究生学位申请实施细则（试行）",
            "en": "Zhejiang University School of Medicine implementing rules for graduate degree applications (trial)",
        },
    ),
    ("/id/process/midterm-assessment?lang={lang}", {"zh": "中期考核", "en": "mid-term assessment"}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_in_a_browser(browser, server, lang, tmp_path):
    for path, titles in PAGES:
        browser.get(server + path.format(lang=lang))
        assert browser.find_element("id", "title").text == titles[lang]
        name = path.split("?")[0].strip("/").replace("/", "-") or "home"
        assert browser.save_screenshot(str(tmp_path / f"{name}-{lang}.png"))


def test_following_links_between_pages(browser, server):
    browser.get(server + COURSE + "?lang=zh")
    browser.find_element("link text", "黄河").click()
    assert browser.find_element("id", "title").text == "黄河"
    browser.find_element("link text", "血液病学专题").click()
    assert browser.find_element("id", "title").text == "血液病学专题"
    browser.find_element("id", "lang-switch").click()
    assert browser.find_element("id", "title").text == "Topics in Haematology"
    browser.find_element("id", "home-link").click()
    assert browser.find_element("id", "title").text == "gradkg"


def test_running_a_query_from_the_query_page(browser, server, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/query?lang=zh")
    browser.find_element("css selector", "button[data-name='lecturers-of-course']").click()
    WebDriverWait(browser, 20).until(lambda b: "黄河" in b.find_element("css selector", ".yasr").text)
    assert "Therese Hesketh" in browser.find_element("css selector", ".yasr").text
    assert browser.save_screenshot(str(tmp_path / "query-page.png"))
