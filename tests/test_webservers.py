"""The static site's configurations, run by the real servers: Debian's nginx and apache2 on loopback.

Each serves a published site with the configuration ``gradkg publish`` wrote (nginx-http.conf in the
http block and nginx.conf in the server block; .htaccess with AllowOverride All), and is asked what
a linked-data client and a browser ask: an RDF syntax by Accept, a language by Accept-Language,
the ontology by Accept, and the cache validators, 304s and gzip.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from gradkg.cli import main
from servers import free_port_in, running

ROOT = Path(__file__).resolve().parents[1]
COURSE = "/id/zju-1002/course/topics-haematology"
COURSE_IRI = URIRef("https://w3id.org/gradkg" + COURSE)
MODULES = ("mpm_event", "authz_core", "mime", "dir", "rewrite", "headers", "setenvif", "filter", "deflate")
ALTERNATES = {
    (COURSE + ".ttl", "text/turtle"),
    (COURSE + ".jsonld", "application/ld+json"),
    (COURSE + ".trig", "application/trig"),
    (COURSE + ".nt", "application/n-triples"),
    (COURSE + ".rdf", "application/rdf+xml"),
    (COURSE + ".html", "text/html"),
    (COURSE + ".en.html", "text/html"),
}


@pytest.fixture(scope="module")
def site(build_dir) -> Iterator[Path]:
    """A published site in a folder the servers' unprivileged workers can read (pytest's own is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="gradkg-webservers-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        args = [
            "publish",
            "--out",
            str(folder / "site"),
            "--base-url",
            "http://127.0.0.1/",
            "--build-dir",
            str(build_dir),
        ]
        assert main(args) == 0
        yield folder / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def nginx(site: Path) -> Iterator[str]:
    subprocess.run([str(ROOT / "scripts" / "ensure-debian-packages"), "nginx"], check=True)
    port = free_port_in(18280, 18289)
    prefix = site.parent / "nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    temp = " ".join(
        f"{kind}_temp_path {prefix}/tmp/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf.write_text(
        f"worker_processes 1; daemon off; pid {prefix}/nginx.pid; error_log {prefix}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; default_type application/octet-stream; {temp}\n"
        f"  include {site}/nginx-http.conf;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {site}; include {site}/nginx.conf; }}\n}}\n",
        encoding="utf-8",
    )
    base = f"http://127.0.0.1:{port}"
    with running(["/usr/sbin/nginx", "-p", str(prefix), "-c", str(conf)], base + "/", prefix / "run.log"):
        yield base


@contextmanager
def apache(site: Path) -> Iterator[str]:
    subprocess.run([str(ROOT / "scripts" / "ensure-debian-packages"), "apache2"], check=True)
    port = free_port_in(18290, 18299)
    server_root = site.parent / "apache"
    server_root.mkdir(exist_ok=True)
    modules = "".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so\n" for m in MODULES)
    conf = server_root / "httpd.conf"
    conf.write_text(
        f'ServerRoot "{server_root}"\nListen 127.0.0.1:{port}\nServerName 127.0.0.1\n'
        f"PidFile {server_root}/httpd.pid\nErrorLog {server_root}/error.log\nMutex file:{server_root} default\n"
        f"{modules}User www-data\nGroup www-data\nTypesConfig /etc/mime.types\nDirectoryIndex index.html\n"
        f'DocumentRoot "{site}"\n<Directory "{site}">\n  AllowOverride All\n  Require all granted\n</Directory>\n',
        encoding="utf-8",
    )
    base = f"http://127.0.0.1:{port}"
    with running(["/usr/sbin/apache2", "-f", str(conf), "-DFOREGROUND"], base + "/", server_root / "run.log"):
        yield base


SERVERS = {"nginx": nginx, "apache2": apache}


@pytest.fixture(scope="module", params=list(SERVERS))
def base(request, site) -> Iterator[str]:
    with SERVERS[request.param](site) as url:
        yield url


def get(base: str, path: str, **headers: str) -> httpx.Response:
    return httpx.get(base + path, headers={"Accept-Encoding": "identity", **headers}, timeout=30)


@pytest.mark.parametrize(
    ("accept", "syntax"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_a_resource_by_accept(base, accept, syntax):
    response = get(base, COURSE, Accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert "Accept" in response.headers["vary"]
    graph = Graph()
    graph.parse(data=response.content, format=syntax)
    assert (COURSE_IRI, None, None) in graph


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Topics in Haematology"),
        ("en-GB,en;q=0.9,zh;q=0.5", "Topics in Haematology"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "血液病学专题"),
        (None, "血液病学专题"),
    ],
)
def test_a_page_by_accept_language(base, language, title):
    headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    if language:
        headers["Accept-Language"] = language
    response = get(base, COURSE, **headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<h1 id="title">{title}</h1>' in response.text
    assert "Accept-Language" in response.headers["vary"]


@pytest.mark.parametrize(
    ("path", "accept"),
    [(COURSE, "text/turtle"), (COURSE, "text/html"), (COURSE + ".rdf", "*/*"), (COURSE + ".en.html", "*/*")],
)
def test_every_representation_names_every_other(base, path, accept):
    response = get(base, path, Accept=accept)
    assert response.status_code == 200
    assert {(link["url"], link["type"]) for link in response.links.values()} | {
        (part.split(">")[0].strip(" <"), part.split('type="')[1].split('"')[0])
        for part in response.headers["link"].split(", <")
    } == ALTERNATES
    for url, _ in ALTERNATES:
        assert get(base, url).status_code == 200


def test_json_ld_has_no_link_header_and_pyld_reads_it(base):
    """pyld's document loader fails on a JSON-LD response with several rel="alternate" links."""
    from pyld import jsonld

    assert "link" not in get(base, COURSE, Accept="application/ld+json").headers
    loader = jsonld.requests_document_loader(timeout=30)
    expanded = jsonld.expand(base + COURSE, {"documentLoader": loader})
    assert str(COURSE_IRI) in {node["@id"] for node in expanded}


def test_the_ontology_by_accept(base):
    response = get(base, "/ontology", Accept="text/turtle")
    assert response.headers["content-type"].split(";")[0] == "text/turtle"
    graph = Graph()
    graph.parse(data=response.content, format="turtle")
    assert (URIRef("https://w3id.org/gradkg/ontology"), None, None) in graph
    page = get(base, "/ontology", **{"Accept-Language": "en"})
    assert "<title>gradkg ontology of degree-programme annual reports" in page.text


def test_validators_304s_cache_control_and_gzip(base):
    first = get(base, COURSE, Accept="text/turtle")
    assert first.headers["cache-control"] == "public, max-age=300"
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert get(base, COURSE, Accept="text/turtle", **{"If-None-Match": etag}).status_code == 304
    assert get(base, COURSE, Accept="text/turtle", **{"If-Modified-Since": modified}).status_code == 304
    assert get(base, COURSE, Accept="text/turtle", **{"If-None-Match": '"other"'}).status_code == 200
    with httpx.stream("GET", base + COURSE, headers={"Accept": "text/turtle", "Accept-Encoding": "gzip"}) as zipped:
        assert zipped.headers["content-encoding"] == "gzip"
        assert "Accept-Encoding" in zipped.headers["vary"]
        body = b"".join(zipped.iter_raw())
    assert gzip.decompress(body) == first.content
