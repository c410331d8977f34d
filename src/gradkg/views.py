"""Project the graph onto a view (queries/views/NAME.rq) as a networkx MultiDiGraph.

A view query returns edges ``?source ?predicate ?target ?edition``; every other fact about a node
(types, labels, literal values) is looked up once for all nodes and kept as node attributes:
``label`` in the chosen language (falling back to the other), ``label_zh``/``label_en``, ``type``
and ``type_label``, ``editions``, and each literal as ``curie@lang`` (or ``curie``) with a Python
value of its datatype. Nodes are keyed by IRI; edges by a hash of (source, predicate, target).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from gradkg.engine import Engine
from gradkg.errors import GradkgError
from gradkg.project import ONTOLOGY, Project
from gradkg.querylib import bind_values, parse_query_file

if TYPE_CHECKING:
    import networkx as nx

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "gk": ONTOLOGY,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "qb": "http://purl.org/linked-data/cube#",
    "doco": "http://purl.org/spar/doco/",
    "rdf": RDF_TYPE[:-4],
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
}


def curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def view_names(project: Project) -> list[str]:
    return sorted(p.stem for p in (project.queries / "views").glob("*.rq"))


def _view_path(project: Project, name: str) -> Path:
    path = project.queries / "views" / f"{name}.rq"
    if not path.is_file():
        raise GradkgError(f"unknown view '{name}'. Known views: {', '.join(view_names(project))}")
    return path


def _python_value(literal: ox.Literal) -> object:
    """The literal as the Python value its datatype means, so GraphML and GEXF keep the type."""
    datatype = literal.datatype.value.removeprefix(XSD)
    try:
        if datatype in ("integer", "int", "long"):
            return int(literal.value)
        if datatype in ("decimal", "double", "float"):
            return float(Decimal(literal.value))
        if datatype == "boolean":
            return literal.value == "true"
    except ValueError:
        pass
    return literal.value


def _pick(labels: dict[str, str], lang: str) -> str:
    return labels.get(lang) or labels.get("en" if lang == "zh" else "zh") or next(iter(labels.values()), "")


def _labels(engine: Engine, project: Project, iris: set[str]) -> dict[str, dict[str, str]]:
    if not iris:
        return {}
    text = parse_query_file(project.queries / "lib" / "labels.rq").text
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in engine.rows(bind_values(text, {"resource": [str(ox.NamedNode(i)) for i in sorted(iris)]})):
        label = row["label"]
        if isinstance(label, ox.Literal) and label.language in ("zh", "en"):
            found[row["resource"].value].setdefault(label.language, label.value)
    return found


def _roles(edges: dict[tuple[str, str, str], set[str]]) -> dict[str, str]:
    """The predicate that reaches each node (else the first it starts): an untyped node's role in the view.

    Edition graphs and the ontology's component properties have no type in the data; "named graph"
    or "measure" says what they are here.
    """
    roles: dict[str, str] = {}
    for _, predicate, target in sorted(edges):
        roles.setdefault(target, predicate)
    for source, predicate, _ in sorted(edges):
        roles.setdefault(source, predicate)
    return roles


def edge_id(source: str, predicate: str, target: str) -> str:
    return "e-" + hashlib.sha1(f"{source} {predicate} {target}".encode()).hexdigest()[:16]


def load_view(project: Project, engine: Engine, name: str, lang: str) -> nx.MultiDiGraph:
    rows = engine.rows(parse_query_file(_view_path(project, name)).text)
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    nodes: set[str] = set()
    for row in rows:
        source = row["source"].value
        nodes.add(source)
        if "predicate" in row and "target" in row:
            key = (source, row["predicate"].value, row["target"].value)
            nodes.add(key[2])
            edges[key].update([row["edition"].value] if "edition" in row else [])
    details = parse_query_file(project.queries / "lib" / "node-details.rq").text
    facts = engine.rows(bind_values(details, {"node": [str(ox.NamedNode(n)) for n in sorted(nodes)]}))
    types: dict[str, set[str]] = defaultdict(set)
    literals: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    editions: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        node, prop, value = fact["node"].value, fact["property"].value, fact["value"]
        if "edition" in fact:
            editions[node].add(fact["edition"].value)
        if prop == RDF_TYPE:
            types[node].add(value.value)
        else:
            key = curie(prop) + (f"@{value.language}" if value.language else "")
            if _python_value(value) not in literals[node][key]:
                literals[node][key].append(_python_value(value))
    labels = _labels(engine, project, nodes | {t for ts in types.values() for t in ts} | {p for _, p, _ in edges})
    roles = _roles(edges)
    import networkx as nx  # 0.2 s to import: not on the path of pages that only need curie()

    graph = nx.MultiDiGraph(name=name, lang=lang)
    for node in sorted(nodes):
        node_labels = labels.get(node, {})
        node_types = sorted(types[node], key=lambda t: (not t.startswith(ONTOLOGY), t))
        main_type = node_types[0] if node_types else ""
        attributes = {
            "label": _pick(node_labels, lang) or curie(node),
            "label_zh": node_labels.get("zh", ""),
            "label_en": node_labels.get("en", ""),
            "type": curie(main_type),
            "type_label": _pick(labels.get(main_type or roles.get(node, ""), {}), lang),
            "editions": " ".join(sorted(editions[node])),
        }
        for key, values in sorted(literals[node].items()):
            attributes[key] = values[0] if len(values) == 1 else " | ".join(str(v) for v in values)
        graph.add_node(node, **attributes)
    for (source, predicate, target), stated in sorted(edges.items()):
        graph.add_edge(
            source,
            target,
            key=edge_id(source, predicate, target),
            id=edge_id(source, predicate, target),
            predicate=predicate,
            predicate_label=_pick(labels.get(predicate, {}), lang) or curie(predicate),
            editions=" ".join(sorted(stated)),
        )
    return graph
