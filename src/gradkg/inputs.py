"""The build's input graph by graph: each named graph's files, hashed, and parsed only when they change.

A graph's digest is a SHA-256 over its files' names and bytes. Under that digest the cache keeps
what the build needs of the graph: its quads as N-Quads and as TriG (the dumps are these chunks
joined), and its facts (the triple count, the IRIs it describes and cites, its rdf:type
statements, from which validation derives each edition's context and cache key). So a build after
changing one edition parses one edition, whatever the number of programmes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from gradkg.atomic import write_bytes
from gradkg.loading import Source, load_store, read_source
from gradkg.project import ONTOLOGY_GRAPH

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_POOL_FROM = 8  # graphs to parse: fewer are parsed here, more in a pool (a pool costs about 0.1 s to start)


@dataclass(frozen=True)
class GraphInput:
    """One named graph: the files that make it, and their digest."""

    graph: str
    sources: tuple[Source, ...]
    digest: str


@dataclass(frozen=True)
class GraphFacts:
    """What validation needs to know of a graph without opening it."""

    triples: int
    described: frozenset[str]  # IRIs that are subjects here
    cited: frozenset[str]  # IRIs that are objects here and not subjects
    types: tuple[tuple[str, str], ...]  # (resource, class) of every rdf:type with an IRI class


@dataclass(frozen=True)
class Graphs:
    """The project's named graphs as a build reads them: each one's files and digest, and its facts."""

    inputs: dict[str, GraphInput]
    facts: dict[str, GraphFacts]
    parsed: tuple[str, ...]  # the graphs that were not in the cache and were parsed now

    @property
    def digests(self) -> dict[str, str]:
        return {graph: item.digest for graph, item in self.inputs.items()}

    @cached_property
    def types(self) -> dict[str, list[tuple[str, str]]]:
        """Every typed resource's types and the graphs that state them, outside the ontology: once per
        build, for validation's and derivation's contexts alike."""
        index: dict[str, list[tuple[str, str]]] = {}
        for graph, facts in self.facts.items():
            if graph != ONTOLOGY_GRAPH:
                for resource, cls in facts.types:
                    index.setdefault(resource, []).append((graph, cls))
        return index


def read_graphs(sources: list[Source], root: Path, cache: GraphCache) -> Graphs:
    """Every graph's input and facts, parsing only the graphs whose digest the cache does not hold."""
    inputs = {item.graph: item for item in graph_inputs(sources, root)}
    facts = {graph: cache.cached(item) for graph, item in inputs.items()}
    todo = [item for item in inputs.values() if facts[item.graph] is None]
    for item, found in zip(todo, _parse_all(todo, cache), strict=True):
        facts[item.graph] = found
    parsed = tuple(item.graph for item in todo)
    return Graphs(inputs, {graph: f for graph, f in facts.items() if f is not None}, parsed)


def _parse_all(todo: list[GraphInput], cache: GraphCache) -> list[GraphFacts]:
    """Each graph parsed and its chunks written, in a pool as wide as the machine when there are many."""
    if len(todo) <= _POOL_FROM:  # a pool's start-up would cost more than it saves
        return [cache.parse(item) for item in todo]
    with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, len(todo))) as pool:
        return list(pool.map(cache.parse, todo, chunksize=8))


def graph_inputs(sources: list[Source], root: Path) -> list[GraphInput]:
    """The sources grouped by named graph, in their order, each group with its digest."""
    grouped: dict[str, list[Source]] = {}
    for source in sources:
        if source.graph is None:
            raise ValueError(f"{source.path}: a build source needs a named graph")
        grouped.setdefault(source.graph, []).append(source)
    inputs = []
    for graph, members in grouped.items():
        digest = hashlib.sha256(graph.encode("utf-8") + b"\0")
        for source in members:
            data = read_source(source.path)
            shown = source.path.relative_to(root) if source.path.is_relative_to(root) else source.path
            digest.update(f"{shown}\0{len(data)}\0".encode())
            digest.update(data)
        inputs.append(GraphInput(graph, tuple(members), digest.hexdigest()))
    return inputs


def _facts_of(store: ox.Store) -> GraphFacts:
    described: set[str] = set()
    objects: set[str] = set()
    types = []
    count = 0
    for quad in store:
        count += 1
        if isinstance(quad.subject, ox.NamedNode):
            described.add(quad.subject.value)
        if isinstance(quad.object, ox.NamedNode):
            objects.add(quad.object.value)
            if quad.predicate.value == _RDF_TYPE and isinstance(quad.subject, ox.NamedNode):
                types.append((quad.subject.value, quad.object.value))
    return GraphFacts(count, frozenset(described), frozenset(objects - described), tuple(sorted(set(types))))


class GraphCache:
    """``build/cache/graphs/<digest>.{nq,trig,json}``: each graph's chunks and facts.

    The JSON is written last, so a digest with its JSON has both chunks; a file that cannot be read
    back is a miss and the graph is parsed again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def nquads(self, item: GraphInput) -> Path:
        return self.folder / f"{item.digest}.nq"

    def trig(self, item: GraphInput) -> Path:
        return self.folder / f"{item.digest}.trig"

    def _facts_file(self, item: GraphInput) -> Path:
        return self.folder / f"{item.digest}.json"

    def cached(self, item: GraphInput) -> GraphFacts | None:
        if not (self.nquads(item).is_file() and self.trig(item).is_file()):
            return None
        try:
            body = json.loads(self._facts_file(item).read_text(encoding="utf-8"))
            return GraphFacts(
                int(body["triples"]),
                frozenset(body["described"]),
                frozenset(body["cited"]),
                tuple((s, c) for s, c in body["types"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def parse(self, item: GraphInput) -> GraphFacts:
        """Parse the graph's files, write its chunks and facts, and return the facts."""
        store = load_store(list(item.sources))
        facts = _facts_of(store)
        write_bytes(self.nquads(item), store.dump(format=ox.RdfFormat.N_QUADS))
        write_bytes(self.trig(item), store.dump(format=ox.RdfFormat.TRIG))
        body = {
            "triples": facts.triples,
            "described": sorted(facts.described),
            "cited": sorted(facts.cited),
            "types": [list(t) for t in facts.types],
        }
        write_bytes(self._facts_file(item), json.dumps(body, ensure_ascii=False).encode("utf-8"))
        return facts

    def joined_nquads(self, items: list[GraphInput], more: Sequence[Path] = ()) -> io.BufferedReader:
        """The graphs' N-Quads chunks (and ``more`` files) as one stream, to bulk-load a new store
        without a joined copy on disk."""
        return io.BufferedReader(_Joined([self.nquads(item) for item in items] + list(more)), 1 << 20)

    def keep_only(self, digests: set[str]) -> None:
        """Delete the chunks of graphs that are no longer in the store."""
        for path in self.folder.glob("*.*"):  # <digest>.nq, .trig, .json, .answers.json
            if path.suffix in (".nq", ".trig", ".json") and path.name.partition(".")[0] not in digests:
                path.unlink(missing_ok=True)


class _Joined(io.RawIOBase):
    """Files read one after the other as one stream."""

    def __init__(self, parts: list[Path]) -> None:
        self._parts = iter(parts)
        self._current: io.BufferedReader | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while True:
            if self._current is None:
                path = next(self._parts, None)
                if path is None:
                    return 0
                self._current = path.open("rb")
            count = self._current.readinto(buffer)
            if count:
                return count
            self._current.close()
            self._current = None

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
        super().close()
