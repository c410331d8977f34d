"""Write a view in the formats graph tools read: GraphML (yEd), GEXF 1.3 (Gephi), Cytoscape.js JSON,
DOT and SVG (Graphviz), and one self-contained HTML page.

networkx writes GraphML, GEXF and Cytoscape JSON, pydot writes DOT, Graphviz's ``dot`` renders SVG,
and Jinja2 renders the page with cytoscape.js inlined from ``vendor/``, so it needs no network.
The only XML touched by hand is yEd's node-graphics label, which no library writes.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from importlib import resources

import networkx as nx

from gradkg.errors import GradkgError
from gradkg.graph_layout import positions

FORMATS = ("graphml", "gexf", "cyjs", "cystyle", "dot", "svg", "png", "html")
NODE_SIZE = 20.0
HAYSTACK_ABOVE = 1500  # edges: above this the page draws them as haystacks (no arrows), faster to build
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YFILES_NS = "http://www.yworks.com/xml/graphml"


def type_colour(type_curie: str) -> tuple[int, int, int]:
    """A stable colour per node type, so every export of every view agrees."""
    hue = int(hashlib.sha1(type_curie.encode()).hexdigest()[:4], 16) / 0xFFFF
    red, green, blue = colorsys.hls_to_rgb(hue, 0.55, 0.6)
    return round(red * 255), round(green * 255), round(blue * 255)


def type_hex(type_curie: str) -> str:
    red, green, blue = type_colour(type_curie)
    return f"#{red:02X}{green:02X}{blue:02X}"


def graphml_name(key: str) -> str:
    """An attribute name the GraphML schema accepts (an NMTOKEN) and tools can type: ``skos:altLabel@en`` →
    ``skos_altLabel_en``."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", key)


def _graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute names are NMTOKENs, with each node's position as ``x``/``y`` (igraph and Gephi
    read them), and without the edge ``id`` attribute: it is the edge element's own id, and igraph
    warns when an attribute shadows it."""
    ready = nx.MultiDiGraph(name=graph.graph.get("name", ""), lang=graph.graph.get("lang", ""))
    placed = positions(graph)
    for node, attributes in graph.nodes(data=True):
        ready.add_node(
            node, **{graphml_name(k): v for k, v in attributes.items()}, x=placed[node][0], y=placed[node][1]
        )
    for source, target, key, attributes in graph.edges(keys=True, data=True):
        ready.add_edge(source, target, key=key, **{graphml_name(k): v for k, v in attributes.items() if k != "id"})
    return ready


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """networkx's GraphML, plus yEd's node and edge graphics: a laid-out, coloured, labelled shape per node
    (``y:Geometry`` from gradkg.graph_layout) and a labelled arrow per edge, which no library writes."""
    buffer = io.BytesIO()
    nx.write_graphml(_graphml_ready(graph), buffer, encoding="utf-8", named_key_ids=True)
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("y", YFILES_NS)
    root = ET.fromstring(buffer.getvalue())
    first_graph = root.find(f"{{{GRAPHML_NS}}}graph")
    for kind in ("node", "edge"):
        key = ET.Element(
            f"{{{GRAPHML_NS}}}key", {"for": kind, "id": f"{kind}graphics", "yfiles.type": f"{kind}graphics"}
        )
        root.insert(list(root).index(first_graph), key)
    placed = positions(graph)
    for node in root.iter(f"{{{GRAPHML_NS}}}node"):
        attributes = graph.nodes[node.get("id")]
        data = ET.SubElement(node, f"{{{GRAPHML_NS}}}data", {"key": "nodegraphics"})
        shape = ET.SubElement(data, f"{{{YFILES_NS}}}ShapeNode")
        x, y = placed[node.get("id")]
        geometry = {
            "x": str(x - NODE_SIZE / 2),
            "y": str(y - NODE_SIZE / 2),
            "width": str(NODE_SIZE),
            "height": str(NODE_SIZE),
        }
        ET.SubElement(shape, f"{{{YFILES_NS}}}Geometry", geometry)
        ET.SubElement(shape, f"{{{YFILES_NS}}}Fill", {"color": type_hex(attributes["type"]), "transparent": "false"})
        label = ET.SubElement(shape, f"{{{YFILES_NS}}}NodeLabel", {"modelName": "sides", "modelPosition": "s"})
        label.text = attributes["label"]
        ET.SubElement(shape, f"{{{YFILES_NS}}}Shape", {"type": "ellipse"})
    labels = {key: attributes["predicate_label"] for *_, key, attributes in graph.edges(keys=True, data=True)}
    for edge in root.iter(f"{{{GRAPHML_NS}}}edge"):
        data = ET.SubElement(edge, f"{{{GRAPHML_NS}}}data", {"key": "edgegraphics"})
        line = ET.SubElement(data, f"{{{YFILES_NS}}}PolyLineEdge")
        ET.SubElement(line, f"{{{YFILES_NS}}}LineStyle", {"color": "#999999", "type": "line", "width": "1.0"})
        ET.SubElement(line, f"{{{YFILES_NS}}}Arrows", {"source": "none", "target": "standard"})
        label = ET.SubElement(line, f"{{{YFILES_NS}}}EdgeLabel", {"fontSize": "8"})
        label.text = labels[edge.get("id")]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _spells(years: set[str]) -> list[tuple[str, str]]:
    return [(f"{year}-01-01", f"{year}-12-31") for year in sorted(years)]


def _years(graph: nx.MultiDiGraph) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Editions of each node and edge, consistent for Gephi: an edge lives only while both ends do.

    A node lives in the editions that state it and in those that state an edge touching it (a 2024
    rule that ``prov:wasRevisionOf`` a 2023 rule mentions the 2023 rule in 2024). An edge the
    reference data states (no edition) lives while both its ends do; an empty set means always.
    """
    nodes = {node: set(attributes["editions"].split()) for node, attributes in graph.nodes(data=True)}
    edges = {key: set(attributes["editions"].split()) for *_, key, attributes in graph.edges(keys=True, data=True)}
    for source, target, key in graph.edges(keys=True):
        for end in (source, target):
            if nodes[end]:
                nodes[end] |= edges[key]
    for source, target, key in graph.edges(keys=True):
        if not edges[key]:
            bounded = [nodes[end] for end in (source, target) if nodes[end]]
            edges[key] = set.intersection(*bounded) if bounded else set()
    return nodes, edges


def _with_time(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with each node's and edge's editions as GEXF spells, a colour by type, a position, edge labels."""
    timed = graph.copy()
    timed.graph["mode"] = "dynamic"
    node_years, edge_years = _years(graph)
    placed = positions(graph)
    for node, attributes in timed.nodes(data=True):
        if node_years[node]:
            attributes["spells"] = _spells(node_years[node])
        red, green, blue = type_colour(attributes["type"])
        x, y = placed[node]
        attributes["viz"] = {
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "position": {"x": x, "y": -y, "z": 0.0},  # Gephi's y grows upwards
            "size": 10.0,
        }
    for *_, key, attributes in timed.edges(keys=True, data=True):
        attributes["label"] = attributes["predicate_label"]
        if edge_years[key]:
            attributes["spells"] = _spells(edge_years[key])
    return timed


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(_with_time(graph), buffer, encoding="utf-8", version="1.3")
    # networkx 3.6 spells the XML Schema instance namespace without "www." in its GEXF 1.3 writer
    return buffer.getvalue().replace(
        b'xmlns:xsi="http://w3.org/2001/XMLSchema-instance"',
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
        1,
    )


def to_cytoscape(graph: nx.MultiDiGraph) -> dict:
    """Cytoscape JSON as cytoscape.js and Cytoscape desktop read it: ``data`` an object, each node's ``name``
    its label (what Cytoscape desktop shows), ``position`` from gradkg.graph_layout, edges labelled."""
    placed = positions(graph)
    nodes = []
    for node, attributes in graph.nodes(data=True):
        x, y = placed[node]
        data = {**attributes, "id": node, "name": attributes["label"], "colour": type_hex(attributes["type"])}
        nodes.append({"data": data, "position": {"x": x, "y": y}})
    edges = [
        {"data": {**attributes, "id": key, "source": source, "target": target, "label": attributes["predicate_label"]}}
        for source, target, key, attributes in graph.edges(keys=True, data=True)
    ]
    return {
        "format_version": "1.0",
        "generated_by": "gradkg",
        "target_cytoscapejs_version": "~3",
        "data": {
            "name": graph.graph.get("name", ""),
            "lang": graph.graph.get("lang", ""),
            "shared_name": graph.graph.get("name", ""),
        },
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


def to_cyjs(graph: nx.MultiDiGraph) -> bytes:
    return json.dumps(to_cytoscape(graph), ensure_ascii=False, indent=1).encode("utf-8")


def cytoscape_style(graph: nx.MultiDiGraph) -> list[dict]:
    """A style for Cytoscape desktop (File → Import → Styles from File) and cytoscape.js: names as labels,
    a colour per node type (the same as every other export), edge labels and arrows."""
    types = sorted({attributes["type"] for _, attributes in graph.nodes(data=True)})
    rules: list[dict] = [
        {
            "selector": "node",
            "css": {
                "label": "data(name)",
                "background-color": "#999999",
                "font-size": 9,
                "text-valign": "bottom",
                "width": 14,
                "height": 14,
            },
        },
        {
            "selector": "edge",
            "css": {
                "label": "data(label)",
                "font-size": 6,
                "width": 1,
                "line-color": "#BBBBBB",
                "target-arrow-shape": "triangle",
                "target-arrow-color": "#BBBBBB",
                "curve-style": "bezier",
            },
        },
    ]
    rules += [{"selector": f"node[type = {json.dumps(t)}]", "css": {"background-color": type_hex(t)}} for t in types]
    return [
        {
            "format_version": "1.0",
            "generated_by": "gradkg",
            "target_cytoscapejs_version": "~3",
            "title": f"gradkg {graph.graph.get('name', '')}",
            "style": rules,
        }
    ]


def to_cystyle(graph: nx.MultiDiGraph) -> bytes:
    return json.dumps(cytoscape_style(graph), ensure_ascii=False, indent=1).encode("utf-8")


def to_dot(graph: nx.MultiDiGraph) -> bytes:
    """DOT through pydot: names and labels quoted, the attributes Graphviz draws with."""
    drawn = nx.MultiDiGraph(name=graph.graph.get("name", "gradkg"))
    drawn.graph["graph"] = {"rankdir": "LR"}  # left to right: a view's layers become readable columns
    for node, attributes in graph.nodes(data=True):
        drawn.add_node(
            json.dumps(node, ensure_ascii=False),
            label=json.dumps(attributes["label"], ensure_ascii=False),
            tooltip=json.dumps(node),
            style="filled",
            fillcolor=f'"{type_hex(attributes["type"])}"',
            fontname='"Noto Sans CJK SC"',
        )
    for source, target, key, attributes in graph.edges(keys=True, data=True):
        drawn.add_edge(
            json.dumps(source, ensure_ascii=False),
            json.dumps(target, ensure_ascii=False),
            key=key,
            label=json.dumps(attributes["predicate_label"], ensure_ascii=False),
            fontsize="8",
        )
    return nx.nx_pydot.to_pydot(drawn).to_string().encode("utf-8")


GRAPHVIZ_FORMATS = ("dot", "svg", "png")
CJK_WARNING = (
    "gradkg export: warning: no font with Chinese glyphs is installed (fc-list :lang=zh finds none), so Graphviz "
    "will draw the labels as empty boxes; install one, e.g. Debian's fonts-noto-cjk\n"
)


def cjk_font_missing() -> bool:
    """Whether fontconfig knows no font covering Chinese (or is not there to ask), which Graphviz draws with."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    done = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, check=False, timeout=30)
    return done.returncode != 0 or not done.stdout.strip()


def _graphviz(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    dot = shutil.which("dot")
    if dot is None:
        raise GradkgError(f"{fmt.upper()} needs Graphviz's `dot`: run scripts/ensure-debian-packages graphviz")
    done = subprocess.run([dot, f"-T{fmt}"], input=to_dot(graph), capture_output=True, check=False)
    if done.returncode != 0:
        raise GradkgError(f"Graphviz could not draw the view: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def to_svg(graph: nx.MultiDiGraph) -> bytes:
    return _graphviz(graph, "svg")


def to_png(graph: nx.MultiDiGraph) -> bytes:
    return _graphviz(graph, "png")


def _page_elements(graph: nx.MultiDiGraph) -> tuple[dict, dict]:
    """The elements cytoscape.js draws, carrying only what drawing, search and filters read, and every
    node's full attributes apart for the side panel: the full view's page became usable in about half
    the time once cytoscape.js no longer copied every literal of 938 nodes."""
    drawn = {"label", "label_zh", "label_en", "type", "editions", "colour", "id"}
    data = to_cytoscape(graph)
    details = {}
    for node in data["elements"]["nodes"]:
        details[node["data"]["id"]] = {k: v for k, v in node["data"].items() if k not in ("id", "name", "colour")}
        node["data"] = {k: v for k, v in node["data"].items() if k in drawn}
    for edge in data["elements"]["edges"]:
        edge["data"] = {k: edge["data"][k] for k in ("id", "source", "target", "label")}
    return data, details


def to_html(graph: nx.MultiDiGraph, page_base: str | None = None) -> bytes:
    """One page with everything inlined: cytoscape.js, the laid-out graph, search, filters, a side panel."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("gradkg", "templates"), autoescape=select_autoescape(["html"]))
    data, details = _page_elements(graph)
    library = resources.files("gradkg").joinpath("vendor", "cytoscape.min.js").read_text(encoding="utf-8")
    page = environment.get_template("graph.html").render(
        title=f"gradkg · {graph.graph.get('name', '')}",
        lang=graph.graph.get("lang", "zh"),
        graph_json=_script_safe(json.dumps(data, ensure_ascii=False)),
        edge_curve="haystack" if graph.number_of_edges() > HAYSTACK_ABOVE else "straight",
        details_json=_script_safe(json.dumps(details, ensure_ascii=False)),
        library=_script_safe(library),
        page_base=_script_safe(json.dumps(page_base)),
        types=sorted({(d["type"], d["type_label"]) for _, d in graph.nodes(data=True)}),
        editions=sorted({y for _, d in graph.nodes(data=True) for y in d["editions"].split()}),
    )
    return page.encode("utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot close the <script> element it is inlined in."""
    return text.replace("</", "<\\/")


WRITERS = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "cyjs": to_cyjs,
    "cystyle": to_cystyle,
    "dot": to_dot,
    "svg": to_svg,
    "png": to_png,
    "html": to_html,
}


def render(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    return WRITERS[fmt](graph)
