"""Answer questions from the built graph with pyoxigraph, without importing rdflib.

``gradkg build`` writes the on-disk store ``build/store`` (gradkg.store); opening it read-only
instead of re-parsing the N-Quads is what keeps a cold ``gradkg query`` fast whatever the data's
size (DESIGN.md §7).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from gradkg.answers import AnswerFiles, answers_folder
from gradkg.errors import GradkgError
from gradkg.project import NQUADS_FILE, Project
from gradkg.store import STORE_DIR, open_read_only

Row = dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]


class Engine(Protocol):
    """What answers a query: the local store, or a remote SPARQL endpoint (gradkg.remote)."""

    def solutions(self, text: str) -> ox.QuerySolutions: ...

    def rows(self, text: str) -> list[Row]: ...


def rows_of(solutions: ox.QuerySolutions) -> list[Row]:
    """All solutions as dictionaries keyed by variable name (unbound variables left out)."""
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


# Up to this size of build/gradkg.nq (two or three programmes), parsing it into memory (about 16 ms
# a megabyte here) is quicker than opening the on-disk store (40 ms) and far quicker per lookup.
MEMORY_LOAD_BYTES = 4 * 1024 * 1024


class LocalEngine:
    """The built graph; the default graph is the union of all graphs.

    A small build is parsed from its N-Quads dump into memory; a graduate school's is queried in the
    on-disk store, opened read-only, which costs the same few milliseconds at any size but more per
    lookup than memory (heavy questions ran 2-7× slower there), so its answers are kept per store
    generation (gradkg.answers) and a question asked again is read back. Either way an answer the
    build kept (gradkg.build.kept) is read back first, and the graph is loaded or opened only for a
    question no answer was kept for.
    """

    def __init__(self, store_path: Path) -> None:
        dump = store_path.parent / NQUADS_FILE
        small = store_path.is_dir() and dump.is_file() and dump.stat().st_size <= MEMORY_LOAD_BYTES
        self._path, self._dump = store_path, dump if small else None
        self._store: ox.Store | None = None
        self.answers: AnswerFiles | None = AnswerFiles(answers_folder(store_path.parent, store_path.resolve()))

    @classmethod
    def of(cls, store: ox.Store) -> LocalEngine:
        """An engine over a store already loaded (the server's)."""
        engine = cls.__new__(cls)
        engine._path, engine._dump, engine._store, engine.answers = None, None, store, None
        return engine

    @property
    def store(self) -> ox.Store:
        """The graph: the dump parsed into memory, or the on-disk store opened read-only, at first use."""
        if self._store is None:
            if self._dump is not None:
                self._store = ox.Store()
                self._store.bulk_load(path=str(self._dump), format=ox.RdfFormat.N_QUADS)
            else:
                opened = open_read_only(self._path)
                self._store = opened.store
                self.answers = AnswerFiles(answers_folder(self._path.parent, opened.generation))
        return self._store

    def solutions(self, text: str) -> ox.QuerySolutions:
        """Run a SELECT query; a malformed query is reported, never raised raw."""
        try:
            kept = self.answers.read(text) if self.answers is not None else None
            if kept is not None:
                result = kept
            elif self._dump is not None or self.answers is None:  # in memory: evaluated, not kept
                result = self.store.query(text, use_default_graph_as_union=True)
            else:
                store = self.store  # opened first: the generation it holds decides where answers go
                result = self.answers.answer(store, text)
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


def staleness(project: Project, store_path: Path) -> Callable[[], bool]:
    """:func:`is_stale` worked out in a thread while the question is answered; call the result for it.

    At 100 programmes the check stats 3,000 files (0.02 s of every query); the store's evaluation
    releases the GIL, so the two overlap on a second core.
    """
    found: list[bool] = []
    worker = threading.Thread(target=lambda: found.append(is_stale(project, store_path)), daemon=True)
    worker.start()

    def result() -> bool:
        worker.join()
        return bool(found and found[0])

    return result


def is_stale(project: Project, store_path: Path) -> bool:
    """True when a data, ontology or shapes file changed after the store was built (its link was swapped)."""
    built = store_path.lstat().st_mtime
    return any(_changed_after(str(folder), built) for folder in (project.data, project.root / "ontology"))


def _changed_after(folder: str, moment: float) -> bool:
    """Whether a ``.ttl`` under ``folder`` changed after ``moment`` (os.scandir: a tenth of pathlib's time
    over a graduate school's 2,000 files, which every cold query pays)."""
    todo = [folder]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                elif entry.name.endswith(".ttl") and entry.stat().st_mtime > moment:
                    return True
    return False
