"""``gradkg publish``: a static site whose every link works, from a web host or from file://."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import offline
from gradkg.cli import main
from gradkg.errors import GradkgError
from gradkg.pages import SEARCH_SCRIPTS
from gradkg.search import SearchIndex, check_term
from gradkg.serve.guard import CONTENT_SECURITY_POLICY
from gradkg.store import Generation

COURSE = "id/zju-1002/course/topics-haematology"


@pytest.fixture(scope="module")
def site(tmp_path_factory, build_dir) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    assert (
        main(["publish", "--out", str(out), "--base-url", "https://example.org/gradkg", "--build-dir", str(build_dir)])
        == 0
    )
    return out


def test_every_resource_has_pages_and_rdf(site):
    for suffix in (".html", ".en.html", ".ttl", ".jsonld", ".nt", ".rdf"):
        assert (site / f"{COURSE}{suffix}").is_file()
    assert len(list((site / "id").rglob("*.en.html"))) == 972
    store = ox.Store()
    store.load(path=str(site / f"{COURSE}.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) > 10


def test_every_relative_link_resolves(site):
    checked = 0
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            if href.startswith(("http://", "https://", "#", "data:")):  # data: pyLODE's inlined icon
                continue
            target = (page.parent / unquote(href.split("#")[0].split("?")[0])).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links to missing {href}"
            checked += 1
    assert checked > 20000


def test_alternate_links_language_switch_and_static_assets(site):
    page = (site / f"{COURSE}.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="text/turtle" href="topics-haematology.ttl">' in page
    assert 'href="../../../id/zju-1002/course/topics-haematology.en.html" id="lang-switch"' in page
    assert '<h1 id="title">Topics in Haematology</h1>' in (site / f"{COURSE}.en.html").read_text(encoding="utf-8")
    assert (site / "static" / "yasgui.min.js").is_file()
    assert "https://example.org/gradkg/sparql" in (site / "query.html").read_text(encoding="utf-8")


def test_void_sitemap_dumps_ontology_and_rewrite_rules(site):
    void = ox.Store()
    void.load(path=str(site / "void.ttl"), format=ox.RdfFormat.TURTLE)
    assert {
        q.object.value
        for q in void.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/ns/dcat#downloadURL"), None)
    } == {f"https://example.org/gradkg/dumps/gradkg.{ext}" for ext in ("ttl", "trig", "nt", "jsonld")}
    urls = ET.parse(site / "sitemap.xml").getroot()
    dashboards = 2 * (1 + 1 + 119)  # zh and en: zju-1002's dashboard, compare.html, compare/<indicator> for 119
    reviews = 2 * 2  # zh and en: the reviews of 2023 and 2024
    assert len(urls) == 2 * 972 + 4 + 2 + 2 + len(list((site / "class").glob("*.html"))) + dashboards + reviews
    assert "https://example.org/gradkg/review/zju-1002/2024.en.html" in {u[0].text for u in urls}
    assert all(u[0].text.startswith("https://example.org/gradkg/") for u in urls)
    ontology = (site / "ontology.en.html").read_text(encoding="utf-8")
    assert "https://w3id.org/gradkg/ontology#Course" in ontology and ">course<" in ontology and "课程" not in ontology
    assert "课程" in (site / "ontology.html").read_text(encoding="utf-8")  # one language per page
    assert "RewriteRule" in (site / ".htaccess").read_text() and "try_files" in (site / "nginx.conf").read_text()
    assert (site / "dumps" / "gradkg.trig").stat().st_size > 100000


def test_links_work_from_file_urls(browser, site):
    browser.get((site / "index.html").as_uri())
    browser.find_element("partial link text", "课程").click()
    assert browser.find_element("id", "title").text == "课程"
    browser.find_element("link text", "血液病学专题").click()
    assert browser.find_element("id", "title").text == "血液病学专题"
    browser.find_element("link text", "黄河").click()
    assert browser.find_element("id", "title").text == "黄河"
    browser.find_element("id", "lang-switch").click()
    assert browser.find_element("id", "title").text == "Huang He"


def test_each_edition_has_its_review_linked_from_the_home_and_programme_pages(site):
    review = (site / "review" / "zju-1002" / "2024.en.html").read_text(encoding="utf-8")
    assert "<h1>zju-1002, 2024 report: pre-publication review</h1>" in review
    assert review.count("<svg") == 7
    assert "<td>二（二） graduate supervisors (master&#39;s)</td><td>308人</td><td>648人</td><td>+110.4%</td>" in review
    assert "<h1>zju-1002 2023年度报告 发布前审阅</h1>" in (site / "review" / "zju-1002" / "2023.html").read_text(
        "utf-8"
    )
    assert "<svg" not in (site / "review" / "zju-1002" / "2023.html").read_text("utf-8")  # nothing earlier to compare
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="review/zju-1002/2024.html">浙江大学临床医学博士学位授权点 2024</a>' in home
    programme = (site / "id" / "programme" / "zju-1002.en.html").read_text(encoding="utf-8")
    assert '<a href="../../review/zju-1002/2023.en.html">2023</a>' in programme


def test_the_published_review_in_a_browser_offline(browser, site, tmp_path):
    """From file:// with no network: the charts are in the page (inline SVG), nothing is fetched."""
    with offline(browser):
        browser.set_window_size(1200, 900)
        browser.get((site / "review" / "zju-1002" / "2024.html").as_uri())
        sizes = browser.execute_script(
            "return [...document.querySelectorAll('figure.chart svg')].map(s => s.getBoundingClientRect().width)"
        )
        assert len(sizes) == 7 and min(sizes) > 100
        assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
        text = browser.execute_script("return document.querySelector('#chart-changes svg').textContent")
        assert "+110.4%" in text and "变化（%）" in text
        height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(1200, min(height + 100, 8000))
        shot = tmp_path / "review.png"
        assert browser.save_screenshot(str(shot))
    from PIL import Image

    raw = Image.open(shot).convert("RGB").tobytes()
    blue = sum(1 for r, g, b in zip(raw[0::3], raw[1::3], raw[2::3], strict=True) if b > r + 60 and b > g + 20)
    assert blue > 5000  # the bars of the charts are drawn, not only their tables


# The published site's search: MiniSearch over the names publish wrote, the same hits as `gradkg search`.

SEARCHED = {
    "血液病": [
        "discipline/100201-haematology",
        "zju-1002/course/topics-haematology",
        "zju-1002/research-direction/malignant-tumours-haematological",
        "indicator/leukaemia-cure-rate-before",
        "indicator/leukaemia-cure-rate-after",
        "zju-1002/2024/observation/leukaemia-cure-rate-before",
        "zju-1002/2024/observation/leukaemia-cure-rate-after",
    ],
    "lanjuan li": ["zju-1002/person/li-lanjuan"],
    "LiLanJuan": ["zju-1002/person/li-lanjuan"],
    "浙大医学院发[2021]24号": ["document/zjumed-2021-24"],
    "学位申请": ["process/degree-application", "document/zjumed-2021-24"],
    "淋巴": [],
}
HOSTILE = '<img src=x onerror="window.pwned=1">'


def shown(browser) -> list[str]:
    WebDriverWait(browser, 30).until(lambda b: b.execute_script("return !!(window.gradkgSiteSearch)"))
    return [
        iri.removeprefix("https://w3id.org/gradkg/id/")
        for iri in browser.execute_script("return window.gradkgSiteSearch.shown")
    ]


def test_search_docs_link_to_published_pages(site):
    text = (site / "static" / "search-docs.js").read_text("utf-8")
    data = json.loads(text.removeprefix("window.gradkgSearch = ").rstrip().removesuffix(";"))
    assert (data["limit"], data["maxTerm"]) == (50, 200)
    hrefs = [d["href"][lang] for d in data["docs"] for lang in ("zh", "en") if d["href"][lang]]
    local = [h.split("#")[0] for h in hrefs if not h.startswith("https://")]
    assert len(local) > 1600 and all((site / h).is_file() for h in local)
    course = next(d for d in data["docs"] if d["iri"].endswith("course/topics-haematology"))
    assert course["href"] == {"zh": f"{COURSE}.html", "en": f"{COURSE}.en.html"}
    assert ["血液病学专题", "血液病学专题", "xueyebingxuezhuanti"] in course["names"]


def test_published_search_offline_from_file_gives_what_gradkg_search_gives(browser, site, engine, project):
    index = SearchIndex(engine, project.queries)
    with offline(browser):
        for term, expected in SEARCHED.items():
            browser.get((site / "search.html").as_uri() + "?q=" + quote(term))
            assert shown(browser) == expected, term
            assert [h.iri.removeprefix("https://w3id.org/gradkg/id/") for h in index.search(term)] == expected
        for term in ("a", "x", "医", "学位"):  # many hits, cut at 50 in the same order
            browser.get((site / "search.html").as_uri() + "?q=" + quote(term))
            assert shown(browser) == [h.iri.removeprefix("https://w3id.org/gradkg/id/") for h in index.search(term)]
        browser.get((site / "search.en.html").as_uri() + "?q=" + quote("lanjuan li"))
        assert shown(browser) == ["zju-1002/person/li-lanjuan"]
        assert browser.find_element("id", "search-count").text == "1 results"
        loaded = browser.execute_script("return Array.from(document.scripts).map(s => s.src)")  # file:// has no timings
        assert loaded == [(site / "static" / name).as_uri() for name in SEARCH_SCRIPTS]
        browser.find_element("link text", "Li Lanjuan").click()
        assert browser.find_element("id", "title").text == "Li Lanjuan"


class _CSPHandler(http.server.SimpleHTTPRequestHandler):
    """The site served as a static host would, with the served pages' Content-Security-Policy."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def static_host(site):
    for port in range(18150, 18160):
        try:
            server = http.server.ThreadingHTTPServer(
                ("127.0.0.1", port), functools.partial(_CSPHandler, directory=str(site))
            )
            break
        except OSError:
            continue
    else:
        pytest.fail("no free port in 18150-18159 for the static host")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_search_box_on_a_static_host_under_csp(browser, static_host):
    browser.get(static_host + f"/{COURSE}.html")
    box = browser.find_element("css selector", "#nav-search input[name=q]")
    box.send_keys("血液病学", Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda b: "/search.html?q=" in b.current_url)
    assert shown(browser) == ["zju-1002/course/topics-haematology"]
    assert browser.find_element("id", "search-count").text == "1 个结果"
    assert browser.find_element("css selector", "#search-hits a").text == "血液病学专题"
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert fetched and all(url.startswith(static_host + "/") for url in fetched)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]
    assert errors == []  # no Content-Security-Policy violation, no script error


@pytest.mark.parametrize(
    ("term", "message"),
    [
        (HOSTILE, None),
        ("x%07y", "the search term contains a control character (U+0007 at position 1)"),
        ("%20%E3%80%8A%E3%80%8B", "the search term is empty (or only punctuation): give part of a name, e.g. 血液病"),
        ("血" * 201, "the search term is 201 characters long; gradkg searches for at most 200"),
    ],
)
def test_hostile_terms_in_the_published_search(browser, site, term, message):
    browser.get((site / "search.html").as_uri() + "?q=" + (quote(term) if term == HOSTILE else term))
    assert shown(browser) == []
    assert browser.execute_script("return window.pwned === undefined && document.querySelectorAll('img').length") == 0
    error = browser.find_element("id", "search-error")
    assert (error.text or None) == message
    if message:
        with pytest.raises(GradkgError, match=re.escape(message)):
            check_term(unquote(term))


# publish writes only what it owns: the marker, refusals, --force, paths that escape, permissions.

SKOS_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ESCAPING = [
    "https://w3id.org/gradkg/id/../../escaped",
    "https://w3id.org/gradkg/id/zju-1002/course/../../../../escaped",
]
ESCAPING_CLASS = "https://w3id.org/gradkg/ontology#../../../escaped-class"


def tiny_store(folder: Path) -> Path:
    """A built store of a few quads (fast to publish): one course, two IRIs with ``..``, one such class."""
    store = ox.Store()
    edition = ox.NamedNode("https://w3id.org/gradkg/id/zju-1002/2023/graph")
    for iri in [f"https://w3id.org/gradkg/{COURSE}", *ESCAPING]:
        store.add(ox.Quad(ox.NamedNode(iri), SKOS_LABEL, ox.Literal("x", language="en"), edition))
    ontology, term = ox.NamedNode("https://w3id.org/gradkg/ontology"), ox.NamedNode(ESCAPING_CLASS)
    store.add(
        ox.Quad(
            term,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://www.w3.org/2002/07/owl#Class"),
            ontology,
        )
    )
    for predicate in ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#definition"):
        for lang in ("zh", "en"):
            store.add(ox.Quad(term, ox.NamedNode(predicate), ox.Literal("x", language=lang), ontology))
    generation = Generation(folder)
    generation.store.bulk_extend(store)
    generation.commit({}, optimize=False)
    return folder


def publish(out: Path | str, build: Path, *more: str) -> int:
    return main(
        ["publish", "--out", str(out), "--base-url", "https://example.org/gradkg/", "--build-dir", str(build), *more]
    )


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every path under a folder with its bytes (None for a folder), to show that nothing changed."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def test_the_site_is_marked_as_written_by_gradkg(site):
    assert (site / ".gradkg-site").read_text(encoding="utf-8") == (
        "This folder was written by `gradkg publish`, which replaces it whole on the next publish.\n"
        "gradkg replaces no folder without this file unless given --force.\n"
    )


def test_the_site_is_world_readable_whatever_the_umask(tmp_path, capsys):
    build = tiny_store(tmp_path / "build")
    umask = os.umask(0o077)
    try:
        assert publish(tmp_path / "www" / "site", build) == 0
    finally:
        os.umask(umask)
    site = tmp_path / "www" / "site"
    modes = {oct(p.stat().st_mode & 0o777) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {"0o755"}
    assert {oct(p.stat().st_mode & 0o777) for p in site.rglob("*") if p.is_file()} == {"0o644"}
    assert oct((tmp_path / "www").stat().st_mode & 0o777) == "0o755"


def test_a_data_iri_with_dot_dot_is_skipped_and_named(tmp_path, capsys):
    build = tiny_store(tmp_path / "build")
    outer = tmp_path / "outer"
    assert publish(outer / "a" / "site", build) == 0
    out, err = capsys.readouterr()
    assert out == f"published 1 resources in Chinese and English to {outer / 'a' / 'site'}\n"
    assert err.splitlines() == [
        "gradkg: warning: skipped <https://w3id.org/gradkg/id/../../escaped>: "
        "its site path id/../../escaped would not stay inside --out",
        "gradkg: warning: skipped <https://w3id.org/gradkg/id/zju-1002/course/../../../../escaped>: "
        "its site path id/zju-1002/course/../../../../escaped would not stay inside --out",
        "gradkg: warning: skipped <https://w3id.org/gradkg/ontology#../../../escaped-class>: "
        "its site path class/../../../escaped-class would not stay inside --out",
    ]
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*escaped*")) == []
    assert sorted(p.name for p in outer.iterdir()) == ["a"]
    assert sorted(p.name for p in (outer / "a").iterdir()) == ["site"]
    assert (outer / "a" / "site" / f"{COURSE}.html").is_file()


def test_an_earlier_site_is_replaced_and_nothing_beside_it_is_touched(tmp_path, capsys):
    build = tiny_store(tmp_path / "build")
    site = tmp_path / "www" / "site"
    assert publish(site, build) == 0
    (site / "stale.html").write_text("from an earlier publish", encoding="utf-8")
    (tmp_path / "www" / "neighbour.txt").write_text("not the site's", encoding="utf-8")
    assert publish(site, build) == 0
    assert not (site / "stale.html").exists()
    assert (site / ".gradkg-site").is_file()
    assert sorted(p.name for p in (tmp_path / "www").iterdir()) == ["neighbour.txt", "site"]
    assert (tmp_path / "www" / "neighbour.txt").read_text(encoding="utf-8") == "not the site's"


def test_an_empty_folder_is_published_into(tmp_path, capsys):
    (tmp_path / "site").mkdir()
    assert publish(tmp_path / "site", tiny_store(tmp_path / "build")) == 0
    assert (tmp_path / "site" / ".gradkg-site").is_file()


def test_a_folder_gradkg_did_not_write_is_refused(tmp_path, capsys):
    build = tiny_store(tmp_path / "build")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    before = listing(tmp_path)
    assert publish(mine, build) == 2
    assert capsys.readouterr().err == (
        f"gradkg: --out {mine}: the folder is not empty and gradkg did not write it (it has no .gradkg-site); "
        "give a new or empty folder, or --force to replace it\n"
    )
    assert listing(tmp_path) == before


def test_force_replaces_a_folder_gradkg_did_not_write_and_nothing_else(tmp_path, capsys):
    build = tiny_store(tmp_path / "build")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("replace me", encoding="utf-8")
    (tmp_path / "neighbour.txt").write_text("keep me", encoding="utf-8")
    assert publish(mine, build, "--force") == 0
    assert not (mine / "notes.txt").exists()
    assert (mine / ".gradkg-site").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "mine", "neighbour.txt"]


def test_a_file_or_a_link_is_refused(tmp_path, capsys):
    build = tiny_store(tmp_path / "build")
    (tmp_path / "site.html").write_text("a file", encoding="utf-8")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    before = listing(tmp_path)
    assert publish(tmp_path / "site.html", build, "--force") == 2
    assert publish(tmp_path / "link", build, "--force") == 2
    assert capsys.readouterr().err.splitlines() == [
        f"gradkg: --out {tmp_path / 'site.html'}: is a file, not a folder",
        f"gradkg: --out {tmp_path / 'link'}: is a symbolic link; give the folder it points to",
    ]
    assert listing(tmp_path) == before


@pytest.fixture
def guarded(tmp_path, monkeypatch):
    """A throwaway project (never this checkout) with a build, a home and a current folder; writing is a failure."""
    project = tmp_path / "project"
    for part in ("ontology", "data", "queries", ".git"):
        (project / part).mkdir(parents=True)
        (project / part / "keep").write_text(part, encoding="utf-8")
    tiny_store(project / "build")
    (tmp_path / "home").mkdir()
    (tmp_path / "here").mkdir()
    monkeypatch.setenv("GRADKG_HOME", str(project))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path / "here")

    def refuse(*args, **kwargs):
        raise AssertionError("publish went on to write the site")

    monkeypatch.setattr("gradkg.publish._write_site", refuse)
    monkeypatch.setattr("gradkg.publish._swap", refuse)
    return tmp_path


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        ("project", "it is the project"),
        (".", "it holds the project {tmp}/project"),
        ("project/build", "it is the build folder"),
        ("home", "it is the home folder"),
        ("here", "it is the current folder"),
        ("project/data", "it is inside the project's data/ folder"),
        ("project/data/site", "it is inside the project's data/ folder"),
        ("project/.git", "it is inside the project's .git/ folder"),
        ("/", "it is the filesystem root"),
    ],
)
def test_dangerous_folders_are_refused_even_with_force(guarded, capsys, out, reason):
    target = guarded / out if out != "/" else Path("/")
    before = listing(guarded)
    assert publish(target, guarded / "project" / "build", "--force") == 2
    assert capsys.readouterr().err == (
        f"gradkg: --out {target}: refused even with --force: {reason.format(tmp=guarded)}; give a folder of its own\n"
    )
    assert listing(guarded) == before


def test_a_folder_holding_the_build_is_refused(guarded, capsys):
    build = tiny_store(guarded / "elsewhere" / "build")
    before = listing(guarded)
    assert publish(guarded / "elsewhere", build, "--force") == 2
    assert capsys.readouterr().err == (
        f"gradkg: --out {guarded / 'elsewhere'}: refused even with --force: it holds the build folder {build}; "
        "give a folder of its own\n"
    )
    assert listing(guarded) == before
