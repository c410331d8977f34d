"""Answer questions from the built graph with pyoxigraph, without importing rdflib.

``gradkg build`` writes the on-disk store ``build/store`` (gradkg.store); opening it read-only
instead of re-parsing the N-Quads is what keeps a cold ``gradkg query`` fast whatever the data's
size (DESIGN.md §7).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from gradkg.errors import GradkgError
from gradkg.project import Project
from gradkg.store import STORE_DIR, in_memory, open_read_only

Row = dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]


class Engine(Protocol):
    """What answers a query: the local store, or a remote SPARQL endpoint (gradkg.remote)."""

    def solutions(self, text: str) -> ox.QuerySolutions: ...

    def rows(self, text: str) -> list[Row]: ...


def rows_of(solutions: ox.QuerySolutions) -> list[Row]:
    """All solutions as dictionaries keyed by variable name (unbound variables left out)."""
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


# Below this many bytes of the store's files, a copy in memory answers faster than the disk does.
MEMORY_COPY_BYTES = 64 * 1024 * 1024


def store_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


class LocalEngine:
    """The built store, opened read-only; the default graph is the union of all graphs.

    Opening the on-disk store costs milliseconds at any size, but each lookup costs more than in
    memory (heavy questions ran 2-7× slower). A store of one or a few programmes is copied into
    memory (tens of milliseconds); a graduate school's is queried where it lies.
    """

    def __init__(self, store_path: Path) -> None:
        opened = open_read_only(store_path)
        small = store_bytes(opened.generation) <= MEMORY_COPY_BYTES
        self.store = in_memory(opened.store) if small else opened.store

    @classmethod
    def of(cls, store: ox.Store) -> LocalEngine:
        """An engine over a store already loaded (the server's)."""
        engine = cls.__new__(cls)
        engine.store = store
        return engine

    def solutions(self, text: str) -> ox.QuerySolutions:
        """Run a SELECT query; a malformed query is reported, never raised raw."""
        try:
            result = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise GradkgError(f"the query does not parse: {error}") from None
        if not isinstance(result, ox.QuerySolutions):
            raise GradkgError("only SELECT queries can be run as named queries")
        return result

    def rows(self, text: str) -> list[Row]:
        return rows_of(self.solutions(text))


def built_store(project: Project, build_dir: Path | None) -> Path:
    """The store `gradkg build` wrote (its link), or an error that says to build first."""
    path = (build_dir or project.root / "build") / STORE_DIR
    if not path.is_dir():
        raise GradkgError(f"no built graph at {path}: run `gradkg build` first")
    return path


def is_stale(project: Project, store_path: Path) -> bool:
    """True when a data, ontology or shapes file changed after the store was built (its link was swapped)."""
    built = store_path.lstat().st_mtime
    folders = (project.data, project.root / "ontology")
    return any(p.stat().st_mtime > built for folder in folders for p in folder.rglob("*.ttl"))
