"""Node positions for the graph files, so yEd, Gephi, Cytoscape and the HTML page open laid out.

Each connected component is laid out by networkx's ForceAtlas2 (Gephi's own force-directed
algorithm) with a fixed seed, so the same view gives the same picture every time and no external
program is needed; the components are then packed side by side, largest first, in rows, as yEd's
and Gephi's component packers do (one layout of the whole graph flung the small components so far
that the large one shrank to a blot). The full view (938 nodes) takes about 4 s on this machine,
once per graph: the positions are kept for as long as the graph lives, so writing several formats
lays it out once. Coordinates are pixels, y growing downwards (as yEd and cytoscape.js draw).
"""

from __future__ import annotations

import math
import weakref

import networkx as nx

SPACING = 60.0  # px per node along a component's side, roughly: room for a label
GAP = 80.0  # px between packed components
ITERATIONS = 100
_computed: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, tuple[float, float]]] = weakref.WeakKeyDictionary()


def positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    found = _computed.get(graph)
    if found is None:
        simple = nx.Graph(graph)
        parts = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
        found = _packed([_component(simple.subgraph(part)) for part in parts])
        _computed[graph] = found
    return found


def _component(part: nx.Graph) -> dict[str, tuple[float, float]]:
    """One component's positions in a square of side SPACING·√n, its top left at (0, 0)."""
    if len(part) == 1:
        return {next(iter(part)): (0.0, 0.0)}
    raw = nx.forceatlas2_layout(part, seed=1, max_iter=ITERATIONS)
    xs, ys = [float(x) for x, _ in raw.values()], [float(y) for _, y in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = SPACING * math.sqrt(len(part))
    return {n: ((float(x) - min(xs)) / span * side, (float(y) - min(ys)) / span * side) for n, (x, y) in raw.items()}


def _packed(components: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Components in rows no wider than the largest one (or √ of the total area), left to right."""
    sizes = [(max(x for x, _ in c.values()), max(y for _, y in c.values())) for c in components]
    width = max(max((w for w, _ in sizes), default=0.0), math.sqrt(sum((w + GAP) * (h + GAP) for w, h in sizes)))
    placed: dict[str, tuple[float, float]] = {}
    left = top = row_height = 0.0
    for component, (w, h) in zip(components, sizes, strict=True):
        if left > 0 and left + w > width:
            left, top, row_height = 0.0, top + row_height + GAP, 0.0
        for node, (x, y) in component.items():
            placed[node] = (round(left + x, 1), round(top + y, 1))
        left += w + GAP
        row_height = max(row_height, h)
    return placed
