"""Generated requests at every route of ``gradkg serve``: never a 5xx but the documented 503s, never a dead
server. Hypothesis runs a fixed, derandomised budget so CI sees the same examples every time."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradkg.sparql_scan import MAX_DEPTH, scan
from servers import gradkg_server

TOKENS = [
    "SELECT",
    "*",
    "WHERE",
    "{",
    "}",
    "?s",
    "?p",
    "?o",
    "(",
    ")",
    "[",
    "]",
    "FILTER",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "SERVICE",
    "SILENT",
    "<http://127.0.0.1:1/>",
    "<https://w3id.org/gradkg/id/zju-1002/course/x>",
    "LIMIT",
    "1",
    "-1",
    "99999999999999999999",
    "ORDER",
    "BY",
    "OPTIONAL",
    "UNION",
    "MINUS",
    ".",
    ";",
    ",",
    "'x'",
    '"y"@zh',
    '"""z"""',
    "#",
    "\n",
    "PREFIX",
    "ex:",
    "ex:a",
    ":",
    "<",
    ">",
    "INSERT",
    "DELETE",
    "DATA",
    "LOAD",
    "CLEAR",
    "DROP",
    "GRAPH",
    "VALUES",
    "BIND",
    "AS",
    "COUNT",
    "GROUP",
    "HAVING",
    "REGEX",
    "STR",
    "a",
    "^^",
    "<http://www.w3.org/2001/XMLSchema#integer>",
    "BASE",
    "FROM",
    "NAMED",
    "NOT",
    "EXISTS",
    "/",
    "|",
    "+",
    "\\",
    "\u0000",
    "\ufeff",
    "课程",
]
ROUTES = [
    "/sparql",
    "/api/queries/lecturers-of-course",
    "/api/queries/statistic",
    "/api/queries/{x}",
    "/id/{x}",
    "/id/zju-1002/course/{x}",
    "/class/{x}",
    "/",
    "/index.html",
    "/query",
    "/ontology",
    "/void.ttl",
    "/dataset",
    "/.well-known/void",
    "/dumps/{x}",
    "/healthz",
    "/static/{x}",
    "/{x}",
]
PARAM_NAMES = [
    "query",
    "format",
    "output",
    "timeout",
    "default-graph-uri",
    "named-graph-uri",
    "lang",
    "update",
    "course",
    "lecturer",
    "measure",
    "year",
    "document",
    "process",
]
MEDIA = [
    "text/html",
    "text/turtle",
    "application/ld+json",
    "application/sparql-results+json",
    "*/*",
    "image/png",
    "application/rdf+xml",
    "text/*",
    "application/n-triples",
    "x/y",
    "",
    "text/csv",
]
ALLOWED_503 = (
    "the query ran longer than",
    "all 2 query workers are busy",
    "the query needed more than",
    "the query waited longer than",
)  # never "the query crashed its worker"

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
latin1 = st.text(st.characters(codec="latin-1", categories=("L", "N", "P", "S", "Zs")), max_size=60).map(
    str.strip
)  # what h11 sends
queries = st.one_of(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join), text)
accept = st.lists(
    st.tuples(st.sampled_from(MEDIA), st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=x", ";level=1"])), max_size=4
).map(lambda parts: ", ".join(m + q for m, q in parts).strip())


@pytest.fixture(scope="module")
def server(tmp_path_factory, build_dir) -> Iterator[str]:
    with gradkg_server(
        tmp_path_factory.mktemp("fuzz"),
        build_dir,
        "--timeout",
        "2",
        "--workers",
        "2",
        "--max-body",
        "20000",
        "--header-timeout",
        "2",
        "--row-cap",
        "500",
    ) as base:
        yield base


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as session:
        yield session


def check(response: httpx.Response) -> None:
    if response.status_code == 503:
        assert response.text.startswith(ALLOWED_503), response.text
    else:
        assert response.status_code < 500, (response.status_code, response.text[:300])


@settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    route=st.sampled_from(ROUTES),
    fill=text,
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS"]),
    params=st.lists(st.tuples(st.sampled_from(PARAM_NAMES), st.one_of(queries, text)), max_size=4),
    accept=accept,
    language=latin1,
    content_type=st.sampled_from(
        [
            "application/sparql-query",
            "application/x-www-form-urlencoded",
            "application/sparql-update",
            "text/plain",
            "",
            "multipart/form-data",
        ]
    ),
    body=st.one_of(queries.map(str.encode), st.binary(max_size=200)),
)
def test_generated_requests_never_get_a_5xx(
    server, client, route, fill, method, params, accept, language, content_type, body
):
    path = route.replace("{x}", quote(fill, safe="/.:"))
    headers = {"Accept": accept, "Accept-Language": language.encode("latin-1")}
    if content_type:
        headers["Content-Type"] = content_type
    response = client.request(
        method, server + path, params=params, headers=headers, content=body if method == "POST" else None
    )
    check(response)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    query=queries,
    accept=accept,
    fmt=st.one_of(
        st.none(), st.sampled_from(["json", "xml", "csv", "tsv", "turtle", "json-ld", "n3", "bmp", "application/x"])
    ),
)
def test_generated_queries_never_get_a_5xx(server, client, query, accept, fmt):
    params = {"query": query, **({"format": fmt} if fmt else {})}
    check(client.get(f"{server}/sparql", params=params, headers={"Accept": accept}))
    check(client.post(f"{server}/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}))


def test_the_server_still_answers_after_the_fuzzing(server, client):
    answer = client.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }", "format": "json"})
    assert (answer.status_code, answer.json()["boolean"]) == (200, True)
    assert client.get(f"{server}/healthz").json()["workers"] == 2


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(max_size=300))
def test_the_scanner_reads_any_text(source):
    found = scan(source)
    assert found.depth >= 0
    assert found.depth <= source.count("(") + source.count("{") + source.count("[") + source.count("!")


def test_the_scanner_counts_depth_and_ignores_brackets_in_strings_and_comments():
    assert scan("ASK { FILTER((1)) }").depth == 3
    assert scan('ASK { FILTER("((((((" = "x") } # ((((((').depth == 2
    assert scan("SELECT * WHERE { ?s <http://x/(((> ?o }").depth == 4  # in an IRI, or after a less-than: fail closed
    assert scan("ASK {" * (MAX_DEPTH + 1)).depth == MAX_DEPTH + 1


@pytest.mark.parametrize(
    ("source", "form"),
    [
        ("SELECT * {}", "SELECT"),
        ("  prefix ex: <http://x/> PREFIX : <http://y/> ask {}", "ASK"),
        ("BASE <http://x/> CONSTRUCT {} WHERE {}", "CONSTRUCT"),
        ("# INSERT\nDESCRIBE <x>", "DESCRIBE"),
        ("PREFIX insert: <http://x/> LOAD <http://y/>", "LOAD"),
        ("with <g> delete {} where {}", "WITH"),
        ("", None),
    ],
)
def test_the_scanner_finds_the_form_after_the_prologue(source, form):
    assert scan(source).form == form


def test_the_scanner_finds_service_targets_but_not_lookalikes():
    assert scan("SELECT * { SERVICE SILENT <http://a/> {} SERVICE ?x {} }").services == ("<http://a/>", "?x")
    assert scan('SELECT * { ?s ex:SERVICE "SERVICE" ; <http://SERVICE/> ?service } # SERVICE <x>').services == ()
    assert scan("SELECT * { SERVICE").services == ("",)
