"""A human label on everything shown: every node, type and edge of every view, every page title."""

from __future__ import annotations

import re
import time

import pyoxigraph as ox
import pytest

from gradkg.engine import rows_of
from gradkg.pages import Linker, Pages, site_path
from gradkg.querylib import parse_query_file
from gradkg.serve.dataset import LICENCE
from gradkg.store import STORE_DIR, in_memory, open_read_only
from gradkg.views import load_view, view_names

NOT_A_LABEL = re.compile(r"^(https?://|[a-z][a-z-]*:[A-Za-z])")  # an IRI or a CURIE such as gk:Rule
TITLE = re.compile(r'<h1 id="title">([^<]*)</h1>')


def is_label(text: str, iri: str = "") -> bool:
    return bool(text.strip()) and not NOT_A_LABEL.match(text) and text != iri


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "view", ["teaching", "governance", "disciplines", "platforms", "programme", "full", "programmes"]
)
def test_every_node_type_and_edge_of_every_view_has_a_label(project, engine, view, lang):
    assert view in view_names(project)
    graph = load_view(project, engine, view, lang)
    unlabelled = [n for n, d in graph.nodes(data=True) if not is_label(d["label"], n)]
    untyped = [n for n, d in graph.nodes(data=True) if not is_label(d["type_label"])]
    bare_edges = [d["predicate"] for *_, d in graph.edges(data=True) if not is_label(d["predicate_label"])]
    assert (unlabelled, untyped, bare_edges) == ([], [], [])


def test_rules_constraints_components_and_graphs_get_labels_of_their_own(project, engine):
    full = load_view(project, engine, "full", "en")
    zh = load_view(project, engine, "full", "zh")
    rule = "https://w3id.org/gradkg/id/zju-1002/rule/doctoral-thesis-reviewers"
    assert zh.nodes[rule]["label"] == "博士学位论文评阅人由5位及以上与学位论文相关研究…"
    assert full.nodes[rule]["label"] == "Rule on doctoral thesis review"
    assert zh.nodes[rule + "#count"]["label"] == "评阅人人数 ≥ 5 人"
    component = "https://w3id.org/gradkg/id/dsd/admissions#refYear"
    assert full.nodes[component]["label"] == "Admissions and applicants structure: dimension: reference year"
    graph = "https://w3id.org/gradkg/id/zju-1002/2023/graph"
    assert zh.nodes[graph]["label"] == "浙江大学临床医学博士学位授权点建设年度报告（2023年）（命名图）"
    assert zh.nodes[graph]["type_label"] == "命名图"


def test_no_page_is_titled_with_an_iri(project, build_dir):
    store = in_memory(open_read_only(build_dir / STORE_DIR).store)
    pages = Pages(project, store, LICENCE)
    query = parse_query_file(project.queries / "lib" / "site-resources.rq").text
    iris = [row["resource"].value for row in rows_of(store.query(query, use_default_graph_as_union=True))]
    assert len(iris) > 800
    started = time.monotonic()
    bad = []
    for iri in iris:
        for lang in ("zh", "en"):
            html = pages.resource_page(iri, lang, Linker("/", static=False), iri.rsplit("/", 1)[-1])
            title = TITLE.search(html).group(1)
            if not is_label(title, iri):
                bad.append((iri, lang, title))
    assert bad == []
    assert time.monotonic() - started < 120
    assert site_path(iris[0]).startswith("id/")
    assert isinstance(store, ox.Store)
