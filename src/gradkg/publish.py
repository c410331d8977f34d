"""``gradkg publish --out DIR --base-url URL``: the pages and RDF as a static site any host serves.

Each resource gets ``id/PATH.html`` (Chinese), ``id/PATH.en.html`` and ``.ttl``, ``.jsonld``, ``.trig``, ``.nt``,
``.rdf``; every link is relative, so the site also works from ``file://``. Beside them: the home
and class pages, the query page (YASGUI against ``--endpoint``), VoID and DCAT, a sitemap, the
dumps, the ontology documentation, and rewrite rules that restore content negotiation on Apache
(.htaccess) and nginx. The site is written to a temporary folder beside ``--out`` and swapped in
whole, world-readable (folders 755, files 644) whatever the umask.

publish writes only what it owns. It marks the site's root with ``.gradkg-site`` and replaces a
folder only when it is new, empty or so marked; any other folder needs ``--force``. Some folders it
refuses even then, because replacing them would delete what is not the site: the filesystem root,
the project, the build folder, the home folder, the current folder, any folder holding one of
these, and anything inside the project's own folders (data/, src/, .git/ …). A resource whose path
on the site would not stay inside it (an IRI with ``..``, ``.`` or empty segments) is skipped and named.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

import pyoxigraph as ox

from gradkg.charts.pages import SCRIPTS, Dashboards
from gradkg.engine import LocalEngine, rows_of
from gradkg.errors import GradkgError
from gradkg.ontology_doc import FORMATS as ONTOLOGY_FORMATS
from gradkg.ontology_doc import documentation, ontology_rdf
from gradkg.pages import RDF_FORMATS, Linker, Pages, site_path
from gradkg.project import Project
from gradkg.querylib import list_queries, parse_query_file
from gradkg.search import SearchIndex
from gradkg.serve.dataset import ENTRY_POINTS, LICENCE, dataset_description, dump_graph, dumps_of
from gradkg.site_search import docs_script, documents
from gradkg.store import open_read_only
from gradkg.webconfig import HTACCESS, NGINX_HTTP, NGINX_SERVER

MARKER = ".gradkg-site"
MARKER_TEXT = (
    "This folder was written by `gradkg publish`, which replaces it whole on the next publish.\n"
    "gradkg replaces no folder without this file unless given --force.\n"
)
# The project's own folders: a site is never published into them, even with --force.
PROTECTED = (".ci", ".git", ".venv", "bench", "data", "ontology", "queries", "scripts", "src", "tests")
LONGEST_SEGMENT = 240  # bytes: a file name is at most 255, and ".en.html" is added


@dataclass(frozen=True)
class Site:
    """What publish wrote: how many resources have pages, and the IRIs it skipped with their site paths."""

    count: int
    skipped: tuple[tuple[str, str], ...] = ()


def _relative_root(path: str) -> str:
    return "../" * path.count("/")


def plain_path(path: str) -> bool:
    """True when a site path stays inside the site: no empty, ``.`` or ``..`` segment, none too long."""
    return all(
        s not in ("", ".", "..") and "\0" not in s and len(s.encode("utf-8")) <= LONGEST_SEGMENT
        for s in path.split("/")
    )


def _holds(folder: Path, place: Path) -> bool:
    return folder == place or folder in place.parents


def _guarded(project: Project, store_path: Path) -> dict[str, Path]:
    """The places whose loss publish must never cause, by how the refusal names them."""
    places = {"the project": project.root, "the build folder": store_path.parent, "the current folder": Path.cwd()}
    with contextlib.suppress(RuntimeError):  # no HOME and no passwd entry: no home folder to guard
        places["the home folder"] = Path.home()
    return {what: place.resolve() for what, place in places.items()}


def danger(target: Path, project: Project, store_path: Path) -> str | None:
    """Why replacing ``target`` would delete what is not the site (even with --force), or None."""
    real = target.resolve()
    if real == Path(real.anchor):
        return "it is the filesystem root"
    for what, place in _guarded(project, store_path).items():
        if _holds(real, place):
            return f"it is {what}" if real == place else f"it holds {what} {place}"
    for name in PROTECTED:
        if _holds((project.root / name).resolve(), real):
            return f"it is inside the project's {name}/ folder"
    return None


def check_target(out: Path, project: Project, store_path: Path, force: bool) -> Path:
    """The absolute folder publish may replace, or a refusal that names ``--out`` and says why."""
    target = Path(os.path.abspath(out))
    reason = danger(target, project, store_path)
    if reason:
        raise GradkgError(f"--out {out}: refused even with --force: {reason}; give a folder of its own")
    if target.is_symlink():
        raise GradkgError(f"--out {out}: is a symbolic link; give the folder it points to")
    if target.exists() and not target.is_dir():
        raise GradkgError(f"--out {out}: is a file, not a folder")
    if not force and target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        raise GradkgError(
            f"--out {out}: the folder is not empty and gradkg did not write it (it has no {MARKER}); "
            "give a new or empty folder, or --force to replace it"
        )
    return target


def publish(
    project: Project, store_path: Path, out: Path, base_url: str, endpoint: str | None, force: bool = False
) -> Site:
    """Write the site and swap it in for ``out``; refuses (before writing anything) what it may not replace."""
    target = check_target(out, project, store_path, force)
    base_url = base_url.rstrip("/") + "/"
    store = open_read_only(store_path).store
    pages = Pages(project, store, LICENCE)
    questions = list_queries(project.queries)
    work = _workspace(out, target)
    try:
        endpoint = endpoint or base_url + "sparql"
        site = _write_site(project, store, pages, questions, work, base_url, endpoint, store_path.parent)
        _write(work / MARKER, MARKER_TEXT)
        _open_up(work)
        check_target(out, project, store_path, force)  # the folder may have changed while the site was written
        _swap(work, target)
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise GradkgError(f"--out {out}: cannot write the site: {error.strerror or error}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return site


def _workspace(out: Path, target: Path) -> Path:
    """A new folder beside ``target``, on the same file system, so that the swap is a rename."""
    missing = [folder for folder in target.parents if not folder.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for folder in missing:  # made here, so opened up here: a web server must reach the site
            folder.chmod(0o755)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise GradkgError(f"--out {out}: cannot create a folder beside it: {error.strerror or error}") from None


def _open_up(root: Path) -> None:
    """Folders 755 and files 644, so a web server can read the site whatever umask and mkdtemp left."""
    root.chmod(0o755)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


def _swap(work: Path, target: Path) -> None:
    """Rename the new site into place; the old one is set aside first and deleted only once replaced."""
    if not target.exists():
        work.rename(target)
        return
    old = work.with_name(work.name + ".old")
    target.rename(old)
    try:
        work.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def write_dashboards(dashboards: Dashboards, out: Path) -> list[str]:
    """Each programme's dashboard and the comparison page for every indicator, in both languages."""
    pages: list[tuple[str, str | None, str | None]] = [(f"dashboard/{p.id}", p.id, None) for p in dashboards.programmes]
    pages.append(("compare", None, None))
    pages += [(f"compare/{i.id}", None, i.id) for i in dashboards.indicators]
    urls = []
    for path, programme, indicator in pages:
        if not plain_path(path):
            continue
        links = Linker(_relative_root(path), static=True)
        for lang, suffix in (("zh", ""), ("en", ".en")):
            if programme:
                html = dashboards.programme_page(programme, lang, links)
            else:
                html = dashboards.compare_page(indicator, lang, links)
            if html is not None:
                _write(out / f"{path}{suffix}.html", html)
                urls.append(f"{path}{suffix}.html")
    return urls


def write_reviews(project: Project, store: ox.Store, out: Path, build: Path) -> list[str]:
    """Each edition's pre-publication review (``review/ID/YEAR.html``, ``.en.html``): gradkg review's HTML."""
    from gradkg.review.command import review_in
    from gradkg.review.render import CACHE, to_html

    engine = LocalEngine.of(store)
    urls = []
    for programme in project.programmes():
        for edition in project.editions(programme):
            path = f"review/{programme}/{edition}"
            if not plain_path(path):
                continue
            for lang, suffix in (("zh", ""), ("en", ".en")):
                review = review_in(project, engine, programme, edition, lang)
                _write(out / f"{path}{suffix}.html", to_html(review, build / CACHE))
                urls.append(f"{path}{suffix}.html")
    return urls


def _write_search(project: Project, store: ox.Store, pages: Pages, out: Path, published: set[str]) -> list[str]:
    """The search page in both languages and the names it searches (static/search-docs.js)."""
    index = SearchIndex(LocalEngine.of(store), project.queries)
    _write(out / "static" / "search-docs.js", docs_script(documents(index, Linker("", static=True), published)))
    links = Linker("", static=True)
    for lang, suffix in (("zh", ""), ("en", ".en")):
        _write(out / f"search{suffix}.html", pages.search_page(lang, links, "", None, None))
    return ["search.html", "search.en.html"]


def _write_site(
    project: Project,
    store: ox.Store,
    pages: Pages,
    questions: list,
    out: Path,
    base_url: str,
    endpoint: str,
    build: Path,
) -> Site:
    def lib(name: str) -> list[dict]:
        text = parse_query_file(project.queries / "lib" / f"{name}.rq").text
        return rows_of(store.query(text, use_default_graph_as_union=True))

    resources_ = [(r["resource"].value, site_path(r["resource"].value)) for r in lib("site-resources")]
    skipped = [(iri, path) for iri, path in resources_ if not plain_path(path)]
    count = len(resources_) - len(skipped)
    urls = []
    dashboards = Dashboards(pages)
    for lang, suffix in (("zh", ""), ("en", ".en")):
        root_links = Linker("", static=True)
        boards = dashboards.links(lang, root_links)
        reviews = dashboards.review_links(lang, root_links)
        home = pages.home_page(lang, root_links, questions, ENTRY_POINTS, None, boards, reviews)
        _write(out / f"index{suffix}.html", home)
        _write(out / f"query{suffix}.html", pages.query_page(lang, root_links, questions, endpoint))
        urls += [f"index{suffix}.html", f"query{suffix}.html"]
    for iri, path in resources_:
        if not plain_path(path):
            continue
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
        if not plain_path(f"class/{local}"):
            skipped.append((row["term"].value, f"class/{local}"))
            continue
        for lang, suffix in (("zh", ""), ("en", ".en")):
            page = pages.class_page(local, lang, Linker("../", static=True))
            if page:
                _write(out / f"class/{local}{suffix}.html", page)
                urls.append(f"class/{local}{suffix}.html")
    for lang, suffix in (("zh", ""), ("en", ".en")):
        page = documentation(project, store, lang)
        if page is not None:
            _write(out / f"ontology{suffix}.html", page)
            urls.append(f"ontology{suffix}.html")
    for ext, media in ONTOLOGY_FORMATS.items():
        _write(out / f"ontology.{ext}", ontology_rdf(store, media))
    urls += write_dashboards(dashboards, out)
    urls += write_reviews(project, store, out, build)
    urls += _write_search(project, store, pages, out, set(urls))
    dumps = dumps_of(store)
    for name, body in dumps.items():
        _write(out / "dumps" / name, body)
    _write(out / "void.ttl", dump_graph(dataset_description(base_url, store, dumps), "text/turtle"))
    for asset in ("yasgui.min.js", "yasgui.min.css", "query-page.js", *SCRIPTS, "minisearch.js", "search-page.js"):
        _write(out / "static" / asset, resources.files("gradkg").joinpath("vendor", asset).read_bytes())
    _write(out / ".htaccess", HTACCESS)
    _write(out / "nginx-http.conf", NGINX_HTTP)
    _write(out / "nginx.conf", NGINX_SERVER)
    sitemap = "".join(f"  <url><loc>{escape(base_url + u)}</loc></url>\n" for u in urls)
    _write(
        out / "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{sitemap}</urlset>\n',
    )
    return Site(count, tuple(skipped))
