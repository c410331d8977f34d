"""Answers from the on-disk store kept as files, one folder per store generation.

A generation never changes once built (gradkg.store), so a question asked again in a new process
can be read back instead of evaluated: the cross-programme questions take a second or more over a
graduate school's store and milliseconds from here. The folder is ``build/cache/answers/<generation>/``
and goes when its generation goes. Only SELECT answers of queries without a volatile function or a
SERVICE call are kept (the scanner's reading, as in the server's cache); a folder that cannot be
written (a read-only build) just keeps nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pyoxigraph as ox

from gradkg.atomic import write_bytes
from gradkg.sparql_scan import scan

ANSWERS_DIR = Path("cache") / "answers"
_FORMAT = ox.QueryResultsFormat.JSON


def answers_folder(build_dir: Path, generation: Path) -> Path:
    return build_dir / ANSWERS_DIR / generation.name


class AnswerFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, text: str) -> Path:
        return self.folder / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}.srj"

    def keep(self, text: str, results_json: bytes) -> None:
        """Keep an answer to ``text`` known without asking (SPARQL JSON results), as if it had been asked."""
        with contextlib.suppress(OSError):
            write_bytes(self._file(text), results_json)

    def read(self, text: str) -> ox.QuerySolutions | None:
        """The answer kept for ``text``; None when there is none (not kept yet, damaged, or volatile)."""
        return None if scan(text).volatile else self._kept(self._file(text))

    @staticmethod
    def _kept(path: Path) -> ox.QuerySolutions | None:
        try:
            return ox.parse_query_results(path.read_bytes(), format=_FORMAT)
        except (OSError, SyntaxError, ValueError):
            return None  # not kept yet, or damaged: evaluate again

    def answer(self, store: ox.Store, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """The store's answer to ``text``, read back when it was kept, and kept when it can be."""
        if scan(text).volatile:
            return store.query(text, use_default_graph_as_union=True)
        path = self._file(text)
        kept = self._kept(path)
        if kept is not None:
            return kept
        result = store.query(text, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            return result
        body = result.serialize(format=_FORMAT)
        with contextlib.suppress(OSError):  # nowhere to keep it: the answer is still right
            write_bytes(path, body)
        return ox.parse_query_results(body, format=_FORMAT)
