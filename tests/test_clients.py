"""Real clients against ``gradkg serve`` get what they ask for: rdflib, pyld, SPARQLWrapper, Comunica.

Each client sends its own Accept header and ``format=`` parameters; the server must pick a format the
client then reads. The last part tests ``gradkg.serve.conneg`` alone on tricky Accept headers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.parser import URLInputSource

from gradkg.serve import conneg
from servers import gradkg_server

ROOT = Path(__file__).resolve().parents[1]
GK = "https://w3id.org/gradkg/"
PERSON = URIRef(GK + "id/zju-1002/person/huang-he")
COURSE = URIRef(GK + "id/zju-1002/course/topics-haematology")
LECTURER = URIRef(GK + "ontology#lecturer")
NAME = SKOS.prefLabel
SCHEMA_PERSON = URIRef("https://schema.org/Person")
SELECT = (
    f"SELECT DISTINCT ?course ?name WHERE {{ ?course <{LECTURER}> <{PERSON}> . <{PERSON}> <{NAME}> ?name "
    'FILTER(LANG(?name) = "zh") }'
)
CONSTRUCT = (
    f"CONSTRUCT {{ ?course <{LECTURER}> ?person . ?person <{NAME}> ?name }} WHERE {{ BIND(<{PERSON}> AS ?person) "
    f'?course <{LECTURER}> ?person . ?person <{NAME}> ?name FILTER(LANG(?name) = "zh") }}'
)
CONSTRUCTED = {(COURSE, LECTURER, PERSON), (PERSON, NAME, Literal("黄河", lang="zh"))}
ROW = {"course": str(COURSE), "name": "黄河"}


@pytest.fixture(scope="module")
def server(tmp_path_factory, build_dir):
    with gradkg_server(tmp_path_factory.mktemp("clients"), build_dir) as base:
        yield base


# ---- rdflib: Graph.parse(url, format=F) sends a different Accept for each F ---------------------

# what rdflib's Accept for each format gets: N-Triples for "nt" (it asks for text/plain, then */*;q=0.1)
# and for "nquads" (it lists every syntax it reads at q=1; N-Triples is the tie-break, and is N-Quads)
RDFLIB_FORMATS = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "n3": "text/n3",
    "xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
    "trig": "application/trig",
    "nquads": "application/n-triples",
}


@pytest.fixture(scope="module")
def person_graph(server) -> Graph:
    """The person's description as the server writes it in N-Triples, the reference for every format."""
    response = httpx.get(f"{server}/id/zju-1002/person/huang-he.nt")
    assert response.status_code == 200
    return Graph().parse(data=response.text, format="nt")


@pytest.mark.parametrize("fmt", RDFLIB_FORMATS)
def test_rdflib_reads_a_resource_in_every_format_it_asks_for(server, person_graph, fmt):
    source = URLInputSource(f"{server}/id/zju-1002/person/huang-he", fmt)
    assert source.content_type == RDFLIB_FORMATS[fmt]
    graph = Graph().parse(source, format=fmt)
    assert (PERSON, NAME, Literal("黄河", lang="zh")) in graph
    assert set(graph.objects(PERSON, SKOS.prefLabel)) == {Literal("黄河", lang="zh"), Literal("Huang He", lang="en")}
    assert set(graph.objects(PERSON, RDF.type)) == {SCHEMA_PERSON}
    assert set(graph.subjects(LECTURER, PERSON)) == {COURSE}  # the inverse link
    assert len(graph) == 17 and isomorphic(graph, person_graph)
    assert (
        len(Graph().parse(f"{server}/id/zju-1002/person/huang-he", format=fmt)) == 17
    )  # the plain call does the same (17: with schema:name and schema:instructor)


# ---- pyld: expand(url) asks for JSON-LD with HTML at q=0.5 ---------------------------------------


def test_pyld_expands_a_resource(server):
    from pyld import jsonld

    expanded = jsonld.expand(
        f"{server}/id/zju-1002/person/huang-he", {"documentLoader": jsonld.requests_document_loader(timeout=30)}
    )
    person = next(node for node in expanded if node["@id"] == str(PERSON))
    assert sorted(person[str(SKOS.prefLabel)], key=lambda v: v["@language"]) == [  # stored order is not RDF's
        {"@language": "en", "@value": "Huang He"},
        {"@language": "zh", "@value": "黄河"},
    ]
    assert person[str(RDF.type)] == [{"@id": str(SCHEMA_PERSON)}]
    # a subject may come as several node objects (valid JSON-LD: the serialiser streams the triples)
    course = {k: v for node in expanded if node["@id"] == str(COURSE) for k, v in node.items()}
    assert course[str(LECTURER)] == [{"@id": str(PERSON)}]


# ---- SPARQLWrapper: every return format, GET and POST, with its format= parameters and Accept -------


def sparqlwrapper_answer(server: str, query: str, fmt: str, method: str, only_conneg: bool = False):
    """(Content-Type, converted result, SPARQLWrapper's complaints that the server sent another format)."""
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    client.setOnlyConneg(only_conneg)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = client.query()
        converted = result.convert()
    mismatches = [str(w.message) for w in caught if "has been returned by the endpoint" in str(w.message)]
    return result.info()["content-type"].split(";")[0], converted, mismatches


def xml_rows(document) -> list[dict[str, str]]:
    rows = []
    for result in document.getElementsByTagName("result"):
        row = {}
        for binding in result.getElementsByTagName("binding"):
            value = next(n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE)
            row[binding.getAttribute("name")] = value.firstChild.data
        rows.append(row)
    return rows


CSV_BODY = f"course,name\r\n{COURSE},黄河\r\n".encode()
TSV_BODY = f'?course\t?name\n<{COURSE}>\t"黄河"@zh\n'.encode()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("only_conneg", [False, True], ids=["format-and-accept", "accept-only"])
def test_sparqlwrapper_select_in_every_results_format(server, method, only_conneg):
    from SPARQLWrapper import CSV, JSON, TSV, XML

    media, answer, mismatches = sparqlwrapper_answer(server, SELECT, JSON, method, only_conneg)
    assert (media, mismatches) == ("application/sparql-results+json", [])
    assert [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]] == [ROW]
    media, answer, mismatches = sparqlwrapper_answer(server, SELECT, XML, method, only_conneg)
    assert (media, mismatches, xml_rows(answer)) == ("application/sparql-results+xml", [], [ROW])
    assert sparqlwrapper_answer(server, SELECT, CSV, method, only_conneg) == ("text/csv", CSV_BODY, [])
    assert sparqlwrapper_answer(server, SELECT, TSV, method, only_conneg) == ("text/tab-separated-values", TSV_BODY, [])


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_with_a_graph_format_gets_json_results(server, method):
    """SELECT has no RDF form: JSONLD, N3, TURTLE and RDFXML (once a 400 for JSONLD) get the default, JSON."""
    from SPARQLWrapper import JSONLD, N3, RDFXML, TURTLE

    for fmt in (JSONLD, N3, TURTLE, RDFXML):
        media, answer, _ = sparqlwrapper_answer(server, SELECT, fmt, method)
        assert media == "application/sparql-results+json"
        assert [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]] == [ROW]


# return format → (media type the server answers with, how the converted result becomes a graph)
CONSTRUCT_FORMATS = {
    "json": ("application/ld+json", None),  # SPARQLWrapper converts JSON-LD and RDF/XML to rdflib graphs itself
    "xml": ("application/rdf+xml", None),
    "json-ld": ("application/ld+json", None),
    "rdf+xml": ("application/rdf+xml", None),
    "n3": ("text/turtle", "n3"),  # Turtle is N3
    "turtle": ("text/turtle", "turtle"),
}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", CONSTRUCT_FORMATS)
def test_sparqlwrapper_construct_in_every_graph_format(server, method, fmt):
    media, answer, mismatches = sparqlwrapper_answer(server, CONSTRUCT, fmt, method)
    expected_media, parse_as = CONSTRUCT_FORMATS[fmt]
    assert (media, mismatches) == (expected_media, [])
    graph = Graph().parse(data=answer, format=parse_as) if parse_as else answer
    assert set(graph) == CONSTRUCTED


@pytest.mark.parametrize("fmt", ["json-ld", "n3", "turtle", "rdf+xml", "xml"])
def test_sparqlwrapper_construct_by_accept_only(server, fmt):
    """Without format=, N3's Accept lists Turtle and N-Triples at one q: N-Triples, which is N3, wins the tie."""
    expected_media, parse_as = CONSTRUCT_FORMATS[fmt]
    expected_media = "application/n-triples" if fmt == "n3" else expected_media
    media, answer, mismatches = sparqlwrapper_answer(server, CONSTRUCT, fmt, "GET", only_conneg=True)
    assert (media, mismatches) == (expected_media, [])
    graph = Graph().parse(data=answer, format=parse_as) if parse_as else answer
    assert set(graph) == CONSTRUCTED


# ---- Comunica (Node): the endpoint as a SPARQL source, a resource as an RDF document -------------

COMUNICA_SCRIPT = """
// Run a SELECT with Comunica over one source; print the bindings as JSON: [{variable: value}].
const { QueryEngine } = require('@comunica/query-sparql');
const [query, source] = process.argv.slice(2);
new QueryEngine().queryBindings(query, { sources: [JSON.parse(source)], lenient: false })
  .then((stream) => stream.toArray())
  .then((bindings) => {
    const rows = bindings.map((b) => Object.fromEntries([...b].map(([k, v]) => [k.value, v.value])));
    process.stdout.write(JSON.stringify(rows) + '\\n');
  })
  .catch((error) => { process.stderr.write(String(error.stack || error) + '\\n'); process.exit(1); });
"""


@pytest.fixture(scope="session")
def comunica() -> Path:
    """``@comunica/query-sparql`` 4.x (5.x needs Node 22) from npm, kept in build/ (ignored by git) between runs.

    Installed into a fresh folder and renamed into place, so a half-finished install is never used.
    """
    home = ROOT / "build" / "comunica-4"
    installed = home / "node_modules" / "@comunica" / "query-sparql" / "package.json"
    if not installed.exists() or not json.loads(installed.read_text())["version"].startswith("4."):
        staging = ROOT / "build" / f"comunica-4.installing-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        (staging / "package.json").write_text('{"private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "@comunica/query-sparql@4"],
            cwd=staging,
            check=True,
            capture_output=True,
            timeout=600,
        )
        shutil.rmtree(home, ignore_errors=True)
        staging.rename(home)
    (home / "query.js").write_text(COMUNICA_SCRIPT)
    return home


def comunica_rows(home: Path, query: str, source: dict) -> list[dict[str, str]]:
    done = subprocess.run(
        ["node", str(home / "query.js"), query, json.dumps(source)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_comunica_queries_the_endpoint(server, comunica):
    assert comunica_rows(comunica, SELECT, {"type": "sparql", "value": f"{server}/sparql"}) == [ROW]


def test_comunica_reads_a_resource_as_an_rdf_document(server, comunica):
    """Comunica's Accept lists text/html at q=0.2 after every RDF syntax: it must get RDF, not the page."""
    assert comunica_rows(comunica, SELECT, {"value": f"{server}/id/zju-1002/person/huang-he"}) == [ROW]
    labels = f"SELECT ?label WHERE {{ <{PERSON}> <{SKOS.prefLabel}> ?label }} ORDER BY ?label"
    assert comunica_rows(comunica, labels, {"value": f"{server}/id/zju-1002/person/huang-he"}) == [
        {"label": "Huang He"},
        {"label": "黄河"},
    ]


# ---- the server's answers to headers no client library above sends ---------------------------------


def test_a_resource_answers_406_listing_what_is_offered(server):
    response = httpx.get(f"{server}/id/zju-1002/person/huang-he", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.headers["vary"] == "Accept"
    assert response.text == (
        "nothing in Accept: image/png is offered here; offered: application/n-triples, "
        "text/turtle, application/n-quads, application/trig, application/ld+json, "
        "application/rdf+xml, text/n3, text/html"
    )


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/html"),  # httpx sends */*
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle;q=0.9, text/html;q=0.5", "text/turtle"),
        ("application/n-quads, text/html;q=0.2", "application/n-quads"),
    ],
)
def test_a_resource_by_accept(server, accept, media):
    response = httpx.get(
        f"{server}/id/zju-1002/course/topics-haematology", headers={"Accept": accept} if accept else {}
    )
    assert (response.status_code, response.headers["content-type"].split(";")[0]) == (200, media)


def test_sparql_accept_naming_nothing_we_write_is_406_and_an_unknown_format_400(server):
    ask = "ASK { ?s ?p ?o }"
    assert httpx.get(f"{server}/sparql", params={"query": ask}, headers={"Accept": "image/png"}).status_code == 406
    unknown = httpx.get(f"{server}/sparql", params={"query": ask, "format": "bmp"})
    assert unknown.status_code == 400 and unknown.text.startswith("unknown format 'bmp'; use one of csv, json,")
    both = httpx.get(f"{server}/sparql", params=[("query", ask), ("format", "json-ld"), ("format", "bmp")])
    assert both.status_code == 400


def test_void_and_service_description_negotiate_the_same_way(server):
    for path in ("/.well-known/void", "/sparql"):
        assert httpx.get(server + path, headers={"Accept": "image/png"}).status_code == 406
        response = httpx.get(server + path, headers={"Accept": "text/html;q=0.9, application/ld+json;q=0.5"})
        assert response.headers["content-type"].split(";")[0] == "application/ld+json"
        assert httpx.get(server + path).headers["content-type"].split(";")[0] == "text/turtle"
    assert httpx.get(f"{server}/.well-known/void", params={"format": "csv"}).status_code == 400


# ---- gradkg.serve.conneg alone ----------------------------------------------------------------------------

CHROME = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SAFARI = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
COMUNICA = (
    "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,application/n-triples;q=0.8,"
    "text/turtle;q=0.6,application/rdf+xml;q=0.5,text/n3;q=0.35,application/xml;q=0.3,image/svg+xml;q=0.3,"
    "text/xml;q=0.3,text/html;q=0.2,application/xhtml+xml;q=0.18,application/json;q=0.135,text/shaclc;q=0.1,"
    "text/shaclc-ext;q=0.05"
)
PYLD = "application/ld+json, application/json;q=0.8, text/html;q=0.5, application/xhtml+xml;q=0.5"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/html"),
        ("", "text/html"),
        ("*/*", "text/html"),  # curl
        ("*/*;q=0.1", "text/html"),
        ("*", "text/html"),  # Java's URLConnection
        (CHROME, "text/html"),
        (FIREFOX, "text/html"),
        (SAFARI, "text/html"),
        (COMUNICA, "application/n-quads"),
        (PYLD, "application/ld+json"),
        ("text/turtle;q=0.9, text/html;q=0.5", "text/turtle"),  # mentions HTML, at a lower q
        ("text/html;q=0.5, application/rdf+xml", "application/rdf+xml"),
        ("text/html;q=0.9, text/turtle;q=0.9", "text/turtle"),  # a tie is not HTML ranking highest
        ("text/html;q=0.9, text/turtle;q=0.8", "text/html"),  # HTML really ranks highest
        ("text/*;q=0.5, */*;q=0.1", "text/turtle"),  # text/* outranks */*; Turtle is the first text/ RDF
        ("text/*;q=0.5, */*;q=0.1, text/html;q=0.4", "text/turtle"),
        ("text/turtle, */*", "text/turtle"),  # the named type beats the wildcard at the same q
        ("text/html;q=0, */*", "application/n-triples"),  # q=0 excludes; the rest tie, N-Triples first
        ("text/turtle;q=0, text/*", "text/n3"),
        ("Text/Turtle;Charset=UTF-8", "text/turtle"),  # case, and a parameter our types do not have
        (
            'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded,x";q=0.9, text/html;q=0.1',
            "application/ld+json",
        ),  # a quoted comma inside a parameter
        ("text/turtle;q=abc, application/ld+json;q=0.5", "application/ld+json"),  # an invalid q skips its range
        ("application/rdf+xml, */*;q=0.1", "application/rdf+xml"),  # rdflib, format="xml"
        ("text/plain, */*;q=0.1", "application/n-triples"),  # rdflib, format="nt"
    ],
)
def test_resource_type(accept, media):
    assert conneg.resource_type(accept) == media


@pytest.mark.parametrize(
    "accept",
    [
        "image/png",
        "*/*;q=0",
        "text/html;q=0",
        "application/xhtml+xml",
        "image/*, application/pdf;q=0.9",
        "text/*;q=0, */*;q=0",
    ],
)
def test_resource_type_not_acceptable(accept):
    with pytest.raises(conneg.NotAcceptable) as raised:
        conneg.resource_type(accept)
    assert raised.value.status == 406 and "offered: application/n-triples, text/turtle" in str(raised.value)


RESULTS_JSON, RESULTS_XML = "application/sparql-results+json", "application/sparql-results+xml"


@pytest.mark.parametrize(
    ("formats", "accept", "types"),
    [
        # what SPARQLWrapper sends for each return format (format=, output= and results= carry the same values)
        (
            ["json"],
            "application/sparql-results+json,application/json,text/javascript,application/javascript",
            (RESULTS_JSON, "application/ld+json"),
        ),
        (["xml"], "application/sparql-results+xml", (RESULTS_XML, "application/rdf+xml")),
        (["csv"], "text/csv", ("text/csv", "text/turtle")),
        (
            ["tsv", "text/tab-separated-values"],
            "text/tab-separated-values",
            ("text/tab-separated-values", "text/turtle"),
        ),
        (["json-ld", ""], "*/*", (RESULTS_JSON, "application/ld+json")),  # SELECT: Accept */* is dropped from format=
        (
            ["json-ld", "application/ld+json,application/x-json+ld"],
            "application/ld+json,application/x-json+ld",
            (RESULTS_JSON, "application/ld+json"),
        ),
        (
            ["n3"],
            "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3",
            (RESULTS_JSON, "text/turtle"),
        ),
        (["turtle"], "application/turtle,text/turtle", (RESULTS_JSON, "text/turtle")),
        (["rdf+xml", "application/rdf+xml"], "application/rdf+xml", (RESULTS_JSON, "application/rdf+xml")),
        (["rdf+xml", ""], "*/*", (RESULTS_JSON, "application/rdf+xml")),
        # Accept alone
        ([], None, (RESULTS_JSON, "text/turtle")),
        ([], "*/*", (RESULTS_JSON, "text/turtle")),
        ([], "text/csv;q=0.5, application/sparql-results+xml", (RESULTS_XML, "text/turtle")),
        ([], "application/json", (RESULTS_JSON, "text/turtle")),
        ([], "text/n3", (RESULTS_JSON, "text/turtle")),  # N3 is written as Turtle
        ([], "application/rdf+xml;q=0.4, application/trig;q=0.6", (RESULTS_JSON, "application/trig")),
        ([], "text/html, */*;q=0.1", (RESULTS_JSON, "application/n-triples")),
        # format= wins over Accept, for the form it names
        (["csv"], "image/png", ("text/csv", "text/turtle")),
        (["TTL"], "application/sparql-results+xml", (RESULTS_XML, "text/turtle")),
        ("nquads", None, (RESULTS_JSON, "application/n-quads")),
    ],
)
def test_sparql_types(formats, accept, types):
    assert conneg.sparql_types(formats, accept) == types


@pytest.mark.parametrize(
    ("formats", "accept", "status"),
    [
        (["bmp"], None, 400),
        (["json", "bmp"], None, 400),
        (["image/png"], None, 400),
        ([], "image/png", 406),
        ([], "text/html", 406),
        ([], "*/*;q=0", 406),
    ],
)
def test_sparql_types_refused(formats, accept, status):
    with pytest.raises(conneg.NotAcceptable) as raised:
        conneg.sparql_types(formats, accept)
    assert raised.value.status == status


def test_graph_type():
    assert conneg.graph_type([], None) == "text/turtle"
    assert conneg.graph_type([], FIREFOX) == "application/n-triples"  # */*;q=0.8 beside types we do not offer
    assert conneg.graph_type(["jsonld"], "image/png") == "application/ld+json"
    assert conneg.graph_type([], "text/n3") == "text/turtle"
    with pytest.raises(conneg.UnknownFormat):
        conneg.graph_type(["tsv"], None)
    with pytest.raises(conneg.NotAcceptable):
        conneg.graph_type([], "text/html")


def test_n3_is_written_as_turtle():
    assert (conneg.written_as("text/n3"), conneg.written_as("application/trig")) == ("text/turtle", "application/trig")


def test_trig_keeps_each_statement_in_the_graph_of_the_edition_that_states_it(server, person_graph):
    dataset = Dataset()
    dataset.parse(data=httpx.get(f"{server}/id/zju-1002/person/huang-he.trig").text, format="trig")
    graphs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert (
        graphs
        == {
            "urn:x-rdflib:default": 17,
            "https://w3id.org/gradkg/id/zju-1002/2023/graph": 9,
            "https://w3id.org/gradkg/id/zju-1002/2024/graph": 8,
            "https://w3id.org/gradkg/id/zju-1002/schema-org/graph": 3,  # derived at build, per programme: schema:name ×2, schema:instructor
        }
    )
    in_2024 = dataset.graph(URIRef("https://w3id.org/gradkg/id/zju-1002/2024/graph"))
    assert set(in_2024.objects(PERSON, URIRef("https://schema.org/subjectOf"))) == {
        URIRef("https://w3id.org/gradkg/id/zju-1002/2024/section/5-2")
    }
