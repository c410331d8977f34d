"""``gradkg analyse VIEW``: the network figures a programme director asks for, from a view's graph.

Counts come from the graph's edges by predicate (not from names), so the same figures hold for any
view that contains the relation; missing links are the nodes of a type that lack it.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import networkx as nx

GK = "https://w3id.org/gradkg/ontology#"
TOP = 10


def _by_predicate(graph: nx.MultiDiGraph, predicate: str) -> list[tuple[str, str]]:
    return [(s, t) for s, t, d in graph.edges(data=True) if d["predicate"] == predicate]


def _ranked(graph: nx.MultiDiGraph, counts: Counter, minimum: int = 1) -> list[dict]:
    rows = [{"node": n, "label": graph.nodes[n]["label"], "count": c} for n, c in counts.items() if c >= minimum]
    return sorted(rows, key=lambda r: (-r["count"], r["label"], r["node"]))


def _lacking(graph: nx.MultiDiGraph, node_type: str, predicate: str, outgoing: bool) -> list[dict]:
    linked = {s if outgoing else t for s, t in _by_predicate(graph, predicate)}
    rows = [
        {"node": n, "label": d["label"]}
        for n, d in graph.nodes(data=True)
        if d["type"] == node_type and n not in linked
    ]
    return sorted(rows, key=lambda r: (r["label"], r["node"]))


def figures(graph: nx.MultiDiGraph) -> dict:
    lecturer_courses = Counter(target for _, target in _by_predicate(graph, GK + "lecturer"))
    governs = _by_predicate(graph, GK + "governs")
    governing = [(s, t) for s, t in governs if graph.nodes[s]["type"] == "gk:PolicyDocument"]
    ruled = {t for s, t in governs if graph.nodes[s]["type"] == "gk:Rule"}
    document_processes = Counter(s for s, _ in governing)
    process_documents = Counter(t for _, t in governing)
    simple = nx.Graph(graph)
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    degree = nx.degree_centrality(simple)
    betweenness = nx.betweenness_centrality(simple) if simple.number_of_nodes() <= 2000 else {}

    def central(scores: dict) -> list[dict]:
        ranked = sorted(scores.items(), key=lambda item: (-item[1], graph.nodes[item[0]]["label"], item[0]))[:TOP]
        return [{"node": n, "label": graph.nodes[n]["label"], "score": round(s, 4)} for n, s in ranked]

    return {
        "view": graph.graph.get("name", ""),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "lecturers_by_courses": _ranked(graph, lecturer_courses),
        "documents_by_processes": _ranked(graph, document_processes),
        "processes_with_several_documents": _ranked(graph, process_documents, minimum=2),
        "courses_without_lecturer": _lacking(graph, "gk:Course", GK + "lecturer", outgoing=True),
        "processes_without_document": [
            r for r in _lacking(graph, "gk:Process", GK + "governs", outgoing=False) if r["node"] not in ruled
        ],
        "components": [len(c) for c in components],
        "isolated": sorted(
            ({"node": n, "label": graph.nodes[n]["label"]} for n in nx.isolates(simple)),
            key=lambda r: (r["label"], r["node"]),
        ),
        "degree_centrality": central(degree),
        "betweenness_centrality": central(betweenness),
    }


def format_text(result: dict) -> str:
    lines = [
        f"gradkg analyse {result['view']}: {result['nodes']} nodes, {result['edges']} edges",
        f"components: {len(result['components'])} (sizes {', '.join(map(str, result['components'][:TOP]))}"
        f"{' …' if len(result['components']) > TOP else ''})",
    ]
    sections = [
        ("lecturers with the most courses", "lecturers_by_courses", "count"),
        ("documents governing the most processes", "documents_by_processes", "count"),
        ("processes governed by more than one document", "processes_with_several_documents", "count"),
        ("courses without a lecturer", "courses_without_lecturer", None),
        ("processes without a governing document or rule", "processes_without_document", None),
        ("isolated nodes", "isolated", None),
        ("degree centrality", "degree_centrality", "score"),
        ("betweenness centrality", "betweenness_centrality", "score"),
    ]
    for title, key, value in sections:
        rows = result[key]
        lines.append(f"{title} ({len(rows)})")
        for row in rows[:TOP]:
            lines.append(f"  {row['label']}" + (f"  {row[value]}" if value else ""))
        if len(rows) > TOP:
            lines.append(f"  … {len(rows) - TOP} more")
    return "\n".join(lines) + "\n"


def format_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def format_csv(result: dict) -> str:
    """One row per listed node: figure, node, label, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "node", "label", "value"])
    for key, rows in result.items():
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            for row in rows:
                writer.writerow([key, row["node"], row["label"], row.get("count", row.get("score", ""))])
    return out.getvalue()
