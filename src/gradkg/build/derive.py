"""The derived graphs (queries/derive/FOLDER/*.rq): schema.org beside gk:, and labels for what has none.

Each folder's CONSTRUCT queries are run per programme, over that programme's graphs with the
reference data, the ontology and the types of what they cite elsewhere (the context validation
uses), the way validation runs per edition. What the reference data and the ontology alone give
goes to ``…/id/FOLDER/graph``; what a programme adds to ``…/id/PROGRAMME/FOLDER/graph``. So a build
after changing one edition derives one programme again, whatever the number of programmes: its
chunks are cached under a key over everything they depend on (``derive_into``). The union of the
graphs is what the queries give over the union of all data (tests/test_derive_units.py).

They are kept apart from the editions' graphs because they are derived from what the reports
state, not stated by them (queries/derive/README.md says so for users, and how to change the mapping).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from gradkg import __version__
from gradkg.atomic import write_bytes
from gradkg.build.per_programme import unit_answers
from gradkg.errors import GradkgError
from gradkg.inputs import GraphCache, Graphs
from gradkg.project import BASE, ONTOLOGY_GRAPH, REFERENCE_GRAPH, Project, edition_graph, programme_graph
from gradkg.querylib import NamedQuery, parse_query_file
from gradkg.validation.units import cited_types

_NQ = ox.RdfFormat.N_QUADS
SHARED = ""  # the unit of the reference data and the ontology, whose graphs carry no programme


def derived_graph(folder: str, programme: str = SHARED) -> str:
    """The graph of one derivation folder: the shared one, or a programme's."""
    return f"{BASE}{programme}/{folder}/graph" if programme else f"{BASE}{folder}/graph"


def derive_folders(project: Project) -> list[Path]:
    root = project.queries / "derive"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def derive(project: Project, store: ox.Store) -> dict[str, int]:
    """Add each derived graph to ``store`` (the shared graph names); the number of triples each one holds."""
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
class DeriveUnit:
    """One derivation run: a programme (or SHARED), the chunks of its graphs, its context, its key."""

    programme: str
    chunks: tuple[Path, ...]
    context: str
    key: str


def _queries_digest(project: Project, questions: list[NamedQuery]) -> str:
    """Of the derivations and of the questions each programme's unit answers (gradkg.build.per_programme)."""
    digest = hashlib.sha256(f"gradkg {__version__}\0".encode())
    paths = [p for folder in derive_folders(project) for p in sorted(folder.glob("*.rq"))]
    for path in paths + [q.path for q in questions]:
        data = path.read_bytes()
        digest.update(f"{path.parent.name}/{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def derive_units(project: Project, graphs: Graphs, cache: GraphCache, questions: list[NamedQuery]) -> list[DeriveUnit]:
    """The shared unit, then one per programme in the build; keys from digests, without opening anything."""
    common = [n for n in (REFERENCE_GRAPH, ONTOLOGY_GRAPH) if n in graphs.inputs]

    def unit(programme: str, names: list[str], base: str) -> DeriveUnit:
        context = cited_types(graphs, names) if programme else ""
        digest = hashlib.sha256(base.encode())
        for name in names:
            digest.update(f"{name}\0{graphs.inputs[name].digest}\0".encode())
        digest.update(context.encode())
        chunks = tuple(cache.nquads(graphs.inputs[name]) for name in names)
        return DeriveUnit(programme, chunks, context, digest.hexdigest())

    shared = unit(SHARED, common, _queries_digest(project, questions))
    units = [shared]
    for programme in sorted(p for p in project.programmes() if programme_graph(p) in graphs.inputs):
        editions = [edition_graph(programme, e) for e in project.editions(programme)]
        own = [programme_graph(programme), *(g for g in editions if g in graphs.inputs)]
        units.append(unit(programme, common + own, shared.key))
    return units


def _derive_one(unit: DeriveUnit, root: Path, questions: list[NamedQuery]) -> tuple[bytes, dict[str, dict]]:
    """The derived quads of one unit, in the shared graph names, as N-Quads, and a programme's answers
    to the questions kept per programme (run in a worker)."""
    store = ox.Store()
    for chunk in unit.chunks:
        store.load(path=str(chunk), format=ox.RdfFormat.N_QUADS)
    store.load(unit.context.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    project = Project(root)
    derive(project, store)
    quads = [
        quad
        for folder in derive_folders(project)
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(derived_graph(folder.name)))
    ]
    answers = unit_answers(store, questions) if unit.programme else {}
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS), answers


def _derive_and_save(
    unit: DeriveUnit, root: Path, folder: Path, shared: Path | None, questions: list[NamedQuery]
) -> dict[str, int]:
    """Derive one unit and write its chunks, less what the shared unit (its chunk ``shared``) derives."""
    found, answers = _derive_one(unit, root, questions)
    common = set()
    if shared is not None:
        common = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(shared), format=_NQ)}
    return DerivedCache(GraphCache(folder)).save(unit, found, common, answers)


def _run(
    todo: list[DeriveUnit], root: Path, folder: Path, shared: Path | None, questions: list[NamedQuery]
) -> list[dict[str, int]]:
    """Each unit derived and saved, in a pool as wide as the machine when there is more than one."""
    if len(todo) <= 1:  # a pool's start-up would cost more than it saves
        return [_derive_and_save(u, root, folder, shared, questions) for u in todo]
    with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, len(todo))) as pool:
        return list(
            pool.map(partial(_derive_and_save, root=root, folder=folder, shared=shared, questions=questions), todo)
        )


class DerivedCache:
    """``<key>.{nq,trig,json}`` in the graph cache: a unit's derived quads in its own graphs, and their
    counts; ``<key>.answers.json``: its answers to the questions kept per programme."""

    def __init__(self, cache: GraphCache) -> None:
        self.folder = cache.folder

    def nquads(self, key: str) -> Path:
        return self.folder / f"{key}.nq"

    def trig(self, key: str) -> Path:
        return self.folder / f"{key}.trig"

    def answers_file(self, key: str) -> Path:
        return self.folder / f"{key}.answers.json"

    def answers(self, key: str) -> dict[str, dict]:
        """The unit's answers by question; empty when unreadable (the questions are then left to the store)."""
        try:
            found = json.loads(self.answers_file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def counts(self, key: str) -> dict[str, int] | None:
        """The unit's triples per folder; None when any of its files is missing or unreadable."""
        if not all(p.is_file() for p in (self.nquads(key), self.trig(key), self.answers_file(key))):
            return None
        try:
            body = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return {str(folder): int(n) for folder, n in body.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return None

    def save(self, unit: DeriveUnit, found: bytes, shared: set[ox.Triple], answers: dict[str, dict]) -> dict[str, int]:
        """Write a unit's quads under its own graph names, less what the shared unit derives, and its answers."""
        quads, counts = [], {}
        for quad in ox.parse(found, format=ox.RdfFormat.N_QUADS):
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            if unit.programme and triple in shared:
                continue
            folder = quad.graph_name.value.removeprefix(BASE).removesuffix("/graph")
            quads.append(ox.Quad(*triple, ox.NamedNode(derived_graph(folder, unit.programme))))
            counts[folder] = counts.get(folder, 0) + 1
        write_bytes(self.nquads(unit.key), ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        write_bytes(self.trig(unit.key), ox.serialize(quads, format=ox.RdfFormat.TRIG))
        write_bytes(self.answers_file(unit.key), json.dumps(answers, ensure_ascii=False).encode("utf-8"))
        write_bytes(self.folder / f"{unit.key}.json", json.dumps(counts, sort_keys=True).encode("utf-8"))
        return counts


@dataclass(frozen=True)
class Derived:
    """The derived graphs of a build: each unit's key and triples per folder, and how many were (re)placed."""

    units: dict[str, tuple[str, dict[str, int]]]  # programme (SHARED: "") → (key, folder → triples)
    placed: int  # units whose graphs were loaded into the store now; the rest were kept from the copy
    removed: int = 0  # programmes of the copied store no longer in the build

    @property
    def triples(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for _, counts in self.units.values():
            for folder, n in counts.items():
                total[folder] = total.get(folder, 0) + n
        return dict(sorted(total.items()))

    def manifest(self) -> dict[str, object]:
        return {"units": {p: {"key": k, "triples": c} for p, (k, c) in sorted(self.units.items())}}

    def how(self) -> str:
        """For the build summary: kept, made again, or made again for some programmes."""

        def programmes(n: int) -> str:
            return f"{n} programme{'' if n == 1 else 's'}"

        if self.placed == len(self.units):
            return "derived graphs made again"
        done = [f"of {programmes(self.placed)} made again"] if self.placed else []
        done += [f"of {programmes(self.removed)} removed"] if self.removed else []
        return f"derived graphs {' and '.join(done)}" if done else "derived graphs kept"

    def keys(self) -> set[str]:
        return {key for key, _ in self.units.values()}

    def nquads(self, cache: GraphCache) -> list[Path]:
        return [DerivedCache(cache).nquads(key) for key, _ in self.units.values()]

    def trig(self, cache: GraphCache) -> list[Path]:
        return [DerivedCache(cache).trig(key) for key, _ in self.units.values()]


def _held(held: dict | None) -> dict[str, tuple[str, list[str]]]:
    """The units the copied store holds: programme → (key, folders); empty when unreadable."""
    try:
        units = (held or {}).get("units") or {}
        return {str(p): (str(u["key"]), [str(f) for f in u["triples"]]) for p, u in units.items()}
    except (AttributeError, KeyError, TypeError):
        return {}


@dataclass(frozen=True)
class Chunks:
    """Every unit of a build with its derived chunks in the cache: made before the store is opened,
    so that the pool forks without it."""

    units: list[DeriveUnit]
    counts: dict[str, dict[str, int]]  # key → folder → triples

    def files(self, cache: GraphCache) -> list[Path]:
        """Every unit's N-Quads chunk, for a store written whole to bulk-load with the stated graphs."""
        return [DerivedCache(cache).nquads(u.key) for u in self.units]

    def answers(self, cache: GraphCache) -> Iterator[dict[str, dict]]:
        """Each programme's answers to the questions kept per programme, read one unit at a time."""
        return (DerivedCache(cache).answers(u.key) for u in self.units if u.programme)


def derive_chunks(project: Project, graphs: Graphs, cache: GraphCache, questions: list[NamedQuery]) -> Chunks:
    """Each unit's chunks: from the cache under its key, else derived now (the programmes in a pool),
    with each programme's answers to ``questions`` (those kept per programme)."""
    chunks = DerivedCache(cache)
    units = derive_units(project, graphs, cache, questions)
    found = {u.key: chunks.counts(u.key) for u in units}
    shared = units[0]
    if found[shared.key] is None:
        found[shared.key] = _run([shared], project.root, cache.folder, None, [])[0]
    todo = [u for u in units[1:] if found[u.key] is None]
    for unit, counts in zip(
        todo, _run(todo, project.root, cache.folder, chunks.nquads(shared.key), questions), strict=True
    ):
        found[unit.key] = counts
    return Chunks(units, {key: counts or {} for key, counts in found.items()})


def place_derived(store: ox.Store, made: Chunks, cache: GraphCache, held: dict | None, loaded: bool = False) -> Derived:
    """The derived graphs in ``store``: a unit the copied store holds under the same key is kept; any
    other's graphs are removed, and the current units' loaded from their chunks. ``loaded``: the
    store was written whole with every current unit's chunk in it (:meth:`Chunks.files`)."""
    if loaded:
        return Derived({u.programme: (u.key, made.counts[u.key]) for u in made.units}, len(made.units))
    before = _held(held)
    current = {u.programme: u.key for u in made.units}
    for programme, (key, folders) in before.items():
        if current.get(programme) != key:
            for folder in folders:
                graph = ox.NamedNode(derived_graph(folder, programme))
                if store.contains_named_graph(graph):
                    store.remove_graph(graph)
    placed = [u for u in made.units if before.get(u.programme, ("",))[0] != u.key]
    for unit in placed:
        store.load(path=str(DerivedCache(cache).nquads(unit.key)), format=ox.RdfFormat.N_QUADS)
    gone = len(set(before) - set(current))
    return Derived({u.programme: (u.key, made.counts[u.key]) for u in made.units}, len(placed), gone)
