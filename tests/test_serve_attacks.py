"""``gradkg serve`` tried as an attacker and a careless client would: every request that once crashed,
hung, leaked or turned the server outward gets the status named here, and the server answers a simple
query afterwards (issue 8)."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from gradkg.store import STORE_DIR
from servers import gradkg_server

ASK = "ASK { ?s ?p ?o }"
PUBLIC = "https://data.example.org/gradkg/"
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CARTESIAN_ORDER = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i"


@pytest.fixture(scope="module")
def server(tmp_path_factory, build_dir) -> Iterator[str]:
    with gradkg_server(
        tmp_path_factory.mktemp("attacks"),
        build_dir,
        "--timeout",
        "3",
        "--workers",
        "2",
        "--max-body",
        "200000",
        "--header-timeout",
        "1",
        "--worker-memory",
        "200",
        "--public-url",
        PUBLIC,
    ) as base:
        yield base


def get(base: str, query: str, **params: str) -> httpx.Response:
    return httpx.get(f"{base}/sparql", params={"query": query, **params}, timeout=30)


def still_answers(base: str) -> None:
    """The server answers again once a worker is free (one killed by an attack is replaced first)."""
    deadline = time.monotonic() + 30
    while not httpx.get(f"{base}/healthz").json().get("idle") and time.monotonic() < deadline:
        time.sleep(0.05)
    response = get(base, ASK, format="json")
    assert (response.status_code, response.json()["boolean"]) == (200, True)


@contextlib.contextmanager
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it receives; yields its URL and the record."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(f"{self.command} {self.path}")
            body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"secret-body"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", seen
    finally:
        httpd.shutdown()


def nested(depth: int) -> str:
    return "ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"


# ---- the parser never runs in the server process, and never too deep -------------------------------


def test_a_deep_insert_posted_as_query_is_refused_not_a_crash(server):
    body = "INSERT DATA { <a:s> <a:p> " + "(" * 20000 + ")" * 20000 + " }"
    response = httpx.post(f"{server}/sparql", data={"query": body}, timeout=30)
    assert response.status_code == 400
    assert response.text == "the query nests brackets 20001 deep; at most 200 are accepted"
    still_answers(server)


def test_deep_filters_do_not_exhaust_the_workers(server):
    for _ in range(40):
        response = get(server, nested(5000))
        assert (response.status_code, response.text) == (
            400,
            "the query nests brackets 5002 deep; at most 200 are accepted",
        )
    assert httpx.get(f"{server}/static/query-page.js", timeout=10).status_code == 200
    still_answers(server)


def test_a_query_just_within_the_depth_limit_runs(server):
    response = get(server, nested(190), format="json")
    assert (response.status_code, response.json()["boolean"]) == (200, True)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "abc", "1e309", ""])
def test_timeout_is_parsed_strictly(server, value):
    for _ in range(2):
        response = get(server, ASK, timeout=value)
        assert response.status_code == 400
        assert response.text.startswith("timeout must be a positive number of seconds")
    still_answers(server)


def test_a_timeout_above_the_servers_is_capped(server):
    response = get(server, CARTESIAN_COUNT, timeout="600")
    assert (response.status_code, response.text) == (503, "the query ran longer than 3 s and was stopped")
    still_answers(server)


# ---- updates and outbound requests -------------------------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }",
        "DROP GRAPH <https://w3id.org/gradkg/id/zju-1002/2023/graph>",
        "PREFIX ex: <https://example.org/> CLEAR ALL",
        "# a comment first\nDELETE WHERE { ?s ?p ?o }",
        "INSERT { ?a ?b ?c } WHERE { VALUES ?a { " + " ".join(f"<a:{i}>" for i in range(300)) + " } "
        "VALUES ?b { "
        + " ".join(f"<b:{i}>" for i in range(300))
        + " } VALUES ?c { "
        + " ".join(f"<c:{i}>" for i in range(300))
        + " } }",
    ],
    ids=["insert-data", "drop-graph", "clear-after-prefix", "delete-after-comment", "values-cartesian"],
)
def test_updates_in_any_form_get_403_without_running(server, update):
    for response in (
        get(server, update),
        httpx.post(f"{server}/sparql", data={"query": update}, timeout=30),
        httpx.post(
            f"{server}/sparql",
            content=update.encode(),
            timeout=30,
            headers={"Content-Type": "application/sparql-query"},
        ),
    ):
        assert response.status_code == 403, response.text
        assert response.text.startswith("this endpoint is read-only"), response.text
    count = get(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", format="json").json()
    assert count["results"]["bindings"][0]["n"]["value"] == "13661"


def test_load_is_refused_and_fetches_nothing(server):
    with listener() as (url, seen):
        started = time.monotonic()
        response = get(server, f"LOAD <{url}data.ttl>")
        assert (response.status_code, response.text) == (
            403,
            "this endpoint is read-only: LOAD is a SPARQL Update and was not run",
        )
        assert time.monotonic() - started < 5
        assert seen == []


@pytest.mark.parametrize("service", ["SERVICE <{url}sparql>", "SERVICE SILENT <{url}sparql>", "service <{url}x>"])
def test_service_is_refused_and_opens_no_connection(server, service):
    with listener() as (url, seen):
        query = "SELECT * WHERE { " + service.format(url=url) + " { ?s ?p ?o } }"
        response = get(server, query)
        assert response.status_code == 400
        assert "refused: this endpoint does not call other services" in response.text
        assert "secret-body" not in response.text
        assert seen == []
    still_answers(server)


def test_service_with_a_variable_is_refused(server):
    response = get(server, "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }")
    assert response.status_code == 400 and response.text.startswith("SERVICE ?e refused")


def test_the_word_service_inside_strings_and_iris_is_not_a_service_call(server):
    query = 'SELECT * WHERE { BIND("SERVICE <http://x/>" AS ?a) BIND(<http://x/SERVICE> AS ?b) } # SERVICE <http://x/>'
    response = get(server, query, format="json")
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["a"]["value"] == "SERVICE <http://x/>"


def test_allow_service_lets_named_services_through(tmp_path, build_dir):
    with listener() as (url, seen), gradkg_server(tmp_path, build_dir, "--allow-service", url) as base:
        answer = get(base, "SELECT * WHERE { SERVICE <" + url + "sparql> { ?s ?p ?o } }", format="json")
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"]["bindings"] == [{"s": {"type": "literal", "value": "secret-body"}}]
        assert [line.split()[0] for line in seen] == ["POST"]
        other = get(base, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }")
        assert other.status_code == 400 and f"(allowed: {url})" in other.text


def test_workers_cannot_open_internet_sockets():
    code = (
        "import socket\nfrom gradkg.serve.sandbox import forbid_network\nforbid_network()\n"
        "try:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept PermissionError as e:\n"
        "    print('refused', e.errno)\nelse:\n    print('connected')\n"
        "a, b = socket.socketpair()\nprint('pipes still work')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.stdout.splitlines() == ["refused 13", "pipes still work"]


# ---- bounded memory, waits and workers ---------------------------------------------------------------


def test_a_query_over_the_memory_cap_gets_503_and_the_worker_comes_back(server):
    response = get(server, CARTESIAN_ORDER)
    assert response.status_code == 503
    assert response.text == "the query needed more than a worker's 200 MB of memory and was stopped"
    assert response.headers["retry-after"] == "1"
    still_answers(server)
    deadline = time.monotonic() + 30
    while httpx.get(f"{server}/healthz").json()["workers"] < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok", "triples": 13661, "workers": 2, "idle": 2}


def test_construct_and_describe_are_capped_like_select(tmp_path, build_dir):
    with gradkg_server(tmp_path, build_dir, "--row-cap", "10") as base:
        construct = get(base, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert (construct.status_code, construct.text) == (
            422,
            "the result has more than 10 triples, the server's cap: add a LIMIT",
        )
        describe = get(base, "DESCRIBE ?c WHERE { ?c a <https://w3id.org/gradkg/ontology#Course> }")
        assert describe.status_code == 422 and "more than 10 triples" in describe.text
        assert get(base, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 10").status_code == 200


def test_a_request_that_cannot_get_a_worker_gets_503_with_retry_after(tmp_path, build_dir):
    with gradkg_server(tmp_path, build_dir, "--workers", "1", "--queue-wait", "0.3", "--timeout", "4") as base:
        heavy = threading.Thread(target=get, args=(base, CARTESIAN_COUNT))
        heavy.start()
        deadline = time.monotonic() + 10
        while httpx.get(f"{base}/healthz").json()["idle"] and time.monotonic() < deadline:
            time.sleep(0.02)
        busy = get(base, ASK)
        heavy.join()
        assert (busy.status_code, busy.text) == (503, "all 1 query workers are busy; try again shortly")
        assert busy.headers["retry-after"] == "1"
        still_answers(base)


def test_a_killed_worker_is_replaced_and_health_says_when_none_can_answer(tmp_path, build_dir):
    own_build = tmp_path / "build"
    shutil.copytree(build_dir, own_build)
    with gradkg_server(tmp_path, own_build, "--workers", "2") as base:
        workers = [
            int(p)
            for p in subprocess.run(
                ["pgrep", "-f", f"gradkg.serve.worker {own_build}"], capture_output=True, text=True
            ).stdout.split()
        ]
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            health = httpx.get(f"{base}/healthz").json()
            if health["workers"] == 2:
                break
            time.sleep(0.1)
        assert health == {"status": "ok", "triples": 13661, "workers": 2, "idle": 2}
        still_answers(base)
        (own_build / STORE_DIR).rename(own_build / "moved")  # no replacement can open the store now
        for pid in subprocess.run(
            ["pgrep", "-f", f"gradkg.serve.worker {own_build}"], capture_output=True, text=True
        ).stdout.split():
            os.kill(int(pid), signal.SIGKILL)
        deadline = time.monotonic() + 10
        while httpx.get(f"{base}/healthz").status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        health = httpx.get(f"{base}/healthz")
        assert (health.status_code, health.json()) == (
            503,
            {"status": "unhealthy", "reason": "no query worker can answer"},
        )
        (own_build / "moved").rename(own_build / STORE_DIR)
        deadline = time.monotonic() + 30
        while httpx.get(f"{base}/healthz").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        still_answers(base)


def test_named_questions_run_in_workers_and_leave_the_loop_free(server):
    results: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(httpx.get(f"{server}/api/queries/platforms", timeout=30).status_code)
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    health = httpx.get(f"{server}/healthz", timeout=5)
    for thread in threads:
        thread.join()
    assert health.status_code == 200
    assert sorted(results) == [200] * 8 or set(results) <= {200, 503}


# ---- every bad input is a 4xx with a message ---------------------------------------------------------


def test_an_unmatched_chinese_name_is_a_hint_not_a_500(server):
    response = httpx.get(f"{server}/api/queries/lecturers-of-course", params={"course": "不存在的课程"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []
    assert response.headers["x-gradkg-hint"] == (
        "no course named '%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%BE%E7%A8%8B'"
    )


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "x.rq", "questions.rq", "%00"])
def test_named_questions_are_only_the_librarys(server, name):
    response = httpx.get(f"{server}/api/queries/{name}")
    assert response.status_code == 404


def test_bad_graph_iris_are_400(server):
    for name in ("default-graph-uri", "named-graph-uri"):
        response = get(server, ASK, **{name: "not an iri"})
        assert (response.status_code, response.text) == (400, f"{name} must be an absolute IRI, got 'not an iri'")


def test_invalid_utf8_bodies_are_400(server):
    direct = httpx.post(f"{server}/sparql", content=b"ASK {\xff}", headers={"Content-Type": "application/sparql-query"})
    assert (direct.status_code, direct.text) == (400, "the query is not UTF-8 (byte 5)")
    form = httpx.post(
        f"{server}/sparql",
        content=b"query=ASK%7B%7D&x=\xff",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (form.status_code, form.text) == (400, "the form body is not UTF-8 (byte 18)")


def test_a_bom_before_a_query_is_accepted(server):
    response = httpx.post(
        f"{server}/sparql",
        content="\ufeffASK { ?s ?p ?o }".encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert (response.status_code, response.json()["boolean"]) == (200, True)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/id/a%20b", "/id/a b is not a resource path: it cannot form an IRI"),
        ("/id/a%3Cb%3E", "/id/a<b> is not a resource path: it cannot form an IRI"),
        ("/class/a%3Cb", "/class/a<b is not a class name"),
        ("/class/%E8%AF%BE%E7%A8%8B", "/class/课程 is not a class name"),
    ],
)
def test_paths_that_cannot_be_iris_are_400(server, path, message):
    response = httpx.get(server + path)
    assert (response.status_code, response.text) == (400, message)


def test_chunked_bodies_are_capped_while_they_stream(server):
    sent = []

    def chunks() -> Iterator[bytes]:
        for _ in range(1000):
            sent.append(1)
            yield b"# " + b"x" * 998 + b"\n"

    response = httpx.post(
        f"{server}/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert (response.status_code, response.text) == (413, "request body over 200000 bytes")
    still_answers(server)


def test_a_declared_body_over_the_cap_is_refused_before_reading(server):
    response = httpx.post(
        f"{server}/sparql", content=b"x" * 300000, headers={"Content-Type": "application/sparql-query"}
    )
    assert (response.status_code, response.text) == (413, "request body over 200000 bytes")


def test_a_second_query_parameter_is_400(server):
    response = httpx.get(f"{server}/sparql", params=[("query", ASK), ("query", ASK)])
    assert (response.status_code, response.text) == (400, "give one query parameter, not several")


def test_unsupported_content_type_is_415(server):
    response = httpx.post(f"{server}/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert (response.status_code, response.text) == (
        415,
        "unsupported Content-Type 'text/plain': use application/x-www-form-urlencoded or application/sparql-query",
    )


# ---- slow clients ------------------------------------------------------------------------------------


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def test_a_request_head_that_trickles_is_dropped(server):
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        sock.settimeout(5)
        started = time.monotonic()
        assert sock.recv(100) == b""  # closed by the server, not answered
        assert time.monotonic() - started < 4
    still_answers(server)


def test_a_body_that_never_comes_is_408(server):
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK"
        )
        sock.settimeout(5)
        answer = b""
        while not answer.endswith(b"within 1 s") and (chunk := sock.recv(1000)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert answer.endswith(b"the request body did not arrive within 1 s")


# ---- headers and what the pages link -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sparql?query=ASK%7B%7D",
        "/id/zju-1002/course/topics-haematology",
        "/query",
        "/healthz",
        "/id/no-such-thing",
        "/static/query-page.js",
    ],
)
def test_every_response_carries_the_safety_headers(server, path):
    headers = httpx.get(server + path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["content-security-policy"].startswith("default-src 'self'; script-src 'self';")


def test_the_host_header_is_not_reflected(server):
    for path, accept in (("/.well-known/void", "text/turtle"), ("/sparql", "text/turtle")):
        response = httpx.get(server + path, headers={"Host": "evil.example", "Accept": accept})
        assert response.status_code == 200
        assert "evil.example" not in response.text
        assert PUBLIC + "sparql" in response.text


def test_dumps_are_named_at_the_public_url(server):
    store = ox.Store()
    store.load(httpx.get(f"{server}/void.ttl").content, format=ox.RdfFormat.TURTLE)
    dumps = sorted(
        q.object.value
        for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/ns/dcat#downloadURL"), None)
    )
    assert dumps == [f"{PUBLIC}dumps/gradkg.{ext}" for ext in ("jsonld", "nt", "trig", "ttl")]


def test_only_http_iris_become_links(project):
    from gradkg.pages import Linker, Pages

    store = ox.Store()
    course = ox.NamedNode("https://w3id.org/gradkg/id/zju-1002/course/x")
    see_also = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    graph = ox.NamedNode("https://example.org/g")
    for target in ("javascript:alert(1)", "data:text/html,hi", "https://example.org/ok"):
        store.add(ox.Quad(course, see_also, ox.NamedNode(target), graph))
    page = Pages(project, store, "https://creativecommons.org/licenses/by/4.0/").resource_page(
        course.value, "en", Linker(), "x"
    )
    assert 'href="javascript:' not in page and 'href="data:' not in page
    assert "<div>javascript:alert(1)" in page
    assert '<a href="https://example.org/ok">' in page


# ---- options -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--workers",
            "0",
            "gradkg serve: argument --workers: expected a whole number ≥ 1, got '0' (see gradkg serve --help)",
        ),
        (
            "--timeout",
            "nan",
            "gradkg serve: argument --timeout: expected a positive number of seconds, got 'nan' "
            "(see gradkg serve --help)",
        ),
        (
            "--queue-wait",
            "-1",
            "gradkg serve: argument --queue-wait: expected a positive number of seconds, got '-1' "
            "(see gradkg serve --help)",
        ),
        (
            "--worker-memory",
            "0",
            "gradkg serve: argument --worker-memory: expected a whole number ≥ 1, got '0' (see gradkg serve --help)",
        ),
        ("--cache-mb", "-1", "gradkg: serve: cache-mb must be 0 (no cache) or more, got -1"),
        ("--allow-service", "file:///", "gradkg: serve: allow-service must name http(s) IRI prefixes, got 'file:///'"),
        ("--public-url", "javascript:x", "gradkg: serve: public-url must be an http(s) URL, got 'javascript:x'"),
    ],
)
def test_serve_options_are_checked(build_dir, option, value, message):
    done = subprocess.run(
        [str(Path(sys.executable).parent / "gradkg"), "serve", "--build-dir", str(build_dir), option, value],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (done.returncode, done.stderr.strip()) == (2, message)


def test_healthz_reports_the_workers(server):
    assert json.loads(httpx.get(f"{server}/healthz").text)["workers"] == 2


# ---- the answer cache --------------------------------------------------------------------------------


def test_repeated_questions_are_answered_from_the_cache_but_volatile_ones_never(server):
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/gradkg/ontology#Course> } ORDER BY ?s LIMIT 2 # cache test"
    first, second = get(server, query, format="json"), get(server, query, format="json")
    assert (first.headers["x-gradkg-cache"], second.headers["x-gradkg-cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert get(server, query, format="csv").headers["x-gradkg-cache"] == "miss"  # another format, another answer
    for volatile in ("SELECT (RAND() AS ?r) WHERE {}", "SELECT (STRUUID() AS ?u) WHERE {}", "SELECT (NOW() AS ?n) {}"):
        assert [get(server, volatile).headers["x-gradkg-cache"] for _ in range(2)] == ["miss", "miss"]
    refused = "DROP ALL"
    assert [get(server, refused).headers["x-gradkg-cache"] for _ in range(2)] == ["miss", "miss"]


def test_the_cache_is_bounded():
    from gradkg.serve.cache import AnswerCache
    from gradkg.serve.pool import Answer

    cache = AnswerCache(max_bytes=800, max_entries=3)
    for n in range(5):
        cache.put(("k", n), Answer(200, "text/plain", b"x" * 100, cacheable=True))
    assert [cache.get(("k", n)) is not None for n in range(5)] == [False, False, True, True, True]
    cache.put(("big",), Answer(200, "text/plain", b"x" * 101, cacheable=True))  # over an eighth of the budget
    cache.put(("no",), Answer(200, "text/plain", b"x", cacheable=False))
    assert (cache.get(("big",)), cache.get(("no",))) == (None, None)
    small = AnswerCache(max_bytes=8000, max_entries=100)
    for n in range(20):
        small.put(("k", n), Answer(200, "text/plain", b"x" * 1000, cacheable=True))
    assert sum(small.get(("k", n)) is not None for n in range(20)) == 8


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        ("<http://127.0.0.1:8080/sparql>", True),
        ("<http://127.0.0.1:8080/sparql/more>", True),
        ("<http://127.0.0.1\\u003a8080/sparql>", True),  # the parser decodes the escape; so does the check
        ("<http://127.0.0.1:8080@elsewhere.example/sparql>", False),
        ("<http://127.0.0.1:8081/sparql>", False),
        ("<https://127.0.0.1:8080/sparql>", False),
        ("<http://127.0.0.1:8080/other>", False),
        ("<http://127.0.0.1:99999/sparql>", False),
        ("<ftp://127.0.0.1:8080/sparql>", False),
        ("<sparql>", False),
        ("?endpoint", False),
        ("ex:endpoint", False),
        ("", False),
    ],
)
def test_allowed_services_are_compared_by_parts(target, allowed):
    from gradkg.serve.worker import service_allowed

    assert service_allowed(target, ("http://127.0.0.1:8080/sparql",)) is allowed


def test_long_flat_chains_run_or_are_refused_but_never_crash_a_worker(server):
    ok = get(server, "SELECT * WHERE { ?s ?p ?o " + "MINUS {} " * 4000 + "} LIMIT 1", format="json")
    assert (ok.status_code, len(ok.json()["results"]["bindings"])) == (200, 1)
    too_long = httpx.post(
        f"{server}/sparql", data={"query": "ASK { FILTER(" + " && ".join(["true"] * 6000) + ") }"}, timeout=30
    )
    assert (too_long.status_code, too_long.text) == (
        400,
        "the query chains 11999 operators and clauses; at most 10000 are accepted",
    )
    assert httpx.get(f"{server}/healthz").json()["workers"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICESILENT<http://127.0.0.1:1/x> { ?s ?p ?o } }",
        "PREFIX ex: <http://a/> SELECT * WHERE { BIND(ex:o\\# AS ?q) SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }",
    ],
)
def test_service_calls_written_to_hide_are_refused(server, query):
    response = get(server, query)
    assert response.status_code == 400 and "refused: this endpoint does not call other services" in response.text
