"""``gradkg publish --out DIR --base-url URL``: the pages and RDF as a static site any host serves.

Each resource gets ``id/PATH.html`` (Chinese), ``id/PATH.en.html`` and ``.ttl``, ``.jsonld``, ``.nt``,
``.rdf``; every link is relative, so the site also works from ``file://``. Beside them: the home
and class pages, the query page (YASGUI against ``--endpoint``), VoID and DCAT, a sitemap, the
dumps, the ontology documentation, and rewrite rules that restore content negotiation on Apache
(.htaccess) and nginx. The site is written to a temporary folder and swapped in whole.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph as ox

from gradkg.engine import rows_of
from gradkg.pages import RDF_FORMATS, Linker, Pages, site_path
from gradkg.project import Project
from gradkg.querylib import list_queries, parse_query_file
from gradkg.serve import ENTRY_POINTS, LICENCE, dataset_description, dump_graph, dumps_of

HTACCESS = """# Content negotiation for gradkg's static site (Apache, mod_rewrite): /id/x serves x.html, x.ttl …
RewriteEngine On
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.+)$ $1.ttl [L,T=text/turtle]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteCond %{REQUEST_FILENAME}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [L,T=application/ld+json]
RewriteCond %{HTTP_ACCEPT} application/n-triples
RewriteCond %{REQUEST_FILENAME}.nt -f
RewriteRule ^(.+)$ $1.nt [L,T=application/n-triples]
RewriteCond %{HTTP_ACCEPT} application/rdf\\+xml
RewriteCond %{REQUEST_FILENAME}.rdf -f
RewriteRule ^(.+)$ $1.rdf [L,T=application/rdf+xml]
RewriteCond %{HTTP:Accept-Language} ^en
RewriteCond %{REQUEST_FILENAME}.en.html -f
RewriteRule ^(.+)$ $1.en.html [L]
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+)$ $1.html [L]
Header append Vary "Accept, Accept-Language"
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/rdf+xml .rdf
"""

NGINX = """# Content negotiation for gradkg's static site (nginx): include in the server block that serves it.
map $http_accept $gradkg_suffix {
    default                     ".html";
    "~text/turtle"              ".ttl";
    "~application/ld\\+json"     ".jsonld";
    "~application/n-triples"    ".nt";
    "~application/rdf\\+xml"     ".rdf";
}
map $http_accept_language $gradkg_html {
    default ".html";
    "~^en"  ".en.html";
}
types {
    text/turtle ttl; application/ld+json jsonld; application/n-triples nt; application/rdf+xml rdf;
    text/html html; application/trig trig;
}
location /id/ {
    add_header Vary "Accept, Accept-Language";
    try_files $uri$gradkg_suffix $uri$gradkg_html $uri.html $uri =404;
}
"""


def _relative_root(path: str) -> str:
    return "../" * path.count("/")


def publish(project: Project, store_path: Path, out: Path, base_url: str, endpoint: str | None) -> int:
    """Write the site; returns the number of resource pages."""
    base_url = base_url.rstrip("/") + "/"
    store = ox.Store()
    store.load(path=str(store_path), format=ox.RdfFormat.N_QUADS)
    pages = Pages(project, store, LICENCE)
    questions = list_queries(project.queries)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        count = _write_site(project, store, pages, questions, work, base_url, endpoint or base_url + "sparql")
        old = out.with_name(f".{out.name}.old")
        if out.exists():
            out.rename(old)
        work.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return count


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _write_site(
    project: Project, store: ox.Store, pages: Pages, questions: list, out: Path, base_url: str, endpoint: str
) -> int:
    def lib(name: str) -> list[dict]:
        text = parse_query_file(project.queries / "lib" / f"{name}.rq").text
        return rows_of(store.query(text, use_default_graph_as_union=True))

    resources_ = [r["resource"].value for r in lib("site-resources")]
    urls = []
    for lang, suffix in (("zh", ""), ("en", ".en")):
        root_links = Linker("", static=True)
        _write(out / f"index{suffix}.html", pages.home_page(lang, root_links, questions, ENTRY_POINTS, None))
        _write(out / f"query{suffix}.html", pages.query_page(lang, root_links, questions, endpoint))
        urls += [f"index{suffix}.html", f"query{suffix}.html"]
    for iri in resources_:
        path = site_path(iri)
        links = Linker(_relative_root(path), static=True)
        name = path.rsplit("/", 1)[-1]
        for lang, suffix in (("zh", ""), ("en", ".en")):
            _write(out / f"{path}{suffix}.html", pages.resource_page(iri, lang, links, name))
            urls.append(f"{path}{suffix}.html")
        for ext, media, _ in RDF_FORMATS:
            _write(out / f"{path}.{ext}", pages.description(iri, media))
    for row in lib("ontology-terms"):
        if row["kind"].value != "class" or not site_path(row["term"].value):
            continue
        local = row["term"].value.rsplit("#", 1)[-1]
        for lang, suffix in (("zh", ""), ("en", ".en")):
            page = pages.class_page(local, lang, Linker("../", static=True))
            if page:
                _write(out / f"class/{local}{suffix}.html", page)
                urls.append(f"class/{local}{suffix}.html")
    for lang, suffix in (("zh", ""), ("en", ".en")):
        _write(out / f"ontology{suffix}.html", pages.ontology_page(lang, Linker("", static=True)))
        urls.append(f"ontology{suffix}.html")
    dumps = dumps_of(store)
    for name, body in dumps.items():
        _write(out / "dumps" / name, body)
    _write(out / "void.ttl", dump_graph(dataset_description(base_url, store, dumps), "text/turtle"))
    for asset in ("yasgui.min.js", "yasgui.min.css"):
        _write(out / "static" / asset, resources.files("gradkg").joinpath("vendor", asset).read_bytes())
    _write(out / ".htaccess", HTACCESS)
    _write(out / "nginx.conf", NGINX)
    sitemap = "".join(f"  <url><loc>{escape(base_url + u)}</loc></url>\n" for u in urls)
    _write(
        out / "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{sitemap}</urlset>\n',
    )
    return len(resources_)
