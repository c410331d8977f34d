"""Views and exports: exact sizes, lossless round trips, and the page and SVG opened in Chromium."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pydot
import pytest

from conftest import offline
from gradkg.analyse import figures
from gradkg.cli import main
from gradkg.export import graphml_name, render
from gradkg.views import load_view

VIEW_SIZES = {
    "teaching": (51, 45),
    "governance": (112, 144),  # + the rules stated without numbers (issue 11, item 5)
    "disciplines": (47, 85),
    "platforms": (124, 70),  # + the organisations named outside any process (issue 11)
    "programme": (290, 361),
    "full": (1076, 3613),  # + organisations, achievements, events, funds, projects, schemes, media works (issue 11)
    "programmes": (28, 27),
}
HAEMATOLOGY = "https://w3id.org/gradkg/id/zju-1002/course/topics-haematology"


@pytest.fixture(scope="module")
def views(project, engine) -> dict[str, nx.MultiDiGraph]:
    return {name: load_view(project, engine, name, "zh") for name in VIEW_SIZES}


def test_views_are_the_query_files(project):
    assert sorted(p.stem for p in (project.queries / "views").glob("*.rq")) == sorted(VIEW_SIZES)


@pytest.mark.parametrize("name", VIEW_SIZES)
def test_view_sizes(views, name):
    assert (views[name].number_of_nodes(), views[name].number_of_edges()) == VIEW_SIZES[name]


def test_node_and_edge_attributes(views):
    graph = views["teaching"]
    assert graph.nodes[HAEMATOLOGY] == {
        "label": "血液病学专题",
        "label_zh": "血液病学专题",
        "label_en": "Topics in Haematology",
        "type": "gk:Course",
        "type_label": "课程",
        "editions": "2023",
        "gk:credits": 2,
        "gk:tableRow": 19,
        "skos:prefLabel@en": "Topics in Haematology",
        "skos:prefLabel@zh": "血液病学专题",
    }
    ((_, target, attributes),) = graph.out_edges(HAEMATOLOGY, data=True)
    assert target == "https://w3id.org/gradkg/id/zju-1002/person/huang-he"
    assert attributes["predicate"] == "https://w3id.org/gradkg/ontology#lecturer"
    assert (attributes["predicate_label"], attributes["editions"]) == ("主讲人", "2023")


def test_labels_in_english_fall_back_to_chinese(project, engine):
    graph = load_view(project, engine, "teaching", "en")
    assert graph.nodes[HAEMATOLOGY]["label"] == "Topics in Haematology"
    assert graph.nodes["https://w3id.org/gradkg/id/zju-1002/person/therese-hesketh"]["label"] == "Therese Hesketh"


def _comparable(graph: nx.MultiDiGraph) -> tuple[dict, set]:
    nodes = {n: dict(d) for n, d in graph.nodes(data=True)}
    edges = {(s, t, d["id"], d["predicate"], d["editions"]) for s, t, d in graph.edges(data=True)}
    return nodes, edges


@pytest.mark.parametrize("name", VIEW_SIZES)
def test_graphml_round_trip(views, name, tmp_path):
    """Every attribute comes back under its NMTOKEN name; each edge's id is its element's id."""
    path = tmp_path / f"{name}.graphml"
    path.write_bytes(render(views[name], "graphml"))
    back = nx.read_graphml(path, force_multigraph=True)
    nodes = {n: {graphml_name(k): v for k, v in d.items()} for n, d in views[name].nodes(data=True)}
    assert {
        n: {k: v for k, v in d.items() if k not in ("x", "y", "shape_type")} for n, d in back.nodes(data=True)
    } == nodes
    edges = {(s, t, k, d["predicate"], d["editions"]) for s, t, k, d in views[name].edges(keys=True, data=True)}
    assert {(s, t, k, d["predicate"], d["editions"]) for s, t, k, d in back.edges(keys=True, data=True)} == edges
    assert {k for _, _, k in back.edges(keys=True)} == {d["id"] for *_, d in views[name].edges(data=True)}


def test_graphml_has_yed_labels_and_unique_ids(views, tmp_path):
    root = ET.fromstring(render(views["teaching"], "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    nodes = root.findall(".//g:node", ns)
    assert len({n.get("id") for n in nodes}) == len(nodes) == 51
    edges = root.findall(".//g:edge", ns)
    assert len({e.get("id") for e in edges}) == len(edges) == 45
    labels = {n.get("id"): n.find(".//y:NodeLabel", ns).text for n in nodes}
    assert labels[HAEMATOLOGY] == "血液病学专题"
    assert root.find("g:key[@yfiles.type='nodegraphics']", ns) is not None


@pytest.mark.parametrize("name", VIEW_SIZES)
def test_gexf_round_trip_with_editions_as_time(views, name, tmp_path):
    path = tmp_path / f"{name}.gexf"
    path.write_bytes(render(views[name], "gexf"))
    back = nx.read_gexf(path, version="1.3")
    nodes, _ = _comparable(views[name])
    for node, attributes in nodes.items():
        read = back.nodes[node]
        assert {k: read[k] for k in attributes} == attributes
        years = attributes["editions"].split()
        assert set(read.get("spells", [])) >= {(f"{y}-01-01", f"{y}-12-31") for y in years}
        assert set(read["viz"]["color"]) == {"r", "g", "b", "a"}
        assert set(read["viz"]["position"]) == {"x", "y", "z"}
    assert {(s, t, d["id"]) for s, t, d in back.edges(data=True)} == {
        (s, t, d["id"]) for s, t, d in views[name].edges(data=True)
    }
    for source, target, attributes in back.edges(data=True):
        assert attributes["label"] == next(
            d["predicate_label"]
            for d in views[name].get_edge_data(source, target).values()
            if d["id"] == attributes["id"]
        )
        for end in (source, target):  # Gephi: an edge lives only while both its ends do
            if "spells" in back.nodes[end]:
                assert set(attributes.get("spells", [])) <= set(back.nodes[end]["spells"])
                assert attributes.get("spells"), (source, target)


def test_gexf_is_version_1_3_and_dynamic(views):
    root = ET.fromstring(render(views["teaching"], "gexf"))
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    graph = root.find("{http://gexf.net/1.3}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")


def test_cytoscape_json_has_node_and_edge_ids(views):
    data = json.loads(render(views["governance"], "cyjs"))
    node_ids = [n["data"]["id"] for n in data["elements"]["nodes"]]
    edge_ids = [e["data"]["id"] for e in data["elements"]["edges"]]
    assert (len(node_ids), len(set(node_ids)), len(edge_ids), len(set(edge_ids))) == (112, 112, 144, 144)


def test_dot_parses_back(views):
    (graph,) = pydot.graph_from_dot_data(render(views["teaching"], "dot").decode("utf-8"))
    assert len(graph.get_nodes()) == 51
    assert len(graph.get_edges()) == 45
    assert graph.get_node(f'"{HAEMATOLOGY}"')[0].get("label") == '"血液病学专题"'


def test_analyse_teaching(views):
    result = figures(views["teaching"])
    assert [(r["label"], r["count"]) for r in result["lecturers_by_courses"][:3]] == [
        ("杨巍", 2),
        ("胡虎", 2),
        ("Therese Hesketh", 1),
    ]
    assert [r["label"] for r in result["courses_without_lecturer"]] == [
        "外科学进展",
        "现代儿科学",
        "现代妇产科学",
        "神经科学专题",
    ]
    assert result["components"] == [42, 3, 2, 1, 1, 1, 1]
    assert result["degree_centrality"][0] == {
        "node": "https://w3id.org/gradkg/id/organisation/zju-med",
        "label": "医学院",
        "score": 0.4,
    }


def test_analyse_governance(views):
    result = figures(views["governance"])
    assert [(r["label"], r["count"]) for r in result["documents_by_processes"][:2]] == [
        ("浙江大学医学院研究生学位申请实施细则（试行）", 6),
        ("医学院教师申请2024年度研究生导师资格和招生资格定量标准", 2),
    ]
    assert [(r["label"], r["count"]) for r in result["processes_with_several_documents"]] == [
        ("导师指导", 3),
        ("研究生招生资格审核", 3),
        ("学位授予", 2),
        ("学位论文抽查", 2),
        ("学位论文答辩", 2),
        ("学术不端行为查处", 2),
        ("研究生导师资格审核", 2),
    ]
    assert [r["label"] for r in result["processes_without_document"]] == [
        "研究生始业教育",
    ]
    assert result["components"] == [84, 8, 5, 3, 3, 3, 2, 2, 2]


def test_analyse_command_writes_json_and_csv(tmp_path, capsys, build_dir):
    out = tmp_path / "teaching.json"
    assert main(["analyse", "teaching", "--format", "json", "-o", str(out), "--build-dir", str(build_dir)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["nodes"] == 51
    assert main(["analyse", "governance", "--format", "csv", "--build-dir", str(build_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "figure,node,label,value"
    assert lines[1] == (
        "documents_by_processes,https://w3id.org/gradkg/id/document/zjumed-2021-24,"
        "浙江大学医学院研究生学位申请实施细则（试行）,6"
    )


def test_export_command(tmp_path, capsys, build_dir):
    out = tmp_path / "teaching.gexf"
    assert main(["export", "teaching", "--format", "gexf", "-o", str(out), "--build-dir", str(build_dir)]) == 0
    assert "wrote" in capsys.readouterr().err and out.stat().st_mode & 0o044
    assert main(["export", "nowhere", "--build-dir", str(build_dir)]) == 2
    assert (
        "unknown view 'nowhere'. Known views: disciplines, full, governance, platforms, programme, programmes, teaching"
        in capsys.readouterr().err
    )


def test_html_is_self_contained(views):
    page = render(views["teaching"], "html").decode("utf-8")
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert "cytoscape" in page and "血液病学专题" in page


# ---- in a real browser ------------------------------------------------------------------------


def test_page_renders_searches_and_opens_the_panel(browser, views, tmp_path):
    page = tmp_path / "teaching.html"
    page.write_bytes(render(views["teaching"], "html"))
    with offline(browser):
        _exercise_page(browser, page, tmp_path)


def _exercise_page(browser, page, tmp_path):
    browser.get(page.as_uri())
    assert browser.execute_script("return window.gradkg.cy.nodes().length") == 51
    browser.find_element("id", "search").send_keys("血液病学专题")
    assert browser.execute_script("return window.gradkg.cy.nodes('.match').map(n => n.id())") == [HAEMATOLOGY]
    assert browser.find_element("id", "details-title").text == "血液病学专题"
    assert "Topics in Haematology" in browser.find_element("id", "details-table").text
    browser.find_element("css selector", "input[name=lang][value=en]").click()
    assert browser.find_element("id", "details-title").text == "Topics in Haematology"
    browser.find_element("css selector", "[data-edition='2024']").click()
    visible = browser.execute_script("return window.gradkg.cy.nodes(':visible').length")
    assert visible == 51 - 4  # the four courses only the 2024 edition names
    screenshot = tmp_path / "teaching-page.png"
    assert browser.save_screenshot(str(screenshot))
    assert _ink(screenshot) > 5000


def test_svg_renders_to_a_picture(graphviz, browser, views, tmp_path):
    svg = tmp_path / "teaching.svg"
    svg.write_bytes(render(views["teaching"], "svg"))
    root = ET.fromstring(svg.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "血液病学专题" in svg.read_text(encoding="utf-8")
    browser.get(svg.as_uri())
    png = tmp_path / "teaching-svg.png"
    assert browser.save_screenshot(str(png))
    assert _ink(png) > 5000


def _ink(png: Path) -> int:
    """How many pixels are not background white: a blank picture has none."""
    from PIL import Image

    with Image.open(png) as image:
        return sum(image.convert("L").histogram()[:240])
