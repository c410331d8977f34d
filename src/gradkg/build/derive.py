"""The derived graphs (queries/derive/FOLDER/*.rq): schema.org beside gk:, and labels for what has none.

Each folder is one named graph, ``…/id/FOLDER/graph``, filled from its CONSTRUCT queries run over
the union of the validated data, again only when a graph or a query changed (``derive_into``).
They are written after validation and kept apart from the editions' graphs because they are
derived from what the reports state, not stated by them (queries/derive/README.md says so for
users, and how to change the mapping).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from gradkg.atomic import write_bytes
from gradkg.errors import GradkgError
from gradkg.inputs import GraphCache, Graphs
from gradkg.project import BASE, Project
from gradkg.querylib import parse_query_file


def derived_graph(folder: str) -> str:
    return f"{BASE}{folder}/graph"


def derive_folders(project: Project) -> list[Path]:
    root = project.queries / "derive"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def derive(project: Project, store: ox.Store) -> dict[str, int]:
    """Add each derived graph to ``store``; the number of triples each one holds."""
    counts: dict[str, int] = {}
    for folder in derive_folders(project):
        graph = ox.NamedNode(derived_graph(folder.name))
        for path in sorted(folder.glob("*.rq")):  # each file sees what the ones before it derived
            found = store.query(parse_query_file(path).text, use_default_graph_as_union=True)
            if not isinstance(found, ox.QueryTriples):
                raise GradkgError(f"{path}: a derivation must be a CONSTRUCT query")
            store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in found])
        counts[folder.name] = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
    return counts


@dataclass(frozen=True)
class Derived:
    """The derived graphs of a build: under which key they were derived, and each one's chunk digest and size."""

    key: str
    graphs: dict[str, tuple[str, int]]  # folder → (digest of its chunks in the graph cache, triples)
    kept: bool = False  # from the copied store, nothing they depend on having changed

    @property
    def triples(self) -> dict[str, int]:
        return {folder: count for folder, (_, count) in self.graphs.items()}

    def manifest(self) -> dict[str, object]:
        return {"key": self.key, "graphs": {f: {"digest": d, "triples": n} for f, (d, n) in self.graphs.items()}}

    def digests(self) -> set[str]:
        return {digest for digest, _ in self.graphs.values()}

    def nquads(self, cache: GraphCache) -> list[Path]:
        return [cache.folder / f"{digest}.nq" for digest, _ in self.graphs.values()]

    def trig(self, cache: GraphCache) -> list[Path]:
        return [cache.folder / f"{digest}.trig" for digest, _ in self.graphs.values()]


def _key(project: Project, graphs: Graphs) -> str:
    """What the derived graphs depend on: every graph's digest and every derivation query."""
    digest = hashlib.sha256()
    for graph, graph_digest in sorted(graphs.digests.items()):
        digest.update(f"{graph}\0{graph_digest}\0".encode())
    for folder in derive_folders(project):
        for path in sorted(folder.glob("*.rq")):
            data = path.read_bytes()
            digest.update(f"{folder.name}/{path.name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def _reusable(held: dict | None, key: str, cache: GraphCache) -> Derived | None:
    """The derived graphs the copied store already holds, if nothing they depend on changed."""
    if not held or held.get("key") != key:
        return None
    try:
        found = Derived(key, {f: (str(g["digest"]), int(g["triples"])) for f, g in held["graphs"].items()}, kept=True)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    return found if all(p.is_file() for p in found.nquads(cache) + found.trig(cache)) else None


def derive_into(project: Project, store: ox.Store, graphs: Graphs, cache: GraphCache, held: dict | None) -> Derived:
    """The derived graphs in ``store``: kept from the copied store when nothing they depend on changed,
    else removed and derived again, their chunks written to the graph cache for the dumps."""
    key = _key(project, graphs)
    reused = _reusable(held, key, cache)
    if reused is not None:
        return reused
    folders = {p.name for p in derive_folders(project)} | set((held or {}).get("graphs") or {})
    for folder in folders:
        graph = ox.NamedNode(derived_graph(folder))
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
    found = {}
    for folder, count in derive(project, store).items():
        quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(derived_graph(folder))))
        digest = hashlib.sha256(f"{key}\0{folder}".encode()).hexdigest()
        write_bytes(cache.folder / f"{digest}.nq", ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        write_bytes(cache.folder / f"{digest}.trig", ox.serialize(quads, format=ox.RdfFormat.TRIG))
        found[folder] = (digest, count)
    return Derived(key, found)
