"""``gradkg publish``: a static site whose every link works, from a web host or from file://."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest

from gradkg.cli import main

COURSE = "id/course/topics-haematology"


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
    assert len(list((site / "id").rglob("*.en.html"))) == 832
    store = ox.Store()
    store.load(path=str(site / f"{COURSE}.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) > 10


def test_every_relative_link_resolves(site):
    checked = 0
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            if href.startswith(("http://", "https://", "#")):
                continue
            target = (page.parent / unquote(href.split("#")[0].split("?")[0])).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links to missing {href}"
            checked += 1
    assert checked > 20000


def test_alternate_links_language_switch_and_static_assets(site):
    page = (site / f"{COURSE}.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="text/turtle" href="topics-haematology.ttl">' in page
    assert 'href="../../id/course/topics-haematology.en.html" id="lang-switch"' in page
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
    assert len(urls) == 2 * 832 + 4 + 2 + len(list((site / "class").glob("*.html")))
    assert all(u[0].text.startswith("https://example.org/gradkg/") for u in urls)
    ontology = (site / "ontology.en.html").read_text(encoding="utf-8")
    assert "gk:Course" in ontology and "课程" in ontology and "course" in ontology
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
