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
import shutil
import subprocess
import xml.etree.ElementTree as ET
from importlib import resources

import networkx as nx

from gradkg.errors import GradkgError

FORMATS = ("graphml", "gexf", "cyjs", "dot", "svg", "html")
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


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """networkx's GraphML, plus a yEd node-graphics label on every node so yEd shows the names."""
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", named_key_ids=True)
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("y", YFILES_NS)
    root = ET.fromstring(buffer.getvalue())
    key = ET.Element(f"{{{GRAPHML_NS}}}key", {"for": "node", "id": "nodegraphics", "yfiles.type": "nodegraphics"})
    first_graph = root.find(f"{{{GRAPHML_NS}}}graph")
    root.insert(list(root).index(first_graph), key)
    for node in root.iter(f"{{{GRAPHML_NS}}}node"):
        data = ET.SubElement(node, f"{{{GRAPHML_NS}}}data", {"key": "nodegraphics"})
        shape = ET.SubElement(data, f"{{{YFILES_NS}}}ShapeNode")
        fill = type_hex(graph.nodes[node.get("id")]["type"])
        ET.SubElement(shape, f"{{{YFILES_NS}}}Fill", {"color": fill, "transparent": "false"})
        label = ET.SubElement(shape, f"{{{YFILES_NS}}}NodeLabel")
        label.text = graph.nodes[node.get("id")]["label"]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _with_time(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy where each node and edge carries its editions as GEXF spells and a colour by type."""
    timed = graph.copy()
    timed.graph["mode"] = "dynamic"
    for element in list(timed.nodes(data=True)) + [(k, d) for *_, k, d in timed.edges(keys=True, data=True)]:
        years = element[1]["editions"].split()
        if years:
            element[1]["spells"] = [(f"{year}-01-01", f"{year}-12-31") for year in years]
    for _, attributes in timed.nodes(data=True):
        red, green, blue = type_colour(attributes["type"])
        attributes["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
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
    return nx.cytoscape_data(graph)


def to_cyjs(graph: nx.MultiDiGraph) -> bytes:
    return json.dumps(to_cytoscape(graph), ensure_ascii=False, indent=1).encode("utf-8")


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


def to_svg(graph: nx.MultiDiGraph) -> bytes:
    dot = shutil.which("dot")
    if dot is None:
        raise GradkgError("SVG needs Graphviz's `dot`: run scripts/ensure-debian-packages graphviz")
    done = subprocess.run([dot, "-Tsvg"], input=to_dot(graph), capture_output=True, check=False)
    if done.returncode != 0:
        raise GradkgError(f"Graphviz could not draw the view: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def to_html(graph: nx.MultiDiGraph, page_base: str | None = None) -> bytes:
    """One page with everything inlined: cytoscape.js, the graph, search, filters, a side panel."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("gradkg", "templates"), autoescape=select_autoescape(["html"]))
    data = to_cytoscape(graph)
    for node in data["elements"]["nodes"]:
        node["data"]["colour"] = type_hex(node["data"]["type"])
    library = resources.files("gradkg").joinpath("vendor", "cytoscape.min.js").read_text(encoding="utf-8")
    page = environment.get_template("graph.html").render(
        title=f"gradkg · {graph.graph.get('name', '')}",
        lang=graph.graph.get("lang", "zh"),
        graph_json=_script_safe(json.dumps(data, ensure_ascii=False)),
        library=_script_safe(library),
        page_base=_script_safe(json.dumps(page_base)),
        types=sorted({(d["type"], d["type_label"]) for _, d in graph.nodes(data=True)}),
        editions=sorted({y for _, d in graph.nodes(data=True) for y in d["editions"].split()}),
    )
    return page.encode("utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot close the <script> element it is inlined in."""
    return text.replace("</", "<\\/")


WRITERS = {"graphml": to_graphml, "gexf": to_gexf, "cyjs": to_cyjs, "dot": to_dot, "svg": to_svg, "html": to_html}


def render(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    return WRITERS[fmt](graph)
